// What the jobs dashboard knows beyond the record's turns: ids tracked by hand, when a job's
// status or progress last changed, and 404s seen during or after the grace period. One table in
// the app's SQLite file, created on first use by this module (it owns it).
import "server-only";
import type { AppStore, TurnRow } from "@/lib/record/store";

export interface TrackingRow {
  interaction_id: string;
  backend: string;
  api_version: string;
  tracked: number;
  added_ms: number;
  last_change_ms: number;
  progress_key: string;
  refreshed_ms: number | null;
  first_404_ms: number | null;
  gone: number;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS job_tracking (
  interaction_id TEXT PRIMARY KEY,
  backend TEXT NOT NULL,
  api_version TEXT NOT NULL,
  tracked INTEGER NOT NULL DEFAULT 0,
  added_ms INTEGER NOT NULL,
  last_change_ms INTEGER NOT NULL,
  progress_key TEXT NOT NULL DEFAULT '',
  refreshed_ms INTEGER,
  first_404_ms INTEGER,
  gone INTEGER NOT NULL DEFAULT 0
)`;

const ready = new WeakSet<AppStore>();

export class JobsStore {
  constructor(readonly app: AppStore) {
    if (!ready.has(app)) {
      app.db.exec(SCHEMA);
      ready.add(app);
    }
  }

  get(id: string): TrackingRow | null {
    return (this.app.db.prepare(`SELECT * FROM job_tracking WHERE interaction_id = ?`).get(id) as TrackingRow | undefined) ?? null;
  }

  getMany(ids: readonly string[]): Map<string, TrackingRow> {
    const out = new Map<string, TrackingRow>();
    const q = this.app.db.prepare(`SELECT * FROM job_tracking WHERE interaction_id = ?`);
    for (const id of ids) {
      const r = q.get(id) as TrackingRow | undefined;
      if (r) out.set(id, r);
    }
    return out;
  }

  /** Start tracking (idempotent; `tracked` once set stays set). */
  upsert(id: string, backend: string, apiVersion: string, tracked: boolean, now: number): TrackingRow {
    this.app.db
      .prepare(
        `INSERT INTO job_tracking (interaction_id, backend, api_version, tracked, added_ms, last_change_ms)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(interaction_id) DO UPDATE SET tracked = MAX(tracked, excluded.tracked)`,
      )
      .run(id, backend, apiVersion, tracked ? 1 : 0, now, now);
    return this.get(id) as TrackingRow;
  }

  /** After a refresh: move last_change_ms only when the progress key changed. */
  noteProgress(id: string, key: string, now: number): void {
    this.app.db
      .prepare(
        `UPDATE job_tracking SET refreshed_ms = ?, first_404_ms = NULL, gone = 0,
           last_change_ms = CASE WHEN progress_key = ? THEN last_change_ms ELSE ? END, progress_key = ?
         WHERE interaction_id = ?`,
      )
      .run(now, key, now, key, id);
  }

  note404(id: string, now: number, gone: boolean): void {
    this.app.db
      .prepare(`UPDATE job_tracking SET refreshed_ms = ?, first_404_ms = COALESCE(first_404_ms, ?), gone = ? WHERE interaction_id = ?`)
      .run(now, now, gone ? 1 : 0, id);
  }

  /** Every background turn of the record plus every tracked id (with its turn, when the record has one). */
  listAll(limit: number): { turn: TurnRow | null; tracking: TrackingRow | null }[] {
    const turns = this.app.db
      .prepare(
        `SELECT t.* FROM turns t
         WHERE t.background = 1 OR t.interaction_id IN (SELECT interaction_id FROM job_tracking WHERE tracked = 1)
         ORDER BY t.created_ms DESC LIMIT ?`,
      )
      .all(limit) as TurnRow[];
    const tracking = this.getMany(turns.map((t) => t.interaction_id));
    const out: { turn: TurnRow | null; tracking: TrackingRow | null }[] = turns.map((t) => ({ turn: t, tracking: tracking.get(t.interaction_id) ?? null }));
    const orphans = this.app.db
      .prepare(
        `SELECT j.* FROM job_tracking j WHERE j.tracked = 1
           AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.interaction_id = j.interaction_id)
         ORDER BY j.added_ms DESC LIMIT ?`,
      )
      .all(limit) as TrackingRow[];
    for (const o of orphans) out.push({ turn: null, tracking: o });
    return out;
  }

  delete(id: string): boolean {
    return this.app.tx(() => {
      const a = this.app.db.prepare(`DELETE FROM job_tracking WHERE interaction_id = ?`).run(id).changes;
      this.app.db.prepare(`DELETE FROM events WHERE interaction_id = ?`).run(id);
      const b = this.app.db.prepare(`DELETE FROM turns WHERE interaction_id = ?`).run(id).changes;
      return a + b > 0;
    });
  }
}
