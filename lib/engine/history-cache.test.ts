import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "./engine";
import { createSyntheticAdapter } from "./synthetic-adapter";
import { call } from "./testing";
import { approxChars, HistoryCache } from "./runner";
import type { Step } from "@/lib/interactions/types";

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

describe("HistoryCache bounds", () => {
  const step = (text: string): Step => ({ type: "model_output", content: [{ type: "text", text }] }) as Step;

  it("evicts the least recently used entries once the characters they add pass the budget", () => {
    const cache = new HistoryCache(1_000, 1_000);
    cache.set("a", [step("x".repeat(400))]);
    cache.set("b", [step("y".repeat(400))]);
    expect(cache.get("a")).toBeDefined(); // a is now the most recent
    cache.set("c", [step("z".repeat(400))]); // 1,200 > 1,000: b goes
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
    expect(cache.heldChars).toBe(2 * approxChars([step("x".repeat(400))]));
  });

  it("counts only what an entry adds to its chain, and never keeps an entry larger than the budget", () => {
    const cache = new HistoryCache(1_000, 1_000);
    const parent = [step("p".repeat(600))];
    cache.set("parent", parent);
    cache.set("child", [...parent, step("c".repeat(100))], 100);
    expect(cache.size).toBe(2);
    expect(cache.heldChars).toBe(approxChars(parent) + 100);
    cache.set("huge", [step("h".repeat(5_000))]);
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it("replacing an entry does not count it twice", () => {
    const cache = new HistoryCache(1_000, 1_000);
    cache.set("a", [step("x".repeat(300))]);
    cache.set("a", [step("x".repeat(300))]);
    expect(cache.heldChars).toBe(approxChars([step("x".repeat(300))]));
  });

  it("approxChars sums the strings of a step, keys aside", () => {
    expect(approxChars([step("hello")])).toBe("model_output".length + "text".length + 5);
  });
});
