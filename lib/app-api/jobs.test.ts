import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "@/lib/engine/engine";
import { call, waitFor } from "@/lib/engine/testing";
import { createLocalBackend } from "@/lib/proxy/backends";
import { createProxyHandler } from "@/lib/proxy/handler";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";
import type { Job, JobsResponse } from "@/lib/contract/jobs";
import { createJobsApi, type JobsEnv } from "./jobs";

const U = "http://127.0.0.1:3000";
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function setup(envOver: Partial<JobsEnv> = {}, clock?: () => number) {
  const engine: Engine = createEngine({ dbPath: ":memory:", paceMs: 5 });
  const store = new AppStore(":memory:");
  cleanup.push(() => engine.close(), () => store.close());
  const recorder = createRecorder(store, { flushMs: 1 });
  const proxy = createProxyHandler({ backends: { local: createLocalBackend({ engine: () => engine }) }, recorder, env: { MAX_BODY_BYTES: 1 << 20 } });
  let active = 0;
  let maxActive = 0;
  let upstream = 0;
  const counted = async (req: Request) => {
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      return await proxy(req);
    } finally {
      active--;
    }
  };
  const env: JobsEnv = { JOBS_404_GRACE_MS: 60_000, JOBS_STUCK_MS: 600_000, JOBS_REFRESH_CONCURRENCY: 2, ...envOver };
  const api = createJobsApi({ store: () => store, proxy: counted, env: () => env, now: clock, onUpstreamRequest: () => upstream++ });
  const create = async (body: Record<string, unknown>) => {
    const res = await proxy(
      new Request(`${U}/api/backends/local/v1beta/interactions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-playground-session": "s_jobs" },
        body: JSON.stringify(body),
      }),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as { id: string; status: string };
  };
  const status = async (ids: string[]) =>
    (await (await api.status(new Request(`${U}/api/jobs/status`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids }) }))).json()) as JobsResponse;
  return { engine, store, api, create, status, stats: () => ({ maxActive, upstream }) };
}

describe("jobs API", () => {
  it("one batch request refreshes every running job from upstream with bounded concurrency, and the record catches up", async () => {
    const { api, store, create, status, stats } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await create({ model: "gemini-3.5-flash", input: `Write ${20 + i * 10} words about owls.`, background: true })).id);
    expect(store.getTurn(ids[0]!)?.status).toBe("in_progress");
    const first = await status(ids);
    expect(first.jobs.map((j) => j.id)).toEqual(ids);
    expect(stats().maxActive).toBeLessThanOrEqual(2);
    expect(stats().upstream).toBe(6);
    await waitFor(async () => (await status(ids)).jobs.every((j) => j.terminal), 10_000, 50);
    const done = await status(ids);
    for (const j of done.jobs) {
      expect(j.status).toBe("completed");
      expect(j.steps).toBeGreaterThan(0);
      expect(j.tokens).toBeGreaterThan(0);
      expect(j.session_id).toBe("s_jobs");
      expect(j.prompt).toMatch(/words about owls/);
    }
    // The record itself caught up (not only this answer).
    expect(store.getTurn(ids[0]!)?.status).toBe("completed");
    expect(store.getTurn(ids[0]!)?.terminal).toBe(true);
    // Terminal jobs are answered from the record: no more upstream requests.
    const before = stats().upstream;
    await status(ids);
    expect(stats().upstream).toBe(before);
    // Listing shows every background job.
    const list = (await (await api.list(new Request(`${U}/api/jobs?q=owls`))).json()) as JobsResponse;
    expect(list.jobs).toHaveLength(6);
  });

  it("tracks an id created outside the playground (straight on the engine, like curl)", async () => {
    const { engine, api, status } = setup();
    const made = (await (await call(engine, "POST", "/v1beta/interactions", { body: { model: "gemini-3.5-flash", input: "Write 40 words about tides.", background: true } })).json()) as { id: string };
    const res = await api.track(new Request(`${U}/api/jobs/track`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: made.id }) }));
    expect(res.status).toBe(200);
    const job = (await res.json()) as Job;
    expect(job).toMatchObject({ id: made.id, backend: "local", tracked: true, not_found: null });
    await waitFor(async () => (await status([made.id])).jobs[0]?.status === "completed", 10_000, 50);
    const list = (await (await api.list(new Request(`${U}/api/jobs`))).json()) as JobsResponse;
    expect(list.jobs.map((j) => j.id)).toContain(made.id);
  });

  it("a 404 right after a create is 'grace' for JOBS_404_GRACE_MS, then 'gone' (terminal)", async () => {
    let t = 1_000_000;
    const { api, status } = setup({ JOBS_404_GRACE_MS: 5_000 }, () => t);
    const track = (id: string) => api.track(new Request(`${U}/api/jobs/track`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id }) }));
    const job = (await (await track("int_notyetvisible")).json()) as Job;
    expect(job).toMatchObject({ status: "not_found", not_found: "grace", terminal: false });
    t += 6_000;
    const later = (await status(["int_notyetvisible"])).jobs[0];
    expect(later).toMatchObject({ not_found: "gone", terminal: true });
  });

  it("flags a running job whose status and progress did not change for JOBS_STUCK_MS", async () => {
    let t = Date.now();
    const { create, status } = setup({ JOBS_STUCK_MS: 60_000 }, () => t);
    // One chunk every 10 s of real time: between two refreshes a few ms apart nothing moves.
    const { id } = await create({ model: "gemini-3.5-flash", input: "Write 200 words about owls.", background: true, labels: { sim_pace_ms: "10000" } });
    expect((await status([id])).jobs[0]?.stuck_ms).toBeNull();
    t += 30_000;
    expect((await status([id])).jobs[0]?.stuck_ms).toBeNull();
    t += 90_000;
    const j = (await status([id])).jobs[0]!;
    expect(j.terminal).toBe(false);
    expect(j.stuck_ms).toBe(120_000);
  });

  it("refuses bad input in the envelope", async () => {
    const { api } = setup();
    const bad = await api.status(new Request(`${U}/api/jobs/status`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids: ["../x"] }) }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    const missing = await api.remove(new Request(`${U}/api/jobs/int_x`, { method: "DELETE" }), { params: Promise.resolve({ id: "int_x" }) });
    expect(missing.status).toBe(404);
  });
});
