// Where the recorder sends a finished burst to be parsed: one worker thread (parse-worker.ts),
// started on first use. A burst is parsed there when the worker is up; the caller keeps its chunks
// until the answer comes, and parses them itself (inline) when the worker cannot start, fails, is
// slower than TIMEOUT_MS, or when the caller needs the result at once (flushAll, a read of the
// record). Outside Next's server (vitest, tsx: the worker's file is TypeScript that Node cannot
// start) it never starts a worker and every burst is parsed inline; `next build` bundles the worker.
// RECORD_PARSE_WORKER=0 turns it off.
import "server-only";
import { Worker } from "node:worker_threads";
import type { BurstJob, BurstResult } from "./stream-parse";

/** A worker that has not answered within this long is taken as stuck: it is stopped and every waiting burst is parsed inline. */
const TIMEOUT_MS = 10_000;

type Reply = BurstResult | { id: number; error: string };
type Waiter = (r: BurstResult | null) => void;

let worker: Worker | null = null;
let failed = false;
let nextId = 1;
const waiting = new Map<number, Waiter>();

function fail(): void {
  failed = true;
  const w = worker;
  worker = null;
  for (const [id, done] of waiting) {
    waiting.delete(id);
    done(null);
  }
  void w?.terminate().catch(() => {});
}

function start(): Worker | null {
  if (worker || failed) return worker;
  if (process.env.RECORD_PARSE_WORKER === "0") {
    failed = true;
    return null;
  }
  // Outside Next's server (vitest, tsx) this module runs from sources, and Node would refuse the
  // worker's .ts file: only the bundler turns it into a script (NEXT_RUNTIME is Next's own mark).
  if (!process.env.NEXT_RUNTIME) {
    failed = true;
    return null;
  }
  try {
    // This exact form is what the bundler recognises and bundles the worker for.
    const w = new Worker(new URL("./parse-worker.ts", import.meta.url));
    w.unref();
    w.on("message", (r: Reply) => {
      const done = waiting.get(r.id);
      if (!done) return;
      waiting.delete(r.id);
      done("error" in r ? null : r);
    });
    w.on("error", fail);
    w.on("exit", () => {
      if (worker === w) fail();
    });
    worker = w;
  } catch {
    failed = true;
  }
  return worker;
}

/** Whether bursts can go to the worker (it is started if need be). */
export function parseWorkerAvailable(): boolean {
  return start() !== null;
}

/**
 * Parse a burst in the worker. Resolves to its result, or to null when the worker is not
 * available, failed or timed out (then parse it inline). `job.bytes` is transferred: pass a copy.
 */
export function parseInWorker(job: Omit<BurstJob, "id">): Promise<BurstResult | null> {
  const w = start();
  if (!w) return Promise.resolve(null);
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // A stuck worker would hold up every burst after this one by TIMEOUT_MS too: stop using it
      // (fail() answers every waiting burst with null, this one included: parsed inline).
      if (waiting.has(id)) fail();
    }, TIMEOUT_MS);
    timer.unref?.();
    waiting.set(id, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    try {
      w.postMessage({ ...job, id }, [job.bytes.buffer as ArrayBuffer]);
    } catch {
      waiting.delete(id);
      clearTimeout(timer);
      resolve(null);
    }
  });
}
