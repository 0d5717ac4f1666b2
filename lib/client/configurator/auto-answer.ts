// Auto-answer: when a turn ends requires_action and every pending call belongs to a function whose
// mock is fixed or JavaScript, answer them without the user and let the chain go on — up to the
// loop limit of unattended rounds in a row. Pure planning here; the hook lives in use-auto-answer.ts.
import { pendingCalls, type TurnView } from "@/lib/client/turn-model";
import type { Step } from "@/lib/interactions/types";
import type { ConfiguratorDraft, FunctionDraft } from "./types";

export type AutoPlan =
  | { kind: "answer"; calls: { call: Step; fn: FunctionDraft }[]; round: number }
  | { kind: "idle" }
  | { kind: "blocked"; reason: string };

/** Unattended rounds at the end of the transcript: trailing turns whose input is only mocked results. */
export function trailingAutoRounds(turns: TurnView[], mocked: ReadonlySet<string>): number {
  let n = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const input = turns[i]!.inputSteps;
    if (input.length && input.every((s) => s.type === "function_result" && typeof s.call_id === "string" && mocked.has(s.call_id))) n++;
    else break;
  }
  return n;
}

export function planAutoAnswer(turns: TurnView[], d: Pick<ConfiguratorDraft, "functions" | "auto">, mocked: ReadonlySet<string>): AutoPlan {
  if (!d.auto.enabled) return { kind: "idle" };
  const last = turns.at(-1);
  if (!last || last.running || !last.interactionId) return { kind: "idle" };
  const calls = pendingCalls(last);
  if (!calls.length) return { kind: "idle" };
  const out: { call: Step; fn: FunctionDraft }[] = [];
  for (const call of calls) {
    const fn = d.functions.find((f) => f.name.trim() === call.name);
    if (!fn) return { kind: "blocked", reason: `Auto-answer paused: ${call.name} is not a configured function — answer it below.` };
    if (fn.mock.mode === "manual") return { kind: "blocked", reason: `Auto-answer paused: ${call.name} is answered by hand (its mock is manual).` };
    out.push({ call, fn });
  }
  const rounds = trailingAutoRounds(turns, mocked);
  if (rounds >= d.auto.loopLimit) {
    return { kind: "blocked", reason: `Auto-answer stopped after ${rounds} unattended round${rounds === 1 ? "" : "s"} (loop limit ${d.auto.loopLimit}) — answer below or raise the limit.` };
  }
  return { kind: "answer", calls: out, round: rounds + 1 };
}
