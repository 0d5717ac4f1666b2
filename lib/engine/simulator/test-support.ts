// Helpers shared by the simulator and agent tests.
import type { ModelRequest } from "@/lib/engine/model/types";
import { foldEvents, toInteraction } from "@/lib/interactions/fold";
import type { InteractionEvent, Step } from "@/lib/interactions/types";
import { collectRun } from "./collect";
import { runSimulator } from "./simulator";

export const user = (text: string): Step => ({ type: "user_input", content: [{ type: "text", text }] });
export const model = (text: string): Step => ({ type: "model_output", content: [{ type: "text", text }] });

/** A conversation: alternating user / model texts, as the engine would load it. */
export function chat(...turns: string[]): Step[] {
  return turns.map((t, i) => (i % 2 === 0 ? user(t) : model(t)));
}

export function request(over: Partial<ModelRequest>): ModelRequest {
  return { model: "local-sim", kind: "model", history: [], input: [], paceMs: 0, ...over };
}

export async function simulate(over: Partial<ModelRequest>, signal = new AbortController().signal) {
  const { events, result } = await collectRun(runSimulator(request(over), signal));
  const steps = toInteraction(foldEvents(events as InteractionEvent[])).steps;
  const text = steps
    .filter((s) => s.type === "model_output")
    .flatMap((s) => s.content ?? [])
    .map((c) => c.text ?? "")
    .join("");
  return { events, result, steps, text };
}

/** Every step.start is followed (later) by its step.stop, indices count from 0 without gaps, deltas sit inside. */
export function assertWellFormed(events: { event_type: string; index: number }[]): void {
  const open = new Set<number>();
  let next = 0;
  for (const e of events) {
    if (e.event_type === "step.start") {
      if (e.index !== next) throw new Error(`step.start index ${e.index}, expected ${next}`);
      next++;
      open.add(e.index);
    } else if (e.event_type === "step.delta") {
      if (!open.has(e.index)) throw new Error(`delta for index ${e.index} outside its step`);
    } else if (e.event_type === "step.stop") {
      if (!open.delete(e.index)) throw new Error(`stop for index ${e.index} that is not open`);
    }
  }
  if (open.size) throw new Error(`steps left open: ${[...open].join(",")}`);
}
