// npm run bench:jobs — 100 running background jobs watched by a dashboard for BENCH_SECONDS (default 60)
// per strategy, measured in the same run:
//   naive  one GET /interactions/{id} per job per second (what per-turn polling does)
//   batch  the dashboard's strategy: one POST /api/jobs/status for all non-terminal ids per interval,
//          the interval from nextPollDelay (lib/contract/jobs.ts, the same function the browser uses)
// Reported per strategy: browser→server requests/min, server→upstream requests/min, server CPU
// (process.cpuUsage over the window, the engine included, since it runs in-process); then ratios.
// In-process (engine + proxy + recorder + jobs API on temp SQLite files), loopback only, no key.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobsApi } from "@/lib/app-api/jobs";
import { nextPollDelay, type JobsResponse } from "@/lib/contract/jobs";
import { createEngine } from "@/lib/engine/engine";
import { createLocalBackend } from "@/lib/proxy/backends";
import { createProxyHandler } from "@/lib/proxy/handler";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const JOBS = Number(process.env.BENCH_JOBS ?? 100);
const U = "http://127.0.0.1:3000";

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "bench-jobs-"));
  const engine = createEngine({ dbPath: join(dir, "engine.db"), paceMs: 0 });
  const store = new AppStore(join(dir, "app.db"));
  const recorder = createRecorder(store);
  let upstream = 0;
  const backends = { local: createLocalBackend({ engine: () => engine }) };
  const proxy = createProxyHandler({ backends, recorder, env: { MAX_BODY_BYTES: 1 << 20 } });
  const countedProxy = async (req: Request) => {
    if (req.method === "GET") upstream++;
    return proxy(req);
  };
  const jobsApi = createJobsApi({
    store: () => store,
    proxy: countedProxy,
    env: () => ({ JOBS_404_GRACE_MS: 60_000, JOBS_STUCK_MS: 600_000, JOBS_REFRESH_CONCURRENCY: 4 }),
  });

  // 100 background runs that stay running for both windows (one chunk every 2 s).
  const ids: string[] = [];
  const created = Date.now();
  for (let i = 0; i < JOBS; i++) {
    const res = await proxy(
      new Request(`${U}/api/backends/local/v1beta/interactions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-playground-session": "bench" },
        body: JSON.stringify({ model: "gemini-3.5-flash", input: `Write at least 2000 words about topic ${i}.`, background: true, labels: { sim_pace_ms: "2000" } }),
      }),
    );
    ids.push(((await res.json()) as { id: string }).id);
  }

  async function measure(name: string, loop: (stop: () => boolean, count: () => void) => Promise<void>) {
    upstream = 0;
    let browser = 0;
    const end = Date.now() + SECONDS * 1000;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await loop(() => Date.now() >= end, () => browser++);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const perMin = (n: number) => (n / wall) * 60;
    const r = { name, browserPerMin: perMin(browser), upstreamPerMin: perMin(upstream), cpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100 };
    console.log(`${name.padEnd(6)} browser ${r.browserPerMin.toFixed(0).padStart(6)} req/min · upstream ${r.upstreamPerMin.toFixed(0).padStart(6)} req/min · server CPU ${r.cpuPct.toFixed(1)}%`);
    return r;
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const naive = await measure("naive", async (stop, count) => {
    // Every job polls on its own, once a second.
    await Promise.all(
      ids.map(async (id, i) => {
        await sleep((i * 1000) / ids.length);
        while (!stop()) {
          count();
          const res = await proxy(new Request(`${U}/api/backends/local/v1beta/interactions/${id}`, { headers: { "x-playground-session": "bench" } }));
          upstream++;
          await res.text();
          await sleep(1000);
        }
      }),
    );
  });

  const batch = await measure("batch", async (stop, count) => {
    let jobs: JobsResponse["jobs"] = [];
    while (!stop()) {
      count();
      const res = await jobsApi.status(new Request(`${U}/api/jobs/status`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids }) }));
      jobs = ((await res.json()) as JobsResponse).jobs;
      const d = nextPollDelay(jobs, Date.now());
      if (d === null) break;
      await sleep(d);
    }
  });

  const running = (await (await jobsApi.status(new Request(`${U}/api/jobs/status`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids, refresh: false }) }))).json()) as JobsResponse;
  console.log(`${JOBS} jobs, ${SECONDS} s per strategy, jobs still running at the end: ${running.jobs.filter((j) => !j.terminal).length}; jobs were ${Math.round((Date.now() - created) / 1000)} s old`);
  console.log(
    `ratios (naive / batch): browser requests ×${(naive.browserPerMin / batch.browserPerMin).toFixed(1)}, upstream requests ×${(naive.upstreamPerMin / Math.max(1e-9, batch.upstreamPerMin)).toFixed(1)}, server CPU ×${(naive.cpuPct / Math.max(1e-9, batch.cpuPct)).toFixed(1)}`,
  );
  engine.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
