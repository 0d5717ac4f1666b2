import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/interactions/errors";
import { parseCreateBody } from "@/lib/engine/validation";
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
  ["legacy contents", { model: "m", contents: [{ role: "user", parts: [{ text: "hi" }] }] }, "legacy-contents"],
  ["turn list input", { ...base, input: [{ role: "user", parts: [{ text: "hi" }] }] }, "turn-list"],
  ["required: []", { ...base, tools: [{ type: "function", name: "f", parameters: { type: "object", properties: {}, required: [] } }] }, "empty-required"],
  ["nested required: []", { ...base, tools: [{ type: "function", name: "f", parameters: { type: "object", properties: { a: { type: "object", required: [] } } } }] }, "empty-required"],
  ["presence_penalty", { ...base, generation_config: { presence_penalty: 0.5 } }, "unknown-generation-config"],
  ["frequency_penalty", { ...base, generation_config: { frequency_penalty: 0.5 } }, "unknown-generation-config"],
  ["function_result without name", { ...base, input: [{ type: "function_result", call_id: "c1", result: "ok" }] }, "function-result-name"],
  ["function_result extra field", { ...base, input: [{ type: "function_result", call_id: "c1", name: "f", result: "ok", mocked: true }] }, "unknown-field"],
  ["environment_id on input", { ...base, environment_id: "env_1" }, "environment-id-input"],
  ["environment_id on an input step", { ...base, input: [{ type: "user_input", content: [{ type: "text", text: "hi" }], environment_id: "env_1" }] }, "environment-id-input"],
  ["unknown top-level key", { ...base, temperature: 1 }, "unknown-field"],
  ["duplicate function", { ...base, tools: [{ type: "function", name: "f" }, { type: "function", name: "f" }] }, "duplicate-function"],
  ["function tool extra key", { ...base, tools: [{ type: "function", name: "f", strict: true }] }, "unknown-field"],
  ["function without name", { ...base, tools: [{ type: "function" }] }, "function-name"],
  ["model and agent", { ...base, agent: "deep-research-preview-04-2026" }, "model-and-agent"],
  ["neither", { input: "hi" }, "model-or-agent"],
  ["agent with generation_config", { agent: "local-sim-agent", input: "hi", generation_config: { seed: 1 } }, "agent-generation-config"],
  ["background without store", { ...base, background: true, store: false }, "background-store"],
  ["unknown tool type", { ...base, tools: [{ type: "web_browser" }] }, "tool-type"],
  ["bad response_format type", { ...base, response_format: { type: "json" } }, "response-format-type"],
];

describe("request linter: the engine's rules with the engine's messages", () => {
  it.each(cases)("%s", (_name, body, rule) => {
    const errors = lintErrors(lintRequest(body));
    expect(errors.map((e) => e.rule)).toEqual([rule]);
    expect(engineMessage(body)).toBe(errors[0]!.message);
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
