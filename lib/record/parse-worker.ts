// The recorder's parse worker (parse-pool.ts starts it): takes a whole burst of teed chunks and
// returns its raw lines and fold (stream-parse.ts), so the per-event work and garbage of a
// 20,000-event stream happen on this thread, not on the one that feeds every stream.
import { parentPort } from "node:worker_threads";
import { parseBurst, type BurstJob } from "./stream-parse";

parentPort?.on("message", (job: BurstJob) => {
  try {
    parentPort?.postMessage(parseBurst(job));
  } catch (e) {
    parentPort?.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
