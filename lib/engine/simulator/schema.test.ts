import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { checkSchemaSupported, validateValue } from "./schema";
import { chat, simulate, user } from "./test-support";

const ajv = new Ajv({ strict: false, validateFormats: false });

describe("checkSchemaSupported", () => {
  it.each([
    [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }],
    [{ type: "array", items: { type: "integer", minimum: 0, maximum: 9 }, minItems: 1, maxItems: 3 }],
    [{ type: "string", enum: ["a", "b"], nullable: true, description: "x" }],
    [{ anyOf: [{ type: "string" }, { type: "null" }] }],
    [{ type: ["number", "null"] }],
    [{ type: "OBJECT", properties: { n: { type: "NUMBER" } } }],
    [{ const: "fixed" }],
    [{ type: "boolean", title: "flag", default: false, "x-vendor": 1 }],
    [{}],
  ])("accepts %j", (schema) => {
    expect(checkSchemaSupported(schema)).toBeNull();
  });

  const deep = (n: number): Record<string, unknown> => (n === 0 ? { type: "string" } : { type: "object", properties: { a: deep(n - 1) } });

  it.each([
    [{ $ref: "#/$defs/x", $defs: { x: { type: "string" } } }, /\$ref/],
    [{ type: "object", patternProperties: { "^a": { type: "string" } } }, /patternProperties/],
    [{ type: "string", pattern: "^a+$" }, /pattern is not supported/],
    [{ oneOf: [{ type: "string" }, { type: "number" }] }, /oneOf/],
    [{ allOf: [{ type: "string" }] }, /allOf/],
    [{ type: "object", properties: {}, required: [] }, /required must not be empty/],
    [{ type: "object", properties: { a: { type: "string" } }, required: ["b"] }, /"b" is not defined/],
    [{ type: "integer", enum: ["a"] }, /enum value "a" does not match/],
    [{ type: "array", minItems: 3, maxItems: 1 }, /minItems is greater than maxItems/],
    [{ type: "object", additionalProperties: { type: "string" } }, /additionalProperties/],
    [{ type: "string", frobnicate: true }, /unknown schema keyword "frobnicate"/],
    [{ type: "date" }, /unsupported type "date"/],
    [{ type: "array", items: [{ type: "string" }] }, /tuple/],
    ["string", /must be a JSON object/],
    [deep(9), /deeper than 8/],
  ])("refuses %j", (schema, reason) => {
    const r = checkSchemaSupported(schema);
    expect(r).toMatch(reason);
  });

  it("names where the problem is", () => {
    expect(checkSchemaSupported({ type: "object", properties: { list: { type: "array", items: { type: "string", pattern: "x" } } } })).toContain("/properties/list/items");
  });

  it("accepts depth 8", () => {
    expect(checkSchemaSupported(deep(8))).toBeNull();
  });
});

describe("structured output", () => {
  const format = (schema: unknown) => ({ type: "text", mime_type: "application/json", schema });
  const history = chat("Hi, my name is Ada, I'm 36 years old and I live in Lisbon.", "Nice to meet you.", "My favourite colour is green.", "Noted.");

  async function json(schema: unknown, input: string, extra: Record<string, unknown> = {}) {
    const r = await simulate({ history, input: [user(input)], response_format: format(schema), ...extra });
    expect(r.result.status).toBe("completed");
    const value = JSON.parse(r.text) as unknown;
    const ok = ajv.validate(schema as object, value);
    if (!ok) console.error(ajv.errorsText(), r.text);
    expect(ok).toBe(true);
    expect(validateValue(schema, value).valid).toBe(true);
    return value as Record<string, unknown>;
  }

  it("fills an object from the conversation", async () => {
    const v = await json(
      {
        type: "object",
        properties: {
          name: { type: "string" },
          age: { type: "integer", minimum: 0 },
          city: { type: "string" },
          favourite_colour: { type: "string" },
          subscribed: { type: "boolean" },
        },
        required: ["name", "age", "city"],
      },
      "Give me my profile as JSON.",
    );
    expect(v).toMatchObject({ name: "Ada", age: 36, city: "Lisbon", favourite_colour: "green" });
  });

  it("honours enums, arrays with bounds, nullable, anyOf, const and nesting", async () => {
    const schema = {
      type: "object",
      properties: {
        sentiment: { type: "string", enum: ["positive", "neutral", "negative"] },
        tags: { type: "array", items: { type: "string" }, minItems: 2, maxItems: 4, uniqueItems: true },
        score: { type: "number", minimum: 0, maximum: 1 },
        note: { type: "string", nullable: true },
        extra: { anyOf: [{ type: "integer" }, { type: "null" }] },
        kind: { const: "review" },
        author: { type: "object", properties: { name: { type: "string" }, verified: { type: "boolean" } }, required: ["name", "verified"] },
        ratings: { type: "array", items: { type: "object", properties: { stars: { type: "integer", minimum: 1, maximum: 5 } }, required: ["stars"] }, minItems: 1 },
      },
      required: ["sentiment", "tags", "score", "kind", "author", "ratings"],
    };
    const v = await json(schema, "Classify this review as negative: the soup was cold.");
    expect(v.sentiment).toBe("negative");
    expect(v.kind).toBe("review");
    expect((v.author as { name: string }).name).toBe("Ada");
  });

  it("returns as many items as the input asks for, within bounds", async () => {
    const three = await json({ type: "array", items: { type: "string" } }, "List three fruits.");
    expect(three).toHaveLength(3);
    const capped = await json({ type: "object", properties: { fruits: { type: "array", items: { type: "string" }, maxItems: 2 } }, required: ["fruits"] }, "List five fruits.");
    expect(capped.fruits).toHaveLength(2);
    const listed = await json({ type: "object", properties: { items: { type: "array", items: { type: "string" } } } }, "Put these in a list: eggs, milk and bread.");
    expect(listed.items).toEqual(["eggs", "milk", "bread"]);
  });

  it("puts the computed answer and the prose answer where they fit", async () => {
    const v = await json(
      { type: "object", properties: { answer: { type: "string" }, result: { type: "number" } }, required: ["answer", "result"] },
      "What is 6 * 7?",
    );
    expect(v.result).toBe(42);
    expect(v.answer).toContain("42");
    const root = await simulate({ input: [user("what is 2 + 3?")], response_format: format({ type: "integer" }) });
    expect(JSON.parse(root.text)).toBe(5);
  });

  it("finds the JSON format in an array of formats, and defaults to {answer} without a schema", async () => {
    const r = await simulate({
      history,
      input: [user("What is my name?")],
      response_format: [{ type: "audio" }, format({ type: "object", properties: { name: { type: "string" } }, required: ["name"] })],
    });
    expect(JSON.parse(r.text)).toEqual({ name: "Ada" });
    const plain = await simulate({ history, input: [user("What is my name?")], response_format: { type: "text", mime_type: "application/json" } });
    expect(JSON.parse(plain.text).answer).toContain("Ada");
  });

  it("never applies system-instruction styling to JSON", async () => {
    const v = await json({ type: "object", properties: { name: { type: "string" } }, required: ["name"] }, "Name?", { system_instruction: "You are a pirate. Answer in uppercase." });
    expect(v.name).toBe("Ada");
  });

  it("streams JSON in character fragments that join to the document", async () => {
    const r = await simulate({ history, input: [user("profile")], response_format: format({ type: "object", properties: { name: { type: "string" }, city: { type: "string" } } }) });
    const deltas = r.events.filter((e) => e.event_type === "step.delta").map((e) => (e.event_type === "step.delta" ? String(e.delta.text) : ""));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(r.text);
  });
});
