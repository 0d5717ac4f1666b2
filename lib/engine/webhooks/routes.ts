// The webhook routes, mounted into the engine app with one line (createApp's `mount`):
//   /{v}/webhooks …                         the API resource (reference §1.4), as the SDK calls it
//   GET  /.well-known/jwks.json             public keys verifying per-request (webhook_config) deliveries
//   GET  /admin/webhook-deliveries          the delivery log (control plane; ?webhook_id=&limit=)
//   POST /admin/webhook-deliveries/{id}:redeliver
import type { Context, Hono } from "hono";
import { ApiError } from "@/lib/interactions/errors";
import { jsonResponse, readBodyText } from "../http";
import type { WebhookService } from "./service";

const VERSION = "/:version{v[0-9]+[a-z0-9]*}";

/** The JSON body, or {} when there is none (ping and rotate may be sent without one). */
async function bodyOf(c: Context, max: number): Promise<unknown> {
  const text = c.req.raw.body ? await readBodyText(c.req.raw, max) : "";
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError("invalid_request", `Invalid JSON payload received. ${err instanceof Error ? err.message : "syntax error"}`);
  }
}

/** `{id}` or `{id}:{verb}` of a webhook path segment. */
function split(segment: string): { id: string; verb: string | null } {
  const i = segment.indexOf(":");
  return i < 0 ? { id: segment, verb: null } : { id: segment.slice(0, i), verb: segment.slice(i + 1) };
}

export function mountWebhooks(service: WebhookService, maxBodyBytes: number): (app: Hono) => void {
  return (app) => {
    app.get("/.well-known/jwks.json", async () => jsonResponse(await service.jwks(), 200, { "cache-control": "public, max-age=300" }));

    app.get("/admin/webhook-deliveries", (c) => {
      const limit = Number(c.req.query("limit") ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ApiError("invalid_request", "limit must be an integer in [1, 1000].");
      return jsonResponse({ deliveries: service.deliveries({ webhookId: c.req.query("webhook_id") || undefined, limit }) });
    });
    app.post("/admin/webhook-deliveries/:seg", (c) => {
      const { id, verb } = split(c.req.param("seg"));
      if (verb !== "redeliver") throw new ApiError("not_found", `Method not found: POST ${new URL(c.req.url).pathname}`);
      return jsonResponse(service.redeliver(id));
    });

    app.post(`${VERSION}/webhooks`, async (c) => jsonResponse(await service.create(await bodyOf(c, maxBodyBytes))));
    app.get(`${VERSION}/webhooks`, (c) => {
      const size = c.req.query("page_size");
      const n = size === undefined ? undefined : Number(size);
      if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new ApiError("invalid_request", "page_size must be a positive integer.");
      return jsonResponse(service.list(n, c.req.query("page_token") || undefined));
    });
    app.get(`${VERSION}/webhooks/:seg`, (c) => {
      const { id, verb } = split(c.req.param("seg"));
      if (verb) throw new ApiError("not_found", `Method not found: GET ${new URL(c.req.url).pathname}`);
      return jsonResponse(service.get(id));
    });
    app.patch(`${VERSION}/webhooks/:seg`, async (c) => {
      const { id, verb } = split(c.req.param("seg"));
      if (verb) throw new ApiError("not_found", `Method not found: PATCH ${new URL(c.req.url).pathname}`);
      return jsonResponse(await service.update(id, await bodyOf(c, maxBodyBytes), c.req.query("update_mask") || undefined));
    });
    app.delete(`${VERSION}/webhooks/:seg`, (c) => {
      const { id, verb } = split(c.req.param("seg"));
      if (verb) throw new ApiError("not_found", `Method not found: DELETE ${new URL(c.req.url).pathname}`);
      service.delete(id);
      return jsonResponse({});
    });
    app.post(`${VERSION}/webhooks/:seg`, async (c) => {
      const { id, verb } = split(c.req.param("seg"));
      const body = await bodyOf(c, maxBodyBytes);
      if (verb === "ping") return jsonResponse(service.ping(id));
      if (verb === "rotateSigningSecret") return jsonResponse(service.rotate(id, body));
      throw new ApiError("not_found", `Method not found: POST ${new URL(c.req.url).pathname}`);
    });
  };
}
