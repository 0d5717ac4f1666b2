// Shared by the benches that start `next start` (bench/proxy.ts, bench/web.ts): build when there
// is no build, start the production app on a free port with temp databases, stop the server
// child, write the raw figures.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../e2e/support/free-port";

/** Wait for the child to exit after SIGTERM; SIGKILL it after 5 s. */
export function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => {
      if (child.exitCode === null && child.pid) child.kill("SIGKILL");
      resolve();
    }, 5_000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Write a bench's raw figures to bench/out/<name>-<time>.json and say where. */
export function writeFigures(root: string, name: string, data: unknown): void {
  const outDir = join(root, "bench/out");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(data, null, 1));
  console.log(`\nraw figures: ${file}`);
}

export interface RunningApp {
  base: string;
  child: ChildProcess;
  /** SIGTERM the server, wait for it, remove its temp databases. */
  close(): Promise<void>;
}

/**
 * `next start` (after `next build` when .next/BUILD_ID is missing, or always with force) on
 * BENCH_PORT or a free port, with fresh APP_DB/ENGINE_DB in a temp dir and `env` on top; resolves
 * once `readyPath` answers below 500.
 */
export async function startApp(root: string, opts: { name: string; env?: Record<string, string>; forceBuild?: boolean; readyPath?: string }): Promise<RunningApp> {
  const nextBin = join(root, "node_modules/next/dist/bin/next");
  if (opts.forceBuild || !existsSync(join(root, ".next/BUILD_ID"))) {
    console.log("Running `next build` first…");
    const b = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (b.status !== 0) throw new Error(`next build failed (exit ${b.status})`);
  }
  const dir = mkdtempSync(join(tmpdir(), `bench-${opts.name}-`));
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The V8 flags `npm start` uses (scripts/gc-flags.mjs), so the bench measures the server as shipped.
  const flags = spawnSync(process.execPath, [join(root, "scripts/gc-flags.mjs")], { encoding: "utf8", env: { ...process.env, ...opts.env } });
  if (flags.status !== 0) throw new Error(`scripts/gc-flags.mjs: ${flags.stderr.trim()}`);
  const nodeFlags = flags.stdout.split(" ").filter(Boolean);
  if (nodeFlags.length) console.log(`next start with ${nodeFlags.join(" ")} (scripts/gc-flags.mjs)`);
  const child = spawn(process.execPath, [...nodeFlags, nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", APP_DB: join(dir, "app.db"), ENGINE_DB: join(dir, "engine.db"), ...opts.env },
  });
  const stop = () => {
    if (child.exitCode === null && child.pid) child.kill("SIGTERM");
  };
  process.on("exit", stop);
  const close = async () => {
    stop();
    await waitForExit(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${base}${opts.readyPath ?? "/api/health"}`, child);
  } catch (e) {
    await close();
    throw e;
  }
  return { base, child, close };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get(url, { agent: false }, (res) => {
          res.resume();
          resolve((res.statusCode ?? 500) < 500);
        })
        .on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("next start did not become ready");
}
