// Webhooks on the engine (reference §9, docs/webhooks.md): the resource (create/list/get/update/
// delete, ping, rotateSigningSecret), and deliveries of interaction.completed / failed /
// requires_action. Registered webhooks are signed the Standard Webhooks way with the
// `standardwebhooks` library (HMAC-SHA256 over `id.timestamp.body`, every secret still valid);
// a request's `webhook_config.uris` replace the registered webhooks for that interaction and get
// an RS256 JWT (jose) verifiable against the JWKS the engine publishes. Failed attempts retry
// with exponential backoff; 10 consecutive failed attempts disable a registered webhook
// (`disabled_due_to_failed_deliveries`). Every target goes through the egress policy.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { ApiError } from "@/lib/interactions/errors";
import type Database from "better-sqlite3";
import { WebhookStore, type DeliveryRow, type SecretEntry, type WebhookRow } from "./store";

export const SUBSCRIBABLE_EVENTS = [
  "interaction.requires_action",
  "interaction.completed",
  "interaction.failed",
  "batch.succeeded",
  "batch.expired",
  "batch.failed",
  "video.generated",
] as const;

/** Interaction statuses that emit an event (there is no interaction.cancelled, reference §9). */
const EVENT_FOR_STATUS: Record<string, string> = {
  completed: "interaction.completed",
  failed: "interaction.failed",
  requires_action: "interaction.requires_action",
};

export const DISABLE_AFTER_FAILURES = 10;
const DAY_MS = 24 * 3_600_000;

export interface Egress {
  /** Throws (with a message saying why) when the policy refuses the URL. */
  check(url: string): Promise<void>;
  fetch(url: string, init: RequestInit): Promise<Response>;
}

export interface WebhookServiceOptions {
  db: Database.Database;
  egress: Egress;
  now?: () => number;
  /** First retry delay; doubles per attempt. Default 1 s. */
  retryBaseMs?: number;
  /** Attempts per delivery before it is given up. Default 6. */
  maxAttempts?: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** `iss` of the per-request delivery JWTs. */
  issuer?: string;
}

const eventsSchema = z.array(z.enum(SUBSCRIBABLE_EVENTS)).min(1, "subscribed_events must name at least one event");
const createSchema = z
  .object({ name: z.string().max(200).optional(), uri: z.string().min(1).max(2048), subscribed_events: eventsSchema })
  .strict();
const updateSchema = z
  .object({
    name: z.string().max(200).optional(),
    uri: z.string().min(1).max(2048).optional(),
    subscribed_events: eventsSchema.optional(),
    state: z.enum(["enabled", "disabled"]).optional(),
  })
  .strict();
const rotateSchema = z
  .object({ revocation_behavior: z.enum(["revoke_previous_secrets_after_h24", "revoke_previous_secrets_immediately"]).optional() })
  .strict();

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new ApiError("invalid_request", `Invalid request: ${r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
  return r.data;
}

function notFound(): ApiError {
  return new ApiError("not_found", "Requested entity was not found.");
}

/** `whsec_` + base64 of 24 random bytes: the format the standardwebhooks libraries take. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

function truncate(secret: string): string {
  return `${secret.slice(0, 10)}…${secret.slice(-4)}`;
}

export interface WebhookResource {
  id: string;
  name?: string;
  uri: string;
  subscribed_events: string[];
  state: string;
  signing_secrets: { truncated_secret: string; expire_time?: string }[];
  create_time: string;
  update_time: string;
  new_signing_secret?: string;
}

export interface DeliveryView {
  id: string;
  webhook_id: string | null;
  kind: "registered" | "dynamic";
  uri: string;
  event_type: string;
  payload: unknown;
  status: string;
  attempts: number;
  next_attempt_time: string | null;
  last_http_status: number | null;
  last_error: string | null;
  create_time: string;
  update_time: string;
}

export class WebhookService {
  readonly store: WebhookStore;
  private readonly egress: Egress;
  private readonly now: () => number;
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly issuer: string;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sending = new Set<string>();
  private key: Promise<{ kid: string; privateKey: CryptoKey; publicJwk: JWK }> | null = null;
  private closed = false;
  /** Resolves when no delivery is in flight or scheduled within `ms` (tests). */
  private readonly idleWaiters = new Set<() => void>();

  constructor(opts: WebhookServiceOptions) {
    this.store = new WebhookStore(opts.db);
    this.egress = opts.egress;
    this.now = opts.now ?? Date.now;
    this.retryBaseMs = opts.retryBaseMs ?? 1_000;
    this.maxAttempts = opts.maxAttempts ?? 6;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.issuer = opts.issuer ?? "interactions-playground-engine";
    // Deliveries a previous process left pending go on.
    for (const d of this.store.pendingDeliveries()) this.schedule(d.id, Math.max(0, (d.next_attempt_ms ?? 0) - this.now()));
  }

  // ---- the resource ---------------------------------------------------------------------------

  private view(row: WebhookRow, newSecretValue?: string): WebhookResource {
    const secrets = JSON.parse(row.secrets_json) as SecretEntry[];
    const t = this.now();
    const out: WebhookResource = {
      id: row.id,
      uri: row.uri,
      subscribed_events: JSON.parse(row.subscribed_events) as string[],
      state: row.state,
      signing_secrets: secrets
        .filter((s) => s.expire_ms === null || s.expire_ms > t)
        .map((s) => ({ truncated_secret: truncate(s.secret), ...(s.expire_ms !== null ? { expire_time: new Date(s.expire_ms).toISOString() } : {}) })),
      create_time: new Date(row.create_ms).toISOString(),
      update_time: new Date(row.update_ms).toISOString(),
    };
    if (row.name) out.name = row.name;
    if (newSecretValue) out.new_signing_secret = newSecretValue;
    return out;
  }

  private async checkUri(uri: string): Promise<void> {
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      throw new ApiError("invalid_request", `Invalid uri "${uri.slice(0, 200)}": not an absolute URL.`);
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new ApiError("invalid_request", `Invalid uri: ${u.protocol} is not http(s).`);
    try {
      await this.egress.check(uri);
    } catch (e) {
      throw new ApiError("invalid_request", `The egress policy refuses the webhook uri: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async create(body: unknown): Promise<WebhookResource> {
    const b = parse(createSchema, body);
    await this.checkUri(b.uri);
    const t = this.now();
    const secret = newSecret();
    const row: WebhookRow = {
      id: `wh_${randomUUID().replace(/-/g, "").slice(0, 20)}`,
      name: b.name ?? null,
      uri: b.uri,
      subscribed_events: JSON.stringify([...new Set(b.subscribed_events)]),
      state: "enabled",
      secrets_json: JSON.stringify([{ secret, created_ms: t, expire_ms: null } satisfies SecretEntry]),
      consecutive_failures: 0,
      create_ms: t,
      update_ms: t,
    };
    this.store.insert(row);
    return this.view(row, secret);
  }

  list(pageSize?: number, pageToken?: string): { webhooks: WebhookResource[]; next_page_token?: string } {
    const all = this.store.list();
    const start = pageToken ? Math.max(0, all.findIndex((w) => w.id === pageToken)) : 0;
    const size = Math.min(Math.max(pageSize ?? 50, 1), 1000);
    const page = all.slice(start, start + size);
    const next = all[start + size];
    return { webhooks: page.map((w) => this.view(w)), ...(next ? { next_page_token: next.id } : {}) };
  }

  get(id: string): WebhookResource {
    const row = this.store.get(id);
    if (!row) throw notFound();
    return this.view(row);
  }

  async update(id: string, body: unknown, updateMask?: string): Promise<WebhookResource> {
    const row = this.store.get(id);
    if (!row) throw notFound();
    const b = parse(updateSchema, body);
    const allowed = new Set(["name", "uri", "subscribed_events", "state"]);
    const mask = updateMask
      ? updateMask.split(",").map((s) => s.trim()).filter(Boolean)
      : Object.keys(b);
    for (const f of mask) if (!allowed.has(f)) throw new ApiError("invalid_request", `Invalid update_mask field "${f}": use name, uri, subscribed_events or state.`);
    const patch: Partial<WebhookRow> = { update_ms: this.now() };
    for (const f of mask) {
      if (f === "name") patch.name = b.name ?? null;
      if (f === "uri") {
        if (!b.uri) throw new ApiError("invalid_request", "update_mask names uri but the body has none.");
        await this.checkUri(b.uri);
        patch.uri = b.uri;
      }
      if (f === "subscribed_events") {
        if (!b.subscribed_events) throw new ApiError("invalid_request", "update_mask names subscribed_events but the body has none.");
        patch.subscribed_events = JSON.stringify([...new Set(b.subscribed_events)]);
      }
      if (f === "state") {
        if (!b.state) throw new ApiError("invalid_request", "update_mask names state but the body has none.");
        patch.state = b.state;
        if (b.state === "enabled") patch.consecutive_failures = 0;
      }
    }
    this.store.update(id, patch);
    return this.view(this.store.get(id) as WebhookRow);
  }

  delete(id: string): void {
    if (!this.store.delete(id)) throw notFound();
  }

  rotate(id: string, body: unknown): { secret: string } {
    const row = this.store.get(id);
    if (!row) throw notFound();
    const b = parse(rotateSchema, body);
    const t = this.now();
    const behaviour = b.revocation_behavior ?? "revoke_previous_secrets_after_h24";
    const old = (JSON.parse(row.secrets_json) as SecretEntry[]).filter((s) => s.expire_ms === null || s.expire_ms > t);
    const kept = behaviour === "revoke_previous_secrets_immediately" ? [] : old.map((s) => ({ ...s, expire_ms: Math.min(s.expire_ms ?? Infinity, t + DAY_MS) }));
    const secret = newSecret();
    this.store.update(id, { secrets_json: JSON.stringify([{ secret, created_ms: t, expire_ms: null }, ...kept]), update_ms: t });
    return { secret };
  }

  ping(id: string): Record<string, never> {
    const row = this.store.get(id);
    if (!row) throw notFound();
    this.enqueue({ kind: "registered", webhook: row, type: "webhook.ping", data: { webhook_id: id } });
    return {};
  }

  // ---- deliveries -----------------------------------------------------------------------------

  /** An interaction reached a status: deliver its event to the request's uris, else to the subscribed webhooks. */
  onInteractionStatus(interaction: { id: string; status: string; webhook_config?: unknown }): void {
    if (this.closed) return;
    const type = EVENT_FOR_STATUS[interaction.status];
    if (!type) return;
    const cfg = (interaction.webhook_config ?? undefined) as { uris?: unknown; user_metadata?: unknown } | undefined;
    const data: Record<string, unknown> = { id: interaction.id, object: "interaction", status: interaction.status };
    if (cfg && Array.isArray(cfg.uris) && cfg.uris.length) {
      if (cfg.user_metadata && typeof cfg.user_metadata === "object") data.user_metadata = cfg.user_metadata;
      for (const uri of cfg.uris) if (typeof uri === "string") this.enqueue({ kind: "dynamic", uri, type, data });
      return;
    }
    for (const w of this.store.list()) {
      if (w.state !== "enabled") continue;
      if (!(JSON.parse(w.subscribed_events) as string[]).includes(type)) continue;
      this.enqueue({ kind: "registered", webhook: w, type, data });
    }
  }

  private enqueue(o: { kind: "registered"; webhook: WebhookRow; type: string; data: unknown } | { kind: "dynamic"; uri: string; type: string; data: unknown }): string {
    const t = this.now();
    const id = `msg_${randomUUID().replace(/-/g, "")}`;
    const payload = JSON.stringify({ id, type: o.type, timestamp: new Date(t).toISOString(), data: o.data });
    this.store.insertDelivery({
      id,
      webhook_id: o.kind === "registered" ? o.webhook.id : null,
      kind: o.kind,
      uri: o.kind === "registered" ? o.webhook.uri : o.uri,
      event_type: o.type,
      payload,
      status: "pending",
      attempts: 0,
      next_attempt_ms: t,
      last_http_status: null,
      last_error: null,
      created_ms: t,
      updated_ms: t,
    });
    this.schedule(id, 0);
    return id;
  }

  /** Send a delivery again now (from the delivery log), whatever its state. */
  redeliver(id: string): DeliveryView {
    const d = this.store.getDelivery(id);
    if (!d) throw notFound();
    this.store.updateDelivery(id, { status: "pending", next_attempt_ms: this.now(), updated_ms: this.now() });
    this.schedule(id, 0);
    return this.deliveryView(this.store.getDelivery(id) as DeliveryRow);
  }

  deliveries(opts: { webhookId?: string; limit?: number } = {}): DeliveryView[] {
    return this.store.listDeliveries(opts).map((d) => this.deliveryView(d));
  }

  private deliveryView(d: DeliveryRow): DeliveryView {
    return {
      id: d.id,
      webhook_id: d.webhook_id,
      kind: d.kind,
      uri: d.uri,
      event_type: d.event_type,
      payload: JSON.parse(d.payload),
      status: d.status,
      attempts: d.attempts,
      next_attempt_time: d.next_attempt_ms !== null && d.status === "pending" ? new Date(d.next_attempt_ms).toISOString() : null,
      last_http_status: d.last_http_status,
      last_error: d.last_error,
      create_time: new Date(d.created_ms).toISOString(),
      update_time: new Date(d.updated_ms).toISOString(),
    };
  }

  private schedule(id: string, delayMs: number): void {
    if (this.closed) return;
    const old = this.timers.get(id);
    if (old) clearTimeout(old);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      void this.attempt(id);
    }, delayMs);
    timer.unref?.();
    this.timers.set(id, timer);
  }

  private async signingKey() {
    this.key ??= (async () => {
      const stored = this.store.getKey();
      if (stored) {
        const privateKey = (await importJWK(JSON.parse(stored.private_jwk) as JWK, "RS256")) as CryptoKey;
        return { kid: stored.kid, privateKey, publicJwk: JSON.parse(stored.public_jwk) as JWK };
      }
      const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
      const kid = `key_${randomUUID().slice(0, 8)}`;
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
      this.store.putKey(kid, JSON.stringify(await exportJWK(privateKey)), JSON.stringify(publicJwk));
      return { kid, privateKey: privateKey as CryptoKey, publicJwk };
    })();
    return this.key;
  }

  /** The JWKS that verifies per-request (webhook_config) deliveries. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.signingKey()).publicJwk] };
  }

  private async headersFor(d: DeliveryRow, sentAt: Date): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "interactions-playground-engine-webhooks/1",
      "webhook-id": d.id,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    };
    if (d.kind === "registered") {
      const row = d.webhook_id ? this.store.get(d.webhook_id) : undefined;
      if (!row) throw new Error("the webhook was deleted");
      const t = this.now();
      const secrets = (JSON.parse(row.secrets_json) as SecretEntry[]).filter((s) => s.expire_ms === null || s.expire_ms > t);
      // During a rotation's 24 h overlap every valid secret signs (space-separated, per the spec).
      headers["webhook-signature"] = secrets.map((s) => new Webhook(s.secret).sign(d.id, sentAt, d.payload)).join(" ");
    } else {
      const { kid, privateKey } = await this.signingKey();
      const jwt = await new SignJWT({ webhook_id: d.id, body_sha256: createHash("sha256").update(d.payload).digest("base64url") })
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(this.issuer)
        .setAudience(d.uri)
        .setSubject(String((JSON.parse(d.payload) as { data?: { id?: string } }).data?.id ?? ""))
        .setIssuedAt(Math.floor(sentAt.getTime() / 1000))
        .setExpirationTime(Math.floor(sentAt.getTime() / 1000) + 300)
        .sign(privateKey);
      headers.authorization = `Bearer ${jwt}`;
    }
    return headers;
  }

  private async attempt(id: string): Promise<void> {
    if (this.closed || this.sending.has(id)) return;
    const d = this.store.getDelivery(id);
    if (!d || d.status !== "pending") return;
    this.sending.add(id);
    const attempts = d.attempts + 1;
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const row = d.webhook_id ? this.store.get(d.webhook_id) : undefined;
      if (d.kind === "registered" && row && row.state !== "enabled" && d.event_type !== "webhook.ping") throw new Error(`the webhook is ${row.state}`);
      const headers = await this.headersFor(d, new Date(this.now()));
      const res = await this.egress.fetch(d.uri, { method: "POST", headers, body: d.payload, signal: AbortSignal.timeout(this.timeoutMs), redirect: "manual" });
      httpStatus = res.status;
      await res.body?.cancel().catch(() => {});
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      this.sending.delete(id);
    }
    if (this.closed) return;
    const t = this.now();
    if (!error) {
      this.store.updateDelivery(id, { status: "delivered", attempts, next_attempt_ms: null, last_http_status: httpStatus, last_error: null, updated_ms: t });
      if (d.webhook_id) this.store.update(d.webhook_id, { consecutive_failures: 0 });
    } else {
      let disabled = false;
      if (d.webhook_id) {
        const row = this.store.get(d.webhook_id);
        if (row) {
          const failures = row.consecutive_failures + 1;
          disabled = failures >= DISABLE_AFTER_FAILURES && row.state === "enabled";
          this.store.update(d.webhook_id, { consecutive_failures: failures, ...(disabled ? { state: "disabled_due_to_failed_deliveries", update_ms: t } : {}) });
          if (row.state !== "enabled") disabled = true;
        }
      }
      const giveUp = attempts >= this.maxAttempts || disabled || error === "the webhook was deleted";
      const next = giveUp ? null : t + this.retryBaseMs * 2 ** (attempts - 1);
      this.store.updateDelivery(id, { status: giveUp ? "failed" : "pending", attempts, next_attempt_ms: next, last_http_status: httpStatus, last_error: error, updated_ms: t });
      if (next !== null) this.schedule(id, next - t);
    }
    if (!this.timers.size && !this.sending.size) for (const w of [...this.idleWaiters]) w();
  }

  /** Resolves once no delivery is scheduled or in flight (tests). */
  idle(): Promise<void> {
    if (!this.timers.size && !this.sending.size) return Promise.resolve();
    return new Promise((resolve) => {
      const w = () => {
        this.idleWaiters.delete(w);
        resolve();
      };
      this.idleWaiters.add(w);
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
