"use client";
// One status poller per tab for every background job anything on the page is waiting for (the
// jobs dashboard, the session pane): one POST /api/jobs/status per interval for all non-terminal
// ids, however many jobs and components there are. The interval adapts to the youngest job
// (nextPollDelay: 1 s while young, backing off to 30 s), the poller pauses while the tab is hidden
// and polls at once when it is shown again, and terminal jobs drop out of the request.
import { create } from "zustand";
import type { Job, JobsResponse } from "@/lib/contract/jobs";
import { nextPollDelay } from "@/lib/contract/poll-delay";
import { apiFetch } from "./api";

interface JobStatusState {
  byId: Record<string, Job>;
  put: (jobs: Job[]) => void;
}

/** The latest status of every job this tab has heard about (from the poller or a list). */
export const useJobStatus = create<JobStatusState>()((set) => ({
  byId: {},
  put: (jobs) =>
    set((s) => {
      if (!jobs.length) return s;
      const byId = { ...s.byId };
      for (const j of jobs) byId[j.id] = j;
      return { byId };
    }),
}));

type Listener = (job: Job) => void;
const watchers = new Map<string, Set<Listener>>();
/** When each watched id started being watched (a job not seen yet counts as young). */
const since = new Map<string, number>();
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;
let visibilityHooked = false;

export const pollerStats = { requests: 0 };

function hidden(): boolean {
  return typeof document !== "undefined" && document.visibilityState === "hidden";
}

function pendingIds(): string[] {
  const known = useJobStatus.getState().byId;
  return [...watchers.keys()].filter((id) => !known[id]?.terminal);
}

function delay(): number | null {
  const ids = pendingIds();
  if (!ids.length) return null;
  const known = useJobStatus.getState().byId;
  const now = Date.now();
  return nextPollDelay(ids.map((id) => known[id] ?? { terminal: false, created_ms: since.get(id) ?? now }), now);
}

function schedule(ms?: number): void {
  if (timer) clearTimeout(timer);
  timer = null;
  if (hidden()) return; // resumed by visibilitychange
  const d = ms ?? delay();
  if (d === null) return;
  timer = setTimeout(() => void tick(), d);
}

async function tick(): Promise<void> {
  timer = null;
  const ids = pendingIds();
  if (!ids.length || inFlight || hidden()) return;
  inFlight = true;
  try {
    pollerStats.requests++;
    const res = await apiFetch<JobsResponse>("/api/jobs/status", { method: "POST", json: { ids } });
    useJobStatus.getState().put(res.jobs);
    for (const job of res.jobs) for (const fn of watchers.get(job.id) ?? []) fn(job);
  } catch {
    /* the next tick tries again */
  } finally {
    inFlight = false;
    schedule();
  }
}

function hookVisibility(): void {
  if (visibilityHooked || typeof document === "undefined") return;
  visibilityHooked = true;
  document.addEventListener("visibilitychange", () => {
    if (!hidden()) schedule(0);
  });
}

/**
 * Watch a job until the caller unsubscribes: `fn` gets every status the poller reads. A job
 * already terminal is not polled (its watcher just never hears more).
 */
export function watchJob(id: string, fn: Listener): () => void {
  hookVisibility();
  let set = watchers.get(id);
  if (!set) watchers.set(id, (set = new Set()));
  set.add(fn);
  if (!since.has(id)) since.set(id, Date.now());
  if (!timer && !inFlight) schedule(Math.min(delay() ?? 1_000, 1_000));
  return () => {
    const s = watchers.get(id);
    s?.delete(fn);
    if (s && !s.size) {
      watchers.delete(id);
      since.delete(id);
    }
  };
}

/** Ask for a poll now (after a cancel, a track, a tab coming back). */
export function pollNow(): void {
  schedule(0);
}
