// The jobs poller's pace (lib/client/job-poller.ts), browser-safe and free of zod: the job shape
// it reads is a type only.
import type { Job } from "./jobs";

/**
 * How long to wait before the next batch status request: fast for young jobs, backing off to
 * 30 s for old ones; null when nothing is left to poll. The youngest running job sets the pace.
 */
export function nextPollDelay(jobs: readonly Pick<Job, "terminal" | "created_ms">[], nowMs: number): number | null {
  let youngest = Infinity;
  for (const j of jobs) if (!j.terminal) youngest = Math.min(youngest, Math.max(0, nowMs - j.created_ms));
  if (youngest === Infinity) return null;
  if (youngest < 30_000) return 1_000;
  if (youngest < 120_000) return 2_000;
  if (youngest < 600_000) return 5_000;
  if (youngest < 1_800_000) return 15_000;
  return 30_000;
}
