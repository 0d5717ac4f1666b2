// The runner: every interaction run is one async task with an AbortController, registered by id.
// Foreground creates await the same task background ones leave running. A run only ever appends
// events: each is given a seq and an event_id, folded into the run's in-memory state (the shared
// fold, lib/interactions/fold.ts), handed to live subscribers at once, and written to the events
// table in one transaction per tick. The terminal write stores the last events together with the
// folded snapshot, so the stored object is by construction what the fold of its events says.
//
// Resume (`GET ?stream=true&last_event_id=X`) is a synchronous read of the table plus the run's
// not-yet-flushed tail plus a subscription, all in one JS turn: no gap, no duplicate.
import { ApiError } from "@/lib/interactions/errors";
import { applyEvent, emptyFold, FoldBuffer, foldEvents, toInteraction } from "@/lib/interactions/fold";
import { CHAINABLE_STATUSES, TERMINAL_STATUSES, type Interaction, type InteractionEvent, type Step, type Usage } from "@/lib/interactions/types";
import type { ModelAdapter, ModelEvent, ModelRequest, ModelResult, ModelYield, RunWorkspace } from "./model/types";
import type { Managed } from "./managed";
import type { InteractionRow, Store, StoredEventInput } from "./store";
import type { CreateRequest } from "./create-request";
import { eventJson, textDeltaLiteral } from "./event-json";
import { compactTextDelta } from "./event-rows";
import { eventIdFactory, newInteractionId, prefixOfEventId, seqFromEventId } from "./ids";
import { redactToolSecrets } from "@/lib/interactions/tool-secrets";

export interface StoredEvent extends StoredEventInput {
  seq: number;
  eventId: string;
  json: string;
}

/** Receives a stream's events in order, then end() once the run is terminal (or nothing more can come). */
export interface EventSink {
  event(e: StoredEvent): void;
  end(): void;
}

export type AdapterResolver = (id: string, kind: "model" | "agent") => ModelAdapter | null;

export interface RunnerOptions {
  store: Store;
  resolveAdapter: AdapterResolver;
  defaultPaceMs: () => number;
  now: () => Date;
  /** Custom agents and workspaces (lib/engine/managed): resolves the agent, opens the run's workspace. */
  managed?: Pick<Managed, "resolve" | "open">;
  /** Called once per run with its final Interaction when it ends (webhook deliveries). Must not throw. */
  onFinished?: (interaction: Interaction) => void;
}

interface LiveRun {
  id: string;
  stored: boolean;
  /** The conversation before this turn (the parent's chain), kept to seed the history cache. */
  history: Step[];
  controller: AbortController;
  /** The run's fold (`.state`); text deltas are folded in runs, see FoldBuffer. */
  fold: FoldBuffer;
  inputSteps: Step[];
  rawInput: unknown;
  /** Events not yet in the table (for store:false runs: every event). */
  pending: StoredEvent[];
  nextSeq: number;
  eventId: (seq: number) => string;
  sinks: Set<EventSink>;
  flushTimer: NodeJS.Timeout | null;
  /** The interaction's row until its first write (it goes in with the first events, one commit). */
  row?: InteractionRow;
  storedStatus: string;
  finished: boolean;
  modelEvents: number;
  /** An ApiError the adapter threw before producing anything (e.g. a schema it refuses): a 4xx for JSON creates. */
  refusal?: ApiError;
  done: Promise<void>;
  resolveDone: () => void;
  /** Records the workspace manifest / discards an ephemeral workspace, once terminal. */
  closeWorkspace?: (id: string, stored: boolean) => void;
}

/** The stored model events (JSON without event ids) a resumed run's adapter must yield again, and how far it got. */
interface ReplayCursor {
  events: string[];
  at: number;
}

export interface StartedRun {
  id: string;
  stored: boolean;
  /** Resolves when the run is terminal. Never rejects. */
  done: Promise<void>;
  /** The generated-steps view (what a create response holds). */
  snapshot(): Interaction;
  refusal(): ApiError | undefined;
}

/**
 * Events reach the table at most this long after they happen (one transaction per flush). Live
 * readers never wait for it: they get the run's in-memory tail. A crash loses at most this window
 * of a run that recovery then marks failed anyway.
 */
const FLUSH_MS = 10;
/**
 * …or as soon as this many are pending: a burst (the simulator at pace 0) is written a thousand
 * events at a time while they are young, not held for the whole 10 ms — fewer survivors for the
 * garbage collector to copy (minor GC per 20,000-delta stream: 5–25 ms → 2–3 ms in-process).
 */
const FLUSH_EVENTS = 1024;

const ENGINE_RESTARTED = "engine restarted while the run was in progress";
const ENGINE_STOPPED = "engine stopped while the run was in progress";

function notFound(): ApiError {
  return new ApiError("not_found", "Requested entity was not found.");
}

function echoFields(req: CreateRequest): Partial<Interaction> {
  const b = req.body;
  const echo: Partial<Interaction> = {};
  const keys = [
    "previous_interaction_id",
    "system_instruction",
    "tools",
    "generation_config",
    "response_format",
    "response_mime_type",
    "response_modalities",
    "agent_config",
    "safety_settings",
    "service_tier",
    "labels",
    "cached_content",
    "environment",
    "webhook_config",
  ] as const;
  for (const k of keys) if (b[k] !== undefined) echo[k] = b[k] as never;
  // MCP header values are the run's secrets: used by the tools, never echoed or stored.
  if (echo.tools) echo.tools = redactToolSecrets(echo.tools);
  return echo;
}

/**
 * Kept chain histories: for a finished, chainable interaction, every step of its chain (what
 * `store.loadHistory(id)` returns). A new turn on a recent parent then costs one Map lookup and a
 * shallow copy instead of re-reading and re-parsing the whole chain, so a 1,000-turn chain hydrates
 * about as fast as a 10-turn one. Bounded (LRU) by the number of step references held and by the
 * characters of the steps each entry adds to its chain (`ownChars`: a 20,000-delta answer is
 * 160,000 characters, and a count of step references alone let such answers pile up without limit
 * in a long-running server). A miss (cold start, evicted) falls back to the store's single
 * recursive query. Entries share step objects with their parents', and nothing mutates them
 * (adapters get a copy of the array).
 */
export class HistoryCache {
  private readonly map = new Map<string, { steps: Step[]; chars: number }>();
  private refs = 0;
  private chars = 0;
  constructor(
    private readonly maxRefs = 500_000,
    private readonly maxChars = 64 * 1024 * 1024,
  ) {}
  get(id: string): Step[] | undefined {
    const v = this.map.get(id);
    if (v) {
      this.map.delete(id);
      this.map.set(id, v);
    }
    return v?.steps;
  }
  /** Keep `steps` for `id`; `ownChars` is the size of the steps this entry adds (the rest is its parent's). */
  set(id: string, steps: Step[], ownChars = approxChars(steps)): void {
    this.delete(id);
    if (steps.length > this.maxRefs || ownChars > this.maxChars) return;
    this.map.set(id, { steps, chars: ownChars });
    this.refs += steps.length;
    this.chars += ownChars;
    for (const k of this.map.keys()) {
      if (this.refs <= this.maxRefs && this.chars <= this.maxChars) break;
      this.delete(k);
    }
  }
  delete(id: string): void {
    const v = this.map.get(id);
    if (v) {
      this.map.delete(id);
      this.refs -= v.steps.length;
      this.chars -= v.chars;
    }
  }
  clear(): void {
    this.map.clear();
    this.refs = 0;
    this.chars = 0;
  }
  get size(): number {
    return this.map.size;
  }
  /** Characters held, as counted by `set`. */
  get heldChars(): number {
    return this.chars;
  }
}

/** The characters of every string in `v` (keys aside), a few levels deep: the size a cache entry keeps alive. */
export function approxChars(v: unknown, depth = 0): number {
  if (typeof v === "string") return v.length;
  if (!v || typeof v !== "object" || depth > 8) return 0;
  let n = 0;
  if (Array.isArray(v)) for (const x of v) n += approxChars(x, depth + 1);
  else for (const k in v) n += approxChars((v as Record<string, unknown>)[k], depth + 1);
  return n;
}

export class Runner {
  private readonly live = new Map<string, LiveRun>();
  private readonly histories = new HistoryCache();
  private readonly store: Store;
  private readonly opts: RunnerOptions;

  constructor(opts: RunnerOptions) {
    this.opts = opts;
    this.store = opts.store;
  }

  get liveCount(): number {
    return this.live.size;
  }

  liveIds(): string[] {
    return [...this.live.keys()];
  }

  /**
   * Validate chaining and adapter, register the run, attach `sink` (so a streamed create sees
   * every event, even of a run that finishes within this tick) and start it.
   */
  create(req: CreateRequest, opts: { paceMs?: number; sink?: EventSink } = {}): StartedRun {
    const resolved = this.opts.managed?.resolve(req);
    const adapter = this.opts.resolveAdapter(resolved?.target ?? req.target, req.kind);
    if (!adapter) {
      throw new ApiError(
        "invalid_request",
        req.kind === "model"
          ? `Unknown model '${req.target}'. The local engine serves gemini-*, gemma-* and local-sim model ids (on its simulator).`
          : `Unknown agent '${req.target}'.`,
      );
    }
    const history = req.previousId ? this.loadParentHistory(req.previousId) : [];
    const opened = resolved ? this.opts.managed?.open(req, resolved) : undefined;

    const now = this.opts.now();
    const id = newInteractionId();
    const created: InteractionEvent = {
      event_type: "interaction.created",
      interaction: {
        id,
        object: "interaction",
        status: "queued",
        ...(req.kind === "model" ? { model: req.target } : { agent: req.target }),
        created: now.toISOString(),
        updated: now.toISOString(),
        ...echoFields(req),
        ...opened?.echo,
      },
    };
    let resolveDone!: () => void;
    const run: LiveRun = {
      id,
      stored: req.store,
      history,
      controller: new AbortController(),
      fold: new FoldBuffer(emptyFold()),
      inputSteps: req.inputSteps,
      rawInput: req.body.input,
      pending: [],
      nextSeq: 0,
      eventId: eventIdFactory(),
      sinks: new Set(),
      flushTimer: null,
      storedStatus: "queued",
      finished: false,
      modelEvents: 0,
      done: new Promise<void>((r) => (resolveDone = r)),
      resolveDone: () => resolveDone(),
      closeWorkspace: opened?.close,
    };
    if (req.store) {
      const settings: Record<string, unknown> = { ...req.body };
      delete settings.input;
      delete settings.stream;
      if (settings.tools) settings.tools = redactToolSecrets(settings.tools);
      const row: InteractionRow = {
        id,
        previous_id: req.previousId ?? null,
        status: "queued",
        kind: req.kind,
        model: req.target,
        background: req.background ? 1 : 0,
        request_json: JSON.stringify(settings),
        input_json: req.body.input === undefined ? null : JSON.stringify(req.body.input),
        input_steps_json: JSON.stringify(req.inputSteps),
        output_steps_json: null,
        snapshot_json: null,
        created_ms: now.getTime(),
        updated_ms: now.getTime(),
        pace_ms: opts.paceMs ?? req.labelPaceMs ?? null,
      };
      run.row = row;
    }
    this.live.set(id, run);
    if (opts.sink) run.sinks.add(opts.sink);
    this.append(run, created);

    const modelReq: ModelRequest = {
      model: resolved?.target ?? req.target,
      kind: req.kind,
      history: history.slice(),
      input: req.inputSteps,
      system_instruction: resolved ? resolved.settings.system_instruction : req.body.system_instruction,
      tools: (resolved ? resolved.settings.tools : req.body.tools) as ModelRequest["tools"],
      generation_config: req.body.generation_config as ModelRequest["generation_config"],
      response_format: req.body.response_format,
      agent_config: resolved ? resolved.settings.agent_config : req.body.agent_config,
      paceMs: opts.paceMs ?? req.labelPaceMs ?? this.opts.defaultPaceMs(),
      ...(opened?.workspace ? { workspace: opened.workspace } : {}),
    };
    void this.execute(run, adapter, modelReq);
    // A background create answers with the id at once: make the row durable before that.
    if (req.background && !run.finished) this.flushNow(run);
    return {
      id,
      stored: run.stored,
      done: run.done,
      snapshot: () => toInteraction(run.fold.state),
      refusal: () => run.refusal,
    };
  }

  private loadParentHistory(parentId: string): Step[] {
    const liveParent = this.live.get(parentId);
    if (liveParent) {
      if (!liveParent.stored) throw new ApiError("not_found", `Previous interaction '${parentId}' was not found.`);
      throw new ApiError(
        "invalid_request",
        `Previous interaction '${parentId}' is ${liveParent.fold.state.interaction.status}; only completed, requires_action or incomplete interactions can be continued.`,
      );
    }
    const status = this.store.getStatus(parentId);
    if (status === undefined) throw new ApiError("not_found", `Previous interaction '${parentId}' was not found.`);
    if (!CHAINABLE_STATUSES.has(status)) {
      throw new ApiError(
        "invalid_request",
        `Previous interaction '${parentId}' is ${status}; only completed, requires_action or incomplete interactions can be continued.`,
      );
    }
    return this.historyOf(parentId);
  }

  /** Every step of the chain ending at `id`: kept in memory when recent, else one recursive query. */
  historyOf(id: string): Step[] {
    const kept = this.histories.get(id);
    if (kept) return kept;
    const loaded = this.store.loadHistory(id);
    this.histories.set(id, loaded);
    return loaded;
  }

  /** Forget kept histories (after a delete, reset or import changes what chains contain). */
  forgetHistories(): void {
    this.histories.clear();
  }

  /**
   * Drive the adapter and append what it yields. `replay` (a run resumed after a restart): the
   * model events already stored, as JSON without event ids. The adapter is deterministic, so it
   * yields them again first; each is checked against the stored one and dropped (it is already in
   * the log), and only what comes after is appended. A mismatch ends the run `failed`.
   */
  private async execute(run: LiveRun, adapter: ModelAdapter, req: ModelRequest, replay?: ReplayCursor): Promise<void> {
    if (run.fold.state.interaction.status !== "in_progress") {
      this.append(run, { event_type: "interaction.status_update", interaction_id: run.id, status: "in_progress" });
    }
    let result: ModelResult | undefined;
    try {
      const g: AsyncGenerator<ModelYield, ModelResult, void> = adapter.run(req, run.controller.signal);
      // A replayed event that differs from the stored one: the run cannot be resumed faithfully.
      const diverged = () => {
        void g.return?.(undefined as never)?.catch?.(() => {});
        this.finish(run, "failed", undefined, {
          code: "engine_restarted",
          message: `${ENGINE_RESTARTED}, and replaying its ${replay?.events.length} stored model events diverged at event ${(replay?.at ?? 0) + 1}, so it cannot be resumed faithfully`,
        });
      };
      /** One yielded event: checked against the stored one while replaying, else appended. False once the run has ended. */
      const take = (ev: ModelEvent): boolean => {
        if (replay && replay.at < replay.events.length) {
          if (JSON.stringify(ev) !== replay.events[replay.at]) {
            diverged();
            return false;
          }
          replay.at++;
          return true;
        }
        this.appendModelEvent(run, ev);
        return !run.finished; // a write that failed mid-batch (flush at FLUSH_EVENTS) ended the run
      };
      for (;;) {
        const r = await g.next();
        // Cancelled (or engine closing) while the adapter was busy: the terminal events are
        // already written; drop whatever it produced and let it clean up.
        if (run.finished) {
          void g.return?.(undefined as never)?.catch?.(() => {});
          return;
        }
        if (r.done) {
          if (replay && replay.at < replay.events.length) {
            diverged();
            return;
          }
          result = r.value;
          break;
        }
        // A batch is appended in order, as if its events had come one by one.
        const v = r.value;
        if (Array.isArray(v)) {
          for (const ev of v as readonly ModelEvent[]) if (!take(ev)) return;
        } else if (!take(v as ModelEvent)) return;
      }
    } catch (err) {
      if (run.finished) return;
      if (err instanceof ApiError && run.modelEvents === 0) run.refusal = err;
      const code = err instanceof ApiError ? err.code : "internal";
      const message = err instanceof Error ? err.message : String(err);
      this.finish(run, "failed", undefined, { code, message });
      return;
    }
    if (run.finished) return;
    if (!result || typeof result !== "object" || typeof result.status !== "string") {
      this.finish(run, "failed", undefined, { code: "internal", message: "The model adapter ended without a result." });
      return;
    }
    if (result.status === "failed") {
      this.finish(run, "failed", result.usage, result.error ?? { code: "internal", message: "The model failed." });
      return;
    }
    this.finish(run, result.status, result.usage);
  }

  private appendModelEvent(run: LiveRun, ev: ModelEvent): void {
    if (
      !ev ||
      typeof ev.index !== "number" ||
      (ev.event_type !== "step.start" && ev.event_type !== "step.delta" && ev.event_type !== "step.stop")
    ) {
      throw new Error(`The model adapter produced an invalid event: ${JSON.stringify(ev)?.slice(0, 200)}`);
    }
    run.modelEvents++;
    this.append(run, ev as InteractionEvent);
  }

  /** Give the event its id, fold it, hand it to subscribers, queue it for the table. */
  private append(run: LiveRun, event: InteractionEvent): void {
    const seq = run.nextSeq++;
    const eventId = run.eventId(seq);
    run.fold.push(event, eventId);
    const literal = textDeltaLiteral(event);
    const stored: StoredEvent = {
      seq,
      eventId,
      json: eventJson(event, eventId, literal),
      oneLine: true,
      // What the store keeps of a text delta (event-rows.ts).
      compact: literal !== undefined ? compactTextDelta((event as { index: number }).index, literal) : undefined,
    };
    run.pending.push(stored);
    for (const sink of run.sinks) {
      try {
        sink.event(stored);
      } catch {
        run.sinks.delete(sink);
      }
    }
    if (run.stored && !run.finished && run.pending.length >= FLUSH_EVENTS) this.flushNow(run);
    else if (run.stored && !run.flushTimer && !run.finished) run.flushTimer = setTimeout(() => this.flush(run), FLUSH_MS);
  }

  private flush(run: LiveRun): void {
    run.flushTimer = null;
    if (!run.stored || run.finished || run.pending.length === 0) return;
    const status = run.fold.state.interaction.status;
    const events = run.pending;
    run.pending = [];
    try {
      this.store.appendEvents(run.id, events, status !== run.storedStatus ? status : undefined, this.opts.now().getTime(), run.row);
      run.row = undefined;
      run.storedStatus = status;
    } catch (err) {
      // The store is gone (closed, deleted row, disk error): the run can't be kept, so it ends.
      run.controller.abort();
      this.finish(run, "failed", undefined, {
        code: "internal",
        message: `The engine could not store the run: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }

  /** Append the terminal events, write them with the snapshot, end every stream. Idempotent. */
  private finish(run: LiveRun, status: string, usage?: Usage, error?: { code: string; message: string }): void {
    if (run.finished) return;
    const updated = this.opts.now();
    if (error) this.append(run, { event_type: "error", error: { code: error.code, message: error.message } });
    this.append(run, {
      event_type: "interaction.status_update",
      interaction_id: run.id,
      status,
      ...(usage ? { usage } : {}),
    });
    this.append(run, {
      event_type: "interaction.completed",
      interaction: {
        id: run.id,
        status,
        updated: updated.toISOString(),
        ...(usage ? { usage } : {}),
        ...(error ? { errors: [{ code: error.code, message: error.message }] } : {}),
      },
    });
    run.finished = true;
    if (run.flushTimer) clearTimeout(run.flushTimer);
    run.flushTimer = null;
    if (run.stored) {
      try {
        const final = toInteraction(run.fold.state);
        this.store.finalize(run.id, run.pending, status, final, updated.getTime(), run.row);
        run.row = undefined;
        run.pending = [];
        if (CHAINABLE_STATUSES.has(status)) {
          this.histories.set(run.id, [...run.history, ...run.inputSteps, ...final.steps], approxChars(run.inputSteps) + approxChars(final.steps));
        }
      } catch {
        /* the row may have been deleted (delete/reset of a live run): nothing left to store */
      }
    }
    for (const sink of run.sinks) {
      try {
        sink.end();
      } catch {
        /* a sink that throws is already gone */
      }
    }
    run.sinks.clear();
    this.live.delete(run.id);
    try {
      run.closeWorkspace?.(run.id, run.stored);
    } catch (err) {
      console.error("[engine] could not record the workspace manifest:", err);
    }
    run.resolveDone();
    this.notifyFinished(toInteraction(run.fold.state));
  }

  private notifyFinished(interaction: Interaction): void {
    try {
      this.opts.onFinished?.(interaction);
    } catch {
      /* a listener's failure never affects the run */
    }
  }

  /** The stored Interaction as a GET returns it: input steps in front of the generated ones. */
  getInteraction(id: string, includeInput = false): Interaction {
    const run = this.live.get(id);
    if (run) {
      if (!run.stored) throw notFound();
      const obj = toInteraction(run.fold.state, run.inputSteps);
      if (includeInput && run.rawInput !== undefined) obj.input = run.rawInput;
      return obj;
    }
    const row = this.store.getRow(id);
    if (!row) throw notFound();
    return this.rowToInteraction(row, includeInput);
  }

  private rowToInteraction(row: InteractionRow, includeInput: boolean): Interaction {
    const inputSteps = JSON.parse(row.input_steps_json) as Step[];
    let obj: Interaction;
    if (row.snapshot_json && row.output_steps_json) {
      const snap = JSON.parse(row.snapshot_json) as Omit<Interaction, "steps">;
      obj = { ...snap, steps: [...inputSteps, ...(JSON.parse(row.output_steps_json) as Step[])] } as Interaction;
    } else {
      const events = this.store.eventsAfter(row.id, -1).map((e) => JSON.parse(e.json) as InteractionEvent);
      obj = toInteraction(foldEvents(events), inputSteps);
    }
    if (includeInput && row.input_json !== null) obj.input = JSON.parse(row.input_json);
    return obj;
  }

  /**
   * Attach a stream to a stored interaction: the events after `lastEventId` (all of them when
   * absent), then the live tail if it is still running. Synchronous, so nothing slips between
   * the table read and the subscription. Returns a detach function.
   */
  attach(id: string, lastEventId: string | undefined, sink: EventSink): () => void {
    const run = this.live.get(id);
    if (run && !run.stored) throw notFound();
    if (!run && !this.store.getStatus(id)) throw notFound();
    let after = -1;
    if (lastEventId !== undefined && lastEventId !== "") {
      let seq = this.store.seqOfEvent(id, lastEventId) ?? run?.pending.find((e) => e.eventId === lastEventId)?.seq;
      // A run resumed after a crash keeps its event-id prefix and regenerates the same events, so an
      // id a client saw just before the crash (streamed, not yet on disk) names an event the replay
      // is about to produce again: follow from there.
      const embedded = seqFromEventId(lastEventId);
      if (seq === undefined && run && !run.finished && embedded !== undefined && run.eventId(embedded) === lastEventId) seq = embedded;
      if (seq === undefined) throw new ApiError("invalid_request", `Invalid value at 'last_event_id': event '${lastEventId}' does not belong to interaction '${id}'.`);
      after = seq;
    }
    let maxSeq = after;
    for (const row of this.store.eventsAfter(id, after)) {
      sink.event({ seq: row.seq, eventId: row.event_id, json: row.json });
      maxSeq = row.seq;
    }
    if (run && !run.finished) {
      for (const e of run.pending) if (e.seq > maxSeq) sink.event(e);
      // Past what is stored (the case above): skip the replayed events up to `after`.
      const live: EventSink = after > maxSeq ? { event: (e) => void (e.seq > after && sink.event(e)), end: () => sink.end() } : sink;
      run.sinks.add(live);
      return () => run.sinks.delete(live);
    }
    sink.end();
    return () => {};
  }

  /** Stop feeding a sink (its client went away); the run itself goes on. */
  detach(id: string, sink: EventSink): void {
    this.live.get(id)?.sinks.delete(sink);
  }

  /** Cancel a running interaction (stored or not). Terminal ones answer 400, unknown ids 404. */
  cancel(id: string): Interaction {
    const run = this.live.get(id);
    if (run) {
      run.controller.abort();
      this.finish(run, "cancelled");
      return run.stored ? this.getInteraction(id) : toInteraction(run.fold.state, run.inputSteps);
    }
    const status = this.store.getStatus(id);
    if (status === undefined) throw notFound();
    throw new ApiError(
      "invalid_request",
      `Interaction '${id}' is ${status}; only an interaction that is still running can be cancelled.`,
    );
  }

  delete(id: string): void {
    const run = this.live.get(id);
    if (run && !run.stored) throw notFound();
    if (run) {
      run.controller.abort();
      this.finish(run, "cancelled");
    }
    if (!this.store.deleteInteraction(id)) throw notFound();
    this.forgetHistories();
  }

  /** Drop an interaction the adapter refused outright (a JSON create answers the error instead). */
  discard(id: string): void {
    this.store.deleteInteraction(id);
  }

  /**
   * Runs left queued/in_progress by a previous process (a crash, kill -9) are resumed from their
   * stored events when they can be replayed faithfully: the adapter is deterministic, so running
   * the same request again yields the stored model events first (checked and dropped, at pace 0)
   * and then the rest of the same run, appended with new event ids after the stored seqs. A run
   * that cannot be replayed (an external model backend, a code execution cut off before its result
   * was stored, a missing parent) ends `failed` with the reason.
   */
  recover(opts: { resume?: boolean; message?: string } = {}): { resumed: number; failed: number } {
    let resumed = 0;
    let failed = 0;
    for (const row of this.store.nonTerminalRows()) {
      if (this.live.has(row.id)) continue;
      const events = this.store.eventsAfter(row.id, -1);
      const reason = opts.resume === false ? null : this.resume(row, events);
      if (opts.resume !== false && reason === null) {
        resumed++;
        continue;
      }
      this.failUnfinished(row, events, opts.message ?? `${ENGINE_RESTARTED}, and ${reason}`);
      failed++;
    }
    return { resumed, failed };
  }

  /** Resume one unfinished run; returns why it can't be, or null once it is running again. */
  private resume(row: InteractionRow, events: { seq: number; event_id: string; json: string }[]): string | null {
    // Resolve as create did: a custom agent's id runs its base agent with the merged settings.
    const settings = JSON.parse(row.request_json) as Record<string, unknown>;
    const inputSteps = JSON.parse(row.input_steps_json) as Step[];
    const req: CreateRequest = {
      kind: row.kind as CreateRequest["kind"],
      target: row.model,
      body: { ...settings, ...(row.input_json === null ? {} : { input: JSON.parse(row.input_json) }) } as CreateRequest["body"],
      inputSteps,
      stream: false,
      background: row.background === 1,
      store: true,
      ...(row.previous_id ? { previousId: row.previous_id } : {}),
    };
    let resolved: ReturnType<Managed["resolve"]> | undefined;
    try {
      resolved = this.opts.managed?.resolve(req);
    } catch (err) {
      return `its agent could not be resolved (${err instanceof Error ? err.message : String(err)})`;
    }
    const adapter = this.opts.resolveAdapter(resolved?.target ?? row.model, row.kind);
    if (!adapter) return `'${row.model}' is not served by this engine any more`;
    if (!adapter.deterministic) return `'${row.model}' runs on an external model backend, whose output cannot be replayed`;
    const parsed = events.map((e) => JSON.parse(e.json) as InteractionEvent);
    if (parsed.some((e) => e.event_type === "interaction.completed" || e.event_type === "error")) {
      return "its stored events are inconsistent (a terminal event without the terminal status)";
    }
    const fold = foldEvents(parsed);
    const steps = toInteraction(fold).steps;
    const results = new Set(steps.filter((s) => s.type === "code_execution_result").map((s) => (s as { call_id?: string }).call_id));
    const cut = steps.find((s) => s.type === "code_execution_call" && !results.has((s as { id?: string }).id));
    if (cut) return "a code execution step was cut off before its result was stored, and code is never run twice";
    let history: Step[] = [];
    if (row.previous_id) {
      try {
        history = this.historyOf(row.previous_id);
      } catch {
        return `its previous interaction '${row.previous_id}' is gone`;
      }
    }
    const replay = parsed
      .filter((e) => e.event_type === "step.start" || e.event_type === "step.delta" || e.event_type === "step.stop")
      .map((e) => {
        const rest: Record<string, unknown> = { ...e };
        delete rest.event_id;
        return JSON.stringify(rest);
      });
    // Reopen the run's workspace in the environment it was given (its id is in the stored
    // interaction.created), so the replay sees the same environment id and files.
    let opened: ReturnType<Managed["open"]> | undefined;
    if (resolved && this.opts.managed) {
      const envId = (fold.interaction as { environment_id?: unknown }).environment_id;
      try {
        opened = this.opts.managed.open(req, typeof envId === "string" ? { ...resolved, settings: { ...resolved.settings, environment: envId } } : resolved);
      } catch (err) {
        return `its workspace could not be reopened (${err instanceof Error ? err.message : String(err)})`;
      }
    }
    const labelPace = Number((settings.labels as Record<string, unknown> | undefined)?.sim_pace_ms);
    const pace = row.pace_ms ?? (Number.isFinite(labelPace) && labelPace >= 0 ? labelPace : this.opts.defaultPaceMs());
    let resolveDone!: () => void;
    const last = events.at(-1);
    const run: LiveRun = {
      id: row.id,
      stored: true,
      history,
      controller: new AbortController(),
      fold: new FoldBuffer(fold),
      inputSteps,
      rawInput: row.input_json === null ? undefined : JSON.parse(row.input_json),
      pending: [],
      nextSeq: last ? last.seq + 1 : 0,
      // The same prefix as before the crash: regenerated events get the ids they had (see attach).
      eventId: eventIdFactory(last ? prefixOfEventId(last.event_id) : undefined),
      sinks: new Set(),
      flushTimer: null,
      storedStatus: row.status,
      finished: false,
      modelEvents: replay.length,
      done: new Promise<void>((r) => (resolveDone = r)),
      resolveDone: () => resolveDone(),
      closeWorkspace: opened?.close,
    };
    const cursor: ReplayCursor = { events: replay, at: 0 };
    const modelReq: ModelRequest = {
      model: resolved?.target ?? row.model,
      kind: row.kind,
      history: history.slice(),
      input: inputSteps,
      system_instruction: (resolved ? resolved.settings.system_instruction : settings.system_instruction) as string | undefined,
      tools: (resolved ? resolved.settings.tools : settings.tools) as ModelRequest["tools"],
      generation_config: settings.generation_config as ModelRequest["generation_config"],
      response_format: settings.response_format,
      agent_config: (resolved ? resolved.settings.agent_config : settings.agent_config) as Record<string, unknown> | undefined,
      ...(opened?.workspace ? { workspace: replayingWorkspace(opened.workspace, steps) } : {}),
      // Catch up at full speed, then go on at the run's own pace (read as the adapter ticks, so
      // the rest of the batch that crosses the stored point still goes at full speed).
      get paceMs() {
        return cursor.at < cursor.events.length ? 0 : pace;
      },
    };
    this.live.set(row.id, run);
    void this.execute(run, adapter, modelReq, cursor);
    return null;
  }

  /** End an unfinished run of a previous process `failed`: terminal events appended, snapshot folded. */
  private failUnfinished(row: InteractionRow, events: { seq: number; json: string }[], message: string): void {
    let fold = foldEvents(events.map((e) => JSON.parse(e.json) as InteractionEvent));
    if (!fold.interaction.id) fold.interaction.id = row.id;
    const updated = this.opts.now();
    const makeId = eventIdFactory();
    let seq = events.length ? (events[events.length - 1] as { seq: number }).seq + 1 : 0;
    const tail: StoredEvent[] = [];
    const add = (ev: InteractionEvent) => {
      const withId = { ...ev, event_id: makeId(seq) } as InteractionEvent;
      fold = applyEvent(fold, withId);
      tail.push({ seq, eventId: withId.event_id as string, json: JSON.stringify(withId) });
      seq++;
    };
    const error = { code: "engine_restarted", message };
    add({ event_type: "error", error });
    add({ event_type: "interaction.status_update", interaction_id: row.id, status: "failed" });
    add({
      event_type: "interaction.completed",
      interaction: { id: row.id, status: "failed", updated: updated.toISOString(), errors: [error] },
    });
    this.store.finalize(row.id, tail, "failed", toInteraction(fold), updated.getTime());
    this.notifyFinished(toInteraction(fold));
  }

  private flushNow(run: LiveRun): void {
    if (run.flushTimer) clearTimeout(run.flushTimer);
    this.flush(run);
  }

  /** Flush every live run's pending events (before an export). */
  flushAll(): void {
    for (const run of this.live.values()) this.flushNow(run);
  }

  /** End every live run (reset / shutdown). */
  stopAll(reason: "cancelled" | "shutdown"): void {
    this.forgetHistories();
    for (const run of [...this.live.values()]) {
      run.controller.abort();
      if (reason === "cancelled") this.finish(run, "cancelled");
      else this.finish(run, "failed", undefined, { code: "engine_stopped", message: ENGINE_STOPPED });
    }
  }

  isTerminalStatus(status: string): boolean {
    return TERMINAL_STATUSES.has(status);
  }
}

/**
 * A resumed run's workspace: the code steps already recorded are answered with their recorded
 * results, in order (code never runs twice — its files are already in the workspace); the first
 * step past them, or one that differs, runs for real.
 */
function replayingWorkspace(inner: RunWorkspace, steps: Step[]): RunWorkspace {
  const recorded = steps.flatMap((call) => {
    if (call.type !== "code_execution_call") return [];
    const c = call as { id?: string; arguments?: { language?: string; code?: string } };
    const r = steps.find((s) => s.type === "code_execution_result" && (s as { call_id?: string }).call_id === c.id) as
      | { result?: unknown; is_error?: boolean }
      | undefined;
    return r ? [{ language: c.arguments?.language, code: c.arguments?.code, output: String(r.result ?? ""), isError: r.is_error === true }] : [];
  });
  let next = 0;
  return {
    environmentId: inner.environmentId,
    files: () => inner.files(),
    ...(inner.read ? { read: (path: string, maxBytes: number) => inner.read!(path, maxBytes) } : {}),
    run: async (language, code, signal) => {
      const r = recorded[next];
      if (r && r.language === language && r.code === code) {
        next++;
        return { output: r.output, isError: r.isError, exitCode: r.isError ? null : 0, limitHit: null, durationMs: 0 };
      }
      next = recorded.length;
      return inner.run(language, code, signal);
    },
  };
}
