// Drain an adapter run into its events (batches flattened) and result (tests, benchmarks, non-streamed callers).
import type { ModelEvent, ModelResult, ModelYield } from "@/lib/engine/model/types";

export async function collectRun(gen: AsyncGenerator<ModelYield, ModelResult, void>): Promise<{ events: ModelEvent[]; result: ModelResult }> {
  const events: ModelEvent[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { events, result: r.value };
    if (Array.isArray(r.value)) for (const e of r.value as readonly ModelEvent[]) events.push(e);
    else events.push(r.value as ModelEvent);
  }
}
