// The playground's own webhook receiver (docs/webhooks.md, "The receiver"). At server start the
// app registers a webhook on the embedded engine pointing at POST /api/webhooks/receive and keeps
// its signing secret server-side (app DB settings, never sent to the browser); every delivery is
// verified — Standard Webhooks HMAC for registered webhooks (standardwebhooks), the RS256 JWT
// against the engine's JWKS (jose) for per-request webhook_config uris — and kept in an inbox
// the Webhooks view reads: headers, body, verified or why not.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { Webhook } from "standardwebhooks";
import { errorResponse } from "@/lib/interactions/errors";
import { prepared } from "@/lib/db/prepared";
import { readBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";
import type { AppStore } from "@/lib/record/store";

const SETTING = "webhook_receiver";
const EVENTS = ["interaction.completed", "interaction.failed", "interaction.requires_action"];
const KEPT_HEADERS = ["content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature", "authorization"];
const MAX_BODY = 1024 * 1024;

export interface ReceiverConfig {
  webhook_id: string;
  secret: string;
  uri: string;
}

export interface InboxEntry {
  id: string;
  received_ms: number;
  kind: "registered" | "dynamic" | "unsigned";
  headers: Record<string, string>;
  body: string;
  verified: boolean;
  reason: string | null;
}

export interface EngineFetch {
  (path: string, init?: RequestInit): Promise<Response>;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS webhook_inbox (
  id TEXT PRIMARY KEY,
  received_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  headers_json TEXT NOT NULL,
  body TEXT NOT NULL,
  verified INTEGER NOT NULL,
  reason TEXT
)`;

function readConfig(store: AppStore): ReceiverConfig | null {
  const raw = store.getSetting(SETTING);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as ReceiverConfig;
  } catch {
    return null;
  }
}

/** The receiver URL: APP_WEBHOOK_RECEIVER_URL, else this server's own address (`next start -p/-H`, PORT). */
export function receiverUrl(env: Record<string, string | undefined> = process.env, argv: readonly string[] = process.argv): string {
  if (env.APP_WEBHOOK_RECEIVER_URL?.trim()) return env.APP_WEBHOOK_RECEIVER_URL.trim();
  const arg = (short: string, long: string) => {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] as string;
      if (a === short || a === long) return argv[i + 1];
      if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
    }
    return undefined;
  };
  const port = arg("-p", "--port") ?? env.PORT ?? "3000";
  const host = arg("-H", "--hostname") ?? "127.0.0.1";
  return `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/api/webhooks/receive`;
}

/**
 * Make sure the engine has our webhook, pointing at `uri`, enabled: reuse the stored one when the
 * engine still knows it, else create one and keep its secret (shown once by the engine).
 */
export async function ensureReceiverWebhook(engine: EngineFetch, store: AppStore, uri: string): Promise<ReceiverConfig> {
  const cur = readConfig(store);
  if (cur) {
    const res = await engine(`/v1beta/webhooks/${encodeURIComponent(cur.webhook_id)}`);
    if (res.ok) {
      const w = (await res.json()) as { uri?: string; state?: string };
      if (w.uri === uri) {
        if (w.state !== "enabled") {
          await engine(`/v1beta/webhooks/${encodeURIComponent(cur.webhook_id)}?update_mask=state`, {
            method: "PATCH",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ state: "enabled" }),
          });
        }
        return cur;
      }
      await engine(`/v1beta/webhooks/${encodeURIComponent(cur.webhook_id)}`, { method: "DELETE" });
    }
  }
  const res = await engine("/v1beta/webhooks", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Playground receiver", uri, subscribed_events: EVENTS }),
  });
  if (!res.ok) throw new Error(`the engine refused the receiver webhook (HTTP ${res.status}): ${await res.text()}`);
  const w = (await res.json()) as { id: string; new_signing_secret: string };
  const cfg = { webhook_id: w.id, secret: w.new_signing_secret, uri };
  store.setSetting(SETTING, JSON.stringify(cfg));
  return cfg;
}

export interface ReceiverDeps {
  store: () => AppStore;
  engine: EngineFetch;
  secrets?: () => readonly string[];
  now?: () => number;
}

export function createWebhookReceiver(deps: ReceiverDeps) {
  const secrets = deps.secrets ?? (() => []);
  const now = deps.now ?? Date.now;
  const ready = new WeakSet<AppStore>();
  const db = () => {
    const s = deps.store();
    if (!ready.has(s)) {
      s.db.exec(SCHEMA);
      ready.add(s);
    }
    return s;
  };

  async function verify(headers: Headers, body: string, store: AppStore): Promise<Pick<InboxEntry, "kind" | "verified" | "reason">> {
    const auth = headers.get("authorization");
    if (headers.get("webhook-signature")) {
      const cfg = readConfig(store);
      if (!cfg) return { kind: "registered", verified: false, reason: "no receiver webhook is registered, so there is no secret to check against" };
      try {
        new Webhook(cfg.secret).verify(body, {
          "webhook-id": headers.get("webhook-id") ?? "",
          "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
          "webhook-signature": headers.get("webhook-signature") ?? "",
        });
        return { kind: "registered", verified: true, reason: null };
      } catch (e) {
        return { kind: "registered", verified: false, reason: e instanceof Error ? e.message : String(e) };
      }
    }
    if (auth?.startsWith("Bearer ")) {
      try {
        const jwks = (await (await deps.engine("/.well-known/jwks.json")).json()) as JSONWebKeySet;
        const { payload } = await jwtVerify(auth.slice(7), createLocalJWKSet(jwks), { algorithms: ["RS256"] });
        const digest = createHash("sha256").update(body).digest("base64url");
        if (payload.body_sha256 !== digest) return { kind: "dynamic", verified: false, reason: "the JWT is valid but its body_sha256 does not match the body" };
        if (payload.webhook_id !== headers.get("webhook-id")) return { kind: "dynamic", verified: false, reason: "the JWT's webhook_id does not match the webhook-id header" };
        return { kind: "dynamic", verified: true, reason: null };
      } catch (e) {
        return { kind: "dynamic", verified: false, reason: `JWT check failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    return { kind: "unsigned", verified: false, reason: "no webhook-signature header and no bearer JWT" };
  }

  return {
    async receive(req: Request): Promise<Response> {
      return handle(secrets, async () => {
        const read = await readBody(req, MAX_BODY);
        if (!read.ok) return read.response;
        const body = new TextDecoder().decode(read.body);
        const store = db();
        const v = await verify(req.headers, body, store);
        const headers: Record<string, string> = {};
        for (const h of KEPT_HEADERS) {
          const val = req.headers.get(h);
          if (val !== null) headers[h] = h === "authorization" ? `${val.slice(0, 40)}…` : val;
        }
        prepared(store.db, `INSERT INTO webhook_inbox (id, received_ms, kind, headers_json, body, verified, reason) VALUES (?, ?, ?, ?, ?, ?, ?)`)
          .run(randomUUID(), now(), v.kind, JSON.stringify(headers), body, v.verified ? 1 : 0, v.reason);
        // Keep the newest 500 (insertion order is rowid order): one index probe, not a sort per delivery.
        prepared(store.db, `DELETE FROM webhook_inbox WHERE rowid <= (SELECT rowid FROM webhook_inbox ORDER BY rowid DESC LIMIT 1 OFFSET 500)`).run();
        // Answer 2xx only for deliveries that verified, as a real receiver should.
        return v.verified ? json({ ok: true }) : errorResponse("unauthenticated", `Webhook not verified: ${v.reason}`);
      });
    },

    async inbox(): Promise<Response> {
      return handle(secrets, () => {
        const store = db();
        const cfg = readConfig(store);
        const rows = prepared(store.db, `SELECT * FROM webhook_inbox ORDER BY received_ms DESC LIMIT 200`).all() as {
          id: string;
          received_ms: number;
          kind: InboxEntry["kind"];
          headers_json: string;
          body: string;
          verified: number;
          reason: string | null;
        }[];
        return json({
          receiver: cfg ? { webhook_id: cfg.webhook_id, uri: cfg.uri } : null,
          deliveries: rows.map((r) => ({ id: r.id, received_ms: r.received_ms, kind: r.kind, headers: JSON.parse(r.headers_json), body: r.body, verified: r.verified === 1, reason: r.reason })),
        });
      });
    },
  };
}
