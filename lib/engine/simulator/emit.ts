// Turning planned steps into paced ModelEvents, with the output-token budget
// (max_output_tokens) and the usage counters. Shared by the simulator and the agent loop.
import type { CodeRun, ModelEvent, ModelYield, RunWorkspace } from "@/lib/engine/model/types";
import type { Step, StepDelta, Usage } from "@/lib/interactions/types";
import { toolId, type ToolPair } from "./builtins";
import { Pacer, type PaceSource } from "./pace";
import type { Rng } from "./prng";
import { chunkChars, chunkWords } from "./text";
import { countTokens, truncateToBytes, utf8Bytes } from "./tokens";

export class Emitter {
  index = 0;
  outputTokens = 0;
  thoughtTokens = 0;
  toolUseTokens = 0;
  /** Set once the budget cut something off. */
  truncated = false;
  private readonly pacer: Pacer;

  constructor(
    paceMs: PaceSource,
    signal: AbortSignal,
    private readonly rng: Rng,
    /** max_output_tokens, or Infinity. */
    readonly maxOutputTokens: number,
  ) {
    this.pacer = new Pacer(paceMs, signal);
  }

  get remaining(): number {
    return this.maxOutputTokens - this.outputTokens;
  }

  tick(): Promise<void> {
    return this.pacer.tick();
  }

  /** A thought step: summary deltas (optional), then the signature. Summary tokens count as thought tokens. */
  async *thought(summary: string[], signature: string, emitSummary: boolean): AsyncGenerator<ModelYield> {
    const index = this.index++;
    this.thoughtTokens += countTokens(summary.join(" "));
    const deltas: StepDelta[] = emitSummary
      ? summary.map((s, i) => ({ type: "thought_summary", content: { type: "text", text: i === 0 ? s : ` ${s}` } }))
      : [];
    deltas.push({ type: "thought_signature", signature });
    yield* this.step(index, { type: "thought" }, deltas);
  }

  /**
   * One streamed step: step.start, each delta after a tick of the pacer, step.stop. The events
   * between two waits leave as one batch (at pace 0: 128 deltas per yield to the event loop; at
   * a pace, each delta alone), in exactly the order and with the waits of one event per tick.
   */
  private async *step(index: number, start: Step, deltas: Iterable<StepDelta>): AsyncGenerator<ModelYield> {
    let batch: ModelEvent[] = [{ event_type: "step.start", index, step: start }];
    for (const delta of deltas) {
      const wait = this.pacer.step();
      if (wait) {
        if (batch.length) yield batch;
        batch = [];
        await wait;
      }
      batch.push({ event_type: "step.delta", index, delta });
    }
    batch.push({ event_type: "step.stop", index });
    yield batch;
  }

  /** A whole step in its step.start (built-in tool calls and results carry whole values). */
  async *whole(step: Step): AsyncGenerator<ModelYield> {
    const index = this.index++;
    await this.tick();
    yield { event_type: "step.start", index, step };
    yield { event_type: "step.stop", index };
  }

  /** A simulated built-in tool call and its result; false (nothing emitted) if the call's arguments exceed the budget. */
  async *toolPair(pair: ToolPair): AsyncGenerator<ModelYield, boolean> {
    if (pair.callTokens > this.remaining) {
      this.truncated = true;
      return false;
    }
    this.outputTokens += pair.callTokens;
    this.toolUseTokens += pair.resultTokens;
    yield* this.whole(pair.call);
    yield* this.whole(pair.result);
    return true;
  }

  /**
   * Code that really runs: the code_execution_call step, then the sandbox run, then the
   * code_execution_result with its real output (is_error on a non-zero exit or a limit hit).
   * Without a workspace nothing runs and the result says so.
   */
  async *codeExecution(ws: RunWorkspace | undefined, language: "python" | "bash", code: string, signal: AbortSignal): AsyncGenerator<ModelYield, CodeRun> {
    const id = toolId("ce", this.rng);
    const args = { language, code };
    this.outputTokens += countTokens(JSON.stringify(args));
    yield* this.whole({ type: "code_execution_call", id, arguments: args });
    const run: CodeRun = ws
      ? await ws.run(language, code, signal)
      : { output: "The code was not run: this run has no workspace (the engine runs code only for agents and for models with code_execution).\n", isError: true, exitCode: null, limitHit: null, durationMs: 0 };
    this.toolUseTokens += countTokens(run.output);
    yield* this.whole({ type: "code_execution_result", call_id: id, result: run.output, ...(run.isError ? { is_error: true } : {}) });
    return run;
  }

  /** A function_call: start (empty arguments), argument JSON fragments, stop. False if over budget. */
  async *functionCall(call: { id: string; name: string; arguments: unknown }): AsyncGenerator<ModelYield, boolean> {
    const json = JSON.stringify(call.arguments ?? {});
    const tokens = countTokens(json);
    if (tokens > this.remaining) {
      this.truncated = true;
      return false;
    }
    const index = this.index++;
    this.outputTokens += tokens;
    const deltas = chunkChars(json, this.rng).map((frag): StepDelta => ({ type: "arguments_delta", arguments: frag }));
    yield* this.step(index, { type: "function_call", id: call.id, name: call.name, arguments: {} }, deltas);
    return true;
  }

  /** A model_output step streamed a few words (or, for JSON, a few characters) per delta, cut at the budget. */
  async *text(text: string, opts: { json?: boolean } = {}): AsyncGenerator<ModelYield> {
    let out = text;
    const allowed = this.remaining * 4;
    if (utf8Bytes(out) > allowed) {
      out = truncateToBytes(out, Math.max(0, allowed));
      this.truncated = true;
    }
    if (!out) return;
    const index = this.index++;
    this.outputTokens += countTokens(out);
    const chunks = opts.json ? chunkChars(out, this.rng) : chunkWords(out, this.rng);
    yield* this.step(index, { type: "model_output", content: [] }, chunks.map((text): StepDelta => ({ type: "text", text })));
  }

  usage(inputTokens: number): Usage {
    const usage: Usage = {
      total_input_tokens: inputTokens,
      total_output_tokens: this.outputTokens,
      total_thought_tokens: this.thoughtTokens,
    };
    if (this.toolUseTokens) usage.total_tool_use_tokens = this.toolUseTokens;
    usage.total_tokens = inputTokens + this.outputTokens + this.thoughtTokens + this.toolUseTokens;
    return usage;
  }
}

export function maxOutputTokens(config: { max_output_tokens?: unknown } | undefined): number {
  const m = config?.max_output_tokens;
  return typeof m === "number" && Number.isFinite(m) && m >= 0 ? Math.floor(m) : Infinity;
}
