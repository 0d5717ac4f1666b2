// The engine's behaviour through its HTTP surface, in-process, with the synthetic adapter (so the
// assertions are about the engine, not the simulator): lifecycle, events as the source of truth,
// resume, cancel, store/chaining rules, recovery, the control plane.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { foldEvents, toInteraction } from "@/lib/interactions/fold";
import type { Interaction, InteractionEvent, Step } from "@/lib/interactions/types";
import { createEngine, type Engine } from "./engine";
import { createSyntheticAdapter } from "./synthetic-adapter";
import { call, readSse, sleep, waitFor } from "./testing";

let engine: Engine;
let synthetic: ReturnType<typeof createSyntheticAdapter>;

beforeEach(() => {
  synthetic = createSyntheticAdapter();
  engine = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [synthetic], keepAliveMs: 0 });
});
afterEach(() => engine.close());

const create = async (body: Record<string, unknown>, headers?: Record<string, string>) =>
  call(engine, "POST", "/v1beta/interactions", { body: { model: "synthetic-echo", input: "hello", ...body }, headers });
const json = async <T = Interaction>(res: Response) => (await res.json()) as T;

function storedEvents(id: string): InteractionEvent[] {
  return engine.store.eventsAfter(id, -1).map((e) => JSON.parse(e.json) as InteractionEvent);
}

describe("create", () => {
  it("answers a foreground create with 200 JSON holding generated steps only", async () => {
    const res = await create({ input: "hello world" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await json(res);
    expect(body.id).toMatch(/^int_[0-9A-Za-z]{22}$/);
    expect(body.status).toBe("completed");
    expect(body.object).toBe("interaction");
    expect(body.model).toBe("synthetic-echo");
    expect(body.steps).toEqual([{ type: "model_output", content: [{ type: "text", text: "hello world" }] }]);
    expect(body.usage).toEqual({ total_input_tokens: 2, total_output_tokens: 2, total_tokens: 4 });
    expect(typeof body.created).toBe("string");
  });

  it("GET puts the user_input steps in front and equals the fold of the stored events", async () => {
    const created = await json(await create({ input: "recall me" }));
    const got = await json(await call(engine, "GET", `/v1beta/interactions/${created.id}`));
    expect(got.steps[0]).toEqual({ type: "user_input", content: [{ type: "text", text: "recall me" }] });
    expect(got.steps.slice(1)).toEqual(created.steps);
    const folded = toInteraction(foldEvents(storedEvents(created.id)), [got.steps[0] as Step]);
    expect(got).toEqual(folded);
    expect(got.usage).toEqual(created.usage);
  });

  it("streams created → in_progress → steps → completed (no steps) → [DONE] with unique event ids", async () => {
    const res = await create({ model: "synthetic-thought", stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, raw, done } = await readSse(res);
    expect(done).toBe(true);
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    // Only `data:` lines, each event one line followed by a blank line.
    for (const block of raw.trim().split("\n\n")) expect(block).toMatch(/^data: [^\n]+$/);
    expect(events.map((e) => e.event_type)).toEqual([
      "interaction.created",
      "interaction.status_update",
      "step.start",
      "step.delta",
      "step.delta",
      "step.stop",
      "step.start",
      "step.delta",
      "step.stop",
      "interaction.status_update",
      "interaction.completed",
    ]);
    const ids = events.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    const first = events[0] as Extract<InteractionEvent, { event_type: "interaction.created" }>;
    expect(first.interaction.status).toBe("queued");
    const completed = events.at(-1) as Extract<InteractionEvent, { event_type: "interaction.completed" }>;
    expect(completed.interaction.steps).toBeUndefined();
    expect(completed.interaction.status).toBe("completed");
    // Usage agrees between the completed event and the GET.
    const got = await json(await call(engine, "GET", `/v1/interactions/${first.interaction.id}`));
    expect(got.usage).toEqual(completed.interaction.usage);
    expect(got.steps.map((s) => s.type)).toEqual(["user_input", "thought", "model_output"]);
    expect(got.steps[1]).toEqual({ type: "thought", summary: [{ type: "text", text: "Thinking." }], signature: "sig-1" });
  });

  it("coalesces events produced in the same tick into few chunks", async () => {
    const res = await create({ model: "synthetic-deltas-1000", stream: true });
    const { events, chunks } = await readSse(res);
    expect(events.filter((e) => e.event_type === "step.delta")).toHaveLength(1000);
    // The adapter yields to the loop every 128 deltas, so ~8 ticks: far fewer chunks than events.
    expect(chunks).toBeLessThan(40);
  });

  it("background create returns at once in_progress; the run goes on and GET polls it", async () => {
    const res = await create({ model: "synthetic-deltas-30", background: true }, { "x-engine-pace-ms": "5" });
    const body = await json(res);
    expect(body.status).toBe("in_progress");
    expect(body.steps).toEqual([]);
    const polled = await json(await call(engine, "GET", `/v1/interactions/${body.id}`));
    expect(["in_progress", "completed"]).toContain(polled.status);
    const done = await waitFor(async () => {
      const g = await json(await call(engine, "GET", `/v1/interactions/${body.id}`));
      return g.status === "completed" ? g : null;
    });
    expect((done?.steps[1]?.content?.[0]?.text ?? "").length).toBe(30 * 8);
    expect(synthetic.requests[0]?.paceMs).toBe(5);
  });

  it("takes the pace from the header, else labels.sim_pace_ms, else the engine default", async () => {
    await create({}, { "x-engine-pace-ms": "3" });
    await create({ labels: { sim_pace_ms: "7" } });
    await create({ labels: { sim_pace_ms: "7" } }, { "x-engine-pace-ms": "2" });
    await create({});
    expect(synthetic.requests.map((r) => r.paceMs)).toEqual([3, 7, 2, 0]);
    const bad = await create({}, { "x-engine-pace-ms": "fast" });
    expect(bad.status).toBe(400);
  });

  it("reports requires_action, incomplete and failed runs in events, GET and response alike", async () => {
    const call1 = await json(
      await create({ model: "synthetic-call", tools: [{ type: "function", name: "get_weather", parameters: { type: "object" } }] }),
    );
    expect(call1.status).toBe("requires_action");
    expect(call1.steps[0]).toEqual({ type: "function_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } });

    const inc = await json(await create({ model: "synthetic-incomplete" }));
    expect(inc.status).toBe("incomplete");

    const failed = await json(await create({ model: "synthetic-fail" }));
    expect(failed.status).toBe("failed");
    expect(failed.errors).toEqual([{ code: "simulated_failure", message: "The synthetic model failed." }]);
    const ev = storedEvents(failed.id);
    expect(ev.map((e) => e.event_type).slice(-3)).toEqual(["error", "interaction.status_update", "interaction.completed"]);

    const thrown = await json(await create({ model: "synthetic-throw" }));
    expect(thrown.status).toBe("failed");
    expect(thrown.errors?.[0]?.message).toContain("crashed");
  });

  it("a refusal before any output answers 4xx and stores nothing", async () => {
    const res = await create({ model: "synthetic-refuse" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(engine.store.countInteractions()).toBe(0);
  });
});

describe("store and chaining", () => {
  it("store:false still runs and returns, but GET is 404 and it cannot be chained", async () => {
    const res = await create({ store: false, input: "secret" });
    const body = await json(res);
    expect(body.status).toBe("completed");
    expect(body.steps[0]?.content?.[0]?.text).toBe("secret");
    expect((await call(engine, "GET", `/v1/interactions/${body.id}`)).status).toBe(404);
    expect((await create({ previous_interaction_id: body.id })).status).toBe(404);
    expect(engine.store.countInteractions()).toBe(0);
    // Streamed store:false works too.
    const s = await readSse(await create({ store: false, stream: true }));
    expect(s.done).toBe(true);
    expect(s.events.at(-1)?.event_type).toBe("interaction.completed");
  });

  it("background:true with store:false is a 400", async () => {
    const res = await create({ background: true, store: false });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/store/);
  });

  it("hands the adapter every earlier turn's input and generated steps, oldest first; settings are not inherited", async () => {
    const a = await json(await create({ input: "one", system_instruction: "be brief", tools: [{ type: "function", name: "f" }] }));
    const b = await json(await create({ input: "two", previous_interaction_id: a.id }));
    const c = await json(await create({ input: "three", previous_interaction_id: b.id }));
    expect(c.status).toBe("completed");
    const req = synthetic.requests[2];
    const texts = req?.history.map((s) => `${s.type}:${s.content?.[0]?.text}`);
    expect(texts).toEqual(["user_input:one", "model_output:one", "user_input:two", "model_output:two"]);
    expect(req?.input).toEqual([{ type: "user_input", content: [{ type: "text", text: "three" }] }]);
    expect(req?.system_instruction).toBeUndefined();
    expect(req?.tools).toBeUndefined();
    const got = await json(await call(engine, "GET", `/v1/interactions/${c.id}`));
    expect(got.previous_interaction_id).toBe(b.id);
    // A branch from `a` sees only `a`.
    await create({ input: "branch", previous_interaction_id: a.id });
    expect(synthetic.requests[3]?.history).toHaveLength(2);
  });

  it("chains only from completed, requires_action or incomplete parents", async () => {
    expect((await create({ previous_interaction_id: "int_doesnotexist" })).status).toBe(404);
    const failed = await json(await create({ model: "synthetic-fail" }));
    const r1 = await create({ previous_interaction_id: failed.id });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { error: { message: string } }).error.message).toMatch(/failed/);
    const running = await json(await create({ model: "synthetic-deltas-100", background: true }, { "x-engine-pace-ms": "20" }));
    expect((await create({ previous_interaction_id: running.id })).status).toBe(400);
    await call(engine, "POST", `/v1/interactions/${running.id}/cancel`);
    expect((await create({ previous_interaction_id: running.id })).status).toBe(400); // cancelled
    const action = await json(await create({ model: "synthetic-call", tools: [{ type: "function", name: "f" }] }));
    const next = await create({
      previous_interaction_id: action.id,
      input: [{ type: "function_result", call_id: "call_1", name: "f", result: "sunny" }],
    });
    expect(next.status).toBe(200);
    const inc = await json(await create({ model: "synthetic-incomplete" }));
    expect((await create({ previous_interaction_id: inc.id })).status).toBe(200);
  });

  it("hydrates a long chain with one query: the adapter gets every turn", async () => {
    let prev: string | undefined;
    for (let i = 0; i < 60; i++) {
      const body = await json(await create({ input: `turn ${i}`, ...(prev ? { previous_interaction_id: prev } : {}) }));
      prev = body.id;
    }
    expect(synthetic.requests.at(-1)?.history).toHaveLength(59 * 2);
    expect(engine.store.loadHistory(prev as string)).toHaveLength(60 * 2);
  });
});

describe("resume", () => {
  it("GET ?stream=true&last_event_id=X on a finished run returns exactly the events after X", async () => {
    const full = await readSse(await create({ model: "synthetic-deltas-50", stream: true }));
    const id = (full.events[0] as { interaction: { id: string } }).interaction.id;
    const again = await readSse(await call(engine, "GET", `/v1/interactions/${id}?stream=true`));
    expect(again.events).toEqual(full.events);
    for (const k of [0, 1, 17, full.events.length - 2, full.events.length - 1]) {
      const x = full.events[k]?.event_id as string;
      const tail = await readSse(await call(engine, "GET", `/v1/interactions/${id}?stream=true&last_event_id=${x}`));
      expect(tail.events).toEqual(full.events.slice(k + 1));
      expect(tail.done).toBe(true);
    }
    const bad = await call(engine, "GET", `/v1/interactions/${id}?stream=true&last_event_id=nope`);
    expect(bad.status).toBe(400);
  });

  it("a client that disconnects mid-stream does not stop the run; a live resume has no gap and no duplicate", async () => {
    const res = await create({ model: "synthetic-deltas-200", stream: true }, { "x-engine-pace-ms": "2" });
    const partial = await readSse(res, 20); // goes away after 20 events
    const id = (partial.events[0] as { interaction: { id: string } }).interaction.id;
    const x = partial.events[19]?.event_id as string;
    const live = engine.runner.liveIds().includes(id);
    expect(live).toBe(true);
    const tail = await readSse(await call(engine, "GET", `/v1/interactions/${id}?stream=true&last_event_id=${x}`));
    expect(tail.done).toBe(true);
    const all = [...partial.events.slice(0, 20), ...tail.events];
    expect(all.map((e) => e.event_id)).toEqual(storedEvents(id).map((e) => e.event_id));
    const got = await json(await call(engine, "GET", `/v1/interactions/${id}`));
    expect(got.status).toBe("completed");
    expect(got.steps[1]?.content?.[0]?.text).toHaveLength(200 * 8);
  });

  it("attaching to a live background run replays from the start then tails", async () => {
    const bg = await json(await create({ model: "synthetic-deltas-40", background: true }, { "x-engine-pace-ms": "3" }));
    await sleep(30);
    const s = await readSse(await call(engine, "GET", `/v1/interactions/${bg.id}?stream=true`));
    expect(s.events.map((e) => e.event_id)).toEqual(storedEvents(bg.id).map((e) => e.event_id));
    expect(s.events.filter((e) => e.event_type === "step.delta")).toHaveLength(40);
  });
});

describe("cancel and delete", () => {
  it("cancels a running background interaction within a second, with terminal events", async () => {
    const bg = await json(await create({ model: "synthetic-deltas-100000", background: true }, { "x-engine-pace-ms": "10" }));
    await sleep(30);
    const t0 = Date.now();
    const res = await call(engine, "POST", `/v1/interactions/${bg.id}/cancel`, { headers: { "content-type": "application/json", "content-length": "0" } });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe("cancelled");
    const ev = storedEvents(bg.id);
    expect(ev.slice(-2).map((e) => [e.event_type, (e as { status?: string }).status ?? (e as { interaction?: { status: string } }).interaction?.status])).toEqual([
      ["interaction.status_update", "cancelled"],
      ["interaction.completed", "cancelled"],
    ]);
    const got = await json(await call(engine, "GET", `/v1/interactions/${bg.id}`));
    expect(got).toEqual(toInteraction(foldEvents(ev), [got.steps[0] as Step]));
    // Nothing is appended after the terminal events.
    await sleep(50);
    expect(storedEvents(bg.id)).toHaveLength(ev.length);
    // Cancel on a finished interaction is a 400; on an unknown id a 404.
    expect((await call(engine, "POST", `/v1/interactions/${bg.id}/cancel`)).status).toBe(400);
    expect((await call(engine, "POST", `/v1/interactions/int_nope/cancel`)).status).toBe(404);
  });

  it("cancels promptly even when the adapter ignores the abort signal", async () => {
    const bg = await json(await create({ model: "synthetic-stubborn-1000", background: true }));
    await sleep(20);
    const body = await json(await call(engine, "POST", `/v1/interactions/${bg.id}/cancel`));
    expect(body.status).toBe("cancelled");
    const n = storedEvents(bg.id).length;
    await sleep(60);
    expect(storedEvents(bg.id)).toHaveLength(n);
  });

  it("a streamed create that is cancelled ends its stream with the cancelled events and [DONE]", async () => {
    const res = await create({ model: "synthetic-deltas-100000", stream: true }, { "x-engine-pace-ms": "5" });
    const reading = readSse(res);
    await sleep(40);
    const id = engine.runner.liveIds()[0] as string;
    await call(engine, "POST", `/v1/interactions/${id}/cancel`);
    const s = await reading;
    expect(s.done).toBe(true);
    expect((s.events.at(-1) as { interaction: { status: string } }).interaction.status).toBe("cancelled");
  });

  it("a foreground JSON create that is cancelled returns the cancelled interaction", async () => {
    const pending = create({ model: "synthetic-deltas-100000" }, { "x-engine-pace-ms": "5" });
    await waitFor(() => engine.runner.liveCount > 0);
    const id = engine.runner.liveIds()[0] as string;
    await sleep(20);
    await call(engine, "POST", `/v1/interactions/${id}/cancel`);
    const body = await json(await pending);
    expect(body.status).toBe("cancelled");
    expect(body.id).toBe(id);
  });

  it("delete answers 200 {} and then GET is 404; deleting a live run stops it", async () => {
    const done = await json(await create({}));
    const del = await call(engine, "DELETE", `/v1/interactions/${done.id}`);
    expect(del.status).toBe(200);
    expect(del.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await del.json()).toEqual({});
    expect((await call(engine, "GET", `/v1/interactions/${done.id}`)).status).toBe(404);
    expect((await call(engine, "DELETE", `/v1/interactions/${done.id}`)).status).toBe(404);
    const bg = await json(await create({ model: "synthetic-deltas-100000", background: true }, { "x-engine-pace-ms": "10" }));
    expect((await call(engine, "DELETE", `/v1/interactions/${bg.id}`)).status).toBe(200);
    expect(engine.runner.liveCount).toBe(0);
    expect(storedEvents(bg.id)).toHaveLength(0);
  });
});

describe("routes and envelopes", () => {
  it("routes any version segment and answers unknown paths 404 and other families 501, all in the envelope", async () => {
    for (const v of ["v1", "v1beta", "v1alpha"]) {
      const res = await call(engine, "POST", `/${v}/interactions`, { body: { model: "synthetic-echo", input: "x" } });
      expect(res.status).toBe(200);
    }
    const cases: [string, string, number, string][] = [
      ["GET", "/nope", 404, "not_found"],
      ["GET", "/v1/interactions", 404, "not_found"],
      ["PUT", "/v1/interactions/int_x", 404, "not_found"],
      ["GET", "/v1/environments/env_missing", 404, "not_found"],
      ["POST", "/v1beta/webhooks/wh_1/deliveries", 501, "not_implemented"],
      ["GET", "/v1/triggers/t1/executions", 501, "not_implemented"],
      ["DELETE", "/v1/credentials/c1", 501, "not_implemented"],
      ["GET", "/v1/voices", 501, "not_implemented"],
      ["POST", "/v1/agents", 400, "invalid_request"],
      ["GET", "/v1/agents/definitely-not-an-agent", 404, "not_found"],
      ["GET", "/v1/interactions/int_missing", 404, "not_found"],
    ];
    for (const [method, path, status, code] of cases) {
      const res = await call(engine, method, path);
      expect([method, path, res.status]).toEqual([method, path, status]);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string; status: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    const miss = (await (await call(engine, "GET", "/v1/interactions/int_missing")).json()) as { error: { message: string } };
    expect(miss.error.message).toBe("Requested entity was not found.");
    const agents = await call(engine, "GET", "/v1/agents");
    expect(agents.status).toBe(200);
    expect(Array.isArray(((await agents.json()) as { agents: unknown[] }).agents)).toBe(true);
  });

  it("accepts the SDK's Content-Type on GET and include_input", async () => {
    const c = await json(await create({ input: [{ type: "text", text: "a" }, { type: "text", text: "b" }] }));
    const res = await call(engine, "GET", `/v1/interactions/${c.id}?include_input=true&stream=false`, {
      headers: { "content-type": "application/json" },
    });
    const got = await json(res);
    expect(got.input).toEqual([{ type: "text", text: "a" }, { type: "text", text: "b" }]);
    expect(got.steps[0]).toEqual({ type: "user_input", content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] });
    const plain = await json(await call(engine, "GET", `/v1/interactions/${c.id}`));
    expect(plain.input).toBeUndefined();
    expect((await call(engine, "GET", `/v1/interactions/${c.id}?stream=maybe`)).status).toBe(400);
  });

  it("mounts under a prefix", async () => {
    const res = await engine.fetch(
      new Request("http://x/engine/v1beta/interactions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "synthetic-echo", input: "p" }),
      }),
      { prefix: "/engine" },
    );
    expect(res.status).toBe(200);
    const health = await engine.fetch(new Request("http://x/engine/admin/health"), { prefix: "/engine/" });
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
  });

  it("sends keep-alive comments while a stream is idle", async () => {
    const e2 = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [createSyntheticAdapter()], keepAliveMs: 20 });
    try {
      const res = await call(e2, "POST", "/v1/interactions", {
        body: { model: "synthetic-deltas-3", input: "x", stream: true },
        headers: { "x-engine-pace-ms": "70" },
      });
      const s = await readSse(res);
      expect(s.keepAlives).toBeGreaterThan(0);
      expect(s.raw).toContain(": keep-alive\n\n");
      expect(s.done).toBe(true);
    } finally {
      e2.close();
    }
  });
});

describe("control plane", () => {
  it("health, export → import round trip, reset", async () => {
    const a = await json(await create({ input: "keep me" }));
    const b = await json(await create({ input: "and me", previous_interaction_id: a.id }));
    const health = (await (await call(engine, "GET", "/admin/health")).json()) as { ok: boolean; interactions: number };
    expect(health).toMatchObject({ ok: true, interactions: 2 });
    const exported = await (await call(engine, "GET", "/admin/export")).json();

    const other = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [createSyntheticAdapter()] });
    try {
      const imp = await call(other, "POST", "/admin/import", { body: exported });
      expect(await imp.json()).toMatchObject({ ok: true, imported: 2, skipped: 0 });
      const got = await json(await call(other, "GET", `/v1/interactions/${b.id}`));
      expect(got).toEqual(await json(await call(engine, "GET", `/v1/interactions/${b.id}`)));
      // Chaining works on imported history.
      const c = await json(await call(other, "POST", "/v1/interactions", { body: { model: "synthetic-echo", input: "x", previous_interaction_id: b.id } }));
      expect(c.status).toBe("completed");
      const again = await call(other, "POST", "/admin/import", { body: exported });
      expect(await again.json()).toMatchObject({ imported: 0, skipped: 2 });
      const bad = await call(other, "POST", "/admin/import", { body: { hello: 1 } });
      expect(bad.status).toBe(400);
    } finally {
      other.close();
    }

    const reset = await call(engine, "POST", "/admin/reset");
    expect(await reset.json()).toEqual({ ok: true });
    expect((await call(engine, "GET", `/v1/interactions/${a.id}`)).status).toBe(404);
  });
});

describe("restart recovery", () => {
  const dir = mkdtempSync(join(tmpdir(), "engine-recover-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Simulate a crash: drop the first engine's store under its live runs (they stop at their next write). */
  async function crash(first: Engine): Promise<void> {
    first.store.close();
    await waitFor(() => first.runner.liveCount === 0);
  }

  it("resumes a run left in progress from its stored events: same output, no event id repeated, last_event_id works across the restart", async () => {
    const dbPath = join(dir, "resume.db");
    const first = createEngine({ dbPath, paceMs: 0, adapters: [createSyntheticAdapter()] });
    const done = await json(await call(first, "POST", "/v1/interactions", { body: { model: "synthetic-thought", input: "a" } }));
    const bg = await json(
      await call(first, "POST", "/v1/interactions", {
        body: { model: "synthetic-deltas-400", input: "b", background: true },
        headers: { "x-engine-pace-ms": "3" },
      }),
    );
    await waitFor(() => first.store.eventsAfter(bg.id, -1).length > 20, 5_000);
    const before = first.store.eventsAfter(bg.id, -1);
    const lastBefore = before.at(-1)?.event_id as string;
    await crash(first);

    const second = createEngine({ dbPath, paceMs: 0, adapters: [createSyntheticAdapter()] });
    try {
      expect(second.recovered).toEqual({ resumed: 1, failed: 0 });
      // A client that saw events before the crash resumes after its last one.
      const tail = readSse(await call(second, "GET", `/v1/interactions/${bg.id}?stream=true&last_event_id=${lastBefore}`));
      await waitFor(async () => (await json(await call(second, "GET", `/v1/interactions/${bg.id}`))).status === "completed", 10_000);
      const got = await json(await call(second, "GET", `/v1/interactions/${bg.id}`));
      expect(got.status).toBe("completed");
      const text = got.steps.filter((x) => x.type === "model_output").flatMap((x) => (x as { content?: { text?: string }[] }).content ?? []).map((c) => c.text).join("");
      expect(text).toBe("xxxxxxxx".repeat(400));
      expect(got.usage?.total_output_tokens).toBe(400);
      const events = second.store.eventsAfter(bg.id, -1);
      // The stored prefix is untouched; ids are unique; seqs are contiguous.
      expect(events.slice(0, before.length)).toEqual(before);
      expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      const parsed = events.map((e) => JSON.parse(e.json) as InteractionEvent);
      expect(parsed.filter((e) => e.event_type === "step.delta")).toHaveLength(400);
      expect(parsed.filter((e) => e.event_type === "interaction.status_update" && e.status === "in_progress")).toHaveLength(1);
      expect(got).toEqual(toInteraction(foldEvents(parsed), [got.steps[0] as Step]));
      const resumed = await tail;
      expect(resumed.done).toBe(true);
      expect(resumed.events.map((e) => e.event_id)).toEqual(events.slice(before.length).map((e) => e.event_id));
      const kept = await json(await call(second, "GET", `/v1/interactions/${done.id}`));
      expect(kept.status).toBe("completed");
      expect(second.store.integrityCheck()).toBe("ok");
    } finally {
      second.close();
    }
  });

  it("fails, with the reason, a run that cannot be replayed: an external (non-deterministic) backend", async () => {
    const dbPath = join(dir, "external.db");
    const external = {
      accepts: (m: string) => m === "external-model",
      async *run(_req: unknown, signal: AbortSignal) {
        yield { event_type: "step.start" as const, index: 0, step: { type: "model_output" as const, content: [] } };
        for (let i = 0; i < 10_000; i++) {
          await sleep(2);
          if (signal.aborted) throw new DOMException("aborted", "AbortError");
          yield { event_type: "step.delta" as const, index: 0, delta: { type: "text" as const, text: "y" } };
        }
        return { status: "completed" as const, usage: {} };
      },
    };
    const first = createEngine({ dbPath, paceMs: 0, adapters: [external] });
    const bg = await json(await call(first, "POST", "/v1/interactions", { body: { model: "external-model", input: "b", background: true } }));
    await waitFor(() => first.store.eventsAfter(bg.id, -1).length > 5, 5_000);
    await crash(first);
    const second = createEngine({ dbPath, paceMs: 0, adapters: [external] });
    try {
      expect(second.recovered).toEqual({ resumed: 0, failed: 1 });
      const got = await json(await call(second, "GET", `/v1/interactions/${bg.id}`));
      expect(got.status).toBe("failed");
      expect(got.errors?.[0]?.message).toBe(
        "engine restarted while the run was in progress, and 'external-model' runs on an external model backend, whose output cannot be replayed",
      );
      const s = await readSse(await call(second, "GET", `/v1/interactions/${bg.id}?stream=true`));
      expect(s.done).toBe(true);
    } finally {
      second.close();
    }
  });

  it("fails a run whose code execution was cut off before its result was stored (code never runs twice)", async () => {
    // Run a simulated agent with a code step to the end, then plant its events up to the
    // code_execution_call (no result yet) as an unfinished run in a fresh store.
    const src = createEngine({ dbPath: ":memory:", paceMs: 0 });
    const full = await json(await call(src, "POST", "/v1/interactions", { body: { agent: "local-sim-agent", input: "Compute 17 * 23 for me", background: true } }));
    await waitFor(async () => (await json(await call(src, "GET", `/v1/interactions/${full.id}`))).status === "completed", 10_000);
    const events = src.store.eventsAfter(full.id, -1);
    const row = src.store.getRow(full.id)!;
    src.close();
    const callAt = events.findIndex((e) => (JSON.parse(e.json) as { step?: { type?: string } }).step?.type === "code_execution_call");
    expect(callAt).toBeGreaterThan(0);
    const dbPath = join(dir, "code-cut.db");
    const seed = createEngine({ dbPath, paceMs: 0 });
    seed.store.appendEvents(full.id, events.slice(0, callAt + 2).map((e) => ({ seq: e.seq, eventId: e.event_id, json: e.json })), "in_progress", Date.now(), {
      ...row,
      status: "in_progress",
      output_steps_json: null,
      snapshot_json: null,
    });
    seed.close();
    const second = createEngine({ dbPath, paceMs: 0 });
    try {
      expect(second.recovered).toEqual({ resumed: 0, failed: 1 });
      const got = await json(await call(second, "GET", `/v1/interactions/${full.id}`));
      expect(got.status).toBe("failed");
      expect(got.errors?.[0]?.message).toMatch(/code execution step was cut off before its result was stored/);
    } finally {
      second.close();
    }
  });
});

describe("batched adapter output", () => {
  const d = (text: string) => ({ event_type: "step.delta" as const, index: 0, delta: { type: "text" as const, text } });
  const batched = (bad: boolean) => ({
    accepts: (m: string) => m === (bad ? "batch-bad" : "batch-model"),
    async *run() {
      yield [{ event_type: "step.start" as const, index: 0, step: { type: "model_output" as const, content: [] } }, d("a"), d("b")];
      yield d("c");
      yield [];
      yield bad ? [d("d"), { event_type: "step.nonsense", index: 0 } as never, d("never")] : [d("d"), { event_type: "step.stop" as const, index: 0 }];
      return { status: "completed" as const, usage: { total_tokens: 4 } };
    },
  });

  it("appends a batch in order, as if its events had come one by one: one id each, the same stream and fold", async () => {
    const e = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [batched(false)] });
    try {
      const s = await readSse(await call(e, "POST", "/v1/interactions", { body: { model: "batch-model", input: "x", stream: true } }));
      expect(s.done).toBe(true);
      const types = s.events.map((ev) => (ev.event_type === "step.delta" ? `delta:${(ev as unknown as { delta: { text: string } }).delta.text}` : ev.event_type));
      expect(types).toEqual(["interaction.created", "interaction.status_update", "step.start", "delta:a", "delta:b", "delta:c", "delta:d", "step.stop", "interaction.status_update", "interaction.completed"]);
      expect(new Set(s.events.map((ev) => ev.event_id)).size).toBe(s.events.length);
      const id = (s.events[0] as { interaction: { id: string } }).interaction.id;
      const got = await json(await call(e, "GET", `/v1/interactions/${id}`));
      expect(got.steps.at(-1)).toEqual({ type: "model_output", content: [{ type: "text", text: "abcd" }] });
      expect(e.store.eventsAfter(id, -1).map((r) => r.json)).toEqual(s.events.map((ev) => JSON.stringify(ev)));
    } finally {
      e.close();
    }
  });

  it("fails the run at an invalid event inside a batch, keeping the events before it", async () => {
    const e = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [batched(true)] });
    try {
      const got = await json(await call(e, "POST", "/v1/interactions", { body: { model: "batch-bad", input: "x" } }));
      expect(got.status).toBe("failed");
      expect(got.errors?.[0]?.message).toMatch(/invalid event/);
      const text = (got.steps.at(-1) as { content?: { text?: string }[] }).content?.map((c) => c.text).join("");
      expect(text).toBe("abcd");
    } finally {
      e.close();
    }
  });
});
