// Fault presets: the live service's known failures (reference §12), reproduced on demand so a
// client author can test against them. Per request with the `x-engine-fault` header, a
// comma-separated list (e.g. `drop-after=6,early-404=5s`), or per engine with
// `PUT /admin/faults {"faults":"…"}` (the playground's app API and the *Testing* run setting
// reach it); a request's header adds to the engine's list. docs/engine.md lists each preset with
// the public report it reproduces.
import { ApiError, errorBody } from "@/lib/interactions/errors";
import type { Step } from "@/lib/interactions/types";
import type { EventSink, StoredEvent } from "./runner";
import type { SseWriter } from "./sse";

export const FAULT_HEADER = "x-engine-fault";

export interface Faults {
  /** Cut a stream after N events, no terminal event, no [DONE] (§12: dropped streams). */
  dropAfter?: number;
  /** GET of an interaction answers 404 not_found for this long after its create (E25). */
  early404Ms?: number;
  /** Chaining after a parent that used built-in tools answers 501 not_implemented (E24). */
  chain501?: boolean;
  /** Refuse the create as filtered content (E17): JSON 400, SSE `error` event, or a bare JSON line. */
  contentFilter?: "auto" | "json" | "sse" | "line";
  /** 429 resource_exhausted with `retry-after` (seconds). */
  rateLimitS?: number;
  /** Parallel function calls stream with their argument deltas interleaved (E5). */
  interleaveArgs?: boolean;
  /** The run stays `in_progress` to clients: GET says so, streams withhold the terminal events. */
  stuck?: boolean;
  /** Cancel answers the old `404 Method not found` (E11). */
  cancel404?: boolean;
}

export interface FaultPreset {
  name: string;
  syntax: string;
  what: string;
  report: string;
  /** The public reports it reproduces (links; empty when there is none). */
  links: { label: string; url: string }[];
  /** Its value, when it takes one: a whole number, a duration (`5s`, `500ms`) or one of a few words. */
  param?: { kind: "count" | "duration" | "choice"; label: string; default: string; options?: string[]; optional?: boolean };
}

const gh = (repo: string, n: number) => ({ label: `${repo.split("/")[1]}#${n}`, url: `https://github.com/${repo}/issues/${n}` });

/** The documented list (also served by GET /admin/faults and GET /api/testing/faults). */
export const FAULT_PRESETS: readonly FaultPreset[] = [
  { name: "drop-after", syntax: "drop-after=N", what: "a stream is cut after N events, with no terminal event and no [DONE]; the run goes on and can be resumed", report: "reference §12 E3 (dropped streams; resume with last_event_id)", links: [], param: { kind: "count", label: "events", default: "6" } },
  { name: "early-404", syntax: "early-404=5s (or =500ms)", what: "GET of a new interaction answers 404 not_found for that long after its create", report: "python-genai#2985 (§12 E25)", links: [gh("googleapis/python-genai", 2985)], param: { kind: "duration", label: "for", default: "5s" } },
  { name: "chain-501", syntax: "chain-501", what: "chaining after a parent that used built-in tools answers 501 not_implemented", report: "js-genai#1694 (§12 E24)", links: [gh("googleapis/js-genai", 1694)] },
  { name: "content-filter", syntax: "content-filter[=json|sse|line]", what: "the create is refused as filtered content and not stored: 400 prohibited_content (json, the default for unstreamed creates), an SSE error event (sse, the default for streams), or a bare JSON line in the stream body (line)", report: "js-genai#1973, LiveBench#476 (§12 E17)", links: [gh("googleapis/js-genai", 1973), gh("LiveBench/LiveBench", 476)], param: { kind: "choice", label: "as", default: "", options: ["json", "sse", "line"], optional: true } },
  { name: "rate-limit", syntax: "rate-limit[=S]", what: "429 resource_exhausted with retry-after: S (default 1)", report: "generic RESOURCE_EXHAUSTED reports (§12, open questions)", links: [], param: { kind: "duration", label: "retry-after", default: "1", optional: true } },
  { name: "interleave-args", syntax: "interleave-args", what: "parallel function calls stream open at once, their arguments_delta fragments interleaved", report: "adk-python#6832, TanStack/ai#502 (§12 E5)", links: [gh("google/adk-python", 6832), gh("TanStack/ai", 502)] },
  { name: "stuck", syntax: "stuck", what: "the interaction stays in_progress to clients (GET, streams withhold the terminal events) until cancelled", report: "stuck background runs (no public report; a client's polling timeout is what it tests)", links: [] },
  { name: "cancel-404", syntax: "cancel-404", what: "cancel answers 404 \"Method not found\"", report: "python-genai#1971, js-genai#1254 (§12 E11)", links: [gh("googleapis/python-genai", 1971), gh("googleapis/js-genai", 1254)] },
];

const DURATION = /^(\d{1,7}(?:\.\d+)?)(ms|s)?$/;

function duration(raw: string, name: string): number {
  const m = DURATION.exec(raw);
  if (!m) throw bad(`${name}=${raw}`, `${name} takes a duration such as 5s or 500ms`);
  return Math.round(Number(m[1]) * (m[2] === "ms" ? 1 : 1000));
}

function bad(item: string, why: string): ApiError {
  return new ApiError(
    "invalid_request",
    `Invalid ${FAULT_HEADER} "${item.slice(0, 60)}": ${why}. Known presets: ${FAULT_PRESETS.map((p) => p.syntax).join(", ")}.`,
  );
}

/** Parse a preset list; throws ApiError(invalid_request) naming the bad item. */
export function parseFaults(raw: string | undefined | null): Faults | undefined {
  if (raw === undefined || raw === null || raw.trim() === "") return undefined;
  const out: Faults = {};
  for (const item of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf("=");
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : item.slice(eq + 1).trim();
    switch (name) {
      case "drop-after":
        if (value === undefined || !/^\d{1,6}$/.test(value)) throw bad(item, 'expected "drop-after=N" (N events, then the stream is cut)');
        out.dropAfter = Number(value);
        break;
      case "early-404":
        out.early404Ms = duration(value ?? "5s", name);
        break;
      case "rate-limit":
        out.rateLimitS = value === undefined ? 1 : duration(value, name) / 1000;
        break;
      case "content-filter":
        if (value !== undefined && value !== "json" && value !== "sse" && value !== "line") throw bad(item, "content-filter takes json, sse or line");
        out.contentFilter = (value as Faults["contentFilter"]) ?? "auto";
        break;
      case "chain-501":
      case "interleave-args":
      case "stuck":
      case "cancel-404":
        if (value !== undefined) throw bad(item, `${name} takes no value`);
        if (name === "chain-501") out.chain501 = true;
        if (name === "interleave-args") out.interleaveArgs = true;
        if (name === "stuck") out.stuck = true;
        if (name === "cancel-404") out.cancel404 = true;
        break;
      default:
        throw bad(item, `unknown preset "${name}"`);
    }
  }
  return out;
}

/** The engine's own list plus the request's header (the header wins where both set a value). */
export function mergeFaults(engine: Faults | undefined, request: Faults | undefined): Faults | undefined {
  if (!engine) return request;
  if (!request) return engine;
  return { ...engine, ...request };
}

/** How a content-filter fault answers: JSON 400 unstreamed (or when `json` is asked for), else an SSE error event or a bare line. */
export function contentFilterMode(f: Faults, stream: boolean): "json" | "sse" | "line" {
  if (!stream || f.contentFilter === "json") return "json";
  return f.contentFilter === "line" ? "line" : "sse";
}

export const CONTENT_FILTER_MESSAGE = "The input was blocked by the content filter (simulated by the local engine's content-filter fault).";

export function contentFilterError(): ApiError {
  return new ApiError("prohibited_content", CONTENT_FILTER_MESSAGE);
}

/** The stream body of a refused streamed create (nothing is stored). */
export function contentFilterStreamBody(mode: "sse" | "line"): string {
  const err = errorBody("prohibited_content", CONTENT_FILTER_MESSAGE);
  if (mode === "line") return `${JSON.stringify(err)}\n`;
  return `event: error\ndata: ${JSON.stringify({ ...err, event_type: "error" })}\n\n`;
}

export function rateLimitResponse(seconds: number): Response {
  return new ApiError("resource_exhausted", "Resource has been exhausted (e.g. check quota). Simulated by the local engine's rate-limit fault.").toResponse({
    "retry-after": String(seconds),
  });
}

export function chain501Error(): ApiError {
  return new ApiError("not_implemented", "Chaining after an interaction that used built-in tools is not supported yet (simulated by the local engine's chain-501 fault).");
}

const BUILTIN_CALLS = new Set([
  "code_execution_call", "google_search_call", "url_context_call", "mcp_server_tool_call", "file_search_call", "google_maps_call", "retrieval_call",
]);

export function usedBuiltinTools(steps: readonly Step[]): boolean {
  return steps.some((s) => BUILTIN_CALLS.has(s.type));
}

/**
 * Per-interaction fault state that outlives the create request: early 404s and stuck runs.
 * In memory (a fault is a test switch, not data), bounded, forgotten when the engine resets.
 */
export class FaultState {
  private readonly hiddenUntil = new Map<string, number>();
  private readonly stuck = new Set<string>();
  constructor(private readonly now: () => number = Date.now) {}

  onCreate(id: string, f: Faults | undefined): void {
    if (f?.early404Ms) this.hiddenUntil.set(id, this.now() + f.early404Ms);
    if (f?.stuck) this.stuck.add(id);
    if (this.hiddenUntil.size > 10_000) this.hiddenUntil.delete(this.hiddenUntil.keys().next().value as string);
    if (this.stuck.size > 10_000) this.stuck.delete(this.stuck.values().next().value as string);
  }
  /** Throws the early 404 while the window is open. */
  checkVisible(id: string): void {
    const until = this.hiddenUntil.get(id);
    if (until === undefined) return;
    if (this.now() < until) throw new ApiError("not_found", "Requested entity was not found.");
    this.hiddenUntil.delete(id);
  }
  isStuck(id: string): boolean {
    return this.stuck.has(id);
  }
  unstick(id: string): void {
    this.stuck.delete(id);
  }
  clear(): void {
    this.hiddenUntil.clear();
    this.stuck.clear();
  }
}

const TERMINAL_EVENTS = new Set(["interaction.completed"]);

function isTerminalEvent(json: string): boolean {
  const m = /"event_type":"([^"]+)"/.exec(json);
  if (!m) return false;
  if (TERMINAL_EVENTS.has(m[1] as string)) return true;
  return m[1] === "interaction.status_update" && !/"status":"in_progress"/.test(json);
}

/**
 * A sink that forwards events to an SSE writer, applying the transport faults: cut after
 * `dropAfter` events; withhold the terminal events (stuck, the connection stays open with
 * keep-alives); reorder a run of parallel function_call steps so their deltas interleave.
 */
export function faultySink(writer: SseWriter, f: Faults | undefined, detach: () => void, stuck: () => boolean = () => false): EventSink {
  let n = 0;
  let cut = false;
  let held: StoredEvent[] = [];
  let openCalls = 0;
  const send = (e: StoredEvent) => {
    if (writer.closed || cut) return;
    if (f?.dropAfter !== undefined && n >= f.dropAfter) {
      cut = true;
      detach();
      writer.close();
      return;
    }
    n++;
    writer.write(`data: ${e.json}\n\n`);
  };
  const releaseHeld = () => {
    if (!held.length) return;
    const batch = held;
    held = [];
    for (const e of interleave(batch)) send(e);
  };
  return {
    event: (e) => {
      if (stuck() && isTerminalEvent(e.json)) return;
      if (f?.interleaveArgs) {
        const type = /"event_type":"([^"]+)"/.exec(e.json)?.[1];
        const isCallStart = type === "step.start" && /"step":\{"type":"function_call"/.test(e.json);
        if (isCallStart) openCalls++;
        if (isCallStart || (held.length && (type === "step.delta" || type === "step.stop") && openCalls > 0)) {
          held.push(e);
          return;
        }
        releaseHeld();
        openCalls = 0;
      }
      send(e);
    },
    end: () => {
      releaseHeld();
      if (stuck()) return; // stays open (keep-alives) until the client goes away
      if (cut || (f?.dropAfter !== undefined && n >= f.dropAfter)) writer.close();
      else writer.end();
    },
  };
}

/** Starts first, then the deltas round-robin across steps, then the stops. Other order kept. */
export function interleave(events: StoredEvent[]): StoredEvent[] {
  const starts: StoredEvent[] = [];
  const stops: StoredEvent[] = [];
  const deltas = new Map<number, StoredEvent[]>();
  for (const e of events) {
    const type = /"event_type":"([^"]+)"/.exec(e.json)?.[1];
    const index = Number(/"index":(\d+)/.exec(e.json)?.[1] ?? -1);
    if (type === "step.start") starts.push(e);
    else if (type === "step.stop") stops.push(e);
    else {
      if (!deltas.has(index)) deltas.set(index, []);
      deltas.get(index)!.push(e);
    }
  }
  const out = [...starts];
  const queues = [...deltas.values()];
  while (queues.some((q) => q.length)) for (const q of queues) if (q.length) out.push(q.shift()!);
  return [...out, ...stops];
}
