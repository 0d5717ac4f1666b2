// The simulator as a ModelAdapter: plan the whole turn deterministically (compose.ts), then stream
// it at the requested pace. Serves every gemini-* / gemma-* id and "local-sim".
import type { ModelAdapter, ModelEvent, ModelRequest, ModelResult } from "@/lib/engine/model/types";
import { planTurn } from "./compose";
import { Emitter, maxOutputTokens } from "./emit";
import { throwIfAborted } from "./pace";
import { countInputTokens } from "./tokens";

export const SIMULATOR_MODEL_ID = "local-sim";

/** Model ids (besides SIMULATOR_MODEL_ID) the simulator runs; reported to the browser in the catalog. */
export const SIMULATED_MODEL_RE = /^(?:models\/)?(?:gemini|gemma)-[\w.-]+$/i;

export function isSimulatedModel(model: string): boolean {
  return model === SIMULATOR_MODEL_ID || SIMULATED_MODEL_RE.test(model);
}

export async function* runSimulator(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent, ModelResult, void> {
  throwIfAborted(signal);
  const plan = planTurn(req);
  const inputTokens = countInputTokens(req);
  const em = new Emitter(req.paceMs, signal, plan.rng, maxOutputTokens(req.generation_config));

  if (plan.thought) yield* em.thought(plan.thought.summary, plan.thought.signature, plan.thought.emitSummary);
  for (const pair of plan.builtins) {
    if (!(yield* em.toolPair(pair))) return { status: "incomplete", usage: em.usage(inputTokens) };
  }
  if (plan.calls.length) {
    for (const call of plan.calls) {
      if (!(yield* em.functionCall(call))) return { status: "incomplete", usage: em.usage(inputTokens) };
    }
    return { status: "requires_action", usage: em.usage(inputTokens) };
  }
  if (plan.text !== undefined) yield* em.text(plan.text, { json: plan.json });
  return { status: em.truncated ? "incomplete" : "completed", usage: em.usage(inputTokens) };
}

export function createSimulatorAdapter(): ModelAdapter {
  return {
    accepts: isSimulatedModel,
    run: runSimulator,
  };
}
