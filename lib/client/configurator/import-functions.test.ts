import { describe, expect, it } from "vitest";
import { functionsFromJson } from "./import-functions";

describe("import functions from a JSON file", () => {
  it("reads tools arrays, single tools and {functions}", () => {
    const r = functionsFromJson(JSON.stringify([{ type: "function", name: "a", parameters: { type: "object" } }, { type: "google_search" }]));
    expect(r.ok && r.value.functions.map((f) => [f.name, f.parametersJson])).toEqual([["a", '{\n  "type": "object"\n}']]);
    expect(r.ok && r.value.skipped).toEqual(["item 1: a google_search tool (turn it on under Built-in tools)"]);
    expect(functionsFromJson('{"name":"b","description":"d"}')).toMatchObject({ ok: true, value: { functions: [{ name: "b", description: "d", parametersJson: "" }] } });
    expect(functionsFromJson('{"functions":[{"name":"c","input_schema":{"type":"object"}}]}')).toMatchObject({ ok: true, value: { functions: [{ name: "c" }] } });
  });
  it("says why nothing was imported", () => {
    expect(functionsFromJson("nope")).toMatchObject({ ok: false, error: expect.stringContaining("not JSON") });
    expect(functionsFromJson("[{}]")).toEqual({ ok: false, error: "No functions in the file (item 0: no name)" });
  });
});
