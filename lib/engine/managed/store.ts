// Tables for custom agents, environments and per-turn workspace manifests, on the engine's own
// SQLite database. They have their own migration list (keyed by name in `managed_migrations`), so
// they never renumber or touch the interactions schema's `user_version` migrations.
import type Database from "better-sqlite3";

const MIGRATIONS: [name: string, sql: string][] = [
  [
    "managed-1",
    `CREATE TABLE agents (
       id TEXT PRIMARY KEY,
       json TEXT NOT NULL,
       created_ms INTEGER NOT NULL
     );
     CREATE TABLE environments (
       id TEXT PRIMARY KEY,
       json TEXT NOT NULL,
       created_ms INTEGER NOT NULL,
       updated_ms INTEGER NOT NULL,
       accessed_ms INTEGER NOT NULL
     );
     CREATE TABLE workspace_manifests (
       interaction_id TEXT PRIMARY KEY,
       environment_id TEXT,
       json TEXT NOT NULL,
       created_ms INTEGER NOT NULL
     );`,
  ],
];

export interface AgentRow {
  id: string;
  json: string;
  created_ms: number;
}

export interface EnvironmentRow {
  id: string;
  /** Settings: `{ sources, network, env }` as accepted. */
  json: string;
  created_ms: number;
  updated_ms: number;
  accessed_ms: number;
}

export interface ManifestRow {
  interaction_id: string;
  environment_id: string | null;
  json: string;
  created_ms: number;
}

export class ManagedStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS managed_migrations (name TEXT PRIMARY KEY)`);
    const done = new Set((db.prepare(`SELECT name FROM managed_migrations`).all() as { name: string }[]).map((r) => r.name));
    for (const [name, sql] of MIGRATIONS) {
      if (done.has(name)) continue;
      db.transaction(() => {
        db.exec(sql);
        db.prepare(`INSERT INTO managed_migrations (name) VALUES (?)`).run(name);
      })();
    }
    this.q = {
      insertAgent: db.prepare(`INSERT INTO agents (id, json, created_ms) VALUES (@id, @json, @created_ms)`),
      getAgent: db.prepare(`SELECT * FROM agents WHERE id = ?`),
      listAgents: db.prepare(`SELECT * FROM agents WHERE (created_ms, id) > (?, ?) ORDER BY created_ms, id LIMIT ?`),
      deleteAgent: db.prepare(`DELETE FROM agents WHERE id = ?`),
      insertEnv: db.prepare(
        `INSERT INTO environments (id, json, created_ms, updated_ms, accessed_ms) VALUES (@id, @json, @created_ms, @updated_ms, @accessed_ms)`,
      ),
      getEnv: db.prepare(`SELECT * FROM environments WHERE id = ?`),
      listEnvs: db.prepare(`SELECT * FROM environments WHERE (created_ms, id) > (?, ?) ORDER BY created_ms, id LIMIT ?`),
      deleteEnv: db.prepare(`DELETE FROM environments WHERE id = ?`),
      touchEnv: db.prepare(`UPDATE environments SET accessed_ms = ? WHERE id = ?`),
      updateEnv: db.prepare(`UPDATE environments SET json = ?, updated_ms = ?, accessed_ms = ? WHERE id = ?`),
      putManifest: db.prepare(
        `INSERT OR REPLACE INTO workspace_manifests (interaction_id, environment_id, json, created_ms) VALUES (@interaction_id, @environment_id, @json, @created_ms)`,
      ),
      getManifest: db.prepare(`SELECT * FROM workspace_manifests WHERE interaction_id = ?`),
    };
  }

  insertAgent(row: AgentRow): void {
    this.q.insertAgent.run(row);
  }
  getAgent(id: string): AgentRow | undefined {
    return this.q.getAgent.get(id) as AgentRow | undefined;
  }
  /** Rows after the cursor `(created_ms, id)`, oldest first. */
  listAgents(after: [number, string], limit: number): AgentRow[] {
    return this.q.listAgents.all(after[0], after[1], limit) as AgentRow[];
  }
  deleteAgent(id: string): boolean {
    return this.q.deleteAgent.run(id).changes > 0;
  }

  insertEnvironment(row: EnvironmentRow): void {
    this.q.insertEnv.run(row);
  }
  getEnvironment(id: string): EnvironmentRow | undefined {
    return this.q.getEnv.get(id) as EnvironmentRow | undefined;
  }
  listEnvironments(after: [number, string], limit: number): EnvironmentRow[] {
    return this.q.listEnvs.all(after[0], after[1], limit) as EnvironmentRow[];
  }
  deleteEnvironment(id: string): boolean {
    return this.q.deleteEnv.run(id).changes > 0;
  }
  touchEnvironment(id: string, ms: number): void {
    this.q.touchEnv.run(ms, id);
  }
  updateEnvironment(id: string, json: string, ms: number): void {
    this.q.updateEnv.run(json, ms, ms, id);
  }

  putManifest(row: ManifestRow): void {
    this.q.putManifest.run(row);
  }
  getManifest(interactionId: string): ManifestRow | undefined {
    return this.q.getManifest.get(interactionId) as ManifestRow | undefined;
  }
}
