import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/interactions/errors";
import { lintRequest, parseCreateBody, RULES } from "./request-rules";

describe("request rules (shared by engine, configurator linter, error explainer)", () => {
  it("a valid body lints clean", () => {
    expect(lintRequest({ model: "gemini-3-flash-preview", input: "hi" })).toEqual([]);
  });

  it("reports each broken rule with path, code and the engine's message", () => {
    const emptyRequired = {
      model: "m",
      input: "hi",
      tools: [{ type: "function", name: "f", parameters: { type: "object", properties: {}, required: [] } }],
    };
    expect(lintRequest(emptyRequired)).toEqual([
      {
        path: "tools[0].parameters.required",
        code: "empty_required",
        message: `Invalid value at 'tools[0].parameters.required': an empty "required" list is not allowed; omit the field instead.`,
      },
    ]);
    expect(lintRequest({ model: "m", contents: [] })[0]?.code).toBe("legacy_contents");
    expect(lintRequest({ model: "m", input: [{ role: "user", parts: [] }] })[0]?.code).toBe("turn_list");
    const unknown = lintRequest({ model: "m", input: "hi", generation_config: { temprature: 1, candidate_count: 2 } });
    expect(unknown.map((i) => [i.code, i.path])).toEqual([
      ["unknown_field", "generation_config"],
    ]);
    expect(unknown[0]?.message).toContain('Unknown name "temprature"');
    for (const issue of [...unknown, ...lintRequest({ model: "m", agent: "a", input: "x" })]) expect(RULES[issue.code]).toBeTypeOf("string");
  });

  it("parseCreateBody throws the same violation as an invalid_request ApiError", () => {
    try {
      parseCreateBody({ model: "m", input: "hi", background: true, store: false });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe("invalid_request");
      expect((e as ApiError).message).toContain("background=true requires store=true");
    }
  });
});
