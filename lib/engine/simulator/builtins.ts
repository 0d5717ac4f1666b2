// Simulated built-in tool steps (google_search, code_execution): clearly labelled, no network.
// codePair is the fallback for a run without a workspace (the arithmetic evaluator's answer, marked
// simulated); runs with a workspace execute the same Python for real (Emitter.codeExecution).
import type { Step } from "@/lib/interactions/types";
import { formatNumber, type Arithmetic } from "./arithmetic";
import type { Rng } from "./prng";
import { countTokens } from "./tokens";

export interface ToolPair {
  call: Step;
  result: Step;
  /** Tokens of the result (counted as total_tool_use_tokens). */
  resultTokens: number;
  /** Tokens of the call's arguments (counted as output). */
  callTokens: number;
}

export function toolId(prefix: string, rng: Rng): string {
  let s = "";
  for (let i = 0; i < 10; i++) s += "abcdefghijklmnopqrstuvwxyz0123456789"[rng.int(0, 35)];
  return `${prefix}_${s}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function searchPair(query: string, rng: Rng): ToolPair {
  const id = toolId("gs", rng);
  const args = { queries: [query] };
  const html = `<div class="simulated-search" data-simulated="true"><p>Simulated search by the local simulator — no network access, no real results for “${escapeHtml(query)}”.</p></div>`;
  const result = [{ search_suggestions: html }];
  return {
    call: { type: "google_search_call", id, arguments: args },
    result: { type: "google_search_result", call_id: id, result },
    callTokens: countTokens(JSON.stringify(args)),
    resultTokens: countTokens(JSON.stringify(result)),
  };
}

/** Python source that prints the expression (^ written as **); labelled as simulated unless it really runs. */
export function pythonFor(expr: string, simulated = true): string {
  const py = expr.replace(/\^/g, "**").replace(/sqrt\s*\(/g, "math.sqrt(").replace(/sqrt\s+([\d.]+)/g, "math.sqrt($1)");
  const needsMath = py.includes("math.");
  const note = simulated ? "# simulated: evaluated by the local simulator's arithmetic evaluator, not executed\n" : "";
  return `${needsMath ? "import math\n" : ""}${note}print(${py})`;
}

export function codePair(arith: Arithmetic, rng: Rng): ToolPair {
  const id = toolId("ce", rng);
  const args = { language: "python", code: pythonFor(arith.expr) };
  const output = arith.error ? `ZeroDivisionError (simulated): ${arith.error}\n` : `${formatNumber(arith.value)}\n`;
  return {
    call: { type: "code_execution_call", id, arguments: args },
    result: { type: "code_execution_result", call_id: id, result: output, ...(arith.error ? { is_error: true } : {}) },
    callTokens: countTokens(JSON.stringify(args)),
    resultTokens: countTokens(output),
  };
}
