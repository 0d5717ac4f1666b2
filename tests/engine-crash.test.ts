// Crash test: the standalone engine (a child process) with 20 background runs in flight is
// killed with SIGKILL, then restarted on the same database. Every run resumes from its stored
// events and ends as the same requests end on an engine that never crashed; no event id repeats,
// last_event_id works across the restart, every stored interaction equals the fold of its stored
// events, and SQLite's integrity check passes.
import Database from "better-sqlite3";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foldEvents, toInteraction } from "@/lib/interactions/fold";
import { TERMINAL_STATUSES, type Interaction, type InteractionEvent, type Step } from "@/lib/interactions/types";
import { createEngine } from "@/lib/engine/engine";
import { unpackRows, type ChunkRow } from "@/lib/engine/event-rows";
import { call, sleep, startStandalone, waitFor, type StandaloneEngine } from "@/lib/engine/testing";

const dir = mkdtempSync(join(tmpdir(), "engine-crash-"));
// The sandbox runs agent code as an unprivileged uid, which must traverse to the workspaces.
chmodSync(dir, 0o711);
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
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Interaction;
}

async function get(url: string, id: string): Promise<Interaction> {
  const res = await fetch(`${url}/v1beta/interactions/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Interaction;
}

/** The 20 background requests: five kinds of simulated run, of different lengths. */
function requestFor(i: number): { body: Record<string, unknown>; paceMs: number } {
  switch (i % 5) {
    case 0:
      return { body: { model: "gemini-3.5-flash", input: `Say hello to run ${i} in one sentence.` }, paceMs: 0 };
    case 1:
      return { body: { model: "gemini-3.5-flash", input: `Write 500 words about rivers, for run ${i}.` }, paceMs: 8 };
    case 2:
      return { body: { agent: "deep-research-preview-04-2026", input: `Research tide pools along the coast (run ${i}).` }, paceMs: 8 };
    case 3:
      return {
        body: {
          model: "gemini-3.5-flash",
          input: `What is the weather in Paris for run ${i}?`,
          tools: [{ type: "function", name: "get_weather", description: "Get the weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }],
        },
        paceMs: 30,
      };
    default:
      return { body: { model: "gemini-3.5-flash", input: `Write at least 700 words about mountains, for run ${i}.`, generation_config: { thinking_level: "high" } }, paceMs: 8 };
  }
}

/** What must survive the crash unchanged: status, steps (input and generated) and usage. */
// An agent run gets a new environment (a random id), so the reference run's id differs from the
// crashed run's: compare with environment ids masked, and thought signatures (a hash over text that
// names the environment) dropped. Everything else must be identical.
const maskEnv = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v).replace(/env_[A-Za-z0-9]+/g, "env_*"), (k, val) => (k === "signature" ? undefined : val));
const outcome = (x: Interaction) => maskEnv({ status: x.status, steps: x.steps, usage: x.usage }) as { status: string; steps: unknown; usage: unknown };

describe("engine crash and restart", () => {
  it("kill -9 with 20 background runs in flight: every run resumes and ends as it would have without the crash", async () => {
    // The same requests on an engine that never crashes (in-process, pace 0): the expected outcomes.
    const reference = createEngine({ dbPath: ":memory:", paceMs: 0 });
    const expected: ReturnType<typeof outcome>[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        // Background, like the crashed runs (deep research requires it).
        const res = await call(reference, "POST", "/v1beta/interactions", { body: { ...requestFor(i).body, background: true } });
        const id = ((await res.json()) as Interaction).id;
        const read = async () => (await (await call(reference, "GET", `/v1beta/interactions/${id}`)).json()) as Interaction;
        await waitFor(async () => TERMINAL_STATUSES.has((await read()).status), 20_000);
        expected.push(outcome(await read()));
      }
    } finally {
      reference.close();
    }
    expect(expected.map((x) => x.status)).toContain("requires_action");

    const env = { ENGINE_DB: dbPath, ENGINE_SYNTHETIC: "1", SIM_PACE_MS: "20" };
    const first = await startStandalone(env);
    running.push(first);

    // Finished work before the crash: a small chain.
    const a = await post(first.url, { model: "synthetic-thought", input: "first turn" });
    const b = await post(first.url, { model: "synthetic-echo", input: "second turn", previous_interaction_id: a.id });

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { body, paceMs } = requestFor(i);
      const r = await post(first.url, { ...body, background: true }, { "x-engine-pace-ms": String(paceMs) });
      expect(["queued", "in_progress"]).toContain(r.status);
      ids.push(r.id);
    }
    // Let the long runs write some events, then crash hard.
    await waitFor(async () => (await get(first.url, ids[1] as string)).steps.length > 1, 10_000);
    const shortIds = ids.filter((_, i) => i % 5 === 0);
    await waitFor(async () => (await Promise.all(shortIds.map((id) => get(first.url, id)))).every((x) => x.status === "completed"), 10_000);
    await sleep(300);
    const before = await Promise.all(ids.map((id) => get(first.url, id)));
    expect(before.filter((x) => x.status === "in_progress").length).toBeGreaterThanOrEqual(5);
    // A client watching run 1 remembers the last event it saw before the crash.
    const watched = await fetch(`${first.url}/v1beta/interactions/${ids[1]}?stream=true`);
    const seen: string[] = [];
    const reader = watched.body!.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    while (seen.length < 5) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      for (const m of buf.matchAll(/"event_id":"([^"]+)"/g)) if (!seen.includes(m[1] as string)) seen.push(m[1] as string);
    }
    await first.kill9();

    const second = await startStandalone(env);
    running.push(second);
    expect(second.output()).toMatch(/resumed \d+ unfinished run/);
    // Only agent runs (real code in the sandbox) may be unreplayable: one killed mid code step.
    const marked = /marked (\d+) unfinished/.exec(second.output());
    expect(Number(marked?.[1] ?? 0)).toBeLessThanOrEqual(ids.filter((_, i) => i % 5 === 2).length);
    // A second live process on the same file is refused (it would fail the first one's runs).
    await expect(startStandalone(env)).rejects.toThrow(/Another engine is already using/);

    // The watcher reconnects across the restart with last_event_id and reads the rest to [DONE].
    const lastSeen = seen.at(-1) as string;
    const tail = await fetch(`${second.url}/v1beta/interactions/${ids[1]}?stream=true&last_event_id=${lastSeen}`);
    expect(tail.status, tail.status === 200 ? "" : await tail.clone().text()).toBe(200);
    const tailText = await tail.text();
    expect(tailText.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(tailText).not.toContain(`"event_id":"${lastSeen}"`);

    await waitFor(async () => (await Promise.all(ids.map((id) => get(second.url, id)))).every((x) => TERMINAL_STATUSES.has(x.status)), 30_000, 100);
    const after = await Promise.all(ids.map((id) => get(second.url, id)));
    for (const [i, x] of after.entries()) {
      if (i % 5 === 2 && x.status === "failed") {
        // A code step was running when the engine died: code never runs twice, so the run ends failed, saying why.
        expect(JSON.stringify(x), `run ${i}`).toMatch(/code execution step was cut off/);
        continue;
      }
      expect(["completed", "requires_action"], `${x.id} ${x.status} ${x.errors?.[0]?.message ?? ""}`).toContain(x.status);
      expect(outcome(x), `run ${i}`).toEqual(expected[i]);
    }

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
      // Events are stored packed, verbatim or compact (lib/engine/event-rows.ts): read the rows the
      // store's own way, straight from the file.
      const chunks = db.prepare("SELECT first_seq, last_seq, event_ids, json, packing FROM event_chunks WHERE interaction_id = ? ORDER BY first_seq");
      const q = { all: (id: string) => unpackRows(chunks.all(id) as ChunkRow[], -1) };
      const inputQ = db.prepare("SELECT input_steps_json FROM interactions WHERE id = ?");
      for (const got of gets) {
        const events = (q.all(got.id) as { json: string }[]).map((r) => JSON.parse(r.json) as InteractionEvent);
        const inputSteps = JSON.parse((inputQ.get(got.id) as { input_steps_json: string }).input_steps_json) as Step[];
        expect(got).toEqual(toInteraction(foldEvents(events), inputSteps));
        // Exactly one terminal completed event, and it is the last one.
        expect(events.filter((e) => e.event_type === "interaction.completed")).toHaveLength(1);
        expect(events.at(-1)?.event_type).toBe("interaction.completed");
      }
      // No event id anywhere in the file is used twice.
      const allIds = all.flatMap((id) => q.all(id).map((e) => e.event_id));
      expect(allIds.length).toBe((db.prepare("SELECT SUM(last_seq - first_seq + 1) AS n FROM event_chunks").get() as { n: number }).n);
      expect(allIds.length - new Set(allIds).size).toBe(0);
      const left = db.prepare("SELECT COUNT(*) AS n FROM interactions WHERE status IN ('queued','in_progress')").get() as { n: number };
      expect(left.n).toBe(0);
    } finally {
      db.close();
    }
  }, 90_000);

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
