// Deciding which declared functions the latest input calls for, and with what arguments.
// A function matches when the input names it (or a distinctive word of its name), or uses two or
// more content words of its description. tool_choice "none" forbids calls; "any" (or
// {allowed_tools} with mode any/validated or no mode) demands at least one.
import type { FunctionTool, GenerationConfig, Tool } from "@/lib/engine/model/types";
import type { Fact } from "./facts";
import { findPlaceGroups } from "./extract";
import { generateValue } from "./generate";
import type { Rng } from "./prng";
import { normaliseSchema, validateValue } from "./schema";

export interface PlannedCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** Why it was chosen, for the thought summary. */
  reason: string;
}

const GENERIC_NAME_WORDS = new Set([
  "get", "set", "fetch", "list", "create", "find", "make", "do", "run", "call", "lookup", "look", "up", "query", "search",
  "update", "delete", "remove", "add", "send", "check", "current", "info", "data", "tool", "function", "by", "for",
  "the", "a", "to", "of", "and", "or", "api", "v1", "v2", "new", "all",
]);

const STOP = new Set([
  "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at", "is", "are", "be", "this",
  "that", "it", "its", "as", "given", "returns", "return", "get", "gets", "use", "used", "using", "when", "user", "users",
  "specified", "provided", "value", "values", "some", "any", "which", "what", "will", "can", "should", "about", "into",
  "based", "current", "information", "data", "function", "tool", "call", "e.g", "eg", "etc", "optional", "required",
]);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !GENERIC_NAME_WORDS.has(w));
}

function stem(w: string): string {
  return w.toLowerCase().replace(/(?:ies)$/, "y").replace(/(?:es|s)$/, "").replace(/(?:ing|ed)$/, "");
}

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3 && !STOP.has(w))
      .map(stem),
  );
}

export function functionTools(tools: Tool[] | undefined): FunctionTool[] {
  return (tools ?? []).filter((t): t is FunctionTool => t.type === "function" && typeof (t as FunctionTool).name === "string" && !!(t as FunctionTool).name);
}

export function scoreTool(tool: FunctionTool, input: string): { score: number; reason: string } {
  const lower = input.toLowerCase();
  const name = tool.name ?? "";
  if (name && lower.includes(name.toLowerCase())) return { score: 10, reason: `the input names ${name}` };
  const inputWords = contentWords(input);
  const nw = nameWords(name).map(stem);
  const nameHits = nw.filter((w) => inputWords.has(w));
  const descHits = [...contentWords(tool.description ?? "")].filter((w) => inputWords.has(w) && !nameHits.includes(w));
  const score = nameHits.length * 3 + descHits.length;
  const reasons = [...nameHits.map((w) => `“${w}”`), ...descHits.map((w) => `“${w}”`)];
  return { score, reason: reasons.length ? `the input mentions ${reasons.join(", ")}` : "no words in common" };
}

type ChoiceMode = "auto" | "any" | "none";

export function toolChoice(config: GenerationConfig | undefined): { mode: ChoiceMode; allowed?: string[] } {
  const tc = config?.tool_choice;
  if (tc === undefined || tc === "auto" || tc === "validated") return { mode: "auto" };
  if (tc === "any") return { mode: "any" };
  if (tc === "none") return { mode: "none" };
  if (typeof tc === "object" && tc && tc.allowed_tools) {
    const mode = String(tc.allowed_tools.mode ?? "any").toLowerCase();
    const allowed = Array.isArray(tc.allowed_tools.tools) ? tc.allowed_tools.tools.map(String) : undefined;
    return { mode: mode === "none" ? "none" : mode === "auto" ? "auto" : "any", allowed };
  }
  return { mode: "auto" };
}

/** Call id: "call_" + a deterministic suffix. */
export function callId(rng: Rng): string {
  let s = "";
  for (let i = 0; i < 12; i++) s += "abcdefghijklmnopqrstuvwxyz0123456789"[rng.int(0, 35)];
  return `call_${s}`;
}

function locationParams(tool: FunctionTool): string[] {
  const props = (normaliseSchema(tool.parameters).properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props)
    .filter(([k, v]) => /city|location|place|town|country|region/i.test(k) && (v.type === "string" || (Array.isArray(v.type) && v.type.includes("string"))))
    .map(([k]) => k);
}

function argsFor(tool: FunctionTool, input: string, facts: Fact[], topic: string, rng: Rng, placeOffset?: number): Record<string, unknown> {
  const schema = tool.parameters ?? { type: "object", properties: {} };
  const { value } = generateValue(schema, { mode: "args", text: input, facts, topic, rng, placeOffset }, "");
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The function calls the latest input calls for. Several tools can match (parallel calls), and one
 * tool with a single city/location parameter is called once per place when the input names several
 * ("weather in Paris and London").
 */
export function planFunctionCalls(opts: {
  tools: Tool[] | undefined;
  config: GenerationConfig | undefined;
  input: string;
  facts: Fact[];
  topic: string;
  rng: Rng;
}): PlannedCall[] {
  const declared = functionTools(opts.tools);
  if (!declared.length) return [];
  const choice = toolChoice(opts.config);
  if (choice.mode === "none") return [];
  const candidates = choice.allowed ? declared.filter((t) => choice.allowed!.includes(t.name!)) : declared;
  if (!candidates.length) return [];
  const scored = candidates.map((tool, order) => ({ tool, order, ...scoreTool(tool, opts.input) }));
  let chosen = scored.filter((s) => s.score >= 2);
  if (!chosen.length && choice.mode === "any") {
    const best = [...scored].sort((a, b) => b.score - a.score || a.order - b.order)[0]!;
    chosen = [{ ...best, reason: `tool_choice requires a call; ${best.tool.name} fits best (${best.reason})` }];
  }
  const calls: PlannedCall[] = [];
  for (const c of chosen.slice(0, 8)) {
    // one call per place when one location parameter meets a list of places ("in Paris and London")
    const groups = findPlaceGroups(opts.input);
    const list = groups.reduce<string[]>((a, g) => (g.length > a.length ? g : a), []);
    const offset = groups.slice(0, groups.indexOf(list)).reduce((n, g) => n + g.length, 0);
    const fanOut = locationParams(c.tool).length === 1 && list.length > 1 ? Math.min(list.length, 4) : 1;
    for (let i = 0; i < fanOut; i++) {
      const args = argsFor(c.tool, opts.input, opts.facts, opts.topic, opts.rng, fanOut > 1 ? offset + i : undefined);
      calls.push({ id: callId(opts.rng), name: c.tool.name!, arguments: args, reason: c.reason });
    }
  }
  return calls;
}

/** Whether args validate against the tool's declared parameters (ajv). */
export function validateArguments(tool: FunctionTool, args: unknown) {
  return validateValue(tool.parameters ?? { type: "object" }, args);
}
