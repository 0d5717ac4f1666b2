// The app's own SQLite store (APP_DB): sessions, the recorded turns of every interaction that went
// through the proxy, their raw SSE lines with arrival times, and settings (the Gemini key).
// Separate from the engine's store on purpose: history here outlives the API's retention and
// includes store:false turns and turns from Google's service.
//
// Synchronous better-sqlite3, WAL. Migrations are SQL keyed by PRAGMA user_version; each runs in a
// transaction, so a crash mid-migration leaves the previous version intact.
import "server-only";
import Database from "better-sqlite3";
import { chmodSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Interaction } from "@/lib/interactions/types";
import { createWalCheckpointer, type WalCheckpointer } from "@/lib/db/wal-checkpointer";
import { prepared } from "@/lib/db/prepared";

const MIGRATIONS: string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
  );
  CREATE TABLE turns (
    interaction_id TEXT PRIMARY KEY,
    session_id TEXT,
    backend TEXT NOT NULL,
    api_version TEXT NOT NULL,
    request_json TEXT NOT NULL,
    interaction_json TEXT,
    fold_json TEXT,
    status TEXT NOT NULL,
    model TEXT,
    agent TEXT,
    previous_interaction_id TEXT,
    stream INTEGER NOT NULL DEFAULT 0,
    background INTEGER NOT NULL DEFAULT 0,
    store INTEGER NOT NULL DEFAULT 1,
    created_ms INTEGER NOT NULL,
    first_event_ms INTEGER,
    completed_ms INTEGER,
    terminal INTEGER NOT NULL DEFAULT 0,
    last_event_id TEXT,
    event_count INTEGER NOT NULL DEFAULT 0,
    http_status INTEGER NOT NULL,
    error_json TEXT,
    deleted_upstream INTEGER NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX turns_by_session ON turns(session_id, created_ms);
  CREATE INDEX turns_by_background ON turns(background, created_ms);
  CREATE TABLE events (
    interaction_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    t_ms INTEGER NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (interaction_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated INTEGER NOT NULL
  );
  `,
];

import type { RecordedLine, Session, Turn } from "./types";

/** How many SSE lines a stored row holds (rows pack the lines of one chunk, joined by "\n"). */
function linesIn(text: string): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

export type { Session, Turn };
export type RecordedEvent = RecordedLine;

/** The row as stored (JSON columns as text). */
export interface TurnRow {
  interaction_id: string;
  session_id: string | null;
  backend: string;
  api_version: string;
  request_json: string;
  interaction_json: string | null;
  fold_json: string | null;
  status: string;
  model: string | null;
  agent: string | null;
  previous_interaction_id: string | null;
  stream: number;
  background: number;
  store: number;
  created_ms: number;
  first_event_ms: number | null;
  completed_ms: number | null;
  terminal: number;
  last_event_id: string | null;
  event_count: number;
  http_status: number;
  error_json: string | null;
  deleted_upstream: number;
  search_text: string;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function rowToTurn(r: TurnRow): Turn {
  const t: Turn = {
    interaction_id: r.interaction_id,
    session_id: r.session_id ?? "",
    backend: r.backend,
    api_version: r.api_version,
    request: parseJson<Record<string, unknown>>(r.request_json, {}),
    interaction: parseJson<Interaction | null>(r.interaction_json, null),
    status: r.status,
    stream: r.stream === 1,
    background: r.background === 1,
    store: r.store === 1,
    created_ms: r.created_ms,
    first_event_ms: r.first_event_ms,
    completed_ms: r.completed_ms,
    terminal: r.terminal === 1,
    last_event_id: r.last_event_id,
    event_count: r.event_count,
    http_status: r.http_status,
    error: parseJson<{ code?: string; message?: string } | null>(r.error_json, null),
    deleted_upstream: r.deleted_upstream === 1,
  };
  if (r.model) t.model = r.model;
  if (r.agent) t.agent = r.agent;
  if (r.previous_interaction_id) t.previous_interaction_id = r.previous_interaction_id;
  return t;
}

const TURN_COLUMNS = [
  "interaction_id",
  "session_id",
  "backend",
  "api_version",
  "request_json",
  "interaction_json",
  "fold_json",
  "status",
  "model",
  "agent",
  "previous_interaction_id",
  "stream",
  "background",
  "store",
  "created_ms",
  "first_event_ms",
  "completed_ms",
  "terminal",
  "last_event_id",
  "event_count",
  "http_status",
  "error_json",
  "deleted_upstream",
  "search_text",
] as const satisfies readonly (keyof TurnRow)[];

type TurnPatch = Partial<Omit<TurnRow, "interaction_id">>;

/** `%`, `_` and `\` are LIKE metacharacters; search is for the literal text. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Lines per packed row of `events`. Rows of a few dozen KB write fastest: the same 2.4 MB of a
 * 20,000-delta stream took 19–21 ms in rows of 4,096 lines (400 KB, long overflow chains of this
 * WITHOUT ROWID table) and 6–8 ms in rows of 256 (about 15 KB, one upstream chunk).
 */
const ROW_LINES = 256;

/** Raw SSE lines that arrived at `t_ms`: one line, or `lines` of them joined by "\n" (one chunk's). */
export interface RawLines {
  t_ms: number;
  line: string;
  lines?: number;
}

export class AppStore {
  readonly db: Database.Database;
  /** WAL checkpoints in a worker thread, not inside the recorder's commits (lib/db/wal-checkpointer.ts). */
  private readonly checkpoints: WalCheckpointer;

  constructor(path: string) {
    if (path !== ":memory:" && !path.startsWith("file:")) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    // The file holds an API key: owner-only (best effort: not on every filesystem).
    if (path !== ":memory:" && !path.startsWith("file:")) {
      try {
        chmodSync(path, 0o600);
      } catch {
        /* e.g. a read-only mount: the key can still live in the env instead */
      }
    }
    this.migrate();
    this.checkpoints = createWalCheckpointer(this.db, path);
  }

  private migrate(): void {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  close(): void {
    this.checkpoints.close();
    this.db.close();
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- sessions -------------------------------------------------------------------------------

  getSession(id: string): Session | null {
    const row = prepared(this.db, 
        `SELECT s.id, s.title, s.created, s.updated,
                (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count
         FROM sessions s WHERE s.id = ?`,
      )
      .get(id) as Session | undefined;
    return row ?? null;
  }

  listSessions(q?: string, limit = 500): Session[] {
    const base = `SELECT s.id, s.title, s.created, s.updated,
                         (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count
                  FROM sessions s`;
    const order = ` ORDER BY s.updated DESC, s.created DESC LIMIT ?`;
    const text = q?.trim();
    if (!text) return prepared(this.db, base + order).all(limit) as Session[];
    const pat = likePattern(text);
    return prepared(this.db, 
        `${base} WHERE s.title LIKE ? ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND t.search_text LIKE ? ESCAPE '\\')` + order,
      )
      .all(pat, pat, limit) as Session[];
  }

  /** Create if missing (idempotent on id). An existing session keeps its title unless it has none. */
  ensureSession(id: string, title: string, now = Date.now()): Session {
    prepared(this.db, 
        `INSERT INTO sessions (id, title, created, updated) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET title = CASE WHEN sessions.title = '' THEN excluded.title ELSE sessions.title END`,
      )
      .run(id, title, now, now);
    return this.getSession(id) as Session;
  }

  renameSession(id: string, title: string, now = Date.now()): Session | null {
    const r = prepared(this.db, `UPDATE sessions SET title = ?, updated = ? WHERE id = ?`).run(title, now, id);
    return r.changes ? this.getSession(id) : null;
  }

  touchSession(id: string, now = Date.now()): void {
    prepared(this.db, `UPDATE sessions SET updated = MAX(updated, ?) WHERE id = ?`).run(now, id);
  }

  /** Deletes the session, its turns and their events. Returns false if there was no such session. */
  deleteSession(id: string): boolean {
    return this.tx(() => {
      prepared(this.db, `DELETE FROM events WHERE interaction_id IN (SELECT interaction_id FROM turns WHERE session_id = ?)`).run(id);
      prepared(this.db, `DELETE FROM turns WHERE session_id = ?`).run(id);
      return prepared(this.db, `DELETE FROM sessions WHERE id = ?`).run(id).changes > 0;
    });
  }

  // ---- turns ----------------------------------------------------------------------------------

  getTurnRow(id: string): TurnRow | null {
    return (prepared(this.db, `SELECT * FROM turns WHERE interaction_id = ?`).get(id) as TurnRow | undefined) ?? null;
  }

  getTurn(id: string): Turn | null {
    const r = this.getTurnRow(id);
    return r ? rowToTurn(r) : null;
  }

  insertTurn(row: TurnRow): void {
    const cols = TURN_COLUMNS.join(", ");
    const params = TURN_COLUMNS.map((c) => `@${c}`).join(", ");
    prepared(this.db, `INSERT INTO turns (${cols}) VALUES (${params})`).run(row);
  }

  updateTurn(id: string, patch: TurnPatch): void {
    const keys = Object.keys(patch).filter((k) => (TURN_COLUMNS as readonly string[]).includes(k) && k !== "interaction_id");
    if (!keys.length) return;
    const set = keys.map((k) => `${k} = @${k}`).join(", ");
    prepared(this.db, `UPDATE turns SET ${set} WHERE interaction_id = @__id`).run({ ...patch, __id: id });
    const p = patch as { fold_json?: unknown; interaction_json?: unknown };
    this.checkpoints.wrote((typeof p.fold_json === "string" ? p.fold_json.length : 0) + (typeof p.interaction_json === "string" ? p.interaction_json.length : 0));
  }

  listTurns(opts: { sessionId?: string; background?: boolean; limit?: number } = {}): Turn[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.sessionId !== undefined) {
      where.push("session_id = ?");
      args.push(opts.sessionId);
    }
    if (opts.background !== undefined) {
      where.push("background = ?");
      args.push(opts.background ? 1 : 0);
    }
    const sql =
      `SELECT * FROM turns` +
      (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
      (opts.sessionId !== undefined ? ` ORDER BY created_ms ASC, rowid ASC` : ` ORDER BY created_ms DESC, rowid DESC`) +
      ` LIMIT ?`;
    args.push(opts.limit ?? 10_000);
    return (prepared(this.db, sql).all(...args) as TurnRow[]).map(rowToTurn);
  }

  // ---- events ---------------------------------------------------------------------------------

  /**
   * Append raw SSE lines after the turn's last seq (call inside `tx` together with the turn
   * update). Lines that arrived together (same `t_ms`, i.e. one upstream chunk) go in rows of at
   * most ROW_LINES, joined by "\n" (a line never holds one), whose `seq` is its first line's
   * number: a 20,000-event burst is a few hundred rows, not 40,000 inserts. Rows of one line (all
   * rows before this packing) read back unchanged.
   */
  appendEvents(id: string, lines: readonly RawLines[]): void {
    if (!lines.length) return;
    const last = prepared(this.db, `SELECT seq, line FROM events WHERE interaction_id = ? ORDER BY seq DESC LIMIT 1`).get(id) as
      | { seq: number; line: string }
      | undefined;
    let seq = last ? last.seq + linesIn(last.line) : 0;
    const ins = prepared(this.db, `INSERT INTO events (interaction_id, seq, t_ms, line) VALUES (?, ?, ?, ?)`);
    for (let i = 0; i < lines.length; ) {
      const first = lines[i] as RawLines;
      let n = first.lines ?? 1;
      let j = i + 1;
      while (j < lines.length && (lines[j] as RawLines).t_ms === first.t_ms && n + ((lines[j] as RawLines).lines ?? 1) <= ROW_LINES) n += (lines[j++] as RawLines).lines ?? 1;
      const text = j - i === 1 ? first.line : lines.slice(i, j).map((l) => l.line).join("\n");
      ins.run(id, seq, first.t_ms, text);
      this.checkpoints.wrote(text.length);
      seq += n;
      i = j;
    }
  }

  getEvents(id: string): RecordedEvent[] {
    const rows = prepared(this.db, `SELECT seq, t_ms, line FROM events WHERE interaction_id = ? ORDER BY seq`).all(id) as RecordedEvent[];
    const out: RecordedEvent[] = [];
    for (const r of rows) {
      if (!r.line.includes("\n")) out.push(r);
      else r.line.split("\n").forEach((line, k) => out.push({ seq: r.seq + k, t_ms: r.t_ms, line }));
    }
    return out;
  }

  // ---- settings -------------------------------------------------------------------------------

  getSetting(key: string): string | null {
    const r = prepared(this.db, `SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined;
    return r?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    prepared(this.db, `INSERT INTO settings (key, value, updated) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated = excluded.updated`)
      .run(key, value, Date.now());
  }

  deleteSetting(key: string): void {
    prepared(this.db, `DELETE FROM settings WHERE key = ?`).run(key);
  }
}

const g = globalThis as typeof globalThis & { __playgroundAppStore?: { path: string; store: AppStore } };

/** One store per server process (Next bundles routes separately; they must share it). */
export function getAppStore(path: string): AppStore {
  const cur = g.__playgroundAppStore;
  if (cur && cur.path === path) return cur.store;
  const store = new AppStore(path);
  g.__playgroundAppStore = { path, store };
  return store;
}
