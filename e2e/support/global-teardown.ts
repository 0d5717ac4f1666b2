// Remove this run's temp dir (SQLite files, server log). Set E2E_KEEP_TMP=1 to keep it for a look.
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.E2E_TMP;
  if (!dir || process.env.E2E_KEEP_TMP) {
    if (dir) console.log(`e2e temp dir kept: ${dir}`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
}
