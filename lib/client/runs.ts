"use client";
// Runs held by this tab: each create/attach/resume is a LiveTurn whose fold grows as events arrive
// (the shared `applyEvent`, so a live turn and its stored record render alike). This is client
// state — what an open stream has shown so far — not server state: once the record holds the end of
// a turn, the stored view (react-query) takes over (see mergeTurns). Kept in a zustand store, keyed
// by session, so a run keeps streaming while the user looks at another session.
import { create } from "zustand";
import { applyEvent, emptyFold, foldFromInteraction, type FoldState } from "@/lib/interactions/fold";
import { TERMINAL_STATUSES, type Interaction, type InteractionEvent } from "@/lib/interactions/types";
import {
  cancelInteraction,
  createOnce,
  createStreaming,
  describeError,
  getClient,
  getOnce,
  getStream,
} from "./interactions-client";
import { watchJob } from "./job-poller";
import { omit } from "./omit";
import type { CreateBody, LiveTurn, RunPhase, TurnView } from "./turn-model";

interface RunsState {
  bySession: Record<string, LiveTurn[]>;
  put: (turn: LiveTurn) => void;
  clearSession: (sessionId: string) => void;
  /** Forget finished runs whose interaction the record now holds to the end. */
  prune: (sessionId: string, recorded: ReadonlySet<string>) => void;
}

export const useRuns = create<RunsState>()((set) => ({
  bySession: {},
  put: (turn) =>
    set((s) => {
      const list = s.bySession[turn.sessionId] ?? [];
      const i = list.findIndex((t) => t.key === turn.key);
      const next = i >= 0 ? list.map((t, j) => (j === i ? turn : t)) : [...list, turn];
      return { bySession: { ...s.bySession, [turn.sessionId]: next } };
    }),
  clearSession: (sessionId) =>
    set((s) => ({ bySession: omit(s.bySession, [sessionId]) })),
  prune: (sessionId, recorded) =>
    set((s) => {
      const list = s.bySession[sessionId] ?? [];
      const keep = list.filter((t) => t.running || !recorded.has(t.fold.interaction.id));
      return keep.length === list.length ? s : { bySession: { ...s.bySession, [sessionId]: keep } };
    }),
}));

interface ActiveRun {
  ac: AbortController;
  /** The mutable run the loop folds into; anything that changes it publishes through `pub`. */
  turn: LiveTurn;
  pub: Publisher;
}
const active = new Map<string, ActiveRun>();
let seq = 0;

export interface RunHooks {
  /** Called once the server has accepted the create (the record now knows the session). */
  onStarted?: () => void;
  /** Called when a run ends (any way): refetch the record. */
  onSettled?: () => void;
}

interface Publisher {
  soon(): void;
  now(): void;
}

/** Publishes a mutable run to the store at most every `ms` (streams can carry hundreds of deltas a second). */
function publisher(turn: LiveTurn, ms = 50): Publisher {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const publish = () => {
    timer = null;
    useRuns.getState().put({ ...turn });
  };
  return {
    soon() {
      timer ??= setTimeout(publish, ms);
    },
    now() {
      if (timer) clearTimeout(timer);
      publish();
    },
  };
}

function setPhase(turn: LiveTurn, phase: RunPhase | null, pub: Publisher) {
  turn.phase = phase;
  pub.now();
}

async function consume(stream: AsyncIterable<InteractionEvent>, turn: LiveTurn, pub: Publisher) {
  for await (const ev of stream) {
    if (turn.firstEventMs === null) turn.firstEventMs = Date.now();
    turn.fold = applyEvent(turn.fold, ev);
    if (turn.fold.terminal && turn.completedMs === null) turn.completedMs = Date.now();
    pub.soon();
  }
}

function isTerminal(fold: FoldState): boolean {
  return fold.terminal || TERMINAL_STATUSES.has(fold.interaction.status);
}

function metaOf(inter: Interaction): Partial<Interaction> {
  return omit(inter, ["steps"]);
}

/**
 * Wait for a background run to end through the tab's shared status poller (one batch request per
 * interval for every job on the page, lib/client/job-poller.ts), showing each status it reads;
 * then one GET for the final interaction.
 */
async function poll(ai: Awaited<ReturnType<typeof getClient>>, id: string, turn: LiveTurn, pub: Publisher, signal: AbortSignal) {
  setPhase(turn, "polling", pub);
  if (!isTerminal(turn.fold)) {
    await new Promise<void>((resolve, reject) => {
      const stop = watchJob(id, (job) => {
        if (job.status !== turn.fold.interaction.status && !job.not_found) {
          turn.fold = { ...turn.fold, interaction: { ...turn.fold.interaction, status: job.status } };
          pub.now();
        }
        if (job.terminal) {
          stop();
          resolve();
        }
      });
      signal.addEventListener("abort", () => (stop(), reject(signal.reason)), { once: true });
    });
  }
  const res = await getOnce(ai, id, signal);
  turn.fold = { ...foldFromInteraction(res), lastEventId: turn.fold.lastEventId, eventCount: turn.fold.eventCount };
  pub.now();
  turn.completedMs ??= Date.now();
}

/** Follow a background run to its end: attach with GET ?stream=true, or poll. */
async function follow(ai: Awaited<ReturnType<typeof getClient>>, turn: LiveTurn, attach: boolean, pub: Publisher, signal: AbortSignal) {
  const id = turn.fold.interaction.id;
  if (attach) {
    setPhase(turn, "attaching", pub);
    const stream = await getStream(ai, id, null, signal);
    // The attached stream replays the run from its start: fold it from empty, keeping the metadata.
    turn.fold = emptyFold(metaOf(turn.fold.interaction));
    setPhase(turn, "streaming", pub);
    await consume(stream, turn, pub);
    if (isTerminal(turn.fold)) return;
  }
  await poll(ai, id, turn, pub, signal);
}

export interface StartOptions extends RunHooks {
  sessionId: string;
  backend: string;
  body: CreateBody;
  /** For background runs: attach with a stream (true) or poll (false). */
  attach: boolean;
  /** Extra headers for a streamed create only (the engine's fault switch); never sent on attach or resume. */
  headers?: Record<string, string>;
}

/** A new running turn, registered as active and published at once. */
function register(fields: Omit<LiveTurn, "completedMs" | "running" | "error">) {
  const turn: LiveTurn = { ...fields, completedMs: null, running: true, error: null };
  const run = { ac: new AbortController(), turn, pub: publisher(turn) };
  active.set(turn.key, run);
  run.pub.now();
  return run;
}

/** Send one create and follow it to its end, folding whatever comes back into a live turn. */
export async function startRun(o: StartOptions): Promise<void> {
  const { ac, turn, pub } = register({
    key: `run-${Date.now().toString(36)}-${++seq}`,
    sessionId: o.sessionId,
    backend: o.backend,
    request: o.body,
    fold: emptyFold(),
    createdMs: Date.now(),
    firstEventMs: null,
    phase: "sending",
  });
  try {
    const ai = await getClient(o.backend, o.sessionId);
    // Time the request, not the one-off SDK import on a first send.
    turn.createdMs = Date.now();
    if (o.body.background) {
      const res = await createOnce(ai, o.body, ac.signal);
      turn.firstEventMs = Date.now();
      turn.fold = foldFromInteraction(res);
      pub.now();
      o.onStarted?.();
      if (!isTerminal(turn.fold)) await follow(ai, turn, o.attach, pub, ac.signal);
    } else if (o.body.stream) {
      const stream = await createStreaming(ai, o.body, ac.signal, o.headers);
      setPhase(turn, "streaming", pub);
      o.onStarted?.();
      await consume(stream, turn, pub);
    } else {
      const res = await createOnce(ai, o.body, ac.signal);
      turn.firstEventMs = Date.now();
      turn.fold = foldFromInteraction(res);
    }
  } catch (e) {
    if (!ac.signal.aborted) fail(turn, e);
  } finally {
    finish(turn, pub);
    o.onSettled?.();
  }
}

function fail(turn: LiveTurn, e: unknown) {
  turn.error = describeError(e);
  // A request that failed before the interaction existed has no status of its own.
  if (!turn.fold.interaction.id || !isTerminal(turn.fold)) {
    turn.fold = { ...turn.fold, interaction: { ...turn.fold.interaction, status: "failed" }, terminal: !turn.fold.interaction.id };
  }
}

function finish(turn: LiveTurn, pub: Publisher) {
  active.delete(turn.key);
  turn.running = false;
  turn.phase = null;
  if (isTerminal(turn.fold)) turn.completedMs ??= Date.now();
  pub.now();
}

/**
 * Stop: ask the server to cancel (POST …/cancel through the SDK), then close the stream. The cancel
 * goes first so a foreground stream can still deliver the terminal events the cancel produces.
 */
export async function stopRun(key: string): Promise<void> {
  const run = active.get(key);
  if (!run) return;
  const { ac, turn, pub } = run;
  setPhase(turn, "cancelling", pub);
  const id = turn.fold.interaction.id;
  if (id) {
    try {
      const ai = await getClient(turn.backend, turn.sessionId);
      const res = await cancelInteraction(ai, id);
      if (!isTerminal(turn.fold) && res.status) {
        // What the cancel answered, through the shared fold (as the stream's own terminal event would be).
        const usage = res.usage ? { usage: res.usage } : {};
        turn.fold = applyEvent(
          turn.fold,
          TERMINAL_STATUSES.has(res.status)
            ? { event_type: "interaction.completed", interaction: { id, status: res.status, ...usage } }
            : { event_type: "interaction.status_update", interaction_id: id, status: res.status, ...usage },
        );
      }
    } catch (e) {
      if (!isTerminal(turn.fold)) turn.error = { message: `Stream closed; the cancel request failed: ${describeError(e).message}` };
    }
  }
  ac.abort();
  pub.now();
}

/** Stop every run of a session (Esc in the prompt box). */
export function stopSession(sessionId: string): void {
  for (const [key, run] of active) if (run.turn.sessionId === sessionId) void stopRun(key);
}

/**
 * Resume a turn that has no end: GET ?stream=true&last_event_id=… and fold the tail into the same
 * turn. Without a last event id the whole stream is replayed into an empty fold.
 */
export async function resumeRun(sessionId: string, view: TurnView, hooks: RunHooks = {}): Promise<void> {
  const id = view.interactionId;
  if (!id) return;
  const existing = useRuns.getState().bySession[sessionId]?.find((t) => t.fold.interaction.id === id);
  if (existing && active.has(existing.key)) return;
  const meta: Partial<Interaction> = { id, status: view.status, model: view.model, agent: view.agent, usage: view.usage };
  let fold: FoldState;
  if (existing && view.lastEventId) fold = existing.fold;
  else if (view.lastEventId) {
    fold = foldFromInteraction({ ...meta, id, status: view.status, steps: view.steps } as Interaction);
    fold.terminal = false;
  } else fold = emptyFold(meta);
  fold = { ...fold, lastEventId: view.lastEventId ?? undefined, eventCount: view.eventCount };
  const { ac, turn, pub } = register({
    key: existing?.key ?? `resume-${id}`,
    sessionId,
    backend: view.backend,
    request: view.request ?? {},
    fold,
    createdMs: view.createdMs ?? Date.now(),
    firstEventMs: view.firstEventMs,
    phase: "resuming",
  });
  try {
    const ai = await getClient(view.backend, sessionId);
    try {
      const stream = await getStream(ai, id, view.lastEventId, ac.signal);
      setPhase(turn, "streaming", pub);
      await consume(stream, turn, pub);
    } catch (e) {
      // A background run outlives a failed stream: fall back to the shared poller.
      if (ac.signal.aborted || !view.background) throw e;
    }
    if (!isTerminal(turn.fold) && view.background) await poll(ai, id, turn, pub, ac.signal);
  } catch (e) {
    if (!ac.signal.aborted) turn.error = describeError(e);
  } finally {
    finish(turn, pub);
    hooks.onSettled?.();
  }
}
