// The engine's webhook tables, in the engine's SQLite file, created by this module on first use:
//   webhooks            registered webhooks, their signing secrets (full, server-side only) and failure count
//   webhook_deliveries  every delivery (registered or per-request), its attempts and outcome: the delivery log
//   webhook_keys        the RS256 key that signs per-request (webhook_config) deliveries; its public half is the JWKS
import type Database from "better-sqlite3";
import { prepared } from "@/lib/db/prepared";

export interface SecretEntry {
  secret: string;
  created_ms: number;
  /** null: valid until rotated away. */
  expire_ms: number | null;
}

export interface WebhookRow {
  id: string;
  name: string | null;
  uri: string;
  subscribed_events: string;
  state: string;
  secrets_json: string;
  consecutive_failures: number;
  create_ms: number;
  update_ms: number;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string | null;
  kind: "registered" | "dynamic";
  uri: string;
  event_type: string;
  payload: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  next_attempt_ms: number | null;
  last_http_status: number | null;
  last_error: string | null;
  created_ms: number;
  updated_ms: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhooks (
  id TEXT PRIMARY KEY,
  name TEXT,
  uri TEXT NOT NULL,
  subscribed_events TEXT NOT NULL,
  state TEXT NOT NULL,
  secrets_json TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  create_ms INTEGER NOT NULL,
  update_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT,
  kind TEXT NOT NULL,
  uri TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER,
  last_http_status INTEGER,
  last_error TEXT,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries(status) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS webhook_keys (
  kid TEXT PRIMARY KEY,
  private_jwk TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);`;

export class WebhookStore {
  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  insert(row: WebhookRow): void {
    prepared(this.db, 
        `INSERT INTO webhooks (id, name, uri, subscribed_events, state, secrets_json, consecutive_failures, create_ms, update_ms)
         VALUES (@id, @name, @uri, @subscribed_events, @state, @secrets_json, @consecutive_failures, @create_ms, @update_ms)`,
      )
      .run(row);
  }

  get(id: string): WebhookRow | undefined {
    return prepared(this.db, `SELECT * FROM webhooks WHERE id = ?`).get(id) as WebhookRow | undefined;
  }

  list(): WebhookRow[] {
    return prepared(this.db, `SELECT * FROM webhooks ORDER BY create_ms, id`).all() as WebhookRow[];
  }

  update(id: string, patch: Partial<Omit<WebhookRow, "id">>): void {
    const keys = Object.keys(patch);
    if (!keys.length) return;
    prepared(this.db, `UPDATE webhooks SET ${keys.map((k) => `${k} = @${k}`).join(", ")} WHERE id = @id`).run({ ...patch, id });
  }

  delete(id: string): boolean {
    return prepared(this.db, `DELETE FROM webhooks WHERE id = ?`).run(id).changes > 0;
  }

  insertDelivery(row: DeliveryRow): void {
    prepared(this.db, 
        `INSERT INTO webhook_deliveries (id, webhook_id, kind, uri, event_type, payload, status, attempts, next_attempt_ms,
           last_http_status, last_error, created_ms, updated_ms)
         VALUES (@id, @webhook_id, @kind, @uri, @event_type, @payload, @status, @attempts, @next_attempt_ms,
           @last_http_status, @last_error, @created_ms, @updated_ms)`,
      )
      .run(row);
  }

  getDelivery(id: string): DeliveryRow | undefined {
    return prepared(this.db, `SELECT * FROM webhook_deliveries WHERE id = ?`).get(id) as DeliveryRow | undefined;
  }

  updateDelivery(id: string, patch: Partial<Omit<DeliveryRow, "id">>): void {
    const keys = Object.keys(patch);
    if (!keys.length) return;
    prepared(this.db, `UPDATE webhook_deliveries SET ${keys.map((k) => `${k} = @${k}`).join(", ")} WHERE id = @id`).run({ ...patch, id });
  }

  listDeliveries(opts: { webhookId?: string; limit?: number }): DeliveryRow[] {
    const limit = opts.limit ?? 100;
    if (opts.webhookId) {
      return prepared(this.db, `SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_ms DESC, rowid DESC LIMIT ?`).all(opts.webhookId, limit) as DeliveryRow[];
    }
    return prepared(this.db, `SELECT * FROM webhook_deliveries ORDER BY created_ms DESC, rowid DESC LIMIT ?`).all(limit) as DeliveryRow[];
  }

  pendingDeliveries(): DeliveryRow[] {
    return prepared(this.db, `SELECT * FROM webhook_deliveries WHERE status = 'pending'`).all() as DeliveryRow[];
  }

  getKey(): { kid: string; private_jwk: string; public_jwk: string } | undefined {
    return prepared(this.db, `SELECT kid, private_jwk, public_jwk FROM webhook_keys ORDER BY created_ms DESC LIMIT 1`).get() as
      | { kid: string; private_jwk: string; public_jwk: string }
      | undefined;
  }

  putKey(kid: string, privateJwk: string, publicJwk: string): void {
    prepared(this.db, `INSERT INTO webhook_keys (kid, private_jwk, public_jwk, created_ms) VALUES (?, ?, ?, ?)`).run(kid, privateJwk, publicJwk, Date.now());
  }
}
