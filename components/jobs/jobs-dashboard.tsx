"use client";
// /jobs: every background interaction the playground knows (the record's background turns plus
// ids tracked by hand), live through the tab's one batch status poller; filters, sort, search,
// virtualized rows, bulk cancel/delete, a detail panel (attach, waterfall, actions), toasts and
// opt-in browser notifications when a job ends.
import { BACKEND_IDS } from "@/lib/contract/backend-id";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Job } from "@/lib/contract/jobs";
import { pollNow, useJobStatus, watchJob } from "@/lib/client/job-poller";
import { cancelJob, deleteJob, jobsApi, type DeleteScope } from "@/lib/client/jobs-api";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";

/** The shared input style without its full width (these controls sit side by side). */
const fieldClass = inputClass.replace("w-full ", "");
import { StatusBadge } from "@/components/ui/status-badge";
import { JobDetail } from "./job-detail";
import { formatDuration } from "./format";

const ROW_HEIGHT = 44;
const COLUMNS = "2rem minmax(11rem,1.4fr) 5rem minmax(9rem,1fr) 8.5rem 6rem 5.5rem 3.5rem 4.5rem 6.5rem 5.5rem";

type TimeFilter = "all" | "1h" | "24h" | "7d";
type SortKey = "created_desc" | "created_asc" | "elapsed_desc" | "status";

interface Toast {
  key: number;
  job: Job;
}

function targetOf(j: Job): string {
  return j.agent ?? j.model ?? "—";
}

function elapsedOf(j: Job, now: number): number {
  return (j.completed_ms ?? (j.terminal ? j.last_change_ms : now)) - j.created_ms;
}

const JobRow = memo(function JobRow({
  job,
  now,
  selected,
  onSelect,
  onOpen,
  open,
  top,
}: {
  job: Job;
  now: number;
  selected: boolean;
  onSelect: (id: string, on: boolean) => void;
  onOpen: (id: string) => void;
  open: boolean;
  top: number;
}) {
  return (
    <div
      role="row"
      aria-selected={open}
      className={cn("absolute inset-x-0 grid items-center gap-2 border-b border-line px-2 text-xs", open ? "bg-accent-soft" : "hover:bg-sunken")}
      style={{ top, height: ROW_HEIGHT, gridTemplateColumns: COLUMNS }}
    >
      <div role="cell">
        <input type="checkbox" aria-label={`Select ${job.id}`} checked={selected} onChange={(e) => onSelect(job.id, e.target.checked)} />
      </div>
      <div role="cell" className="min-w-0">
        <button type="button" className="block max-w-full truncate font-mono text-accent hover:underline" onClick={() => onOpen(job.id)} aria-label={`Open job ${job.id}`}>
          {job.id}
        </button>
        <span className="block truncate text-faint" title={job.prompt}>
          {job.prompt || (job.tracked ? "tracked by id" : "")}
        </span>
      </div>
      <div role="cell">{job.backend}</div>
      <div role="cell" className="truncate" title={targetOf(job)}>
        {targetOf(job)}
      </div>
      <div role="cell" className="flex flex-wrap items-center gap-1">
        <StatusBadge status={job.status} />
        {job.not_found === "grace" ? <span className="text-warn">404 (grace)</span> : null}
        {job.stuck_ms !== null ? <span className="text-warn">possibly stuck {formatDuration(job.stuck_ms)}</span> : null}
      </div>
      <div role="cell" title={new Date(job.created_ms).toISOString()}>
        {new Date(job.created_ms).toLocaleTimeString()}
      </div>
      <div role="cell">{formatDuration(elapsedOf(job, now))}</div>
      <div role="cell">{job.steps}</div>
      <div role="cell">{job.tokens ?? "—"}</div>
      <div role="cell">{formatDuration(Math.max(0, now - job.last_change_ms))} ago</div>
      <div role="cell">
        {job.session_id ? (
          <Link className="text-accent hover:underline" href={`/sessions/${job.session_id}`} aria-label={`Open session of ${job.id}`}>
            session
          </Link>
        ) : (
          <span className="text-faint">—</span>
        )}
      </div>
    </div>
  );
});

export function JobsDashboard() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["jobs"], queryFn: ({ signal }) => jobsApi.list(signal), refetchInterval: 30_000 });
  const byId = useJobStatus((s) => s.byId);
  const put = useJobStatus((s) => s.put);
  const [now, setNow] = useState(() => Date.now());
  const [status, setStatus] = useState("all");
  const [backend, setBackend] = useState("all");
  const [target, setTarget] = useState("all");
  const [time, setTime] = useState<TimeFilter>("all");
  const [sort, setSort] = useState<SortKey>("created_desc");
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [bulkScope, setBulkScope] = useState<DeleteScope>("local");
  const [message, setMessage] = useState<string | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [notify, setNotify] = useState(false);
  const [trackId, setTrackId] = useState("");
  const [trackBackend, setTrackBackend] = useState("local");
  const [trackMsg, setTrackMsg] = useState<string | null>(null);
  const toastSeq = useRef(0);

  useEffect(() => {
    if (list.data) put(list.data.jobs);
  }, [list.data, put]);

  const ids = useMemo(() => list.data?.jobs.map((j) => j.id) ?? [], [list.data]);
  const jobs = useMemo(() => ids.map((id) => byId[id]).filter((j): j is Job => !!j), [ids, byId]);

  // Watch every non-terminal job through the shared poller; announce each end once.
  const runningIds = useMemo(() => jobs.filter((j) => !j.terminal).map((j) => j.id), [jobs]);
  const notifyRef = useRef(notify);
  useEffect(() => {
    notifyRef.current = notify;
  }, [notify]);
  useEffect(() => {
    const stops = runningIds.map((id) =>
      watchJob(id, (job) => {
        if (!job.terminal) return;
        setToasts((t) => [...t.slice(-4), { key: ++toastSeq.current, job }]);
        if (notifyRef.current && typeof Notification !== "undefined" && Notification.permission === "granted") {
          new Notification(`Job ${job.status}`, { body: `${job.id} (${job.agent ?? job.model ?? job.backend})` });
        }
      }),
    );
    return () => stops.forEach((s) => s());
  }, [runningIds]);

  const running = runningIds.length;
  useEffect(() => {
    document.title = running ? `(${running} running) Jobs · Interactions Playground` : "Jobs · Interactions Playground";
  }, [running]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, []);

  const options = useMemo(() => {
    const s = new Set<string>();
    const b = new Set<string>();
    const m = new Set<string>();
    for (const j of jobs) {
      s.add(j.status);
      b.add(j.backend);
      m.add(targetOf(j));
    }
    return { statuses: [...s].sort(), backends: [...b].sort(), targets: [...m].sort() };
  }, [jobs]);

  // The time filter is coarse on purpose: it is recomputed when the list changes, not every second.
  const filtered = useMemo(() => {
    const text = q.trim().toLowerCase();
    const since = time === "all" ? 0 : Date.now() - { "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000 }[time];
    const out = jobs.filter(
      (j) =>
        (status === "all" || (status === "running" ? !j.terminal : j.status === status)) &&
        (backend === "all" || j.backend === backend) &&
        (target === "all" || targetOf(j) === target) &&
        j.created_ms >= since &&
        (!text || j.id.toLowerCase().includes(text) || j.prompt.toLowerCase().includes(text)),
    );
    const t = Date.now();
    const cmp: Record<SortKey, (a: Job, b: Job) => number> = {
      created_desc: (a, b) => b.created_ms - a.created_ms,
      created_asc: (a, b) => a.created_ms - b.created_ms,
      elapsed_desc: (a, b) => elapsedOf(b, t) - elapsedOf(a, t),
      status: (a, b) => a.status.localeCompare(b.status) || b.created_ms - a.created_ms,
    };
    return out.sort(cmp[sort]);
  }, [jobs, q, time, status, backend, target, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer is mutable by design (the React Compiler skips this component; rows are memo()ed by hand).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: filtered.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  const onSelect = useCallback((id: string, on: boolean) => {
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  }, []);
  const onOpen = useCallback((id: string) => setOpenId(id), []);

  const refresh = useCallback(() => {
    void qc.invalidateQueries({ queryKey: ["jobs"] });
    pollNow();
  }, [qc]);

  const selectedJobs = filtered.filter((j) => selected.has(j.id));
  async function bulkCancel() {
    const results = await Promise.all(selectedJobs.filter((j) => !j.terminal).map((j) => cancelJob(j).then((r) => `${j.id}: ${r.message}`)));
    setMessage(results.length ? results.join("\n") : "No running job selected.");
    refresh();
  }
  async function bulkDelete() {
    const results = await Promise.all(selectedJobs.map((j) => deleteJob(j, bulkScope).then((r) => `${j.id}: ${r.message}`)));
    setMessage(results.join("\n"));
    setSelected(new Set());
    refresh();
  }
  async function track(e: React.FormEvent) {
    e.preventDefault();
    const id = trackId.trim();
    if (!id) return;
    try {
      const job = await jobsApi.track({ id, backend: trackBackend });
      put([job]);
      setTrackMsg(job.not_found === "grace" ? `Tracking ${id}: not visible yet (404 within the grace period).` : `Tracking ${id} (${job.status}).`);
      setTrackId("");
      refresh();
    } catch (err) {
      setTrackMsg(`Could not track ${id}: ${(err as Error).message}`);
    }
  }

  const openJob = openId ? (byId[openId] ?? null) : null;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b border-line px-4 py-3">
        <h1 className="text-base font-semibold">Background jobs</h1>
        <span className="text-xs text-muted" aria-live="polite">
          {jobs.length} jobs · {running} running
        </span>
        <label className="ml-auto flex items-center gap-1 text-xs">
          <input
            type="checkbox"
            checked={notify}
            onChange={async (e) => {
              const on = e.target.checked;
              if (on && typeof Notification !== "undefined" && Notification.permission === "default") await Notification.requestPermission();
              setNotify(on);
            }}
          />
          Browser notifications
        </label>
      </header>

      <form onSubmit={track} className="flex flex-wrap items-center gap-2 border-b border-line px-4 py-2" aria-label="Track an interaction id">
        <input className={cn(fieldClass, "w-72 max-w-full font-mono")} aria-label="Interaction id to track" placeholder="Track an interaction id (e.g. made with curl)" value={trackId} onChange={(e) => setTrackId(e.target.value)} />
        <select className={cn(fieldClass, "w-28")} aria-label="Backend of the tracked id" value={trackBackend} onChange={(e) => setTrackBackend(e.target.value)}>
          {BACKEND_IDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
        <Button type="submit" size="sm">
          Track
        </Button>
        {trackMsg ? (
          <span role="status" className="text-xs text-muted">
            {trackMsg}
          </span>
        ) : null}
      </form>

      <div className="flex flex-wrap items-center gap-2 border-b border-line px-4 py-2" role="group" aria-label="Filters">
        <input type="search" className={cn(fieldClass, "w-56")} aria-label="Search jobs by id or prompt" placeholder="Search id or prompt" value={q} onChange={(e) => setQ(e.target.value)} />
        <select className={cn(fieldClass, "w-36")} aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="all">All statuses</option>
          <option value="running">Running</option>
          {options.statuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select className={cn(fieldClass, "w-32")} aria-label="Filter by backend" value={backend} onChange={(e) => setBackend(e.target.value)}>
          <option value="all">All backends</option>
          {options.backends.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select className={cn(fieldClass, "w-48")} aria-label="Filter by model or agent" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="all">All models and agents</option>
          {options.targets.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select className={cn(fieldClass, "w-32")} aria-label="Filter by time" value={time} onChange={(e) => setTime(e.target.value as TimeFilter)}>
          <option value="all">Any time</option>
          <option value="1h">Last hour</option>
          <option value="24h">Last 24 h</option>
          <option value="7d">Last 7 days</option>
        </select>
        <select className={cn(fieldClass, "w-40")} aria-label="Sort jobs" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
          <option value="created_desc">Newest first</option>
          <option value="created_asc">Oldest first</option>
          <option value="elapsed_desc">Longest running</option>
          <option value="status">By status</option>
        </select>
        <span className="mx-1 h-5 w-px bg-line" aria-hidden="true" />
        <Button size="sm" disabled={!selectedJobs.length} onClick={() => void bulkCancel()}>
          Cancel selected
        </Button>
        <select className={cn(fieldClass, "w-40")} aria-label="Bulk delete scope" value={bulkScope} onChange={(e) => setBulkScope(e.target.value as DeleteScope)}>
          <option value="local">Local record</option>
          <option value="upstream">Upstream</option>
          <option value="both">Local and upstream</option>
        </select>
        <Button size="sm" variant="danger" disabled={!selectedJobs.length} onClick={() => void bulkDelete()}>
          Delete selected
        </Button>
      </div>
      {message ? (
        <pre role="status" className="max-h-24 overflow-auto border-b border-line px-4 py-2 text-xs whitespace-pre-wrap text-muted">
          {message}
        </pre>
      ) : null}

      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="flex min-h-0 min-w-0 flex-1 flex-col overflow-x-auto">
          <div role="table" aria-label="Background jobs" aria-rowcount={filtered.length} className="flex min-h-0 min-w-[68rem] flex-1 flex-col">
            <div role="row" className="grid gap-2 border-b border-line bg-panel px-2 py-1.5 text-[11px] font-medium text-muted" style={{ gridTemplateColumns: COLUMNS }}>
              <div role="columnheader">
                <input
                  type="checkbox"
                  aria-label="Select all shown jobs"
                  checked={filtered.length > 0 && filtered.every((j) => selected.has(j.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(filtered.map((j) => j.id)) : new Set())}
                />
              </div>
              <div role="columnheader">Interaction</div>
              <div role="columnheader">Backend</div>
              <div role="columnheader">Model / agent</div>
              <div role="columnheader">Status</div>
              <div role="columnheader">Created</div>
              <div role="columnheader">Elapsed</div>
              <div role="columnheader">Steps</div>
              <div role="columnheader">Tokens</div>
              <div role="columnheader">Last change</div>
              <div role="columnheader">Session</div>
            </div>
            <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-y-auto" data-testid="jobs-scroll">
              {list.isPending ? <p className="p-4 text-sm text-muted">Loading jobs…</p> : null}
              {list.isError ? (
                <p role="alert" className="p-4 text-sm text-err">
                  Could not load jobs: {list.error.message}
                </p>
              ) : null}
              {list.data && !filtered.length ? <p className="p-4 text-sm text-muted">No background jobs match. Start one with Background on in a session, or track an id.</p> : null}
              <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
                {virtualizer.getVirtualItems().map((v) => {
                  const job = filtered[v.index] as Job;
                  return <JobRow key={job.id} job={job} now={now} top={v.start} selected={selected.has(job.id)} onSelect={onSelect} onOpen={onOpen} open={job.id === openId} />;
                })}
              </div>
            </div>
          </div>
        </div>
        {openJob ? (
          <aside aria-label="Job detail" className="flex max-h-[60vh] min-h-0 flex-col border-t border-line bg-panel lg:max-h-none lg:w-[28rem] lg:border-t-0 lg:border-l">
            <JobDetail key={openJob.id} job={openJob} onClose={() => setOpenId(null)} onChanged={refresh} />
          </aside>
        ) : null}
      </div>

      <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex flex-col gap-2" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.key} role="status" className="pointer-events-auto flex items-center gap-2 rounded-lg border border-line bg-raised px-3 py-2 text-xs shadow-card">
            <span>
              Job <span className="font-mono">{t.job.id.slice(0, 16)}…</span> ended: <strong>{t.job.status}</strong>
            </span>
            <button type="button" className="text-accent hover:underline" onClick={() => setOpenId(t.job.id)}>
              Open
            </button>
            <button type="button" aria-label="Dismiss" className="text-muted" onClick={() => setToasts((all) => all.filter((x) => x.key !== t.key))}>
              ×
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
