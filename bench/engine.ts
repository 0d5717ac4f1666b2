// npm run bench:engine — a benchmark of the embedded engine (not a test: it prints figures and
// only fails if a stream loses events). All traffic is loopback; client and servers share the
// machine's cores, so the figures are relative anchors, not capacity numbers.
//   1. non-streamed creates/s at pace 0 (in-process, file-backed store)
//   2. hydration of a 1,000-turn chain vs a 10-turn chain (one recursive query each), and a whole create on top of each
//   3. a 20,000-delta stream through the standalone server vs a bare node:http server writing the same frames
//   4. 50 concurrent streams held at once, every event counted
// Options (env): BENCH_ROUNDS (default 7), BENCH_CREATES (default 2000).
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@/lib/engine/engine";
import { resolveAdapter } from "@/lib/engine/model/registry";
import { createSyntheticAdapter } from "@/lib/engine/synthetic-adapter";
import { call, startStandalone } from "@/lib/engine/testing";
import { framesOf, startBare } from "./bare-server";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CREATES = Number(process.env.BENCH_CREATES ?? 2000);
const dir = mkdtempSync(join(tmpdir(), "bench-engine-"));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const line = (s = "") => console.log(s);

/** The simulator when the registry serves it, else the synthetic echo model. */
const simModel = resolveAdapter("gemini-3.5-flash", "model") ? "gemini-3.5-flash" : null;

async function benchCreates(): Promise<void> {
  const engine = createEngine({ dbPath: join(dir, "creates.db"), paceMs: 0, adapters: [createSyntheticAdapter()] });
  try {
    for (const model of [simModel, "synthetic-echo"].filter((m): m is string => !!m)) {
      for (let i = 0; i < 50; i++) await call(engine, "POST", "/v1beta/interactions", { body: { model, input: "Hello there" } }); // warm-up
      const t0 = performance.now();
      for (let i = 0; i < CREATES; i++) {
        const res = await call(engine, "POST", "/v1beta/interactions", { body: { model, input: `Hello there, request ${i}` } });
        if (res.status !== 200) throw new Error(`create failed: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
      const ms = performance.now() - t0;
      line(`  ${model.padEnd(18)} ${fmt(CREATES)} sequential creates in ${fmt(ms)} ms → ${fmt((CREATES * 1000) / ms)} creates/s (${fmt((ms * 1000) / CREATES)} µs each)`);
    }
  } finally {
    engine.close();
  }
}

async function benchHydration(): Promise<void> {
  const model = simModel ?? "synthetic-echo";
  const engine = createEngine({ dbPath: join(dir, "chain.db"), paceMs: 0, adapters: [createSyntheticAdapter()] });
  try {
    const build = async (turns: number) => {
      let prev: string | undefined;
      for (let i = 0; i < turns; i++) {
        const res = await call(engine, "POST", "/v1beta/interactions", {
          body: { model: "synthetic-echo", input: `Turn ${i}: my favourite number is ${i}. Please remember it.`, ...(prev ? { previous_interaction_id: prev } : {}) },
        });
        prev = ((await res.json()) as { id: string }).id;
      }
      return prev as string;
    };
    const t0 = performance.now();
    const long = await build(1000);
    const buildMs = performance.now() - t0;
    const short = await build(10);
    const time = (load: (id: string) => unknown[], id: string, reps: number) => {
      const xs: number[] = [];
      let steps = 0;
      for (let i = 0; i < reps; i++) {
        const s = performance.now();
        steps = load(id).length;
        xs.push(performance.now() - s);
      }
      return { ms: median(xs), steps };
    };
    const cold = (id: string) => engine.store.loadHistory(id); // one recursive query + one parse
    const kept = (id: string) => engine.runner.historyOf(id).slice(); // what a new turn pays: lookup + copy
    time(cold, long, 5);
    const a = time(cold, short, 201);
    const b = time(cold, long, 51);
    time(kept, long, 5);
    const ka = time(kept, short, 2001);
    const kb = time(kept, long, 2001);
    line(`  built a 1,000-turn chain with 1,000 chained creates in ${fmt(buildMs)} ms`);
    line(`  hydrate, kept history (what a new turn on a recent parent pays):`);
    line(`    10-turn ${fmt(ka.ms * 1000, 1)} µs, 1,000-turn ${fmt(kb.ms * 1000, 1)} µs  ratio ${fmt(kb.ms / Math.max(ka.ms, 1e-6), 1)}x for 100x the turns`);
    line(`  hydrate, cold (after a restart or eviction: one recursive query + one JSON parse):`);
    line(`    10-turn ${fmt(a.ms, 3)} ms (${a.steps} steps), 1,000-turn ${fmt(b.ms, 3)} ms (${b.steps} steps)  ratio ${fmt(b.ms / a.ms, 1)}x`);
    line(`    per step: 10-turn ${fmt((a.ms * 1000) / a.steps, 2)} µs, 1,000-turn ${fmt((b.ms * 1000) / b.steps, 2)} µs (one query each; cost follows bytes of history)`);
    const createOn = async (prev: string, reps: number) => {
      const xs: number[] = [];
      for (let i = 0; i < reps; i++) {
        const s = performance.now();
        const res = await call(engine, "POST", "/v1beta/interactions", { body: { model, input: "What is my favourite number?", previous_interaction_id: prev } });
        await res.arrayBuffer();
        xs.push(performance.now() - s);
      }
      return median(xs);
    };
    const cs = await createOn(short, 21);
    const cl = await createOn(long, 21);
    line(`  whole create (${model}) on top: 10-turn ${fmt(cs, 2)} ms, 1,000-turn ${fmt(cl, 2)} ms  ratio ${fmt(cl / cs, 1)}x`);
  } finally {
    engine.close();
  }
}

interface StreamStats {
  ttfb: number;
  ttlb: number;
  bytes: number;
  frames: number;
  reads: number;
  done: boolean;
  status: number;
}

/** POST a body and read the whole SSE response (a new connection each time, like the reference client). */
function stream(url: string, body: string, headers: Record<string, string> = {}): Promise<StreamStats> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttfb = 0;
    let bytes = 0;
    let reads = 0;
    let frames = 0;
    let carry = "";
    let tail = "";
    const req = http.request(url, { method: "POST", agent: false, headers: { "content-type": "application/json", accept: "text/event-stream", ...headers } }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (s: string) => {
        if (!ttfb) ttfb = performance.now() - t0;
        bytes += Buffer.byteLength(s);
        reads++;
        // Count `data:` frames across chunk boundaries (JSON never holds a raw "\n\n").
        const text = carry + s;
        let i = text.indexOf("\n\n");
        let last = 0;
        while (i !== -1) {
          if (text.startsWith("data: ", last)) frames++;
          last = i + 2;
          i = text.indexOf("\n\n", last);
        }
        carry = text.slice(last);
        tail = (tail + s).slice(-32);
      });
      res.on("end", () =>
        resolve({ ttfb, ttlb: performance.now() - t0, bytes, frames, reads, done: tail.endsWith("data: [DONE]\n\n"), status: res.statusCode ?? 0 }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function benchStreams(): Promise<void> {
  const engine = await startStandalone({ ENGINE_DB: join(dir, "standalone.db"), ENGINE_SYNTHETIC: "1" });
  let raw: { url: string; proc: ChildProcess } | undefined;
  try {
    const N = 20_000;
    const body = JSON.stringify({ model: `synthetic-deltas-${N}`, input: "stream", stream: true, store: true });
    const engineUrl = `${engine.url}/v1beta/interactions`;
    const pace0 = { "x-engine-pace-ms": "0" };
    // Capture the engine's frames once, so the bare server writes byte-equivalent events.
    const captured = await new Promise<string>((resolve, reject) => {
      http
        .request(engineUrl, { method: "POST", agent: false, headers: { "content-type": "application/json", ...pace0 } }, (res) => {
          let s = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (s += d));
          res.on("end", () => resolve(s));
        })
        .on("error", reject)
        .end(body);
    });
    const frames = framesOf(captured);
    raw = await startBare(frames, dir);
    const events = frames.length - 1; // minus [DONE]
    const deltas = frames.filter((f) => f.includes('"event_type":"step.delta"')).length;

    for (let w = 0; w < 3; w++) {
      await stream(engineUrl, body, pace0);
      await stream(`${raw.url}/sse`, body);
    }
    const eng: StreamStats[] = [];
    const bare: StreamStats[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which goes first.
      const pair = r % 2 ? [await stream(`${raw.url}/sse`, body), await stream(engineUrl, body, pace0)] : [null, null];
      const e = pair[1] ?? (await stream(engineUrl, body, pace0));
      const b = pair[0] ?? (await stream(`${raw.url}/sse`, body));
      for (const s of [e, b]) if (s.status !== 200 || !s.done || s.frames !== frames.length) throw new Error(`stream lost data: ${JSON.stringify(s)}`);
      eng.push(e);
      bare.push(b);
      ratios.push(e.ttlb / b.ttlb);
    }
    const me = median(eng.map((s) => s.ttlb));
    const mb = median(bare.map((s) => s.ttlb));
    line(`  ${fmt(deltas)} deltas = ${fmt(events)} events, ${fmt(captured.length)} bytes per stream, ${ROUNDS} rounds (medians)`);
    line(`  engine (standalone, run + store + SSE): TTFB ${fmt(median(eng.map((s) => s.ttfb)), 1)} ms, TTLB ${fmt(me, 1)} ms → ${fmt((events * 1000) / me)} events/s, ${fmt(median(eng.map((s) => s.reads)))} reads`);
    line(`  bare node:http, same frames:            TTFB ${fmt(median(bare.map((s) => s.ttfb)), 1)} ms, TTLB ${fmt(mb, 1)} ms → ${fmt((events * 1000) / mb)} events/s, ${fmt(median(bare.map((s) => s.reads)))} reads`);
    line(`  engine ÷ bare TTLB: ${fmt(median(ratios), 2)}x (median of paired ratios)`);

    if (simModel) {
      const simBody = JSON.stringify({ model: simModel, input: "Write at least 5,000 words about rivers.", stream: true });
      const s = await stream(engineUrl, simBody, pace0);
      line(`  simulator (${simModel}, "at least 5,000 words", pace 0): ${fmt(s.frames - 1)} events in ${fmt(s.ttlb, 1)} ms → ${fmt(((s.frames - 1) * 1000) / s.ttlb)} events/s`);
    }

    // 4. Concurrency: 50 streams at once, at pace 0 and held open at a lifelike pace.
    for (const [n, pace] of [
      [1000, 0],
      [200, 5],
    ] as const) {
      const C = 50;
      const cBody = JSON.stringify({ model: `synthetic-deltas-${n}`, input: "c", stream: true });
      // created, status_update, step.start, n deltas, step.stop, status_update, completed, then [DONE].
      const events = n + 6;
      const t0 = performance.now();
      const rs = await Promise.all(Array.from({ length: C }, () => stream(engineUrl, cBody, { "x-engine-pace-ms": String(pace) })));
      const total = performance.now() - t0;
      const bad = rs.filter((s) => s.status !== 200 || !s.done || s.frames !== events + 1);
      line(
        `  ${C} concurrent streams × ${fmt(n)} deltas at pace ${pace} ms: ${fmt(total)} ms, ${fmt((C * events * 1000) / total)} events/s aggregate, ` +
          `complete ${C - bad.length}/${C} (each ${events} events + [DONE], counted)`,
      );
      if (bad.length) throw new Error(`concurrent streams lost events: ${JSON.stringify(bad.slice(0, 3))}`);
    }
  } finally {
    raw?.proc.kill("SIGTERM");
    await engine.stop();
  }
}

async function main(): Promise<void> {
  line(`engine benchmark — node ${process.version}, ${(await import("node:os")).cpus().length} cores; model for creates: ${simModel ?? "(simulator not available) synthetic-echo"}`);
  line("\n1. non-streamed creates at pace 0 (in-process, WAL store on disk)");
  await benchCreates();
  line("\n2. chain hydration (recursive CTE, one query)");
  await benchHydration();
  line("\n3./4. streams through the standalone server");
  await benchStreams();
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
