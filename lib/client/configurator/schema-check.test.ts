import { describe, expect, it } from "vitest";
import { checkFunctionParameters, checkResponseSchema, hasBlockingProblem } from "./schema-check";

describe("schema validation, two levels", () => {
  it("a good schema passes both", () => {
    const c = checkFunctionParameters('{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}');
    expect(c).toMatchObject({ parseError: null, schemaErrors: [], service: [] });
    expect(hasBlockingProblem(c)).toBe(false);
  });

  it("level 1: not JSON, not an object, not valid JSON Schema", () => {
    expect(checkFunctionParameters("{").parseError).toMatch(/^Not valid JSON/);
    expect(checkFunctionParameters("[1]").parseError).toMatch(/must be an object/);
    const wrongType = checkFunctionParameters('{"type":"strnig"}');
    expect(wrongType.schemaErrors[0]).toEqual({ path: "/type", message: expect.stringContaining("must be equal to one of the allowed values") });
    const badRequired = checkFunctionParameters('{"type":"object","required":"city"}');
    expect(badRequired.schemaErrors[0]).toEqual({ path: "/required", message: "must be array" });
    expect(hasBlockingProblem(wrongType)).toBe(true);
  });

  it("level 2: valid JSON Schema the service still refuses, with its message", () => {
    const c = checkFunctionParameters('{"type":"object","properties":{},"required":[]}');
    expect(c.schemaErrors).toEqual([]);
    expect(c.service).toEqual([
      {
        level: "error",
        rule: "empty_required",
        path: "tools[0].parameters.required",
        message: `Invalid value at 'tools[0].parameters.required': an empty "required" list is not allowed; omit the field instead.`,
      },
    ]);
    expect(hasBlockingProblem(c)).toBe(true);
  });

  it("warnings do not block", () => {
    const c = checkFunctionParameters('{"type":"object","properties":{"s":{"type":"string","maxLength":3}}}');
    expect(c.service.map((f) => f.level)).toEqual(["warning"]);
    expect(hasBlockingProblem(c)).toBe(false);
  });

  it("response schemas get the same two levels", () => {
    expect(checkResponseSchema('{"type":"object","properties":{"a":{"type":"integer"}}}')).toMatchObject({ schemaErrors: [], service: [] });
    expect(checkResponseSchema('{"type":"obj"}').schemaErrors[0]?.path).toBe("/type");
  });
});
