// A job's step waterfall from its events and their arrival times: queued time (create → first
// step), one bar per step (step.start → step.stop) with its type and, for tool and code steps,
// the tool's name, and the total. Pure, so the dashboard renders live and recorded runs alike.
import type { InteractionEvent } from "@/lib/interactions/types";

export interface TimedEvent {
  t_ms: number;
  event: InteractionEvent;
}

export interface WaterfallBar {
  index: number;
  type: string;
  /** Function or tool name, code language, search query: whatever names the step. */
  label: string;
  start_ms: number;
  /** null while the step is still open. */
  end_ms: number | null;
}

export interface Waterfall {
  start_ms: number;
  /** create → first step.start (null before any step). */
  queued_ms: number | null;
  bars: WaterfallBar[];
  end_ms: number | null;
  status: string | null;
}

function labelOf(step: Record<string, unknown> | undefined): string {
  if (!step) return "";
  if (typeof step.name === "string") return step.name;
  const args = step.arguments as Record<string, unknown> | undefined;
  if (args && typeof args.query === "string") return args.query;
  if (args && typeof args.code === "string") return args.code.slice(0, 60);
  if (Array.isArray((args as { queries?: unknown } | undefined)?.queries)) return ((args as { queries: unknown[] }).queries).join(", ").slice(0, 60);
  return "";
}

export function buildWaterfall(events: readonly TimedEvent[], startMs: number): Waterfall {
  const bars = new Map<number, WaterfallBar>();
  let end: number | null = null;
  let status: string | null = null;
  for (const { t_ms, event } of events) {
    const e = event as InteractionEvent & { index?: number; step?: Record<string, unknown>; status?: string; interaction?: { status?: string } };
    if (e.event_type === "step.start" && typeof e.index === "number") {
      bars.set(e.index, { index: e.index, type: String(e.step?.type ?? "step"), label: labelOf(e.step), start_ms: t_ms, end_ms: null });
    } else if (e.event_type === "step.stop" && typeof e.index === "number") {
      const b = bars.get(e.index);
      if (b) b.end_ms = t_ms;
    } else if (e.event_type === "interaction.status_update" && typeof e.status === "string") {
      status = e.status;
    } else if (e.event_type === "interaction.completed") {
      end = t_ms;
      if (typeof e.interaction?.status === "string") status = e.interaction.status;
    }
  }
  const list = [...bars.values()].sort((a, b) => a.index - b.index);
  if (end !== null) for (const b of list) b.end_ms ??= end;
  return { start_ms: startMs, queued_ms: list.length ? Math.max(0, (list[0] as WaterfallBar).start_ms - startMs) : null, bars: list, end_ms: end, status };
}

/** Parse recorded raw SSE lines (`data: {...}` with arrival times) into timed events. */
export function timedEventsFromLines(lines: readonly { t_ms: number; line: string }[]): TimedEvent[] {
  const out: TimedEvent[] = [];
  for (const l of lines) {
    const text = l.line.startsWith("data:") ? l.line.slice(5).trim() : l.line.trim();
    if (!text.startsWith("{")) continue;
    try {
      const ev = JSON.parse(text) as InteractionEvent;
      if (ev && typeof ev === "object" && typeof (ev as { event_type?: unknown }).event_type === "string") out.push({ t_ms: l.t_ms, event: ev });
    } catch {
      /* not an event line */
    }
  }
  return out;
}
