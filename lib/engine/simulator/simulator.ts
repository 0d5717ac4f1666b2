// The simulator as a ModelAdapter: plan the whole turn deterministically (compose.ts), then stream
// it at the requested pace. Serves every gemini-* / gemma-* id and "local-sim".
import type { ModelAdapter, ModelRequest, ModelResult, ModelYield } from "@/lib/engine/model/types";
import { fencedBlocks, runStatus } from "@/lib/engine/managed/code-exec";
import { runServerTools } from "@/lib/engine/tools/server-tools";
import { planTurn } from "./compose";
import { readConversation } from "./conversation";
import { Emitter, maxOutputTokens } from "./emit";
import { throwIfAborted } from "./pace";
import { countInputTokens } from "./tokens";

export const SIMULATOR_MODEL_ID = "local-sim";

/** Model ids (besides SIMULATOR_MODEL_ID) the simulator runs; reported to the browser in the catalog. */
export const SIMULATED_MODEL_RE = /^(?:models\/)?(?:gemini|gemma)-[\w.-]+$/i;

export function isSimulatedModel(model: string): boolean {
  return model === SIMULATOR_MODEL_ID || SIMULATED_MODEL_RE.test(model);
}

export async function* runSimulator(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelYield, ModelResult, void> {
  throwIfAborted(signal);
  // The engine's own tools (MCP servers, url_context, file_search) run for real first; the plan
  // then answers from what they returned.
  const server = await runServerTools(req, signal);
  throwIfAborted(signal);
  const plan = planTurn(req, server);
  const inputTokens = countInputTokens(req);
  const em = new Emitter(() => req.paceMs, signal, plan.rng, maxOutputTokens(req.generation_config));

  if (plan.thought) yield* em.thought(plan.thought.summary, plan.thought.signature, plan.thought.emitSummary);
  // With a workspace (code_execution on the engine), fenced python/bash blocks of the user's
  // message run verbatim, and the simulator's own arithmetic Python runs too: real outputs.
  const ws = req.workspace;
  const blocks = ws ? fencedBlocks(readConversation(req).latestText) : [];
  const ran: string[] = [];
  for (const b of blocks) {
    const r = yield* em.codeExecution(ws, b.language, b.code, signal);
    ran.push(`I ran your ${b.language} block in the local sandbox (${runStatus(r)}). Output:\n\n\`\`\`\n${r.output.replace(/\n$/, "") || "(no output)"}\n\`\`\``);
  }
  for (const pair of plan.builtins) {
    if (ws && pair.call.type === "code_execution_call") {
      if (blocks.length) continue; // the user's own code is what runs
      const code = String((pair.call.arguments as { code?: string }).code ?? "").replace(/^# simulated:.*\n/m, "");
      yield* em.codeExecution(ws, "python", code, signal);
      continue;
    }
    if (!(yield* em.toolPair(pair))) return { status: "incomplete", usage: em.usage(inputTokens) };
  }
  if (ran.length && plan.text !== undefined && !plan.json) plan.text = `${ran.join("\n\n")}\n\n${plan.text}`;
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
    deterministic: true,
    run: runSimulator,
  };
}
