// WAL checkpoints off the event loop, for the SQLite stores (engine events, the app's record).
// In WAL mode a commit only appends pages to the `-wal` file; copying them back into the database
// file (a checkpoint, with its fsyncs) is done by default inside whichever commit crosses
// `wal_autocheckpoint` pages (1,000 ≈ 4 MB) — on the one JS thread that also feeds the streams.
// A 20,000-delta stream writes about 2.5 MB of events, so every other stream paid for a whole
// checkpoint in the middle of its run (about half the write cost and most of its wall time,
// docs/engine.md "Streams near the limit"). Here a worker thread with its own connection runs
// `PRAGMA wal_checkpoint(PASSIVE)` after every CHECKPOINT_BYTES written; the main connection keeps
// a far larger autocheckpoint as a backstop, and goes back to SQLite's default if the worker cannot
// start or fails. Passive checkpoints never block the writer. No `server-only`: the standalone
// engine and vitest use it too.
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** Bytes written between two checkpoints: SQLite's default cadence (1,000 pages of 4 KiB). */
const CHECKPOINT_BYTES = 4 * 1024 * 1024;
/** The main connection's own autocheckpoint while the worker runs (pages): only a backstop. */
const BACKSTOP_PAGES = 8_192;
/**
 * Writes paused this long: checkpoint what is left, so the log is wholly copied back while the
 * store is idle and the next commit starts the WAL file over (it can only restart then).
 */
const IDLE_MS = 15;
const DEFAULT_PAGES = 1_000;

// Plain CommonJS, evaluated in the worker: better-sqlite3 is resolved from the server's working
// directory (it is never bundled: serverExternalPackages in next.config.mjs).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const Database = createRequire(workerData.base)("better-sqlite3");
const db = new Database(workerData.path, { fileMustExist: true, timeout: 1000 });
parentPort.on("message", (m) => {
  if (m === "close") { try { db.close(); } catch {} parentPort.close(); return; }
  try { db.pragma("wal_checkpoint(PASSIVE)"); parentPort.postMessage("done"); }
  catch (e) { parentPort.postMessage("error:" + (e && e.message)); }
});
parentPort.postMessage("ready");
`;

export interface WalCheckpointer {
  /** Count bytes just committed; starts a checkpoint in the worker once enough have piled up. */
  wrote(bytes: number): void;
  close(): void;
}

/** For a file database in WAL mode; `:memory:` needs none (returns a no-op). */
export function createWalCheckpointer(db: Database.Database, path: string): WalCheckpointer {
  if (path === ":memory:" || path.startsWith("file:") || process.env.SQLITE_WORKER_CHECKPOINTS === "0") return { wrote() {}, close() {} };
  let worker: Worker | null = null;
  let failed = false;
  let busy = false;
  let pending = 0;
  let total = 0;
  let idle: ReturnType<typeof setTimeout> | null = null;
  const fallBack = () => {
    if (failed) return;
    failed = true;
    worker = null;
    try {
      if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
    } catch {
      /* closing */
    }
  };
  const post = () => {
    const w = start();
    if (!w) return;
    pending = 0;
    busy = true;
    w.postMessage("checkpoint");
  };
  const armIdle = () => {
    if (idle || failed) return;
    idle = setTimeout(() => {
      idle = null;
      if (!busy && pending > 0 && !failed) post();
    }, IDLE_MS);
    idle.unref?.();
  };
  const start = (): Worker | null => {
    if (worker || failed) return worker;
    try {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, base: join(process.cwd(), "noop.js") } });
      w.unref();
      w.on("message", (m: string) => {
        if (m === "ready") return;
        busy = false; // "done", or "error:…" (e.g. busy): either way the next one may go
        if (pending >= CHECKPOINT_BYTES) post();
        else if (pending > 0) armIdle();
      });
      w.on("error", fallBack);
      w.on("exit", () => {
        if (worker === w) fallBack();
      });
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      worker = w;
    } catch {
      fallBack();
    }
    return worker;
  };
  return {
    wrote(bytes) {
      if (failed || bytes <= 0) return;
      pending += bytes;
      total += bytes;
      // Small stores never start the worker: SQLite's own checkpoints are cheap for them.
      if (total < CHECKPOINT_BYTES) return;
      if (!busy && pending >= CHECKPOINT_BYTES) post();
      else armIdle();
    },
    close() {
      if (idle) clearTimeout(idle);
      idle = null;
      const w = worker;
      worker = null;
      failed = true;
      if (w) {
        w.removeAllListeners("exit");
        w.postMessage("close");
      }
    },
  };
}
