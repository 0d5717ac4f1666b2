// The suggestion chips on an empty session. On a real model the prompts are open-ended; on the
// embedded engine's simulator they show what it can actually do (recall, arithmetic with length,
// a function call, simulated code execution), and a chip that needs a tool adds it to the run
// settings' Tools box, so every chip gets an answer — never a refusal (suggestions.test.ts runs
// each one on the simulator).
export interface Suggestion {
  prompt: string;
  /** Tools the prompt needs, added to the Tools box when the chip is picked. */
  tools?: Record<string, unknown>[];
  /** Shown under the prompt, e.g. "adds a get_weather function". */
  note?: string;
}

export const WEATHER_TOOL = {
  type: "function",
  name: "get_weather",
  description: "Get the current weather for a city.",
  parameters: { type: "object", properties: { city: { type: "string", description: "City name" } }, required: ["city"] },
};

export const MODEL_SUGGESTIONS: readonly Suggestion[] = [
  { prompt: "Explain the Interactions API in three bullet points." },
  { prompt: "Write a Python function that checks whether a string is a palindrome, with tests." },
  { prompt: "What's the weather in Paris? Use a tool if you have one.", tools: [WEATHER_TOOL], note: "adds a get_weather function" },
];

export const SIMULATOR_SUGGESTIONS: readonly Suggestion[] = [
  { prompt: "My favourite city is Reykjavik. Please remember it." },
  { prompt: "What is 15% of 240? Then write two sentences about the sea." },
  { prompt: "What's the weather in Paris? Use a tool if you have one.", tools: [WEATHER_TOOL], note: "adds a get_weather function" },
  { prompt: "What is 2 to the power of 20? Check it with code execution.", tools: [{ type: "code_execution" }], note: "adds code execution" },
];

export function suggestionsFor(simulated: boolean): readonly Suggestion[] {
  return simulated ? SIMULATOR_SUGGESTIONS : MODEL_SUGGESTIONS;
}

function toolKey(t: unknown): string {
  if (!t || typeof t !== "object") return JSON.stringify(t);
  const o = t as { type?: unknown; name?: unknown };
  return `${String(o.type)}:${o.type === "function" ? String(o.name) : ""}`;
}

/**
 * The Tools box text with `add` merged in (a tool of the same type/name already there is kept).
 * Text that is not a JSON array is left as it is: the user's own edit wins, and the box shows why.
 */
export function withTools(toolsJson: string, add: readonly Record<string, unknown>[] | undefined): string {
  if (!add?.length) return toolsJson;
  let current: unknown;
  try {
    current = toolsJson.trim() ? JSON.parse(toolsJson) : [];
  } catch {
    return toolsJson;
  }
  if (!Array.isArray(current)) return toolsJson;
  const have = new Set(current.map(toolKey));
  const merged = [...current, ...add.filter((t) => !have.has(toolKey(t)))];
  return merged.length === current.length ? toolsJson : JSON.stringify(merged, null, 2);
}
