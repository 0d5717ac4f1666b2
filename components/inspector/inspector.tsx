"use client";
// Inspector for one recorded turn: the exact request and response JSON, the raw SSE lines the
// proxy passed (with arrival offsets), and the event timeline with TTFT and tokens per second.
// Reads GET /api/record/interactions/{id} (docs/app-api.md); polls while the turn is still running.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import JsonEditor from "@/components/editor/json-editor";
import { useRecordedInteraction } from "@/lib/client/queries";
import { MONACO_LANGUAGE, SNIPPET_LABEL, SNIPPET_LANGUAGES, buildSnippet, type SnippetLanguage } from "./code-snippets";
import type { RecordedInteraction } from "@/lib/contract/app-api";
import { buildTimeline, formatMs, formatOffset, type Timeline, type TimelineEntry } from "./timeline";

const TABS = ["Request", "Response", "Raw SSE", "Timeline", "Code"] as const;
type Tab = (typeof TABS)[number];

/** Raw lines rendered per page; a 2,000-word run has a few thousand lines. */
const RAW_PAGE = 500;

function pretty(v: unknown): string {
  return v === undefined ? "" : JSON.stringify(v, null, 2);
}

export interface InspectorProps {
  interactionId: string;
  onClose: () => void;
}

export default function Inspector({ interactionId, onClose }: InspectorProps) {
  const [tab, setTab] = useState<Tab>("Request");
  const baseId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const query = useRecordedInteraction(interactionId);

  // Focus the dialog on open; give focus back to whatever opened it on close.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => opener?.focus?.();
  }, []);

  const dialogRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== "Tab" || !dialogRef.current) return;
    // Keep keyboard focus inside the modal dialog.
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>('button, [href], input, textarea, select, [tabindex]:not([tabindex="-1"])')].filter(
      (el) => !el.hasAttribute("disabled") && el.offsetParent !== null,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const dir = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!dir) return;
    e.preventDefault();
    const next = (i + dir + TABS.length) % TABS.length;
    setTab(TABS[next] ?? "Request");
    tabRefs.current[next]?.focus();
  };

  const data = query.data;
  const timeline = useMemo(() => (data ? buildTimeline(data) : null), [data]);

  return (
    <div className="fixed inset-0 z-50 flex items-stretch justify-end bg-black/40" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-label="Inspector"
        onKeyDown={onKeyDown}
        className="flex h-full w-full max-w-4xl flex-col bg-white text-neutral-900 shadow-xl dark:bg-neutral-950 dark:text-neutral-100"
      >
        <header className="flex items-start gap-3 border-b border-neutral-200 px-4 py-3 dark:border-neutral-800">
          <div className="min-w-0 flex-1">
            <h2 className="text-base font-semibold">Inspector</h2>
            <p className="truncate font-mono text-xs text-neutral-600 dark:text-neutral-400" title={interactionId}>
              {interactionId}
            </p>
            {data && <Summary data={data} />}
          </div>
          <button
            ref={closeRef}
            type="button"
            onClick={onClose}
            aria-label="Close inspector"
            className="rounded px-2 py-1 text-sm hover:bg-neutral-100 focus-visible:outline focus-visible:outline-2 dark:hover:bg-neutral-800"
          >
            ✕
          </button>
        </header>

        <div role="tablist" aria-label="Inspector views" className="flex gap-1 overflow-x-auto border-b border-neutral-200 px-2 dark:border-neutral-800">
          {TABS.map((t, i) => (
            <button
              key={t}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${i}`}
              aria-selected={tab === t}
              aria-controls={`${baseId}-panel`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setTab(t)}
              onKeyDown={(e) => onTabKey(e, i)}
              className={
                "whitespace-nowrap border-b-2 px-3 py-2 text-sm " +
                (tab === t
                  ? "border-blue-600 font-medium text-blue-700 dark:border-blue-400 dark:text-blue-300"
                  : "border-transparent text-neutral-600 hover:text-neutral-900 dark:text-neutral-400 dark:hover:text-neutral-100")
              }
            >
              {t}
            </button>
          ))}
        </div>

        <div
          role="tabpanel"
          id={`${baseId}-panel`}
          aria-labelledby={`${baseId}-tab-${TABS.indexOf(tab)}`}
          className="min-h-0 flex-1 overflow-auto p-4"
        >
          {query.isPending ? (
            <p role="status">Loading interaction record…</p>
          ) : query.isError ? (
            <p role="alert" className="text-red-700 dark:text-red-400">
              Could not load the record of {interactionId}: {query.error.message}
            </p>
          ) : data && timeline ? (
            <TabBody tab={tab} data={data} timeline={timeline} />
          ) : null}
        </div>
      </div>
    </div>
  );
}

function Summary({ data }: { data: RecordedInteraction }) {
  const items: [string, string][] = [
    ["Status", data.status],
    ["Backend", data.backend],
    [data.agent ? "Agent" : "Model", data.agent ?? data.model ?? "—"],
    ["HTTP", String(data.http_status)],
    ["Mode", [data.stream ? "stream" : "unary", data.background ? "background" : null, data.store ? null : "store off"].filter(Boolean).join(", ")],
  ];
  return (
    <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs">
      {items.map(([k, v]) => (
        <div key={k} className="flex gap-1">
          <dt className="text-neutral-500 dark:text-neutral-400">{k}</dt>
          <dd className="font-medium">{v}</dd>
        </div>
      ))}
      {!data.terminal && (
        <div className="font-medium text-amber-700 dark:text-amber-400">{data.stream ? "No terminal event seen (yet)" : "Still running"}</div>
      )}
    </dl>
  );
}

function TabBody({ tab, data, timeline }: { tab: Tab; data: RecordedInteraction; timeline: Timeline }) {
  switch (tab) {
    case "Request":
      return <JsonEditor value={pretty(data.request)} readOnly ariaLabel="Request JSON" height="calc(100vh - 220px)" />;
    case "Response":
      return (
        <div className="space-y-2">
          {data.error && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              Error{data.error.code ? ` ${data.error.code}` : ""}: {data.error.message ?? "unknown"}
            </p>
          )}
          {data.interaction ? (
            <JsonEditor value={pretty(data.interaction)} readOnly ariaLabel="Response JSON" height="calc(100vh - 240px)" />
          ) : (
            <p className="text-sm text-neutral-600 dark:text-neutral-400">No interaction was recorded for this turn.</p>
          )}
        </div>
      );
    case "Raw SSE":
      return <RawLines data={data} timeline={timeline} />;
    case "Timeline":
      return <TimelineView timeline={timeline} />;
    case "Code":
      return <CodeView data={data} />;
  }
}

/** Runnable snippets that send this turn's request again (TypeScript SDK, Python, curl). */
function CodeView({ data }: { data: RecordedInteraction }) {
  const [lang, setLang] = useState<SnippetLanguage>("typescript");
  // The outcome of the last copy, for the snippet it copied (switching language clears it).
  const [copied, setCopied] = useState<{ code: string; ok: boolean } | null>(null);
  const code = useMemo(
    () => buildSnippet(lang, { request: data.request, backend: data.backend, api_version: data.api_version, origin: window.location.origin }),
    [lang, data.request, data.backend, data.api_version],
  );
  const copy = () =>
    (navigator.clipboard?.writeText(code) ?? Promise.reject(new Error("no clipboard"))).then(
      () => setCopied({ code, ok: true }),
      () => setCopied({ code, ok: false }),
    );
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Snippet language" className="flex gap-1">
          {SNIPPET_LANGUAGES.map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={lang === l}
              onClick={() => setLang(l)}
              className={
                "rounded border px-2.5 py-1 text-sm " +
                (lang === l
                  ? "border-blue-600 bg-blue-50 font-medium text-blue-700 dark:border-blue-400 dark:bg-blue-950 dark:text-blue-300"
                  : "border-neutral-300 text-neutral-700 hover:bg-neutral-100 dark:border-neutral-700 dark:text-neutral-300 dark:hover:bg-neutral-800")
              }
            >
              {SNIPPET_LABEL[l]}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => void copy()}
          className="ml-auto rounded border border-neutral-300 px-2.5 py-1 text-sm hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800"
        >
          Copy code
        </button>
        <span role="status" className="text-xs text-neutral-600 dark:text-neutral-400">
          {copied?.code === code ? (copied.ok ? "Copied" : "Copy failed") : ""}
        </span>
      </div>
      <p className="text-xs text-neutral-600 dark:text-neutral-400">
        Sends this turn&apos;s request again on the {data.backend === "gemini"
          ? "Gemini API (key from GEMINI_API_KEY)"
          : data.backend === "openai"
            ? "engine over the OpenAI-compatible server, through the proxy at /api/backends/openai"
            : "embedded engine at /engine"}.
        {lang === "python" ? " Python is unverified here." : ""}
      </p>
      <JsonEditor key={lang} value={code} readOnly language={MONACO_LANGUAGE[lang]} ariaLabel="Code snippet" height="calc(100vh - 280px)" />
    </div>
  );
}

function lineClass(e: TimelineEntry): string {
  if (e.isError) return "text-red-700 dark:text-red-400";
  if (e.kind === "comment" || e.kind === "blank") return "text-neutral-400 dark:text-neutral-600";
  if (e.kind === "done") return "text-green-700 dark:text-green-400";
  if (e.kind === "bare" || e.kind === "invalid") return "text-amber-700 dark:text-amber-400";
  return "";
}

function RawLines({ data, timeline }: { data: RecordedInteraction; timeline: Timeline }) {
  const [shown, setShown] = useState(RAW_PAGE);
  const entries = timeline.entries;
  if (!entries.length) {
    return (
      <p className="text-sm text-neutral-600 dark:text-neutral-400">
        {data.stream ? "No SSE lines were recorded for this turn." : "This turn was not streamed: there are no SSE lines (see Response)."}
      </p>
    );
  }
  const visible = entries.slice(0, shown);
  return (
    <div>
      <p className="mb-2 text-xs text-neutral-600 dark:text-neutral-400">
        {entries.length.toLocaleString("en-US")} lines as the proxy passed them; offsets from the request.
      </p>
      <ol aria-label="Raw SSE lines" className="font-mono text-xs leading-5">
        {visible.map((e) => (
          <li key={e.seq} className={"flex gap-3 " + lineClass(e)}>
            <span className="w-20 shrink-0 text-right tabular-nums text-neutral-500 dark:text-neutral-400">{formatOffset(e.offsetMs)}</span>
            <span className="min-w-0 whitespace-pre-wrap break-all">{e.line === "" ? "\u00a0" : e.line}</span>
          </li>
        ))}
      </ol>
      {shown < entries.length && (
        <button
          type="button"
          onClick={() => setShown((n) => n + RAW_PAGE * 4)}
          className="mt-2 rounded border border-neutral-300 px-3 py-1 text-sm dark:border-neutral-700"
        >
          Show more lines ({(entries.length - shown).toLocaleString("en-US")} hidden)
        </button>
      )}
    </div>
  );
}

function TimelineView({ timeline }: { timeline: Timeline }) {
  const [shown, setShown] = useState(RAW_PAGE);
  const m = timeline.metrics;
  const events = timeline.entries.filter((e) => e.kind === "event" || e.kind === "done" || e.kind === "bare" || e.kind === "invalid");
  const stats: [string, string][] = [
    ["Time to first token", formatMs(m.ttftMs)],
    ["First event", formatMs(m.firstEventMs)],
    ["Total duration", formatMs(m.totalMs)],
    ["Output tokens", m.outputTokens === null ? "—" : m.outputTokens.toLocaleString("en-US")],
    ["Tokens per second", m.tokensPerSecond !== null ? m.tokensPerSecond.toFixed(1) : m.overallTokensPerSecond !== null ? `${m.overallTokensPerSecond.toFixed(1)} (whole request)` : "—"],
    ["Events", m.eventCount.toLocaleString("en-US")],
  ];
  return (
    <div className="space-y-4">
      <dl aria-label="Timing summary" className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        {stats.map(([k, v]) => (
          <div key={k} className="rounded border border-neutral-200 p-2 dark:border-neutral-800">
            <dt className="text-xs text-neutral-500 dark:text-neutral-400">{k}</dt>
            <dd className="font-mono text-sm font-medium tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      {!m.sawTerminal && events.length > 0 && (
        <p className="text-sm text-amber-700 dark:text-amber-400">The stream ended without a terminal event.</p>
      )}
      {events.length ? (
        <>
          <table className="w-full text-left font-mono text-xs">
            <caption className="sr-only">Events in arrival order</caption>
            <thead className="text-neutral-500 dark:text-neutral-400">
              <tr>
                <th scope="col" className="py-1 pr-3 text-right font-normal">
                  Offset
                </th>
                <th scope="col" className="py-1 pr-3 font-normal">
                  Type
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-normal">
                  Index
                </th>
                <th scope="col" className="py-1 pr-3 font-normal">
                  Detail
                </th>
                <th scope="col" className="py-1 font-normal">
                  Event id
                </th>
              </tr>
            </thead>
            <tbody>
              {events.slice(0, shown).map((e) => (
                <tr key={e.seq} className={"border-t border-neutral-100 dark:border-neutral-900 " + lineClass(e)}>
                  <td className="py-0.5 pr-3 text-right tabular-nums">{formatMs(e.offsetMs)}</td>
                  <td className="py-0.5 pr-3">{e.kind === "event" ? e.eventType : e.kind === "done" ? "[DONE]" : e.kind}</td>
                  <td className="py-0.5 pr-3 text-right tabular-nums">{e.index ?? ""}</td>
                  <td className="py-0.5 pr-3">{e.detail ?? ""}</td>
                  <td className="py-0.5">{e.eventId ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown < events.length && (
            <button
              type="button"
              onClick={() => setShown((n) => n + RAW_PAGE * 4)}
              className="rounded border border-neutral-300 px-3 py-1 text-sm dark:border-neutral-700"
            >
              Show more events ({(events.length - shown).toLocaleString("en-US")} hidden)
            </button>
          )}
        </>
      ) : (
        <p className="text-sm text-neutral-600 dark:text-neutral-400">No events: this turn was not streamed.</p>
      )}
    </div>
  );
}
