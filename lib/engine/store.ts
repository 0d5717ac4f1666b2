// The engine's SQLite store (better-sqlite3, synchronous). Two tables:
//   interactions — one row per stored interaction: settings, input, status, and (once terminal) the
//                  folded snapshot and the generated steps;
//   event_chunks — every SSE event of every stored interaction, in order: the source of truth,
//                  packed (one row per run of consecutive events written together; see migration 3).
// The snapshot columns are a cache of `fold(events)` written in the same transaction as the
// terminal events, so a GET never has to re-fold. Migrations are plain SQL keyed by user_version.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { Interaction, Step } from "@/lib/interactions/types";
import { seqFromEventId } from "./ids";
import { packRow, seqInRow, unpackRows, type ChunkRow, type EventRow } from "./event-rows";
import { createWalCheckpointer, type WalCheckpointer } from "@/lib/db/wal-checkpointer";

export interface InteractionRow {
  id: string;
  previous_id: string | null;
  status: string;
  kind: "model" | "agent";
  model: string;
  background: number;
  /** The create body without `input` (echoed settings). */
  request_json: string;
  /** The create body's `input` exactly as given (for `include_input`). */
  input_json: string | null;
  /** `input` normalised to steps (the `user_input`/`function_result` steps a GET shows in front). */
  input_steps_json: string;
  /** Generated steps, once terminal. */
  output_steps_json: string | null;
  /** The folded Interaction without `steps`, once terminal. */
  snapshot_json: string | null;
  created_ms: number;
  updated_ms: number;
  /** The pace the run was started with (the x-engine-pace-ms header or labels), for a replay after a restart. */
  pace_ms?: number | null;
}

export type { EventRow } from "./event-rows";

export interface StoredEventInput {
  seq: number;
  eventId: string;
  json: string;
  /**
   * Set by the runner for the events it serialises itself (JSON.stringify output and our own ids
   * never hold a raw newline), so packing them needs no scan of every text.
   */
  oneLine?: true;
  /** A text delta's stored line (index + text literal), set by the runner: see event-rows.ts. */
  compact?: string;
}

const MIGRATIONS: string[] = [
  // 1: initial schema
  `CREATE TABLE interactions (
     id TEXT PRIMARY KEY,
     previous_id TEXT,
     status TEXT NOT NULL,
     kind TEXT NOT NULL,
     model TEXT NOT NULL,
     background INTEGER NOT NULL DEFAULT 0,
     request_json TEXT NOT NULL,
     input_json TEXT,
     input_steps_json TEXT NOT NULL,
     output_steps_json TEXT,
     snapshot_json TEXT,
     created_ms INTEGER NOT NULL,
     updated_ms INTEGER NOT NULL
   );
   CREATE INDEX interactions_live ON interactions(status) WHERE status IN ('queued', 'in_progress');
   CREATE TABLE events (
     interaction_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     event_id TEXT NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (interaction_id, seq)
   ) WITHOUT ROWID;
   CREATE UNIQUE INDEX events_event_id ON events(event_id);`,
  // 2: event ids embed their seq (ids.ts), so resume finds an event through the primary key; a
  // second index on every event row halved append throughput.
  `DROP INDEX events_event_id;`,
  // 3: events packed — one row per run of consecutive events written together (a flush), not one
  // row per event. A row per event cost ~3.5 µs per delta (B-tree insert of a ~150-byte row), more
  // than a bare server needs to write the frame; a packed row costs a string join. Each row holds
  // the events' ids and JSON texts joined by "\n" (JSON.stringify never emits a raw newline; an
  // event whose text holds one is stored alone). Old rows move over one event per row.
  `CREATE TABLE event_chunks (
     interaction_id TEXT NOT NULL,
     first_seq INTEGER NOT NULL,
     last_seq INTEGER NOT NULL,
     event_ids TEXT NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (interaction_id, first_seq)
   );
   INSERT INTO event_chunks (interaction_id, first_seq, last_seq, event_ids, json)
     SELECT interaction_id, seq, seq, event_id, json FROM events;
   DROP TABLE events;`,
  // 4: the pace a run started with, so a run resumed after a restart keeps it.
  `ALTER TABLE interactions ADD COLUMN pace_ms INTEGER;`,
  // 5: compact rows (event-rows.ts): a run's own events keep their id prefix once and text deltas
  // only their index and text; rows written before keep packing 0 (verbatim) and read as ever.
  `ALTER TABLE event_chunks ADD COLUMN packing INTEGER NOT NULL DEFAULT 0;`,
];

/** At most this many events per packed row (a resume near the end splits one row, not the whole run). */
const CHUNK_EVENTS = 512;

/** Stored alone (no split on "\n" when read back): a text with a newline can't share a row. */
const mustStandAlone = (e: StoredEventInput) => e.oneLine !== true && (e.json.includes("\n") || e.eventId.includes("\n"));

export const exportSchema = z.object({
  format: z.literal("interactions-engine-export"),
  version: z.literal(1),
  exported: z.string().optional(),
  interactions: z.array(
    z.object({
      id: z.string().min(1),
      previous_id: z.string().nullable(),
      status: z.string(),
      kind: z.enum(["model", "agent"]),
      model: z.string(),
      background: z.number().int(),
      request_json: z.string(),
      input_json: z.string().nullable(),
      input_steps_json: z.string(),
      output_steps_json: z.string().nullable(),
      snapshot_json: z.string().nullable(),
      created_ms: z.number(),
      updated_ms: z.number(),
      pace_ms: z.number().nullable().optional(),
      events: z.array(z.object({ seq: z.number().int(), event_id: z.string(), json: z.string() })),
    }),
  ),
});
export type EngineExport = z.infer<typeof exportSchema>;

/**
 * One engine per database file: a second one would mark the first one's live runs failed (and
 * both would append to the same event logs). The lock is an open EXCLUSIVE transaction on
 * `<db>.lock`, an OS file lock that the kernel releases when the process dies (even by kill -9),
 * so a stale lock can never block a restart.
 */
function acquireLock(lockPath: string, dbPath: string): Database.Database {
  const lock = new Database(lockPath, { timeout: 0 });
  try {
    lock.exec("BEGIN EXCLUSIVE");
    return lock;
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code === "SQLITE_BUSY") {
      throw new Error(`Another engine is already using ${dbPath} (a running \`npm run engine\` or app server?). Stop it, or point ENGINE_DB at another file.`);
    }
    throw err;
  }
}

export class Store {
  readonly db: Database.Database;
  readonly path: string;
  private readonly lock: Database.Database | null;
  private readonly q;
  /** WAL checkpoints in a worker thread, not inside a run's commits (lib/db/wal-checkpointer.ts). */
  private readonly checkpoints: WalCheckpointer;

  constructor(path: string) {
    this.path = path;
    const onDisk = path !== ":memory:" && !path.startsWith("file:");
    if (onDisk) mkdirSync(dirname(path), { recursive: true });
    this.lock = onDisk ? acquireLock(`${path}.lock`, path) : null;
    try {
      this.db = new Database(path);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("busy_timeout = 5000");
      this.migrate();
      this.checkpoints = createWalCheckpointer(this.db, path);
    } catch (err) {
      this.lock?.close();
      throw err;
    }
    const db = this.db;
    this.q = {
      insert: db.prepare(
        `INSERT INTO interactions (id, previous_id, status, kind, model, background, request_json, input_json,
           input_steps_json, output_steps_json, snapshot_json, created_ms, updated_ms, pace_ms)
         VALUES (@id, @previous_id, @status, @kind, @model, @background, @request_json, @input_json,
           @input_steps_json, @output_steps_json, @snapshot_json, @created_ms, @updated_ms, @pace_ms)`,
      ),
      get: db.prepare(`SELECT * FROM interactions WHERE id = ?`),
      status: db.prepare(`SELECT status FROM interactions WHERE id = ?`),
      setStatus: db.prepare(`UPDATE interactions SET status = ?, updated_ms = ? WHERE id = ?`),
      finalize: db.prepare(
        `UPDATE interactions SET status = ?, output_steps_json = ?, snapshot_json = ?, updated_ms = ? WHERE id = ?`,
      ),
      appendChunk: db.prepare(`INSERT INTO event_chunks (interaction_id, first_seq, last_seq, event_ids, json, packing) VALUES (?, ?, ?, ?, ?, ?)`),
      chunksAfter: db.prepare(
        `SELECT first_seq, last_seq, event_ids, json, packing FROM event_chunks WHERE interaction_id = ? AND last_seq > ? ORDER BY first_seq`,
      ),
      chunkAt: db.prepare(
        `SELECT first_seq, last_seq, event_ids, json, packing FROM event_chunks WHERE interaction_id = ? AND first_seq <= ? AND last_seq >= ?`,
      ),
      chunkIds: db.prepare(`SELECT first_seq, last_seq, event_ids, packing FROM event_chunks WHERE interaction_id = ? ORDER BY first_seq`),
      lastSeq: db.prepare(`SELECT MAX(last_seq) AS seq FROM event_chunks WHERE interaction_id = ?`),
      deleteEvents: db.prepare(`DELETE FROM event_chunks WHERE interaction_id = ?`),
      deleteRow: db.prepare(`DELETE FROM interactions WHERE id = ?`),
      nonTerminal: db.prepare(`SELECT * FROM interactions WHERE status IN ('queued', 'in_progress')`),
      count: db.prepare(`SELECT COUNT(*) AS n FROM interactions`),
      // The whole ancestor chain in one query: walk previous_id upwards from the parent, then
      // return the rows oldest first. Missing (deleted) ancestors simply end the walk.
      chain: db.prepare(
        `WITH RECURSIVE chain(prev, depth, input, output) AS (
           SELECT previous_id, 0, input_steps_json, output_steps_json FROM interactions WHERE id = ?
           UNION ALL
           SELECT i.previous_id, c.depth + 1, i.input_steps_json, i.output_steps_json
           FROM chain c JOIN interactions i ON i.id = c.prev
         )
         SELECT input, output FROM chain ORDER BY depth DESC`,
      ),
    };
  }

  private migrate(): void {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      const sql = MIGRATIONS[v] as string;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  insertInteraction(row: InteractionRow): void {
    this.q.insert.run({ ...row, pace_ms: row.pace_ms ?? null });
  }

  getRow(id: string): InteractionRow | undefined {
    return this.q.get.get(id) as InteractionRow | undefined;
  }

  getStatus(id: string): string | undefined {
    return (this.q.status.get(id) as { status: string } | undefined)?.status;
  }

  /**
   * Write events as packed rows: each run of consecutive seqs (at most CHUNK_EVENTS) is one INSERT
   * of the joined ids and texts. The texts are stored exactly as streamed (no re-serialising).
   */
  private insertEvents(id: string, events: readonly StoredEventInput[]): number {
    let i = 0;
    let chars = 0;
    while (i < events.length) {
      const first = events[i] as StoredEventInput;
      let j = i + 1;
      if (!mustStandAlone(first)) {
        while (j < events.length && j - i < CHUNK_EVENTS) {
          const e = events[j] as StoredEventInput;
          if (e.seq !== (events[j - 1] as StoredEventInput).seq + 1 || mustStandAlone(e)) break;
          j++;
        }
      }
      if (j - i === 1) {
        this.q.appendChunk.run(id, first.seq, first.seq, first.eventId, first.json, 0);
        chars += first.json.length + first.eventId.length;
      } else {
        const row = packRow(events, i, j);
        this.q.appendChunk.run(id, first.seq, (events[j - 1] as StoredEventInput).seq, row.event_ids, row.json, row.packing);
        chars += row.json.length + row.event_ids.length;
      }
      i = j;
    }
    return chars;
  }

  /**
   * Append events (one transaction) and optionally move the status column along. `row`: insert
   * the interaction itself in the same transaction (its first write).
   */
  appendEvents(id: string, events: readonly StoredEventInput[], status?: string, nowMs?: number, row?: InteractionRow): void {
    const chars = this.db.transaction(() => {
      if (row) this.q.insert.run({ ...row, pace_ms: row.pace_ms ?? null });
      const n = this.insertEvents(id, events);
      if (status !== undefined) this.q.setStatus.run(status, nowMs ?? Date.now(), id);
      return n;
    })();
    this.checkpoints.wrote(chars);
  }

  /** Terminal write: the remaining events plus the folded snapshot, atomically. */
  finalize(
    id: string,
    events: readonly StoredEventInput[],
    status: string,
    snapshot: Interaction,
    nowMs: number,
    row?: InteractionRow,
  ): void {
    const { steps, ...rest } = snapshot;
    const stepsJson = JSON.stringify(steps);
    const chars = this.db.transaction(() => {
      if (row) this.q.insert.run({ ...row, pace_ms: row.pace_ms ?? null });
      const n = this.insertEvents(id, events);
      if (this.q.finalize.run(status, stepsJson, JSON.stringify(rest), nowMs, id).changes !== 1) {
        throw new Error(`interaction ${id} is not in the store`);
      }
      return n;
    })();
    this.checkpoints.wrote(chars + stepsJson.length);
  }

  eventsAfter(id: string, afterSeq: number): EventRow[] {
    return unpackRows(this.q.chunksAfter.all(id, afterSeq) as ChunkRow[], afterSeq);
  }

  seqOfEvent(id: string, eventId: string): number | undefined {
    const embedded = seqFromEventId(eventId);
    if (embedded !== undefined) {
      const at = unpackRows(this.q.chunkAt.all(id, embedded, embedded) as ChunkRow[], embedded - 1)[0];
      if (at?.seq === embedded && at.event_id === eventId) return embedded;
    }
    // Not in our format (e.g. imported): scan this interaction's event ids.
    for (const r of this.q.chunkIds.all(id) as Omit<ChunkRow, "json">[]) {
      const seq = seqInRow(r, eventId);
      if (seq !== undefined) return seq;
    }
    return undefined;
  }

  lastSeq(id: string): number {
    return (this.q.lastSeq.get(id) as { seq: number | null }).seq ?? -1;
  }

  /**
   * Every step of the chain ending at `id` (inclusive), oldest turn first: each turn's input steps
   * then its generated steps. One recursive query, and one JSON.parse over the concatenated
   * per-row arrays, so cost grows with the bytes of history, not with the number of lookups.
   */
  loadHistory(id: string): Step[] {
    const rows = this.q.chain.all(id) as { input: string; output: string | null }[];
    const parts: string[] = [];
    for (const r of rows) {
      if (r.input.length > 2) parts.push(r.input.slice(1, -1));
      if (r.output && r.output.length > 2) parts.push(r.output.slice(1, -1));
    }
    return JSON.parse(`[${parts.join(",")}]`) as Step[];
  }

  deleteInteraction(id: string): boolean {
    let deleted = false;
    this.db.transaction(() => {
      this.q.deleteEvents.run(id);
      deleted = this.q.deleteRow.run(id).changes > 0;
    })();
    return deleted;
  }

  nonTerminalRows(): InteractionRow[] {
    return this.q.nonTerminal.all() as InteractionRow[];
  }

  countInteractions(): number {
    return (this.q.count.get() as { n: number }).n;
  }

  reset(): void {
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM event_chunks; DELETE FROM interactions;`);
    })();
  }

  exportAll(): EngineExport {
    const rows = this.db.prepare(`SELECT * FROM interactions ORDER BY created_ms, id`).all() as InteractionRow[];
    // The export format keeps one entry per event, however the rows are packed.
    return {
      format: "interactions-engine-export",
      version: 1,
      exported: new Date().toISOString(),
      interactions: rows.map((r) => ({ ...r, events: this.eventsAfter(r.id, -1) })),
    };
  }

  /** Insert every interaction of an export whose id is not present yet. Returns counts. */
  importAll(data: EngineExport, replace: boolean): { imported: number; skipped: number } {
    let imported = 0;
    let skipped = 0;
    this.db.transaction(() => {
      if (replace) this.db.exec(`DELETE FROM event_chunks; DELETE FROM interactions;`);
      for (const { events, ...row } of data.interactions) {
        if (this.q.get.get(row.id)) {
          skipped++;
          continue;
        }
        this.q.insert.run({ ...row, pace_ms: row.pace_ms ?? null });
        this.insertEvents(row.id, events.map((e) => ({ seq: e.seq, eventId: e.event_id, json: e.json })));
        imported++;
      }
    })();
    return { imported, skipped };
  }

  integrityCheck(): string {
    return this.db.pragma("integrity_check", { simple: true }) as string;
  }

  close(): void {
    this.checkpoints.close();
    if (this.db.open) this.db.close();
    if (this.lock?.open) this.lock.close();
  }
}
