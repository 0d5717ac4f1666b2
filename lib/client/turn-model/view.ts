// One view shape (`TurnView`) for a turn, whether it is live in this tab (a fold of SSE events) or
// stored in the local record (GET /api/sessions/{id}), so both render through the same components;
// the merge of the two, and the small derived facts a turn card shows. Pure.
import { generatedSteps, INPUT_STEP_TYPES, inputToSteps } from "@/lib/interactions/input";
import { CHAINABLE_STATUSES, TERMINAL_STATUSES } from "@/lib/interactions/types";
import type { Interaction, Step, Usage } from "@/lib/interactions/types";
import type { FoldState } from "@/lib/interactions/fold";
import type { Turn } from "@/lib/contract/app-api";

export type CreateBody = Record<string, unknown> & { input?: unknown };

export interface TurnError {
  code?: string;
  message?: string;
  httpStatus?: number;
}

export interface TurnView {
  /** Stable React key: the interaction id once known, a local key before. */
  key: string;
  /** The Interactions API id; null until known, and for a failed create the API never named. */
  interactionId: string | null;
  /** The id the local record keeps the turn under (the interaction id, or a record-only `rec_…` id): what Inspect opens. */
  recordId: string | null;
  backend: string;
  request: CreateBody | null;
  /** The new input this turn sent (user_input / function_result steps). */
  inputSteps: Step[];
  /** Steps the model generated in this turn. */
  steps: Step[];
  status: string;
  model?: string;
  agent?: string;
  /** The environment an agent turn ran in (output-only `environment_id`): what the environment browser opens. */
  environmentId?: string;
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

/** A turn a next request can chain from (or replay): it has an id, ended chainably and is not running here. */
export function isChainable(t: TurnView): boolean {
  return !!t.interactionId && CHAINABLE_STATUSES.has(t.status) && !t.running;
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

/** Ids the local record gives a failed create the API never named (lib/record/recorder.ts): not interaction ids. */
export const RECORD_ONLY_ID_PREFIX = "rec_";

export function isRecordOnlyId(id: string): boolean {
  return id.startsWith(RECORD_ONLY_ID_PREFIX);
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
    interactionId: isRecordOnlyId(rec.interaction_id) ? null : rec.interaction_id,
    recordId: rec.interaction_id,
    backend: rec.backend,
    request: rec.request as CreateBody,
    inputSteps: newInput,
    steps: generatedSteps(inter?.steps ?? []),
    status,
    model: rec.model ?? str(inter?.model) ?? str(rec.request?.model),
    agent: rec.agent ?? str(inter?.agent) ?? str(rec.request?.agent),
    environmentId: str(inter?.environment_id),
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
    recordId: inter.id || null,
    backend: live.backend,
    request: live.request,
    inputSteps: newInput,
    steps: generatedSteps(live.fold.steps.filter((s): s is Step => !!s)),
    status,
    model: str(inter.model) ?? str(live.request.model),
    agent: str(inter.agent) ?? str(live.request.agent),
    environmentId: str(inter.environment_id),
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

/** What identifies a create whose response named no interaction: its target, chain and input. */
function createSignature(request: CreateBody | null): string {
  return JSON.stringify([request?.model, request?.agent, request?.previous_interaction_id, request?.input]);
}

/**
 * Stored turns in record order, with this tab's live runs laid over them: a live view wins while it
 * runs, or when the record has not (yet) seen the end the live fold saw. A live run that ended with
 * no interaction id (a refused create) is the record's failed turn of the same request once the
 * record holds it (its record-only id), and the stored copy wins. Live runs the record does not
 * hold yet (no id, or not refetched) follow in start order.
 */
export function mergeTurns(stored: TurnView[], live: TurnView[]): TurnView[] {
  const liveById = new Map<string, TurnView>();
  for (const l of live) if (l.interactionId) liveById.set(l.interactionId, l);
  const used = new Set<string>();
  const failedLive = live.filter((l) => !l.interactionId && !l.running && l.error);
  const out = stored.map((s) => {
    if (!s.interactionId && s.recordId) {
      const sig = createSignature(s.request);
      const twin = failedLive.find((l) => !used.has(l.key) && createSignature(l.request) === sig);
      if (twin) used.add(twin.key);
      return s;
    }
    const l = s.interactionId ? liveById.get(s.interactionId) : undefined;
    if (!l) return s;
    used.add(l.key);
    return l.running || (!s.terminal && (l.terminal || l.eventCount >= s.eventCount)) ? l : s;
  });
  const rest = live.filter((l) => !used.has(l.key)).sort((a, b) => (a.createdMs ?? 0) - (b.createdMs ?? 0));
  return [...out, ...rest];
}

/** The function_call steps of a requires_action turn that have no result in the same turn. */
export function pendingCalls(turn: Pick<TurnView, "status" | "steps">): Step[] {
  if (turn.status !== "requires_action") return [];
  const answered = new Set(turn.steps.filter((s) => s.type === "function_result").map((s) => s.call_id));
  return turn.steps.filter((s) => s.type === "function_call" && !answered.has(s.id));
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
