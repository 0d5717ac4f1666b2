// Shared by the benches that start `next start` (bench/proxy.ts, bench/web.ts): stop the server
// child, write the raw figures.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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
