// Pure computations behind the inspector's "Raw SSE" and "Timeline" tabs: classify the raw lines
// the proxy recorded (docs/app-api.md, GET /api/record/interactions/{id}), give each an offset from
// the request's arrival, and derive time to first token, tokens per second and total duration.
// No React, no DOM: unit-tested against tests/fixtures/sse/*.sse.
import { outputTokens } from "@/lib/interactions/fold";
import type { Usage } from "@/lib/interactions/types";

import type { RecordedInteraction, RecordedLine } from "@/lib/contract/app-api";

export type { RecordedLine, RecordedInteraction } from "@/lib/contract/app-api";

export type LineKind =
  | "event" // a `data:` line holding an Interactions event
  | "done" // `data: [DONE]`
  | "comment" // `: keep-alive` and other SSE comments
  | "field" // other SSE fields (event:, id:, retry:)
  | "blank" // the blank line that ends an SSE frame
  | "bare" // not SSE at all (e.g. the live service's bare JSON error line)
  | "invalid"; // a `data:` payload that is not JSON

export interface TimelineEntry {
  seq: number;
  /** ms since the request reached the proxy (created_ms); never negative. */
  offsetMs: number;
  kind: LineKind;
  line: string;
  eventType?: string;
  index?: number;
  eventId?: string;
  /** Delta type for step.delta, step type for step.start, status for status events. */
  detail?: string;
  /** A line that carries an error (error event or bare error JSON). */
  isError?: boolean;
}

export interface TimelineMetrics {
  /** ms from request to the first event of any kind (null: no events). */
  firstEventMs: number | null;
  /** ms from request to the first generated token (first content delta); null if none. */
  ttftMs: number | null;
  /** ms from request to the end (completion, or last line seen). */
  totalMs: number | null;
  /** Output (+ thought) tokens, from usage. */
  outputTokens: number | null;
  /** Output tokens per second over the generation window (first token → last content event). */
  tokensPerSecond: number | null;
  /** Output tokens per second over the whole request (fallback when there was no stream). */
  overallTokensPerSecond: number | null;
  eventCount: number;
  usage: Usage | null;
  /** A terminal event (interaction.completed / error) or [DONE] was seen. */
  sawTerminal: boolean;
}

export interface Timeline {
  entries: TimelineEntry[];
  metrics: TimelineMetrics;
}

const CONTENT_DELTAS = new Set(["text", "thought_summary", "arguments_delta", "image", "audio", "document", "video"]);

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function classifyPayload(entry: TimelineEntry, payload: string): void {
  if (payload === "[DONE]") {
    entry.kind = "done";
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    entry.kind = "invalid";
    return;
  }
  const obj = asRecord(parsed);
  if (!obj) {
    entry.kind = "invalid";
    return;
  }
  if (typeof obj.event_type === "string") {
    entry.kind = "event";
    entry.eventType = obj.event_type;
    if (typeof obj.index === "number") entry.index = obj.index;
    if (typeof obj.event_id === "string") entry.eventId = obj.event_id;
    const delta = asRecord(obj.delta);
    const step = asRecord(obj.step);
    const interaction = asRecord(obj.interaction);
    if (obj.event_type === "step.delta" && typeof delta?.type === "string") entry.detail = delta.type;
    else if (obj.event_type === "step.start" && typeof step?.type === "string") entry.detail = step.type;
    else if (obj.event_type === "interaction.status_update" && typeof obj.status === "string") entry.detail = obj.status;
    else if ((obj.event_type === "interaction.created" || obj.event_type === "interaction.completed") && typeof interaction?.status === "string")
      entry.detail = interaction.status;
    else if (obj.event_type === "error") {
      const err = asRecord(obj.error);
      entry.detail = typeof err?.code === "string" ? err.code : "error";
    }
    if (obj.event_type === "error") entry.isError = true;
    return;
  }
  if ("error" in obj) {
    entry.kind = "event";
    entry.eventType = "error";
    entry.isError = true;
    const err = asRecord(obj.error);
    entry.detail = typeof err?.code === "string" ? err.code : "error";
    return;
  }
  entry.kind = "invalid";
}

/** Classify one raw line. Offsets are relative to `startMs` and clamped at 0. */
export function classifyLine(rec: RecordedLine, startMs: number): TimelineEntry {
  const line = rec.line.replace(/\r$/, "");
  const entry: TimelineEntry = { seq: rec.seq, offsetMs: Math.max(0, rec.t_ms - startMs), kind: "bare", line };
  if (line === "") entry.kind = "blank";
  else if (line.startsWith(":")) entry.kind = "comment";
  else if (line.startsWith("data:")) classifyPayload(entry, line.slice(5).replace(/^ /, ""));
  else if (/^(event|id|retry):/.test(line) || /^(event|id|retry)$/.test(line)) entry.kind = "field";
  else {
    // Not SSE: the live service sometimes sends an error as a bare JSON line (reference §12 E17).
    const t = line.trim();
    if (t.startsWith("{")) {
      try {
        const obj = asRecord(JSON.parse(t));
        if (obj && "error" in obj) {
          entry.isError = true;
          const err = asRecord(obj.error);
          entry.detail = typeof err?.code === "string" ? err.code : "error";
        }
      } catch {
        /* stays a plain bare line */
      }
    }
  }
  return entry;
}

function usageFrom(obj: Record<string, unknown> | null): Usage | null {
  const u = asRecord(obj?.usage);
  return u ? (u as Usage) : null;
}

/** The last usage any event reported (completed > status_update > step.stop > delta metadata). */
function usageFromEvents(entries: TimelineEntry[]): Usage | null {
  let found: Usage | null = null;
  for (const e of entries) {
    if (e.kind !== "event") continue;
    let obj: Record<string, unknown> | null = null;
    try {
      obj = asRecord(JSON.parse(e.line.slice(5).replace(/^ /, "")));
    } catch {
      continue;
    }
    if (!obj) continue;
    const u = usageFrom(asRecord(obj.interaction)) ?? usageFrom(obj) ?? (asRecord(asRecord(obj.metadata)?.total_usage) as Usage | null);
    if (u) found = u;
  }
  return found;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Build the timeline of one recorded interaction. `startMs` defaults to the turn's `created_ms`
 * (arrival of the request at the proxy).
 */
export function buildTimeline(rec: Pick<RecordedInteraction, "events" | "created_ms" | "first_event_ms" | "completed_ms" | "interaction">): Timeline {
  const start = rec.created_ms;
  const lines = [...(rec.events ?? [])].sort((a, b) => a.seq - b.seq);
  const entries = lines.map((l) => classifyLine(l, start));

  const meaningful = entries.filter((e) => e.kind !== "blank");
  const firstEvent = meaningful.find((e) => e.kind === "event" || e.kind === "done" || e.kind === "bare" || e.kind === "invalid");
  const firstToken =
    entries.find((e) => e.kind === "event" && e.eventType === "step.delta" && e.detail !== undefined && CONTENT_DELTAS.has(e.detail)) ??
    entries.find((e) => e.kind === "event" && e.eventType === "step.delta");
  const contentEvents = entries.filter((e) => e.kind === "event" && (e.eventType === "step.delta" || e.eventType === "step.stop"));
  const lastContent = contentEvents[contentEvents.length - 1];
  const last = meaningful[meaningful.length - 1];

  const eventCount = entries.filter((e) => e.kind === "event").length;
  const sawTerminal = entries.some(
    (e) => e.kind === "done" || (e.kind === "event" && (e.eventType === "interaction.completed" || e.eventType === "error")) || (e.kind === "bare" && e.isError),
  );

  const firstEventMs = firstEvent ? firstEvent.offsetMs : rec.first_event_ms != null ? Math.max(0, rec.first_event_ms - start) : null;
  const ttftMs = firstToken ? firstToken.offsetMs : null;
  const totalMs =
    rec.completed_ms != null ? Math.max(0, rec.completed_ms - start) : last ? last.offsetMs : null;

  const usage = (rec.interaction?.usage as Usage | undefined) ?? usageFromEvents(entries);
  const tokens = usage ? outputTokens(usage) : null;

  let tokensPerSecond: number | null = null;
  if (tokens !== null && tokens > 0 && firstToken && lastContent) {
    const windowMs = lastContent.offsetMs - firstToken.offsetMs;
    if (windowMs > 0) tokensPerSecond = round1((tokens * 1000) / windowMs);
  }
  let overallTokensPerSecond: number | null = null;
  if (tokens !== null && tokens > 0 && totalMs !== null && totalMs > 0) overallTokensPerSecond = round1((tokens * 1000) / totalMs);

  return {
    entries,
    metrics: {
      firstEventMs,
      ttftMs,
      totalMs,
      outputTokens: tokens,
      tokensPerSecond,
      overallTokensPerSecond,
      eventCount,
      usage: usage ?? null,
      sawTerminal,
    },
  };
}

/** "1,234 ms" below 10 s, "12.3 s" above; "—" for unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  if (ms < 10_000) return `${Math.round(ms).toLocaleString("en-US")} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "+123 ms" style offset for raw lines. */
export function formatOffset(ms: number): string {
  return `+${Math.round(ms).toLocaleString("en-US")} ms`;
}

/** Split an SSE body (e.g. a fixture file) into the lines a recorder would store. */
export function splitSseLines(body: string): string[] {
  const lines = body.split(/\r\n|\r|\n/);
  // A body ending in "\n" yields one trailing empty string that is not a line.
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
