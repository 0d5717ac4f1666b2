import { createEngine } from "@/lib/engine/engine";
import { createSyntheticAdapter } from "@/lib/engine/synthetic-adapter";
import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const dir = mkdtempSync(join(tmpdir(), "probe-"));
const engine = createEngine({ dbPath: join(dir, "e.db"), paceMs: 0, adapters: [createSyntheticAdapter()], keepAliveMs: 0 });
const body = JSON.stringify({ model: "synthetic-deltas-20000", input: "stream", stream: true, store: process.env.NOSTORE ? false : true });
const xs: number[] = []; const cpu: number[] = [];
for (let i = 0; i < Number(process.env.N ?? 30); i++) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const res = await engine.fetch(new Request("http://x/v1beta/interactions", { method: "POST", headers: { "content-type": "application/json" }, body }));
  const r = res.body!.getReader(); let n = 0;
  for (;;) { const { value, done } = await r.read(); if (done) break; n += value.byteLength; }
  xs.push(performance.now() - t0); const c = process.cpuUsage(c0); cpu.push((c.user + c.system) / 1000);
}
xs.sort((a, b) => a - b);
cpu.sort((a, b) => a - b); console.log("cpu ms median", cpu[cpu.length >> 1].toFixed(1), "min", cpu[0].toFixed(1)); console.log("median ms", xs[xs.length >> 1].toFixed(1), "min", xs[0].toFixed(1));
engine.close();
