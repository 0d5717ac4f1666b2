// npm run bench:sandbox — what a sandboxed code step costs (not a test: it prints figures).
// Baseline, measured in the same run: spawning the same interpreter directly, unsandboxed.
//   1. start: `python3 -c pass` / `bash -c true` directly vs through runInSandbox (setpriv +
//      prlimit + bwrap --unshare-all + workspace preparation), medians over BENCH_ROUNDS
//   2. the sandbox alone: `bwrap … /usr/bin/true` vs spawning /usr/bin/true
//   3. a code step that does work (sum of 2e6 integers in Python): direct vs sandboxed
//   4. workspace preparation (the per-run chown walk) on a 1,000-file workspace
// Wall times on a shared machine move with its load: read the ratios and the minimums.
// Options (env): BENCH_ROUNDS (default 25).
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareWorkspace, sandboxStatus, slotUid, ENGINE_IS_ROOT, runtimeBindArgs, BWRAP_PATH } from "@/lib/engine/sandbox/host";
import { runInSandbox } from "@/lib/engine/sandbox";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (n: number, d = 1) => n.toFixed(d);

function spawnWait(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { stdio: "ignore" });
    c.on("error", reject);
    c.on("close", (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} exit ${code}`))));
  });
}

interface Timing {
  min: number;
  median: number;
}
async function times(fn: () => Promise<number>): Promise<Timing> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) xs.push(await fn());
  return { min: Math.min(...xs), median: median(xs) };
}


async function main(): Promise<void> {
  const st = await sandboxStatus();
  if (!st.available) {
    console.log(`sandbox unavailable: ${st.reason}`);
    process.exitCode = 1;
    return;
  }
  const root = mkdtempSync(join(tmpdir(), "bench-sandbox-"));
  chmodSync(root, 0o711);
  const ws = join(root, "ws");
  mkdirSync(ws);
  try {
    console.log(`sandbox bench — ${ROUNDS} rounds each, medians; identity: ${st.identity}; ${new Date().toISOString()}`);
    const sandboxed = async (language: "python" | "bash", code: string) => {
      const t0 = performance.now();
      const r = await runInSandbox({ language, code, workspaceDir: ws });
      if (r.exitCode !== 0) throw new Error(`sandboxed ${language} failed: ${r.stderr}`);
      return performance.now() - t0;
    };

    const rows: Array<[string, Timing, Timing]> = [];
    rows.push(["python3 -c pass", await times(() => spawnWait("/usr/bin/python3", ["-c", "pass"])), await times(() => sandboxed("python", "pass"))]);
    rows.push(["bash -c true", await times(() => spawnWait("/usr/bin/bash", ["-c", "true"])), await times(() => sandboxed("bash", "true"))]);
    const bare = [BWRAP_PATH, "--unshare-all", "--die-with-parent", "--new-session", ...runtimeBindArgs(), "--proc", "/proc", "--dev", "/dev", "/usr/bin/true"];
    const prefix = ENGINE_IS_ROOT ? ["/usr/bin/setpriv", `--reuid=${slotUid(0)}`, `--regid=${slotUid(0)}`, "--clear-groups", "--"] : [];
    const argv = [...prefix, ...bare];
    rows.push(["sandbox alone (/usr/bin/true)", await times(() => spawnWait("/usr/bin/true", [])), await times(() => spawnWait(argv[0] as string, argv.slice(1)))]);
    const work = "s = 0\nfor i in range(2_000_000): s += i\nprint(s)";
    rows.push(["python: sum of 2e6 ints", await times(() => spawnWait("/usr/bin/python3", ["-c", work])), await times(() => sandboxed("python", work))]);

    console.log("");
    console.log("| step | direct min / median (ms) | sandboxed min / median (ms) | overhead, medians (ms) | ratio, medians |");
    console.log("|---|---:|---:|---:|---:|");
    for (const [name, d, s] of rows) {
      console.log(`| ${name} | ${fmt(d.min)} / ${fmt(d.median)} | ${fmt(s.min)} / ${fmt(s.median)} | ${fmt(s.median - d.median)} | ${fmt(s.median / d.median, 2)}× |`);
    }


    if (ENGINE_IS_ROOT) {
      const big = join(root, "big");
      mkdirSync(big);
      for (let i = 0; i < 50; i++) {
        mkdirSync(join(big, `d${i}`));
        for (let j = 0; j < 20; j++) writeFileSync(join(big, `d${i}`, `f${j}.txt`), "x");
      }
      let slot = 0;
      const prep = await times(async () => {
        const t0 = performance.now();
        await prepareWorkspace(big, slotUid(slot++ % 2)); // alternate uids: every entry changes owner
        return performance.now() - t0;
      });
      console.log(`\nworkspace preparation (lchown walk), 1,000 files + 50 dirs, owner changing every run: min ${fmt(prep.min)} / median ${fmt(prep.median)} ms`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
