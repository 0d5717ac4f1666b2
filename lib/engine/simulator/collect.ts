// Drain an adapter run into its events and result (tests, benchmarks, non-streamed callers).
import type { ModelEvent, ModelResult } from "@/lib/engine/model/types";

export async function collectRun(gen: AsyncGenerator<ModelEvent, ModelResult, void>): Promise<{ events: ModelEvent[]; result: ModelResult }> {
  const events: ModelEvent[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { events, result: r.value };
    events.push(r.value);
  }
}
