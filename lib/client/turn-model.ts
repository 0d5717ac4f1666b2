// The session pane's turn model, kept pure so it can be unit-tested without a browser:
// - what the next create request looks like, given the run settings and the turns so far
//   (chain with previous_interaction_id, or replay the transcript when store is off);
// - attachments and function-result forms turned into wire content/steps;
// - one view shape (`TurnView`) for a turn, whether it is live in this tab (a fold of SSE events)
//   or stored in the local record (GET /api/sessions/{id}), so both render through the same components.
import { generatedSteps, INPUT_STEP_TYPES, inputToSteps } from "@/lib/interactions/input";
import { CHAINABLE_STATUSES, TERMINAL_STATUSES } from "@/lib/interactions/types";
import type { Content, Interaction, Step, Usage } from "@/lib/interactions/types";
import type { FoldState } from "@/lib/interactions/fold";
import type { Backend, Turn } from "./api-types";

// ---------------------------------------------------------------------------------------------
// Run settings

export type TargetKind = "model" | "agent";
export type ThinkingLevel = "" | "minimal" | "low" | "medium" | "high";
export type ThinkingSummaries = "" | "auto" | "none";

export interface RunSettings {
  backend: Backend;
  targetKind: TargetKind;
  model: string;
  agent: string;
  systemInstruction: string;
  thinkingLevel: ThinkingLevel;
  thinkingSummaries: ThinkingSummaries;
  /** Kept as typed text so a half-typed number is not lost; validated when a request is built. */
  maxOutputTokens: string;
  /** One stop sequence per line. */
  stopSequences: string;
  seed: string;
  store: boolean;
  stream: boolean;
  background: boolean;
  /** The `tools` array as JSON text (edited in Monaco). */
  toolsJson: string;
  /**
   * Testing, local engine only: cut each streamed create after this many events (the engine's
   * `x-engine-fault: drop-after=N`), to try Resume. Typed text; empty = off.
   */
  dropAfterEvents: string;
  /**
   * Testing, local engine only: more fault presets for every create (`x-engine-fault`, e.g.
   * `early-404=5s,chain-501`; docs/engine.md "Fault presets"). Empty = off.
   */
  faultPresets: string;
}

export const DEFAULT_SETTINGS: RunSettings = {
  backend: "local",
  targetKind: "model",
  model: "",
  agent: "",
  systemInstruction: "",
  thinkingLevel: "",
  thinkingSummaries: "",
  maxOutputTokens: "",
  stopSequences: "",
  seed: "",
  store: true,
  stream: true,
  background: false,
  toolsJson: "[]",
  dropAfterEvents: "",
  faultPresets: "",
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The Tools box: empty means no tools; otherwise it must be a JSON array of objects with a `type`. */
export function parseTools(json: string): ParseResult<Record<string, unknown>[]> {
  const text = json.trim();
  if (!text) return { ok: true, value: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Tools JSON does not parse: ${(e as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: "Tools JSON must be an array, e.g. [{\"type\": \"google_search\"}]" };
  for (const [i, t] of parsed.entries()) {
    if (!t || typeof t !== "object" || Array.isArray(t)) return { ok: false, error: `tools[${i}] must be an object` };
    if (typeof (t as { type?: unknown }).type !== "string") return { ok: false, error: `tools[${i}] needs a string "type"` };
  }
  return { ok: true, value: parsed as Record<string, unknown>[] };
}

function parseIntField(label: string, text: string, min: number): ParseResult<number | undefined> {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  if (!/^-?\d+$/.test(t)) return { ok: false, error: `${label} must be a whole number` };
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < min) return { ok: false, error: `${label} must be a whole number ≥ ${min}` };
  return { ok: true, value: n };
}

/** generation_config from the settings, with only the fields the user set (undefined when none). */
export function buildGenerationConfig(s: RunSettings): ParseResult<Record<string, unknown> | undefined> {
  const cfg: Record<string, unknown> = {};
  if (s.thinkingLevel) cfg.thinking_level = s.thinkingLevel;
  if (s.thinkingSummaries) cfg.thinking_summaries = s.thinkingSummaries;
  const max = parseIntField("Max output tokens", s.maxOutputTokens, 1);
  if (!max.ok) return max;
  if (max.value !== undefined) cfg.max_output_tokens = max.value;
  const seed = parseIntField("Seed", s.seed, -2147483648);
  if (!seed.ok) return seed;
  if (seed.value !== undefined) cfg.seed = seed.value;
  const stops = s.stopSequences
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.length > 0);
  if (stops.length) cfg.stop_sequences = stops;
  return { ok: true, value: Object.keys(cfg).length ? cfg : undefined };
}

// ---------------------------------------------------------------------------------------------
// Fault injection (the embedded engine's fault switch, docs/engine.md "Fault switch")

export const ENGINE_FAULT_HEADER = "x-engine-fault";
export const DROP_AFTER_MAX = 100_000;
const DROP_AFTER_LABEL = "Drop stream after N events";

/** The "Drop stream after N events" box: empty = off, else a whole number from 1 to DROP_AFTER_MAX. */
export function parseDropAfter(text: string): ParseResult<number | undefined> {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > DROP_AFTER_MAX) {
    return { ok: false, error: `${DROP_AFTER_LABEL} must be a whole number from 1 to ${DROP_AFTER_MAX} (or empty for off)` };
  }
  return { ok: true, value: n };
}

/**
 * Extra headers for the next create request (never for a resume or an attach): the fault switch,
 * only when it can apply — the local engine (Google's service must never see it) and a streamed
 * create (stream on, background off). A malformed value only blocks a send it would apply to.
 */
export function createHeaders(s: Pick<RunSettings, "backend" | "stream" | "background" | "dropAfterEvents"> & Partial<Pick<RunSettings, "faultPresets">>): ParseResult<Record<string, string>> {
  if (s.backend !== "local") return { ok: true, value: {} };
  const parts: string[] = [];
  if (s.stream && !s.background) {
    const n = parseDropAfter(s.dropAfterEvents);
    if (!n.ok) return n;
    if (n.value !== undefined) parts.push(`drop-after=${n.value}`);
  }
  const presets = parseFaultPresets(s.faultPresets ?? "");
  if (!presets.ok) return presets;
  if (presets.value) parts.push(presets.value);
  return { ok: true, value: parts.length ? { [ENGINE_FAULT_HEADER]: parts.join(",") } : {} };
}

export const FAULT_PRESETS_LABEL = "Fault presets";

/** The "Fault presets" box: a comma-separated list of `name` / `name=value` items (the engine checks the names). */
export function parseFaultPresets(text: string): ParseResult<string> {
  const t = text.trim().replace(/\s*,\s*/g, ",");
  if (!t) return { ok: true, value: "" };
  if (!/^[a-z0-9-]+(?:=[a-z0-9.]+)?(?:,[a-z0-9-]+(?:=[a-z0-9.]+)?)*$/i.test(t)) {
    return { ok: false, error: `${FAULT_PRESETS_LABEL} must be a comma-separated list such as early-404=5s,chain-501` };
  }
  return { ok: true, value: t };
}

// ---------------------------------------------------------------------------------------------
// Attachments and function results → wire content / steps

export type AttachmentKind = "image" | "audio" | "document";

export interface Attachment {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  /** Base64 without the data: URL prefix. */
  data: string;
}

/** Which content item a file becomes; null for types we do not send (reference §3). */
export function attachmentKind(mimeType: string): AttachmentKind | null {
  const m = mimeType.toLowerCase();
  if (m.startsWith("image/")) return "image";
  if (m.startsWith("audio/")) return "audio";
  if (m === "application/pdf") return "document";
  return null;
}

export function attachmentToContent(a: Attachment): Content {
  const kind = attachmentKind(a.mimeType);
  if (!kind) throw new Error(`Unsupported attachment type ${a.mimeType}`);
  return { type: kind, data: a.data, mime_type: a.mimeType };
}

/** Strip the `data:<mime>;base64,` prefix FileReader.readAsDataURL puts in front. */
export function base64FromDataUrl(dataUrl: string): string {
  const i = dataUrl.indexOf(",");
  return i >= 0 ? dataUrl.slice(i + 1) : dataUrl;
}

/** The user_input step for a prompt plus attachments (text first, then files in order). */
export function userInputStep(text: string, attachments: Attachment[] = []): Step {
  const content: Content[] = [];
  if (text.trim()) content.push({ type: "text", text });
  for (const a of attachments) content.push(attachmentToContent(a));
  return { type: "user_input", content };
}

export interface FunctionResultDraft {
  callId: string;
  name: string;
  text: string;
  isError: boolean;
}

/**
 * A result typed into the form: a JSON object is sent as an object; anything else (plain text,
 * a number, an array — arrays must be content items on the wire) is sent as the typed string.
 */
export function parseResultText(text: string): string | Record<string, unknown> {
  const t = text.trim();
  if (t.startsWith("{")) {
    try {
      const v = JSON.parse(t) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      /* not JSON: send as text */
    }
  }
  return text;
}

export function functionResultSteps(drafts: FunctionResultDraft[]): Step[] {
  return drafts.map((d) => {
    const step: Step = { type: "function_result", call_id: d.callId, name: d.name, result: parseResultText(d.text) };
    if (d.isError) step.is_error = true;
    return step;
  });
}

// ---------------------------------------------------------------------------------------------
// One view of a turn, live or stored

export type CreateBody = Record<string, unknown> & { input?: unknown };

export interface TurnError {
  code?: string;
  message?: string;
  httpStatus?: number;
}

export interface TurnView {
  /** Stable React key: the interaction id once known, a local key before. */
  key: string;
  interactionId: string | null;
  backend: string;
  request: CreateBody | null;
  /** The new input this turn sent (user_input / function_result steps). */
  inputSteps: Step[];
  /** Steps the model generated in this turn. */
  steps: Step[];
  status: string;
  model?: string;
  agent?: string;
  usage?: Usage;
  stream: boolean;
  background: boolean;
  store: boolean;
  previousInteractionId?: string;
  /** Earlier steps re-sent in `input` (store off: the transcript); 0 when chained. */
  transcriptSteps: number;
  createdMs: number | null;
  firstEventMs: number | null;
  completedMs: number | null;
  terminal: boolean;
  lastEventId: string | null;
  eventCount: number;
  error: TurnError | null;
  /** Held by this tab (a run started or resumed here). */
  live: boolean;
  /** A request or stream is open right now. */
  running: boolean;
  phase: RunPhase | null;
}

export type RunPhase = "sending" | "streaming" | "polling" | "attaching" | "resuming" | "cancelling";

export { CONTENT_TYPES } from "@/lib/interactions/input";
/** Any `input` form (reference §3) as steps (the shared reader). */
export const normalizeInput = inputToSteps;

/** Split a request's input into the earlier transcript it replays and the new input it adds. */
export function splitRequestInput(request: CreateBody | null | undefined): { newInput: Step[]; transcript: number } {
  const all = normalizeInput(request?.input);
  if (request?.previous_interaction_id || all.every((s) => INPUT_STEP_TYPES.has(s.type))) return { newInput: all, transcript: 0 };
  let i = all.length;
  while (i > 0 && INPUT_STEP_TYPES.has(all[i - 1]!.type)) i--;
  return { newInput: all.slice(i), transcript: i };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v ? v : undefined;
}

export function viewFromRecord(rec: Turn): TurnView {
  const inter = rec.interaction;
  const { newInput, transcript } = splitRequestInput(rec.request as CreateBody);
  const status = inter?.status || rec.status;
  const interErr = inter?.errors?.[inter.errors.length - 1];
  const error: TurnError | null = rec.error
    ? { ...rec.error, httpStatus: rec.http_status >= 400 ? rec.http_status : undefined }
    : rec.http_status >= 400
      ? { httpStatus: rec.http_status, message: `HTTP ${rec.http_status}` }
      : interErr
        ? { code: interErr.code, message: interErr.message }
        : null;
  return {
    key: rec.interaction_id,
    interactionId: rec.interaction_id,
    backend: rec.backend,
    request: rec.request as CreateBody,
    inputSteps: newInput,
    steps: generatedSteps(inter?.steps ?? []),
    status,
    model: rec.model ?? str(inter?.model) ?? str(rec.request?.model),
    agent: rec.agent ?? str(inter?.agent) ?? str(rec.request?.agent),
    usage: inter?.usage,
    stream: rec.stream,
    background: rec.background,
    store: rec.store,
    previousInteractionId: rec.previous_interaction_id ?? str(rec.request?.previous_interaction_id),
    transcriptSteps: transcript,
    createdMs: rec.created_ms,
    firstEventMs: rec.first_event_ms,
    completedMs: rec.completed_ms,
    terminal: rec.terminal || TERMINAL_STATUSES.has(status),
    lastEventId: rec.last_event_id,
    eventCount: rec.event_count,
    error,
    live: false,
    running: false,
    phase: null,
  };
}

/** A run held by this tab: the request it sent and the fold of what came back. */
export interface LiveTurn {
  key: string;
  sessionId: string;
  backend: string;
  request: CreateBody;
  fold: FoldState;
  createdMs: number;
  firstEventMs: number | null;
  completedMs: number | null;
  running: boolean;
  phase: RunPhase | null;
  error: TurnError | null;
}

export function viewFromLive(live: LiveTurn): TurnView {
  const { newInput, transcript } = splitRequestInput(live.request);
  const inter: Interaction = live.fold.interaction;
  const status = inter.status || "in_progress";
  const foldErr = live.fold.error;
  return {
    key: live.key,
    interactionId: inter.id || null,
    backend: live.backend,
    request: live.request,
    inputSteps: newInput,
    steps: generatedSteps(live.fold.steps.filter((s): s is Step => !!s)),
    status,
    model: str(inter.model) ?? str(live.request.model),
    agent: str(inter.agent) ?? str(live.request.agent),
    usage: inter.usage,
    stream: live.request.stream === true,
    background: live.request.background === true,
    store: live.request.store !== false,
    previousInteractionId: str(live.request.previous_interaction_id),
    transcriptSteps: transcript,
    createdMs: live.createdMs,
    firstEventMs: live.firstEventMs,
    completedMs: live.completedMs,
    terminal: live.fold.terminal || TERMINAL_STATUSES.has(status),
    lastEventId: live.fold.lastEventId ?? null,
    eventCount: live.fold.eventCount,
    error: live.error ?? (foldErr ? { code: foldErr.code, message: foldErr.message } : null),
    live: true,
    running: live.running,
    phase: live.phase,
  };
}

/**
 * Stored turns in record order, with this tab's live runs laid over them: a live view wins while it
 * runs, or when the record has not (yet) seen the end the live fold saw. Live runs the record does
 * not hold yet (no id, or not refetched) follow in start order.
 */
export function mergeTurns(stored: TurnView[], live: TurnView[]): TurnView[] {
  const liveById = new Map<string, TurnView>();
  for (const l of live) if (l.interactionId) liveById.set(l.interactionId, l);
  const used = new Set<string>();
  const out = stored.map((s) => {
    const l = s.interactionId ? liveById.get(s.interactionId) : undefined;
    if (!l) return s;
    used.add(l.key);
    return l.running || (!s.terminal && (l.terminal || l.eventCount >= s.eventCount)) ? l : s;
  });
  const rest = live.filter((l) => !used.has(l.key)).sort((a, b) => (a.createdMs ?? 0) - (b.createdMs ?? 0));
  return [...out, ...rest];
}

// ---------------------------------------------------------------------------------------------
// The next request

/** Where a forked session starts: the interaction it chains from and the transcript up to it. */
export interface ForkBase {
  fromSessionId: string;
  fromInteractionId: string;
  fromTurn: number;
  /** Backend the base interaction lives on (an id only chains on its own backend). */
  backend: string;
  /** The base interaction was stored (chainable by id). */
  stored: boolean;
  /** Replayable steps up to and including the base turn (used when store is off). */
  steps: Step[];
}

const REPLAYABLE: ReadonlySet<string> = new Set(["user_input", "model_output", "function_call", "function_result"]);

/**
 * The steps of a turn that a stateless (store:false) request replays: its input, its outputs and
 * calls; thought steps only as their signature (thinking models reject a replayed call whose
 * signature is missing — reference §12 E15), never their summaries.
 */
export function replayableSteps(turn: Pick<TurnView, "inputSteps" | "steps">): Step[] {
  const out: Step[] = [];
  for (const s of [...turn.inputSteps, ...turn.steps]) {
    if (s.type === "thought") {
      if (typeof s.signature === "string" && s.signature) out.push({ type: "thought", signature: s.signature });
      continue;
    }
    if (!REPLAYABLE.has(s.type)) continue;
    switch (s.type) {
      case "model_output":
        if (s.content?.length) out.push({ type: "model_output", content: s.content });
        break;
      case "function_call": {
        const call: Step = { type: "function_call", id: s.id ?? "", name: s.name ?? "", arguments: s.arguments ?? {} };
        if (typeof s.signature === "string") call.signature = s.signature;
        out.push(call);
        break;
      }
      default:
        out.push(structuredClone(s));
    }
  }
  return out;
}

export function isChainable(t: TurnView): boolean {
  return !!t.interactionId && CHAINABLE_STATUSES.has(t.status) && !t.running;
}

export type RequestMode = "fresh" | "chain" | "transcript";

export interface PlannedRequest {
  body: CreateBody;
  mode: RequestMode;
  /** Shown to the user when the request is not a plain chain (e.g. transcript replay, fault switch on). */
  note: string | null;
  /** Extra headers for the create call only (the engine's fault switch); absent when none. */
  headers?: Record<string, string>;
}

export interface PlanInput {
  settings: RunSettings;
  /** The model or agent id to send (the settings' value or the backend's default). */
  target: string;
  history: TurnView[];
  /** This turn's new input steps. */
  input: Step[];
  fork?: ForkBase | null;
}

export function planNextRequest(p: PlanInput): ParseResult<PlannedRequest> {
  const { settings: s } = p;
  const target = p.target.trim();
  if (!target) return { ok: false, error: s.targetKind === "agent" ? "Choose an agent first" : "Choose a model first" };
  if (!p.input.length) return { ok: false, error: "Nothing to send" };
  if (s.background && !s.store) return { ok: false, error: "Background runs need Store on (the API keeps background results only when stored)" };
  const tools = parseTools(s.toolsJson);
  if (!tools.ok) return tools;
  const gen = buildGenerationConfig(s);
  if (!gen.ok) return gen;
  const headers = createHeaders(s);
  if (!headers.ok) return headers;

  const body: CreateBody = {};
  if (s.targetKind === "agent") body.agent = target;
  else body.model = target;

  const chainable = p.history.filter(isChainable);
  const last = chainable[chainable.length - 1];
  let mode: RequestMode = "fresh";
  let note: string | null = null;
  let input: Step[] = p.input;

  // An interaction id only means something to the backend that made it.
  const base = last
    ? { id: last.interactionId, stored: last.store, backend: last.backend }
    : p.fork
      ? { id: p.fork.fromInteractionId, stored: p.fork.stored, backend: p.fork.backend }
      : null;
  if (s.store && base?.id && base.stored && base.backend === s.backend) {
    mode = "chain";
    body.previous_interaction_id = base.id;
  } else {
    const prior = [...(p.fork?.steps ?? []), ...chainable.flatMap(replayableSteps)];
    if (prior.length) {
      mode = "transcript";
      input = [...prior, ...p.input];
      const why = !s.store
        ? "Store is off"
        : base && base.backend !== s.backend
          ? `The previous turn ran on the ${base.backend} backend`
          : "The previous turn was not stored";
      note = `${why}: the next turn re-sends the whole transcript (${prior.length} earlier steps) as steps instead of previous_interaction_id.`;
    }
  }

  body.input = input;
  // Not inherited through previous_interaction_id (reference §12 E8): send them on every turn.
  if (s.systemInstruction.trim()) body.system_instruction = s.systemInstruction;
  if (tools.value.length) body.tools = tools.value;
  if (gen.value && s.targetKind === "model") body.generation_config = gen.value;
  body.store = s.store;
  if (s.background) body.background = true;
  else if (s.stream) body.stream = true;
  const fault = headers.value[ENGINE_FAULT_HEADER];
  if (!fault) return { ok: true, value: { body, mode, note } };
  const faultNote = /^drop-after=\d+$/.test(fault)
    ? `Testing: the stream will be cut after ${Number(s.dropAfterEvents.trim())} events (${DROP_AFTER_LABEL}).`
    : `Testing: sent with x-engine-fault: ${fault}.`;
  return { ok: true, value: { body, mode, note: note ? `${faultNote} ${note}` : faultNote, headers: headers.value } };
}

// ---------------------------------------------------------------------------------------------
// Function calls waiting for results

/** The function_call steps of a requires_action turn that have no result in the same turn. */
export function pendingCalls(turn: Pick<TurnView, "status" | "steps">): Step[] {
  if (turn.status !== "requires_action") return [];
  const answered = new Set(turn.steps.filter((s) => s.type === "function_result").map((s) => s.call_id));
  return turn.steps.filter((s) => s.type === "function_call" && !answered.has(s.id));
}

// ---------------------------------------------------------------------------------------------
// Markdown, citations, numbers

export interface Citation {
  n: number;
  url: string;
  title?: string;
}

/** Annotation indices count UTF-8 bytes (reference §3); convert to a JS string offset. */
export function byteToCharIndex(text: string, byteIndex: number): number {
  const bytes = new TextEncoder().encode(text);
  const b = Math.max(0, Math.min(byteIndex, bytes.length));
  return new TextDecoder().decode(bytes.slice(0, b)).length;
}

/** Text with `[n](url)` markers at each url_citation's end, and the numbered source list. */
export function withCitations(text: string, annotations: Record<string, unknown>[] | undefined): { markdown: string; sources: Citation[] } {
  const cites = (annotations ?? []).filter((a) => a.type === "url_citation" && typeof a.url === "string");
  if (!cites.length) return { markdown: text, sources: [] };
  const sources: Citation[] = [];
  const byUrl = new Map<string, number>();
  const marks: { at: number; n: number; url: string }[] = [];
  for (const a of cites) {
    const url = a.url as string;
    let n = byUrl.get(url);
    if (n === undefined) {
      n = sources.length + 1;
      byUrl.set(url, n);
      sources.push({ n, url, title: typeof a.title === "string" ? a.title : undefined });
    }
    const end = typeof a.end_index === "number" ? byteToCharIndex(text, a.end_index) : text.length;
    if (!marks.some((m) => m.at === end && m.n === n)) marks.push({ at: end, n, url });
  }
  let out = text;
  for (const m of [...marks].sort((a, b) => b.at - a.at || b.n - a.n)) {
    out = `${out.slice(0, m.at)} [[${m.n}]](${m.url})${out.slice(m.at)}`;
  }
  return { markdown: out, sources };
}

/** A model_output step as markdown: its text (with citation markers) and a Sources list. */
export function stepToMarkdown(step: Step): string {
  const parts: string[] = [];
  const sources: Citation[] = [];
  for (const c of step.content ?? []) {
    if (c.type === "text") {
      const { markdown, sources: s } = withCitations(c.text ?? "", c.annotations);
      parts.push(markdown);
      for (const x of s) if (!sources.some((y) => y.url === x.url)) sources.push({ ...x, n: sources.length + 1 });
    } else if (c.uri) parts.push(`[${c.type}](${c.uri})`);
    else parts.push(`*[${c.type}${c.mime_type ? ` ${c.mime_type}` : ""}]*`);
  }
  let md = parts.join("");
  if (sources.length) md += `\n\nSources:\n${sources.map((s) => `${s.n}. [${s.title ?? s.url}](${s.url})`).join("\n")}`;
  return md;
}

export function latencyMs(t: Pick<TurnView, "createdMs" | "completedMs">): number | null {
  return t.createdMs !== null && t.completedMs !== null ? Math.max(0, t.completedMs - t.createdMs) : null;
}

export function ttftMs(t: Pick<TurnView, "createdMs" | "firstEventMs" | "stream">): number | null {
  return t.stream && t.createdMs !== null && t.firstEventMs !== null ? Math.max(0, t.firstEventMs - t.createdMs) : null;
}

/** Why a turn that is not running here has no end: shown as a flag with a Resume button. */
export function unfinishedReason(t: TurnView): string | null {
  if (t.running || t.terminal || !t.interactionId) return null;
  if (t.stream) return "Stream ended without a terminal event";
  if (t.background) return `Background run not finished when last seen (${t.status})`;
  return `Run not finished when last seen (${t.status})`;
}
