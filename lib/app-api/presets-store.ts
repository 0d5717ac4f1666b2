// Presets and mocked-result marks in the app's SQLite store (APP_DB), in tables of their own
// (created if missing, so they do not take a number in the record store's migration list).
// A preset keeps every saved version: a save appends one, a restore appends a copy of an older one.
import "server-only";
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";

export interface PresetSummary {
  id: string;
  name: string;
  created: number;
  updated: number;
  latest_version: number;
}

export interface PresetVersion {
  version: number;
  created: number;
  note: string;
  payload: Record<string, unknown>;
}

export interface MockedMark {
  session_id: string;
  call_id: string;
  name: string;
  mode: string;
  created: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS presets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS preset_versions (
    preset_id TEXT NOT NULL REFERENCES presets(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    created INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    payload_json TEXT NOT NULL,
    PRIMARY KEY (preset_id, version)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS mocked_results (
    session_id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    name TEXT NOT NULL,
    mode TEXT NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (session_id, call_id)
  ) WITHOUT ROWID;
`;

const ready = new WeakSet<Database.Database>();

export class PresetsStore {
  constructor(private readonly db: Database.Database, private readonly now: () => number = Date.now) {
    if (!ready.has(db)) {
      db.exec(SCHEMA);
      ready.add(db);
    }
  }

  list(): PresetSummary[] {
    return this.db
      .prepare(
        `SELECT p.id, p.name, p.created, p.updated, (SELECT MAX(version) FROM preset_versions v WHERE v.preset_id = p.id) AS latest_version
         FROM presets p ORDER BY p.updated DESC, p.id`,
      )
      .all() as PresetSummary[];
  }

  get(id: string): PresetSummary | undefined {
    return this.list().find((p) => p.id === id);
  }

  create(name: string, payload: Record<string, unknown>, note = ""): PresetSummary {
    const id = `p_${randomUUID()}`;
    const t = this.now();
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO presets (id, name, created, updated) VALUES (?, ?, ?, ?)").run(id, name, t, t);
      this.db.prepare("INSERT INTO preset_versions (preset_id, version, created, note, payload_json) VALUES (?, 1, ?, ?, ?)").run(id, t, note, JSON.stringify(payload));
    })();
    return this.get(id)!;
  }

  /** A new version (every save keeps the old ones); renames when `name` is given. Undefined if no such preset. */
  save(id: string, payload: Record<string, unknown>, opts: { name?: string; note?: string } = {}): PresetSummary | undefined {
    const t = this.now();
    const ok = this.db.transaction(() => {
      const cur = this.db.prepare("SELECT MAX(version) AS v FROM preset_versions WHERE preset_id = ?").get(id) as { v: number | null };
      if (cur.v === null) return false;
      this.db.prepare("INSERT INTO preset_versions (preset_id, version, created, note, payload_json) VALUES (?, ?, ?, ?, ?)").run(id, cur.v + 1, t, opts.note ?? "", JSON.stringify(payload));
      this.db.prepare("UPDATE presets SET updated = ?, name = COALESCE(?, name) WHERE id = ?").run(t, opts.name ?? null, id);
      return true;
    })();
    return ok ? this.get(id) : undefined;
  }

  versions(id: string): Omit<PresetVersion, "payload">[] {
    return this.db.prepare("SELECT version, created, note FROM preset_versions WHERE preset_id = ? ORDER BY version DESC").all(id) as Omit<PresetVersion, "payload">[];
  }

  version(id: string, version?: number): PresetVersion | undefined {
    const row = (
      version === undefined
        ? this.db.prepare("SELECT version, created, note, payload_json FROM preset_versions WHERE preset_id = ? ORDER BY version DESC LIMIT 1").get(id)
        : this.db.prepare("SELECT version, created, note, payload_json FROM preset_versions WHERE preset_id = ? AND version = ?").get(id, version)
    ) as { version: number; created: number; note: string; payload_json: string } | undefined;
    if (!row) return undefined;
    return { version: row.version, created: row.created, note: row.note, payload: JSON.parse(row.payload_json) as Record<string, unknown> };
  }

  /** Restore = a new version holding an older version's payload (history is never rewritten). */
  restore(id: string, version: number): PresetSummary | undefined {
    const old = this.version(id, version);
    if (!old) return undefined;
    return this.save(id, old.payload, { note: `Restored from version ${version}` });
  }

  delete(id: string): boolean {
    return this.db.prepare("DELETE FROM presets WHERE id = ?").run(id).changes > 0;
  }

  markMocked(sessionId: string, marks: { call_id: string; name: string; mode: string }[]): void {
    const t = this.now();
    const ins = this.db.prepare("INSERT OR REPLACE INTO mocked_results (session_id, call_id, name, mode, created) VALUES (?, ?, ?, ?, ?)");
    this.db.transaction(() => {
      for (const m of marks) ins.run(sessionId, m.call_id, m.name, m.mode, t);
    })();
  }

  listMocked(sessionId: string): MockedMark[] {
    return this.db.prepare("SELECT session_id, call_id, name, mode, created FROM mocked_results WHERE session_id = ? ORDER BY created, call_id").all(sessionId) as MockedMark[];
  }
}
