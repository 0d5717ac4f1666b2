import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "./engine";
import { createSyntheticAdapter } from "./synthetic-adapter";
import { call } from "./testing";

let engine: Engine | undefined;
afterEach(() => engine?.close());

async function chain(e: Engine, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call(e, "POST", "/v1beta/interactions", {
      body: { model: "synthetic-echo", input: `turn ${i}`, ...(ids.length ? { previous_interaction_id: ids[ids.length - 1] } : {}) },
    });
    expect(res.status).toBe(200);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

describe("kept chain histories", () => {
  it("equal what the store's one recursive query returns, turn by turn", async () => {
    const adapter = createSyntheticAdapter();
    engine = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [adapter] });
    const ids = await chain(engine, 12);
    for (const id of ids) expect(engine.runner.historyOf(id)).toEqual(engine.store.loadHistory(id));
    // The adapter of turn k saw exactly the chain of turn k-1.
    const last = adapter.requests[adapter.requests.length - 1];
    expect(last?.history).toEqual(engine.store.loadHistory(ids[10] as string));
  });

  it("are not corrupted by an adapter that mutates the history it is given", async () => {
    const adapter = createSyntheticAdapter();
    engine = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [adapter] });
    const ids = await chain(engine, 3);
    adapter.requests.forEach((r) => r.history.splice(0)); // a misbehaving adapter
    expect(engine.runner.historyOf(ids[2] as string)).toEqual(engine.store.loadHistory(ids[2] as string));
    expect(engine.store.loadHistory(ids[2] as string).length).toBeGreaterThan(0);
  });

  it("are dropped after a delete and a reset", async () => {
    engine = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [createSyntheticAdapter()] });
    const ids = await chain(engine, 3);
    expect((await call(engine, "DELETE", `/v1beta/interactions/${ids[1]}`)).status).toBe(200);
    expect(engine.runner.historyOf(ids[2] as string)).toEqual(engine.store.loadHistory(ids[2] as string));
    expect((await call(engine, "POST", "/admin/reset")).status).toBe(200);
    expect(() => engine!.store.loadHistory(ids[2] as string)).not.toThrow();
    expect(engine.runner.historyOf(ids[2] as string)).toEqual([]);
  });
});
