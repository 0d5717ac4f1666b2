"use client";
// One job: attach to it live (GET ?stream=true, reconnecting with last_event_id after a drop,
// polling when streaming fails), its step waterfall from the recorded and live events, and the
// actions — cancel, delete (local / upstream / both), retry with the same or an edited request.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Job } from "@/lib/contract/jobs";
import { attachJob } from "@/lib/client/job-attach";
import { watchJob } from "@/lib/client/job-poller";
import { cancelJob, deleteJob, jobsApi, retryJob, type DeleteScope } from "@/lib/client/jobs-api";
import { buildWaterfall, timedEventsFromLines, type TimedEvent } from "@/lib/client/waterfall";
import type { CreateBody } from "@/lib/client/turn-model";
import { Button, IconButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";

/** The shared input style without its full width (these controls sit side by side). */
const fieldClass = inputClass.replace("w-full ", "");
import { XIcon } from "@/components/ui/icons";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDuration } from "./format";

const JsonEditor = dynamic(() => import("@/components/editor/json-editor"), { ssr: false });

const BAR_TONE: Record<string, string> = {
  thought: "bg-info",
  model_output: "bg-accent",
  function_call: "bg-warn",
  code_execution_call: "bg-warn",
  code_execution_result: "bg-ok",
  google_search_call: "bg-warn",
  google_search_result: "bg-ok",
};

export function JobDetail({ job, onClose, onChanged }: { job: Job; onClose: () => void; onChanged: () => void }) {
  const [events, setEvents] = useState<TimedEvent[]>([]);
  const [attach, setAttach] = useState<{ state: string; connections: number; replayedBefore: number | null }>({ state: "idle", connections: 0, replayedBefore: null });
  const [dropAfter, setDropAfter] = useState("");
  const [attachKey, setAttachKey] = useState(0);
  const [request, setRequest] = useState<CreateBody | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [scope, setScope] = useState<DeleteScope>("local");
  const [editing, setEditing] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const terminalAtOpen = useRef(job.terminal);

  // Load what the record holds, then attach for the rest (live jobs) or replay (never-streamed ones).
  useEffect(() => {
    const ac = new AbortController();
    let stopWatch: (() => void) | null = null;
    void (async () => {
      let recorded: TimedEvent[] = [];
      let lastId: string | null = null;
      try {
        const rec = await jobsApi.record(job.id, ac.signal);
        setRequest(rec.request as CreateBody);
        recorded = timedEventsFromLines(rec.events);
        lastId = rec.last_event_id;
      } catch {
        /* tracked ids may have no record yet */
      }
      if (ac.signal.aborted) return;
      setEvents(recorded);
      if (terminalAtOpen.current && recorded.length) return;
      const attachedAt = Date.now();
      setAttach({ state: "connecting", connections: 0, replayedBefore: lastId ? null : attachedAt });
      const n = Number(dropAfter);
      const firstHeaders = job.backend === "local" && dropAfter.trim() && Number.isInteger(n) && n >= 0 ? { "x-engine-fault": `drop-after=${n}` } : undefined;
      const end = await attachJob({
        backend: job.backend,
        sessionId: job.session_id ?? "jobs-dashboard",
        id: job.id,
        lastEventId: lastId,
        firstHeaders,
        signal: ac.signal,
        onEvent: (ev, t) => setEvents((all) => [...all, { t_ms: t, event: ev }]),
        onConnect: (attempt) => setAttach((a) => ({ ...a, state: attempt > 1 ? "reconnecting" : "streaming", connections: attempt })),
        onError: (m) => setAttach((a) => ({ ...a, state: `stream error: ${m}` })),
      });
      if (end === "poll") {
        setAttach((a) => ({ ...a, state: "polling (streaming failed)" }));
        stopWatch = watchJob(job.id, (j) => {
          if (j.terminal) {
            setAttach((a) => ({ ...a, state: `ended (${j.status}, seen by polling)` }));
            stopWatch?.();
          }
        });
      } else if (end === "terminal") setAttach((a) => ({ ...a, state: "ended" }));
      onChanged();
    })();
    return () => {
      ac.abort();
      stopWatch?.();
    };
    // dropAfter is read when (re)attaching only, on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job.id, job.backend, job.session_id, attachKey]);

  const wf = useMemo(() => buildWaterfall(events, job.created_ms), [events, job.created_ms]);
  const live = wf.end_ms === null && !job.terminal;
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [live]);
  const endMs = wf.end_ms ?? (job.terminal ? (job.completed_ms ?? now) : now);
  const total = Math.max(1, endMs - wf.start_ms);
  const ids = events.map((e) => (e.event as { event_id?: string }).event_id).filter(Boolean);
  const dupes = ids.length - new Set(ids).size;

  async function run(label: string, fn: () => Promise<{ message: string }>) {
    setAction(`${label}…`);
    const r = await fn();
    setAction(r.message);
    onChanged();
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-2 border-b border-line px-3 py-2">
        <h2 className="min-w-0 flex-1 truncate font-mono text-sm" title={job.id}>
          {job.id}
        </h2>
        <StatusBadge status={job.status} />
        <IconButton aria-label="Close job detail" size="sm" onClick={onClose}>
          <XIcon size={14} />
        </IconButton>
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto px-3 py-3 text-xs">
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1">
          <dt className="text-muted">Backend</dt>
          <dd>{job.backend}</dd>
          <dt className="text-muted">Model / agent</dt>
          <dd>{job.agent ?? job.model ?? "—"}</dd>
          <dt className="text-muted">Session</dt>
          <dd>{job.session_id ? <Link className="text-accent hover:underline" href={`/sessions/${job.session_id}`}>{job.session_id}</Link> : "— (tracked by id)"}</dd>
          <dt className="text-muted">Attach</dt>
          <dd data-testid="attach-state">
            {attach.state}
            {attach.connections > 1 ? ` · ${attach.connections} connections` : ""}
          </dd>
          <dt className="text-muted">Events</dt>
          <dd data-testid="event-count">
            {events.length} events{dupes ? `, ${dupes} duplicated` : ", no duplicate ids"}
          </dd>
        </dl>

        <section aria-label="Step waterfall">
          <h3 className="mb-1 font-semibold">Step waterfall</h3>
          <p className="mb-2 text-muted">
            Queued {wf.queued_ms === null ? "—" : formatDuration(wf.queued_ms)} · total {formatDuration(endMs - wf.start_ms)}
            {live ? " (running)" : ""}
          </p>
          {attach.replayedBefore ? (
            <p className="mb-2 text-faint">Events before {new Date(attach.replayedBefore).toLocaleTimeString()} were replayed on attach: their bars show arrival, not run time.</p>
          ) : null}
          <ol className="space-y-1" aria-label="Steps">
            {wf.bars.map((b) => {
              const end = b.end_ms ?? now;
              const left = ((b.start_ms - wf.start_ms) / total) * 100;
              const width = Math.max(0.8, ((end - b.start_ms) / total) * 100);
              return (
                <li key={b.index} aria-label={`Step ${b.index}: ${b.type}${b.label ? ` ${b.label}` : ""}, ${formatDuration(end - b.start_ms)}${b.end_ms === null ? " (running)" : ""}`}>
                  <div className="flex justify-between gap-2">
                    <span className="truncate">
                      {b.index}. {b.type}
                      {b.label ? <span className="text-muted"> · {b.label}</span> : null}
                    </span>
                    <span className="shrink-0 text-muted">{formatDuration(end - b.start_ms)}</span>
                  </div>
                  <div className="relative h-2 rounded bg-sunken">
                    <div className={cn("absolute h-2 rounded", BAR_TONE[b.type] ?? "bg-muted")} style={{ left: `${Math.min(99, left)}%`, width: `${Math.min(100 - Math.min(99, left), width)}%` }} />
                  </div>
                </li>
              );
            })}
          </ol>
          {!wf.bars.length ? <p className="text-muted">No steps yet.</p> : null}
        </section>

        <section aria-label="Job actions" className="space-y-2">
          <h3 className="font-semibold">Actions</h3>
          <div className="flex flex-wrap items-center gap-2">
            <Button size="sm" onClick={() => void run("Cancelling", () => cancelJob(job))}>
              Cancel job
            </Button>
            <select className={cn(fieldClass, "w-40")} aria-label="Delete scope" value={scope} onChange={(e) => setScope(e.target.value as DeleteScope)}>
              <option value="local">Local record</option>
              <option value="upstream">Upstream</option>
              <option value="both">Local and upstream</option>
            </select>
            <Button size="sm" variant="danger" onClick={() => void run("Deleting", () => deleteJob(job, scope))}>
              Delete job
            </Button>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button size="sm" disabled={!request} onClick={() => request && void run("Retrying", () => retryJob(job, request))}>
              Retry same request
            </Button>
            <Button size="sm" disabled={!request} onClick={() => setEditing(JSON.stringify(request, null, 2))}>
              Edit and retry
            </Button>
          </div>
          {editing !== null ? (
            <div className="space-y-2">
              <JsonEditor value={editing} onChange={setEditing} ariaLabel="Edited request JSON" height={220} />
              <div className="flex gap-2">
                <Button
                  size="sm"
                  variant="primary"
                  onClick={() => {
                    let body: CreateBody;
                    try {
                      body = JSON.parse(editing) as CreateBody;
                    } catch (e) {
                      setAction(`The edited request is not JSON: ${(e as Error).message}`);
                      return;
                    }
                    setEditing(null);
                    void run("Retrying", () => retryJob(job, body));
                  }}
                >
                  Run edited request
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
                  Discard edit
                </Button>
              </div>
            </div>
          ) : null}
          {action ? (
            <p role="status" className="break-words text-muted" data-testid="job-action-result">
              {action}
            </p>
          ) : null}
        </section>

        {job.backend === "local" ? (
          <section aria-label="Testing" className="space-y-1">
            <h3 className="font-semibold">Testing (engine only)</h3>
            <div className="flex items-center gap-2">
              <input className={cn(fieldClass, "w-24")} inputMode="numeric" aria-label="Drop attach stream after N events" placeholder="N events" value={dropAfter} onChange={(e) => setDropAfter(e.target.value)} />
              <Button size="sm" onClick={() => { setEvents([]); setAttachKey((k) => k + 1); }}>
                Re-attach
              </Button>
            </div>
            <p className="text-faint">Sends x-engine-fault: drop-after=N on the first attach request; the reconnect resumes with last_event_id.</p>
          </section>
        ) : null}
      </div>
    </div>
  );
}
