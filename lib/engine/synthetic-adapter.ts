// A synthetic ModelAdapter for the engine's own tests and benchmark (injected through
// createEngine({ adapters })): its output is a pure function of the model id, so tests can ask
// for exactly N deltas, a failure, a refusal or an adapter that ignores abort. It is not served
// by the app or the standalone server. Ids:
//   synthetic-deltas-<N>[-chars-<C>]  N text deltas of C chars (default 8)
//   synthetic-thought                 a thought (summary + signature), then "ok"
//   synthetic-call                    a function_call to the first declared tool; requires_action
//   synthetic-incomplete              some text, then status incomplete
//   synthetic-fail                    a delta, then status failed with an error
//   synthetic-throw                   a delta, then throws
//   synthetic-refuse                  throws ApiError(invalid_request) before producing anything
//   synthetic-stubborn-<N>            N slow deltas, ignoring the abort signal
//   synthetic-echo                    echoes the last user text; usage counts words
import { ApiError } from "@/lib/interactions/errors";
import type { ModelAdapter, ModelEvent, ModelRequest, ModelResult, ModelYield, Step } from "./model/types";

function tick(paceMs: number, i: number, signal?: AbortSignal): Promise<void> | undefined {
  if (paceMs > 0) {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(t);
        reject(new DOMException("aborted", "AbortError"));
      };
      const t = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, paceMs);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
  // Like the simulator: at pace 0 yield to the event loop every 128 chunks.
  if (i % 128 === 127) return new Promise((resolve) => setImmediate(resolve));
  return undefined;
}

function lastUserText(steps: Step[]): string {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s?.type === "user_input") {
      return (s.content ?? []).map((c) => (c.type === "text" ? (c.text ?? "") : "")).join(" ");
    }
  }
  return "";
}

const words = (t: string) => (t.match(/\S+/g) ?? []).length;

export function createSyntheticAdapter(): ModelAdapter & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    accepts: (model) => model.startsWith("synthetic-"),
    deterministic: true,
    async *run(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelYield, ModelResult, void> {
      requests.push(req);
      const input = words(lastUserText(req.input));
      const m = req.model;
      const usage = (out: number) => ({ total_input_tokens: input, total_output_tokens: out, total_tokens: input + out });

      const deltas = /^synthetic-deltas-(\d+)(?:-chars-(\d+))?$/.exec(m);
      if (deltas) {
        const n = Number(deltas[1]);
        const piece = "x".repeat(Math.max(1, Number(deltas[2] ?? 8)));
        // Like the simulator, the deltas between two waits leave as one batch.
        let batch: ModelEvent[] = [{ event_type: "step.start", index: 0, step: { type: "model_output", content: [] } }];
        for (let i = 0; i < n; i++) {
          if (signal.aborted) throw new DOMException("aborted", "AbortError");
          batch.push({ event_type: "step.delta", index: 0, delta: { type: "text", text: piece } });
          const t = tick(req.paceMs, i, signal);
          if (t) {
            yield batch;
            batch = [];
            await t;
          }
        }
        batch.push({ event_type: "step.stop", index: 0 });
        yield batch;
        return { status: "completed", usage: usage(n) };
      }
      const stubborn = /^synthetic-stubborn-(\d+)$/.exec(m);
      if (stubborn) {
        yield { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } };
        for (let i = 0; i < Number(stubborn[1]); i++) {
          await new Promise((r) => setTimeout(r, Math.max(req.paceMs, 5))); // deliberately ignores `signal`
          yield { event_type: "step.delta", index: 0, delta: { type: "text", text: "z" } };
        }
        yield { event_type: "step.stop", index: 0 };
        return { status: "completed", usage: usage(Number(stubborn[1])) };
      }
      switch (m) {
        case "synthetic-thought":
          yield { event_type: "step.start", index: 0, step: { type: "thought" } };
          yield { event_type: "step.delta", index: 0, delta: { type: "thought_summary", content: { type: "text", text: "Thinking." } } };
          yield { event_type: "step.delta", index: 0, delta: { type: "thought_signature", signature: "sig-1" } };
          yield { event_type: "step.stop", index: 0 };
          yield { event_type: "step.start", index: 1, step: { type: "model_output", content: [] } };
          yield { event_type: "step.delta", index: 1, delta: { type: "text", text: "ok" } };
          yield { event_type: "step.stop", index: 1 };
          return { status: "completed", usage: { ...usage(1), total_thought_tokens: 2, total_tokens: input + 3 } };
        case "synthetic-call": {
          const tool = req.tools?.find((t) => t.type === "function") as { name?: string } | undefined;
          yield { event_type: "step.start", index: 0, step: { type: "function_call", id: "call_1", name: tool?.name ?? "none", arguments: {} } };
          yield { event_type: "step.delta", index: 0, delta: { type: "arguments_delta", arguments: '{"city":' } };
          yield { event_type: "step.delta", index: 0, delta: { type: "arguments_delta", arguments: '"Paris"}' } };
          yield { event_type: "step.stop", index: 0 };
          return { status: "requires_action", usage: usage(4) };
        }
        case "synthetic-incomplete":
          yield { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } };
          yield { event_type: "step.delta", index: 0, delta: { type: "text", text: "partial" } };
          yield { event_type: "step.stop", index: 0 };
          return { status: "incomplete", usage: usage(1) };
        case "synthetic-fail":
          yield { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } };
          yield { event_type: "step.delta", index: 0, delta: { type: "text", text: "a" } };
          return { status: "failed", usage: usage(1), error: { code: "simulated_failure", message: "The synthetic model failed." } };
        case "synthetic-throw":
          yield { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } };
          throw new Error("synthetic adapter crashed");
        case "synthetic-refuse":
          throw new ApiError("invalid_request", "The response schema is too complex for the synthetic model.");
        case "synthetic-echo":
        default: {
          const text = lastUserText(req.input) || "(no text)";
          yield { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } };
          yield { event_type: "step.delta", index: 0, delta: { type: "text", text } };
          yield { event_type: "step.stop", index: 0 };
          return { status: "completed", usage: usage(words(text)) };
        }
      }
    },
  };
}
