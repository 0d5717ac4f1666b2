// The recorder: files every interaction that passes through the proxy into the app store, folded
// from the same bytes the browser receives (the proxy tees each chunk to `chunk()` after
// forwarding it; nothing here ever delays or alters the pipe).
//
// What is recorded, per operation on `/{v}/interactions…`:
//   create  POST   …/interactions            → a new turn (JSON: the response; SSE: the fold of its events).
//                                              A create the upstream refused (4xx/5xx) is recorded too, under a
//                                              synthetic id `rec_<uuid>` with status "failed", so a reload still
//                                              shows what was tried and why it failed.
//   get     GET    …/interactions/{id}       → JSON: replaces the turn's interaction (input steps stripped).
//                                              SSE with last_event_id: a resume; raw lines are appended and the fold
//                                              continues from the stored fold state (same step indices).
//                                              SSE without last_event_id: a full replay; folded from empty, and
//                                              it replaces the stored fold only once it has got at least as far.
//   cancel  POST   …/interactions/{id}/cancel → status and interaction from the response.
//   delete  DELETE …/interactions/{id}       → the record is kept and flagged `deleted_upstream`.
// Error responses to get/cancel/delete change nothing (a 404 after store:false must not erase a turn).
//
// Writes are coalesced: lines and fold updates are buffered and written in one transaction per
// FLUSH_MS (and at the end of the response), never once per event.
import "server-only";
import { randomUUID } from "node:crypto";
import { emptyFold, FoldBuffer, foldFromInteraction, toInteraction, type FoldState } from "@/lib/interactions/fold";
import { TERMINAL_STATUSES, type Interaction } from "@/lib/interactions/types";
import { redactText } from "@/lib/http/secrets";
import type { AppStore, RawLines, TurnRow } from "./store";
import { generatedSteps } from "@/lib/interactions/input";
import { redactRequestSecrets, toolSecretValues } from "@/lib/interactions/tool-secrets";
import { outputTextOf, titleFrom, userTextOf } from "./text";
import { parseInWorker, parseWorkerAvailable } from "./parse-pool";
import { StreamParse, type BurstJob, type BurstResult } from "./stream-parse";
import { ChunkLog } from "./chunk-log";

export type RecordOp =
  | { kind: "create" }
  | { kind: "get"; id: string; stream: boolean; lastEventId: string | null }
  | { kind: "cancel"; id: string }
  | { kind: "delete"; id: string };

export interface TrackContext {
  op: RecordOp;
  backend: string;
  apiVersion: string;
  sessionId: string | null;
  /** The parsed create body (create only). */
  request?: unknown;
  startedMs: number;
}

export type EndKind = "complete" | "aborted" | "error";

export interface Tracker {
  /** Response headers arrived. */
  response(status: number, sse: boolean, tMs: number): void;
  /** One SSE chunk, exactly as forwarded to the client. */
  chunk(bytes: Uint8Array, tMs: number): void;
  /** The whole body of a non-SSE response (JSON or an error envelope), as forwarded. */
  body(text: string, tMs: number): void;
  /** The response is over (body finished, client went away, or upstream failed). */
  end(kind: EndKind, tMs: number): void;
}

export interface Recorder {
  track(ctx: TrackContext): Tracker;
  /** Write everything buffered now (tests, shutdown). */
  flushAll(): void;
  /**
   * Finish now every turn whose response is over but not yet parsed (that happens QUIET_MS after
   * the end, in slices): the app API calls this before it reads the record, so a read made just
   * after a stream ended already sees that stream's turn.
   */
  flushEnded(): void;
}

export interface RecorderOptions {
  flushMs?: number;
  /** Secrets to keep out of the record (an upstream that echoes a key in an error). */
  secrets?: () => readonly string[];
  onError?: (message: string) => void;
  /** Where finished bursts are parsed (default: the worker of parse-pool.ts; tests pass their own). */
  burstParser?: BurstParser;
}

export interface BurstParser {
  available(): boolean;
  /** The burst's lines and fold, or null: then the recorder parses it itself. */
  parse(job: Omit<BurstJob, "id">): Promise<BurstResult | null>;
}

const MAX_SEARCH = 20_000;
/** A stream counts as quiet (its buffered chunks get parsed and recorded) after this long without a chunk. */
const QUIET_MS = 20;
/** …or at the latest this long after the oldest unparsed chunk, so a long busy stream is still recorded live (every ≤ 5 s). */
const MAX_DEFER_MS = 5_000;
/**
 * At the end of a burst the buffered chunks are parsed in slices of about this many bytes (about
 * a millisecond of work each), one slice per event-loop turn, so socket writes (of the response
 * that was just teed, or of any other) are never queued behind more than one slice.
 */
const SLICE_BYTES = 64 * 1024;
/**
 * A finished burst at least this large, none of it parsed yet, is parsed in the worker
 * (parse-pool.ts): a 20,000-delta stream's parse is 30–45 ms of CPU and its garbage, which, on the
 * thread that feeds every stream, slowed the streams after it (docs/proxy.md, "Fifth pass").
 */
const WORKER_MIN_BYTES = 8 * 1024;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isInteraction(v: unknown): v is Interaction {
  return !!v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" && !!(v as { id: string }).id;
}

function envelopeError(v: unknown, fallback: string): { code?: string; message?: string } {
  const e = (v as { error?: { code?: unknown; message?: unknown; status?: unknown } } | undefined)?.error;
  if (e && typeof e === "object") {
    const code = typeof e.code === "string" ? e.code : typeof e.status === "string" ? e.status : e.code !== undefined ? String(e.code) : undefined;
    return { ...(code ? { code } : {}), message: typeof e.message === "string" ? e.message : fallback };
  }
  return { message: fallback };
}

function requestFields(request: unknown) {
  const r = (request && typeof request === "object" ? request : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  return {
    model: str(r.model),
    agent: str(r.agent),
    previous_interaction_id: str(r.previous_interaction_id),
    stream: r.stream === true ? 1 : 0,
    background: r.background === true ? 1 : 0,
    store: r.store === false ? 0 : 1,
  };
}

/** Should a fresh fold (a full replay) replace the stored one? Only when it is at least as far along. */
function replayMayReplace(stored: FoldState | null, fresh: FoldState): boolean {
  if (!stored) return true;
  if (fresh.terminal) return true;
  return !stored.terminal && fresh.eventCount >= stored.eventCount;
}

export function createRecorder(store: AppStore, opts: RecorderOptions = {}): Recorder {
  const flushMs = opts.flushMs ?? 50;
  const bursts: BurstParser = opts.burstParser ?? { available: parseWorkerAvailable, parse: parseInWorker };
  const live = new Set<TurnTracker>();
  const report = (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    (opts.onError ?? ((m: string) => console.error(`[record] ${m}`)))(redactText(msg, opts.secrets?.() ?? []));
  };

  class TurnTracker implements Tracker {
    private id: string | null;
    /** The turn's fold (`this.fold`); text deltas are folded in runs (FoldBuffer). */
    private readonly folds = new FoldBuffer();
    private storedFold: FoldState | null = null;
    private readonly replay: boolean;
    /** Decoder, line splitter and SSE parser of the body (stream-parse.ts), once it is SSE. */
    private parse: StreamParse | null = null;
    /** Whether any chunk went through `parse` yet (else a whole burst may go to the worker). */
    private parsedAny = false;
    /** A burst is with the parse worker (parse-pool.ts); it was, once (no second try). */
    private inWorker = false;
    private triedWorker = false;
    private pending: RawLines[] = [];
    /**
     * Chunks as teed, not yet looked at. `chunk()` only copies them in here (one memcpy per
     * upstream read, into a pooled buffer, so the chunk itself dies young: chunk-log.ts): the
     * decoding, line split, SSE parse and fold happen in flush(), once the stream has been quiet
     * for QUIET_MS (or at the latest MAX_DEFER_MS after the oldest chunk, or at the end), so a
     * burst of thousands of events never has the recorder's per-event work beside it on the one
     * JS thread that also feeds the response. A slow (LLM-paced) stream is quiet between events
     * and is still recorded live.
     */
    private readonly raw = new ChunkLog();
    private rawSinceMs = 0;
    private lastChunkMs = 0;
    private timer: ReturnType<typeof setTimeout> | null = null;
    private status = 0;
    private sse = false;
    private firstEventMs: number | null = null;
    private completedMs: number | null = null;
    private ended = false;
    private endKind: EndKind = "complete";
    /** The end of the stream was processed (decoder and parser closed). */
    private closedOut = false;
    private slices = 0;
    private dirty = false;
    private requestWritten = false;
    private failed = false;
    /** The create body behind this turn (for search text): this request's, or the recorded one. */
    private userText: string;

    private get fold(): FoldState {
      return this.folds.state;
    }

    private set fold(s: FoldState) {
      this.folds.state = s;
    }

    constructor(
      private readonly ctx: TrackContext,
      private readonly toolSecrets: readonly string[] = [],
    ) {
      const op = ctx.op;
      this.id = op.kind === "create" ? null : op.id;
      this.replay = op.kind === "get" && op.stream && !op.lastEventId;
      this.fold = emptyFold();
      this.userText = userTextOf(ctx.request);
      const row = op.kind === "create" ? null : store.getTurnRow(op.id);
      if (row) this.userText = userTextOf(safeJson(row.request_json));
      if (op.kind === "get") {
        const stored = row?.fold_json ? (safeJson(row.fold_json) as FoldState | undefined) : undefined;
        this.storedFold = stored && typeof stored === "object" && Array.isArray(stored.steps) ? stored : null;
        if (!this.replay && this.storedFold) this.fold = this.storedFold;
        else this.fold = emptyFold({ id: op.id });
      }
    }

    response(status: number, sse: boolean): void {
      this.status = status;
      this.sse = sse && status < 400;
      const sid = this.ctx.sessionId;
      if (this.sse && sid && this.ctx.op.kind === "create") {
        // The turn's row is written once the stream is parsed (after it, for a fast one), but the
        // session is known now: file it at once (after this turn of the loop, off the response's
        // path), so a session list read while or just after the stream runs already has it.
        const title = titleFrom(userTextOf(this.ctx.request));
        setImmediate(() => {
          try {
            store.ensureSession(sid, title);
          } catch (e) {
            report(e);
          }
        });
      }
      if (this.sse) this.parse = new StreamParse(this.folds, this.toolSecrets);
    }

    chunk(bytes: Uint8Array, tMs: number): void {
      if (!this.parse) return;
      const now = performance.now();
      if (this.raw.count === 0) this.rawSinceMs = now;
      this.lastChunkMs = now;
      this.raw.append(bytes, tMs); // a copy: the chunk itself is not kept (chunk-log.ts)
      this.dirty = true;
      this.schedule();
    }

    /** Decode, split, parse and fold every buffered chunk (in arrival order, with its arrival time). */
    private digest(maxBytes = Infinity): void {
      const parse = this.parse;
      if (!parse || this.raw.count === 0) return;
      this.parsedAny = true;
      this.raw.take((bytes, tMs) => parse.chunk(bytes, tMs), maxBytes);
      this.takeParsed();
    }

    /** Move what `parse` has produced into this turn's buffers. */
    private takeParsed(): void {
      const parse = this.parse;
      if (!parse) return;
      for (const l of parse.pending) this.pending.push(l);
      parse.pending = [];
      if (this.firstEventMs === null) this.firstEventMs = parse.firstEventMs;
    }

    /** Still inside a burst: more chunks are arriving and the oldest unread one is recent. */
    private busy(): boolean {
      if (this.raw.count === 0) return false;
      const now = performance.now();
      return now - this.lastChunkMs < QUIET_MS && now - this.rawSinceMs < MAX_DEFER_MS;
    }

    private scrub(text: string): string {
      return this.toolSecrets.length ? redactText(text, this.toolSecrets) : text;
    }

    body(text: string, tMs: number): void {
      try {
        this.recordBody(this.scrub(text), tMs);
      } catch (e) {
        report(e);
      }
    }

    get isEnded(): boolean {
      return this.ended;
    }

    end(kind: EndKind, tMs: number): void {
      if (this.ended) return;
      this.ended = true;
      if (!this.parse) return;
      this.endKind = kind;
      this.completedMs = tMs;
      this.dirty = true;
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      live.add(this);
      // The client may still be receiving the last chunks (Next writes them as the socket drains):
      // start parsing once the response has had QUIET_MS to go out, not in the same turn.
      setTimeout(this.digestSlices, QUIET_MS);
    }

    /** After the end: parse what is buffered a slice per event-loop turn, then write the turn. */
    private readonly digestSlices = (): void => {
      if (this.closedOut || this.inWorker) return; // flushAll() finished it meanwhile, or the worker has it
      if (!this.parsedAny && !this.triedWorker && this.raw.bytes >= WORKER_MIN_BYTES && bursts.available()) {
        this.toWorker();
        return;
      }
      if (this.raw.bytes > SLICE_BYTES) {
        try {
          this.digest(SLICE_BYTES);
          if (++this.slices % 4 === 0) this.writeLines(); // about 256 KB of lines per transaction
        } catch (e) {
          report(e);
        }
        setImmediate(this.digestSlices);
        return;
      }
      this.flush(true);
    };

    /**
     * Between two slices: write the raw lines parsed so far (creating the turn's row if it is new),
     * so a long burst's lines leave memory slice by slice instead of all at the end; the fold and
     * the rest follow in the final flush. Nothing happens before interaction.created names the turn.
     */
    private writeLines(): void {
      const id = this.id ?? (this.fold.interaction.id || null);
      if (!id || this.pending.length === 0 || this.failed) return;
      store.tx(() => {
        if (!store.getTurnRow(id)) {
          this.insert(id);
          this.requestWritten = true;
        }
        store.appendEvents(id, this.pending);
      });
      this.id = id;
      this.pending = [];
    }

    /**
     * The whole burst (nothing of it parsed yet) goes to the parse worker; the chunk log keeps its
     * own copy until the answer, so a flushAll() or a read of the record meanwhile parses it inline
     * (and the worker's answer is then dropped), and so does a worker that fails or is slow.
     */
    private toWorker(): void {
      this.inWorker = true;
      this.triedWorker = true;
      const burst = this.raw.snapshot();
      void bursts.parse({
        ...burst,
        fold: this.folds.state,
        secrets: [...this.toolSecrets],
        endMs: this.completedMs ?? Date.now(),
        complete: this.endKind === "complete",
      }).then(
        (r) => this.fromWorker(r),
        () => this.fromWorker(null),
      );
    }

    /** The worker's answer: write the turn from it, or (null) parse the burst here. */
    private fromWorker(r: BurstResult | null): void {
      this.inWorker = false;
      if (this.closedOut) return; // parsed here meanwhile (flushAll, a read of the record)
      if (!r) return this.digestSlices();
      this.raw.release();
      this.folds.state = r.fold;
      for (const l of r.pending) this.pending.push(l);
      if (this.firstEventMs === null) this.firstEventMs = r.firstEventMs;
      this.closedOut = true;
      this.flush(true);
    }

    /** The stream is over: parse the rest and close the decoder, line splitter and parser. Once. */
    private closeOut(): void {
      if (this.closedOut || !this.parse || !this.ended) return;
      this.closedOut = true;
      this.digest();
      // A final frame without its blank line still counts, unless the client cut the stream.
      this.parse.close(this.completedMs ?? Date.now(), this.endKind === "complete");
      this.takeParsed();
    }

    schedule(): void {
      if (this.timer) return;
      live.add(this);
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.busy()) this.schedule(); // look again once the burst is over
        else this.flush(false);
      }, flushMs);
      this.timer.unref?.();
    }

    /** Write buffered lines and the fold. `final`: the stream is over; assign an id if none came. */
    flush(final: boolean): void {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      if (final) {
        live.delete(this);
        this.closeOut();
      }
      if (!this.dirty) return;
      this.digest();
      this.id ??= this.fold.interaction.id || (final ? `rec_${randomUUID()}` : null);
      if (!this.id) return; // no id yet: keep buffering until interaction.created names it
      const id = this.id;
      try {
        store.tx(() => {
          const existing = store.getTurnRow(id);
          if (!existing) this.insert(id);
          const replace = !this.replay || replayMayReplace(this.storedFold, this.fold);
          store.appendEvents(id, this.pending);
          const patch: Partial<TurnRow> = {};
          if (existing && this.ctx.op.kind === "create" && !this.requestWritten) Object.assign(patch, this.createPatch(existing));
          if (replace) Object.assign(patch, this.foldPatch());
          if (this.firstEventMs !== null && (!existing || existing.first_event_ms === null)) patch.first_event_ms = this.firstEventMs;
          if (this.completedMs !== null) patch.completed_ms = this.completedMs;
          store.updateTurn(id, patch);
          const sid = existing?.session_id ?? this.ctx.sessionId;
          if (sid) store.touchSession(sid);
        });
        this.pending = [];
        this.dirty = false;
        this.requestWritten = true;
      } catch (e) {
        // Keep the buffer for the next attempt; report once per turn, not every 50 ms.
        if (!this.failed) report(e);
        this.failed = true;
        if (final) this.pending = [];
      }
    }

    /**
     * The row exists although this create never wrote it: a GET or cancel for the same id was
     * recorded first (the create's events are parsed a tick later). The create's request is
     * authoritative for what was asked.
     */
    private createPatch(existing: TurnRow): Partial<TurnRow> {
      const f = requestFields(this.ctx.request);
      const patch: Partial<TurnRow> = {
        request_json: JSON.stringify(this.ctx.request ?? {}),
        stream: f.stream,
        background: f.background,
        store: f.store,
        previous_interaction_id: f.previous_interaction_id ?? existing.previous_interaction_id,
        model: existing.model ?? f.model,
        agent: existing.agent ?? f.agent,
        created_ms: Math.min(existing.created_ms, this.ctx.startedMs),
        http_status: this.status,
      };
      if (!existing.session_id && this.ctx.sessionId) {
        store.ensureSession(this.ctx.sessionId, titleFrom(this.userText));
        patch.session_id = this.ctx.sessionId;
      }
      return patch;
    }

    private foldPatch(): Partial<TurnRow> {
      const f = this.fold;
      const interaction = toInteraction(f);
      const isSynthetic = !f.interaction.id;
      if (isSynthetic) interaction.id = this.id ?? "";
      const status = f.error ? "failed" : f.interaction.status;
      return {
        fold_json: JSON.stringify(f),
        interaction_json: f.eventCount > 0 || f.steps.length ? JSON.stringify(interaction) : null,
        status: String(status),
        terminal: f.terminal || TERMINAL_STATUSES.has(String(status)) ? 1 : 0,
        last_event_id: f.lastEventId ?? null,
        event_count: f.eventCount,
        error_json: f.error ? JSON.stringify(f.error) : null,
        ...(typeof f.interaction.model === "string" ? { model: f.interaction.model } : {}),
        ...(typeof f.interaction.agent === "string" ? { agent: f.interaction.agent } : {}),
        search_text: this.searchText(interaction),
      };
    }

    private searchText(interaction: Interaction | null): string {
      return `${this.userText}\n${outputTextOf(interaction)}`.slice(0, MAX_SEARCH);
    }

    /** Insert the turn row (session created implicitly when unknown). */
    private insert(id: string, extra: Partial<TurnRow> = {}): void {
      const sid = this.ctx.sessionId;
      if (sid) store.ensureSession(sid, titleFrom(userTextOf(this.ctx.request)));
      const req = this.ctx.op.kind === "create" ? this.ctx.request : {};
      const fields = requestFields(req);
      store.insertTurn({
        interaction_id: id,
        session_id: sid,
        backend: this.ctx.backend,
        api_version: this.ctx.apiVersion,
        request_json: JSON.stringify(req ?? {}) ?? "{}",
        interaction_json: null,
        fold_json: null,
        status: "in_progress",
        ...fields,
        stream: this.ctx.op.kind === "get" ? (this.ctx.op.stream ? 1 : 0) : fields.stream,
        created_ms: this.ctx.startedMs,
        first_event_ms: null,
        completed_ms: null,
        terminal: 0,
        last_event_id: null,
        event_count: 0,
        http_status: this.status,
        error_json: null,
        deleted_upstream: 0,
        search_text: this.searchText(null),
        ...extra,
      });
    }

    private recordBody(text: string, tMs: number): void {
      const op = this.ctx.op;
      const parsed = safeJson(text);
      if (this.status >= 400) {
        if (op.kind !== "create") return; // never let an error erase a recorded turn
        const err = envelopeError(parsed, text.slice(0, 500) || `HTTP ${this.status}`);
        const id = `rec_${randomUUID()}`;
        store.tx(() => {
          this.insert(id, {
            status: "failed",
            terminal: 1,
            completed_ms: tMs,
            error_json: JSON.stringify(err),
          });
          if (this.ctx.sessionId) store.touchSession(this.ctx.sessionId);
        });
        this.id = id;
        return;
      }
      if (op.kind === "delete") {
        store.updateTurn(op.id, { deleted_upstream: 1 });
        return;
      }
      if (!isInteraction(parsed)) {
        if (op.kind === "create") {
          const id = `rec_${randomUUID()}`;
          store.tx(() =>
            this.insert(id, {
              status: "failed",
              terminal: 1,
              completed_ms: tMs,
              error_json: JSON.stringify({ message: `unreadable response (HTTP ${this.status})` }),
            }),
          );
          this.id = id;
        }
        return;
      }
      const interaction: Interaction = { ...parsed, steps: Array.isArray(parsed.steps) ? parsed.steps : [] };
      // create responses hold generated steps only; GET/cancel responses also hold the input steps.
      if (op.kind !== "create") interaction.steps = generatedSteps(interaction.steps);
      const id = op.kind === "create" ? interaction.id : op.id;
      const prev = store.getTurnRow(id);
      const prevFold = prev?.fold_json ? (safeJson(prev.fold_json) as FoldState | undefined) : undefined;
      const fold = foldFromInteraction(interaction);
      if (prevFold && typeof prevFold === "object") {
        fold.eventCount = prevFold.eventCount ?? 0;
        if (prevFold.lastEventId) fold.lastEventId = prevFold.lastEventId;
      }
      const status = String(interaction.status ?? "completed");
      const patch: Partial<TurnRow> = {
        interaction_json: JSON.stringify(interaction),
        fold_json: JSON.stringify(fold),
        status,
        terminal: TERMINAL_STATUSES.has(status) ? 1 : 0,
        completed_ms: tMs,
        ...(typeof interaction.model === "string" ? { model: interaction.model } : {}),
        ...(typeof interaction.agent === "string" ? { agent: interaction.agent } : {}),
        error_json:
          status === "failed" && Array.isArray(interaction.errors) && interaction.errors[0]
            ? JSON.stringify(interaction.errors[0])
            : null,
        search_text: this.searchText(interaction),
      };
      store.tx(() => {
        if (!prev) this.insert(id);
        if (op.kind === "create" && prev) {
          // Same id created twice (a stand-in upstream with fixed ids): keep the first request's
          // events, take the new request and response.
          patch.request_json = JSON.stringify(this.ctx.request ?? {});
        }
        store.updateTurn(id, patch);
        const sid = prev?.session_id ?? this.ctx.sessionId;
        if (sid) store.touchSession(sid);
      });
      this.id = id;
    }
  }

  return {
    track(ctx) {
      // MCP header values never enter the record: the request is stored with them masked, and
      // every response text the turn is folded from is scrubbed of them (an upstream may echo them).
      const toolSecrets = toolSecretValues(ctx.request);
      return new TurnTracker(toolSecrets.length ? { ...ctx, request: redactRequestSecrets(ctx.request) } : ctx, toolSecrets);
    },
    flushAll() {
      for (const t of [...live]) t.flush(t.isEnded);
    },
    flushEnded() {
      for (const t of [...live]) if (t.isEnded) t.flush(true);
    },
  };
}
