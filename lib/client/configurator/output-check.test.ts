import { describe, expect, it } from "vitest";
import { diffJson, stableJson } from "./diff";
import { checkOutput, jsonPath, outputText, requestedSchema } from "./output-check";

const schema = { type: "object", properties: { name: { type: "string" }, tags: { type: "array", items: { type: "integer" } } }, required: ["name"], additionalProperties: false };

describe("output vs response_format schema", () => {
  it("valid / first error with its JSON path / not JSON", async () => {
    expect(await checkOutput(schema, '{"name":"Ada","tags":[1,2]}')).toEqual({ state: "valid" });
    expect(await checkOutput(schema, '{"name":"Ada","tags":[1,"x"]}')).toEqual({ state: "invalid", path: "$.tags[1]", message: "must be integer" });
    expect(await checkOutput(schema, '{"tags":[]}')).toEqual({ state: "invalid", path: "$", message: 'must have required property "name"' });
    expect(await checkOutput(schema, '{"name":"A","x":1}')).toEqual({ state: "invalid", path: "$", message: 'must NOT have additional properties ("x")' });
    expect(await checkOutput(schema, "Sure! Here it is")).toMatchObject({ state: "not-json" });
    expect(await checkOutput(null, "anything")).toEqual({ state: "none" });
  });

  it("reads the schema and the output text from a turn", () => {
    expect(requestedSchema({ response_format: { type: "text", mime_type: "application/json", schema } })).toBe(schema);
    expect(requestedSchema({ response_format: [{ type: "image" }, { type: "text", schema }] })).toBe(schema);
    expect(requestedSchema({})).toBeNull();
    expect(outputText([{ type: "thought" }, { type: "model_output", content: [{ type: "text", text: '{"a"' }, { type: "text", text: ":1}" }] }])).toBe('{"a":1}');
    expect(jsonPath("/a b/0/c~1d")).toBe('$["a b"][0]["c/d"]');
  });
});

describe("preset diff", () => {
  it("diffs pretty JSON with sorted keys", () => {
    expect(stableJson({ b: 1, a: { d: 1, c: 2 } })).toBe(stableJson({ a: { c: 2, d: 1 }, b: 1 }));
    const d = diffJson({ a: 1, b: [1, 2] }, { a: 2, b: [1, 2] });
    expect(d.added).toBe(1);
    expect(d.removed).toBe(1);
    expect(d.lines.filter((l) => l.kind !== "same")).toEqual([
      { kind: "remove", text: '  "a": 1,' },
      { kind: "add", text: '  "a": 2,' },
    ]);
  });
});
