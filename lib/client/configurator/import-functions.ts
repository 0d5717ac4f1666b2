// Functions from a JSON file: a tools[] array, one function tool, {tools: [...]}, {functions: [...]}
// or an OpenAPI import's answer. Built-in tool entries in a tools[] file are reported, not dropped silently.
import type { ParseResult } from "@/lib/client/turn-model";
import type { FunctionDraft } from "./types";
import { DEFAULT_MOCK } from "./types";

export type ImportedFunctionDraft = Omit<FunctionDraft, "id">;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function functionsFromJson(text: string): ParseResult<{ functions: ImportedFunctionDraft[]; skipped: string[] }> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The file is not JSON: ${(e as Error).message}` };
  }
  const list: unknown[] = Array.isArray(v) ? v : isObj(v) && Array.isArray(v.tools) ? v.tools : isObj(v) && Array.isArray(v.functions) ? v.functions : isObj(v) ? [v] : [];
  const functions: ImportedFunctionDraft[] = [];
  const skipped: string[] = [];
  list.forEach((t, i) => {
    if (!isObj(t)) return skipped.push(`item ${i}: not an object`);
    if (t.type !== undefined && t.type !== "function") return skipped.push(`item ${i}: a ${String(t.type)} tool (turn it on under Built-in tools)`);
    if (typeof t.name !== "string" || !t.name.trim()) return skipped.push(`item ${i}: no name`);
    const params = t.parameters ?? t.parameters_json_schema ?? t.input_schema;
    functions.push({
      name: t.name.trim(),
      description: typeof t.description === "string" ? t.description : "",
      parametersJson: params === undefined ? "" : JSON.stringify(params, null, 2),
      mock: { ...DEFAULT_MOCK },
    });
  });
  if (!functions.length) return { ok: false, error: skipped.length ? `No functions in the file (${skipped.join("; ")})` : "No functions in the file" };
  return { ok: true, value: { functions, skipped } };
}
