// Crash test: the standalone engine (a child process) with 20 background runs in flight is
// killed with SIGKILL, then restarted on the same database. Every run must reach a terminal
// state, every stored interaction must equal the fold of its stored events, and SQLite's
// integrity check must pass.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foldEvents, toInteraction } from "@/lib/interactions/fold";
import { TERMINAL_STATUSES, type Interaction, type InteractionEvent, type Step } from "@/lib/interactions/types";
import { sleep, startStandalone, waitFor, type StandaloneEngine } from "@/lib/engine/testing";

const dir = mkdtempSync(join(tmpdir(), "engine-crash-"));
const dbPath = join(dir, "engine.db");
const running: StandaloneEngine[] = [];
afterAll(async () => {
  for (const s of running) await s.kill9();
  rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Interaction> {
  const res = await fetch(`${url}/v1beta/interactions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Interaction;
}

async function get(url: string, id: string): Promise<Interaction> {
  const res = await fetch(`${url}/v1beta/interactions/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Interaction;
}

describe("engine crash and restart", () => {
  it("kill -9 with 20 background runs in flight: all end terminal, stored data intact", async () => {
    const env = { ENGINE_DB: dbPath, ENGINE_SYNTHETIC: "1", SIM_PACE_MS: "20" };
    const first = await startStandalone(env);
    running.push(first);

    // Finished work before the crash: a small chain.
    const a = await post(first.url, { model: "synthetic-thought", input: "first turn" });
    const b = await post(first.url, { model: "synthetic-echo", input: "second turn", previous_interaction_id: a.id });

    // 20 background runs: 4 short ones that finish before the kill, 16 long ones (pace 20 ms) that don't.
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const short = i % 5 === 0;
      const r = await post(
        first.url,
        { model: short ? "synthetic-deltas-5" : "synthetic-deltas-5000", input: `run ${i}`, background: true },
        { "x-engine-pace-ms": short ? "0" : "20" },
      );
      expect(["queued", "in_progress"]).toContain(r.status);
      ids.push(r.id);
    }
    // Let the long runs write some events, then crash hard.
    await waitFor(async () => (await get(first.url, ids[1] as string)).steps.length > 1, 10_000);
    const shortIds = ids.filter((_, i) => i % 5 === 0);
    await waitFor(async () => (await Promise.all(shortIds.map((id) => get(first.url, id)))).every((x) => x.status === "completed"), 10_000);
    await sleep(150);
    const before = await Promise.all(ids.map((id) => get(first.url, id)));
    expect(before.filter((x) => x.status === "in_progress").length).toBeGreaterThanOrEqual(10);
    await first.kill9();

    const second = await startStandalone(env);
    running.push(second);
    expect(second.output()).toMatch(/marked \d+ unfinished run/);
    // A second live process on the same file is refused (it would fail the first one's runs).
    await expect(startStandalone(env)).rejects.toThrow(/Another engine is already using/);

    const after = await Promise.all(ids.map((id) => get(second.url, id)));
    for (const x of after) expect(TERMINAL_STATUSES.has(x.status), `${x.id} ${x.status}`).toBe(true);
    const failed = after.filter((x) => x.status === "failed");
    expect(failed.length).toBeGreaterThanOrEqual(10);
    for (const x of failed) expect(x.errors?.[0]?.message).toBe("engine restarted while the run was in progress");
    for (const [i, x] of after.entries()) if (i % 5 === 0) expect(x.status).toBe("completed");

    // A resumed stream of a recovered run ends with [DONE].
    const resumed = await fetch(`${second.url}/v1beta/interactions/${failed[0]?.id}?stream=true`);
    expect((await resumed.text()).endsWith("data: [DONE]\n\n")).toBe(true);

    // The chain made before the crash still works.
    const c = await post(second.url, { model: "synthetic-echo", input: "third turn", previous_interaction_id: b.id });
    expect(c.status).toBe("completed");

    // Every stored interaction equals the fold of its stored events (read straight from the file).
    const all = [a.id, b.id, c.id, ...ids];
    const gets = await Promise.all(all.map((id) => get(second.url, id)));
    expect(await second.stop()).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const q = db.prepare("SELECT json FROM events WHERE interaction_id = ? ORDER BY seq");
      const inputQ = db.prepare("SELECT input_steps_json FROM interactions WHERE id = ?");
      for (const got of gets) {
        const events = (q.all(got.id) as { json: string }[]).map((r) => JSON.parse(r.json) as InteractionEvent);
        const inputSteps = JSON.parse((inputQ.get(got.id) as { input_steps_json: string }).input_steps_json) as Step[];
        expect(got).toEqual(toInteraction(foldEvents(events), inputSteps));
        // Exactly one terminal completed event, and it is the last one.
        expect(events.filter((e) => e.event_type === "interaction.completed")).toHaveLength(1);
        expect(events.at(-1)?.event_type).toBe("interaction.completed");
        const seqIds = events.map((e) => e.event_id);
        expect(new Set(seqIds).size).toBe(seqIds.length);
      }
      const left = db.prepare("SELECT COUNT(*) AS n FROM interactions WHERE status IN ('queued','in_progress')").get() as { n: number };
      expect(left.n).toBe(0);
    } finally {
      db.close();
    }
  }, 60_000);

  it("SIGTERM ends live runs as failed with a reason and exits 0", async () => {
    const env = { ENGINE_DB: join(dir, "term.db"), ENGINE_SYNTHETIC: "1" };
    const s = await startStandalone(env);
    running.push(s);
    const r = await post(s.url, { model: "synthetic-deltas-100000", input: "x", background: true }, { "x-engine-pace-ms": "20" });
    await sleep(100);
    expect(await s.stop()).toBe(0);
    const again = await startStandalone(env);
    running.push(again);
    expect(again.output()).not.toMatch(/marked \d+ unfinished/);
    const got = await get(again.url, r.id);
    expect(got.status).toBe("failed");
    expect(got.errors?.[0]?.message).toBe("engine stopped while the run was in progress");
    await again.stop();
  }, 60_000);
});
