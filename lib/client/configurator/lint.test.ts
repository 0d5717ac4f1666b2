import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/interactions/errors";
import { parseCreateBody } from "@/lib/contract/request-rules";
import { lintErrors, lintRequest } from "./lint";

const base = { model: "gemini-3.5-flash", input: "hi" };

/** What the engine answers for a body (its message), or null when it accepts it. */
function engineMessage(body: unknown): string | null {
  try {
    parseCreateBody(body);
    return null;
  } catch (e) {
    if (e instanceof ApiError) return e.message;
    throw e;
  }
}

// Each case: a body with exactly one problem. The linter's error must be the engine's message, word for word.
const cases: [string, Record<string, unknown>, string][] = [
  ["legacy contents", { model: "m", contents: [{ role: "user", parts: [{ text: "hi" }] }] }, "legacy_contents"],
  ["turn list input", { ...base, input: [{ role: "user", parts: [{ text: "hi" }] }] }, "turn_list"],
  ["required: []", { ...base, tools: [{ type: "function", name: "f", parameters: { type: "object", properties: {}, required: [] } }] }, "empty_required"],
  ["nested required: []", { ...base, tools: [{ type: "function", name: "f", parameters: { type: "object", properties: { a: { type: "object", required: [] } } } }] }, "empty_required"],
  ["presence_penalty", { ...base, generation_config: { presence_penalty: 0.5 } }, "unknown_field"],
  ["frequency_penalty", { ...base, generation_config: { frequency_penalty: 0.5 } }, "unknown_field"],
  ["function_result without name", { ...base, input: [{ type: "function_result", call_id: "c1", result: "ok" }] }, "invalid_value"],
  ["function_result extra field", { ...base, input: [{ type: "function_result", call_id: "c1", name: "f", result: "ok", mocked: true }] }, "unknown_field"],
  ["environment_id on input", { ...base, environment_id: "env_1" }, "unknown_field"],
  ["environment_id on an input step", { ...base, input: [{ type: "user_input", content: [{ type: "text", text: "hi" }], environment_id: "env_1" }] }, "unknown_field"],
  ["unknown top-level key", { ...base, temperature: 1 }, "unknown_field"],
  ["duplicate function", { ...base, tools: [{ type: "function", name: "f" }, { type: "function", name: "f" }] }, "duplicate_function"],
  ["function tool extra key", { ...base, tools: [{ type: "function", name: "f", strict: true }] }, "unknown_field"],
  ["function without name", { ...base, tools: [{ type: "function" }] }, "invalid_value"],
  ["model and agent", { ...base, agent: "deep-research-preview-04-2026" }, "model_and_agent"],
  ["neither", { input: "hi" }, "missing_target"],
  ["agent with generation_config", { agent: "local-sim-agent", input: "hi", generation_config: { seed: 1 } }, "agent_generation_config"],
  ["background without store", { ...base, background: true, store: false }, "background_needs_store"],
  ["unknown tool type", { ...base, tools: [{ type: "web_browser" }] }, "invalid_value"],
  ["bad response_format type", { ...base, response_format: { type: "json" } }, "invalid_value"],
];

describe("request linter: the shared rules table, with the engine's messages", () => {
  it.each(cases)("%s", (_name, body, rule) => {
    const errors = lintErrors(lintRequest(body));
    expect(errors.map((e) => e.rule)).toEqual([rule]);
    // What the engine answers with is this message (zod-stage messages follow a lead such as "Invalid JSON payload received.").
    expect(engineMessage(body)).toContain(errors[0]!.message.replace(/ \(environment_id is output-only.*$/, ""));
  });

  it("the live service's and the engine's exact texts for the issue's rules", () => {
    const msg = (body: unknown) => lintErrors(lintRequest(body)).map((e) => e.message);
    expect(msg({ ...base, tools: [{ type: "function", name: "f", parameters: { type: "object", required: [] } }] })).toEqual([
      `Invalid value at 'tools[0].parameters.required': an empty "required" list is not allowed; omit the field instead.`,
    ]);
    expect(msg({ ...base, generation_config: { presence_penalty: 1 } })).toEqual([`Unknown name "presence_penalty" at 'generation_config': Cannot find field.`]);
    expect(msg({ ...base, input: [{ type: "function_result", call_id: "c", result: "r" }] })).toEqual([`Invalid value at 'input[0].name': expected string, received undefined.`]);
    expect(msg({ ...base, environment_id: "e" })).toEqual([
      `Unknown name "environment_id": Cannot find field. (environment_id is output-only; send "environment" with that id to reuse an environment)`,
    ]);
    expect(msg({ model: "m", contents: [] })[0]).toContain(`Unknown name "contents": this is the generateContent schema`);
  });

  it("quotes the live service's text for turn lists (§12 E13)", () => {
    const [f] = lintRequest({ ...base, input: [{ role: "user", parts: [] }] });
    expect(f!.message).toContain("use step_list input format instead of turn_list");
  });

  it("accepts what the engine accepts", () => {
    const ok = [
      base,
      { ...base, tools: [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }, { type: "google_search", search_types: ["web_search"] }] },
      { ...base, generation_config: { top_k: 3, seed: 2 } },
      { ...base, input: [{ type: "function_result", call_id: "c", name: "f", result: { a: 1 } }], previous_interaction_id: "x" },
    ];
    for (const body of ok) {
      expect(lintErrors(lintRequest(body))).toEqual([]);
      expect(engineMessage(body)).toBeNull();
    }
  });

  it("warns about tools and system instruction dropped on a chained turn", () => {
    const prev = { ...base, tools: [{ type: "code_execution" }], system_instruction: "Be brief." };
    const f = lintRequest({ ...base, previous_interaction_id: "v1_x" }, { previousRequest: prev });
    expect(f.map((x) => [x.level, x.rule])).toEqual([
      ["warning", "tools-dropped"],
      ["warning", "system-instruction-dropped"],
    ]);
    expect(lintRequest({ ...prev, previous_interaction_id: "v1_x" }, { previousRequest: prev })).toEqual([]);
  });

  it("warns about schema keywords the service ignores", () => {
    const f = lintRequest({ ...base, tools: [{ type: "function", name: "f", parameters: { type: "object", properties: { maxLength: { type: "string", minLength: 2 } } } }] });
    expect(f).toEqual([{ level: "warning", rule: "ignored-keyword", path: "tools[0].parameters.properties.maxLength.minLength", message: expect.stringContaining('"minLength" is accepted but not enforced') }]);
  });
});
