// Webhooks through the engine's HTTP surface, delivering to a real loopback receiver. Signatures
// are checked with an independent, hand-written implementation of the Standard Webhooks scheme
// (not the library the engine signs with), and per-request deliveries with jose against the JWKS.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "@/lib/engine/engine";
import { call, waitFor } from "@/lib/engine/testing";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A receiver on 127.0.0.1; `answer(n)` gives the HTTP status for the n-th request (1-based). */
async function receiver(answer: (n: number) => number = () => 200) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = answer(got.length);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

function engine(): Engine {
  const e = createEngine({ dbPath: ":memory:", paceMs: 0, webhooks: { retryBaseMs: 5, maxAttempts: 3 } });
  cleanups.push(() => e.close());
  return e;
}

/** Standard Webhooks, by hand: v1 = base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")). */
function verifiedBy(secret: string, r: Received): boolean {
  const id = String(r.headers["webhook-id"]);
  const ts = String(r.headers["webhook-timestamp"]);
  if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${ts}.${r.body}`).digest();
  return String(r.headers["webhook-signature"])
    .split(" ")
    .some((part) => {
      const [version, sig] = part.split(",");
      if (version !== "v1" || !sig) return false;
      const given = Buffer.from(sig, "base64");
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

describe("engine webhooks", () => {
  it("create returns the secret once; deliveries of interaction.completed are Standard-Webhooks signed with it", async () => {
    const e = engine();
    const rx = await receiver();
    const created = await json(await call(e, "POST", "/v1beta/webhooks", { body: { name: "mine", uri: rx.url, subscribed_events: ["interaction.completed"] } }));
    const secret = created.new_signing_secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(created.state).toBe("enabled");
    const got = await json(await call(e, "GET", `/v1beta/webhooks/${created.id}`));
    expect(got.new_signing_secret).toBeUndefined();
    expect(JSON.stringify(got)).not.toContain(secret);
    const list = await json<{ webhooks: unknown[] }>(await call(e, "GET", "/v1beta/webhooks"));
    expect(JSON.stringify(list)).not.toContain(secret);

    const run = await json(await call(e, "POST", "/v1beta/interactions", { body: { model: "gemini-3.5-flash", input: "Hello there" } }));
    await waitFor(() => rx.got.length >= 1, 5_000);
    const r = rx.got[0]!;
    expect(verifiedBy(secret, r)).toBe(true);
    expect(verifiedBy("whsec_" + Buffer.from("wrong-secret-wrong-secret").toString("base64"), r)).toBe(false);
    expect(verifiedBy(secret, { ...r, body: r.body.replace("completed", "failed") })).toBe(false);
    const payload = JSON.parse(r.body);
    expect(payload).toMatchObject({ type: "interaction.completed", data: { id: run.id, status: "completed" } });
    expect(payload.id).toBe(r.headers["webhook-id"]);
    await e.webhooks.idle();
    const log = await json<{ deliveries: { status: string; attempts: number }[] }>(await call(e, "GET", `/admin/webhook-deliveries?webhook_id=${created.id}`));
    expect(log.deliveries[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("rotateSigningSecret: after_h24 signs with old and new during the overlap; immediately with the new one only", async () => {
    const e = engine();
    const rx = await receiver();
    const w = await json(await call(e, "POST", "/v1beta/webhooks", { body: { uri: rx.url, subscribed_events: ["interaction.completed"] } }));
    const first = w.new_signing_secret as string;
    const rot = await json<{ secret: string }>(await call(e, "POST", `/v1beta/webhooks/${w.id}:rotateSigningSecret`, { body: { revocation_behavior: "revoke_previous_secrets_after_h24" } }));
    expect(rot.secret).not.toBe(first);
    const view = await json<{ signing_secrets: { expire_time?: string }[] }>(await call(e, "GET", `/v1beta/webhooks/${w.id}`));
    expect(view.signing_secrets).toHaveLength(2);
    expect(view.signing_secrets.filter((s) => s.expire_time)).toHaveLength(1);
    expect(await json(await call(e, "POST", `/v1beta/webhooks/${w.id}:ping`))).toEqual({});
    await waitFor(() => rx.got.length >= 1, 5_000);
    expect(verifiedBy(first, rx.got[0]!)).toBe(true);
    expect(verifiedBy(rot.secret, rx.got[0]!)).toBe(true);

    const rot2 = await json<{ secret: string }>(await call(e, "POST", `/v1beta/webhooks/${w.id}:rotateSigningSecret`, { body: { revocation_behavior: "revoke_previous_secrets_immediately" } }));
    await call(e, "POST", `/v1beta/webhooks/${w.id}:ping`, { body: {} });
    await waitFor(() => rx.got.length >= 2, 5_000);
    expect(verifiedBy(rot2.secret, rx.got[1]!)).toBe(true);
    expect(verifiedBy(rot.secret, rx.got[1]!)).toBe(false);
    expect(verifiedBy(first, rx.got[1]!)).toBe(false);
  });

  it("a request's webhook_config overrides the registered webhooks: its uris get the event with user_metadata and an RS256 JWT verifiable against the JWKS", async () => {
    const e = engine();
    const registered = await receiver();
    const dynamic = await receiver();
    await call(e, "POST", "/v1beta/webhooks", { body: { uri: registered.url, subscribed_events: ["interaction.completed", "interaction.requires_action"] } });
    const run = await json(
      await call(e, "POST", "/v1beta/interactions", {
        body: { model: "gemini-3.5-flash", input: "Hello", webhook_config: { uris: [dynamic.url], user_metadata: { order: 42 } } },
      }),
    );
    await waitFor(() => dynamic.got.length >= 1, 5_000);
    const r = dynamic.got[0]!;
    const payload = JSON.parse(r.body);
    expect(payload).toMatchObject({ type: "interaction.completed", data: { id: run.id, user_metadata: { order: 42 } } });
    const jwks = await json(await call(e, "GET", "/.well-known/jwks.json"));
    const token = String(r.headers.authorization).replace(/^Bearer /, "");
    const { payload: claims } = await jwtVerify(token, createLocalJWKSet(jwks as never), { audience: dynamic.url, algorithms: ["RS256"] });
    expect(claims.sub).toBe(run.id);
    expect(claims.body_sha256).toBe(createHash("sha256").update(r.body).digest("base64url"));
    await e.webhooks.idle();
    expect(registered.got).toHaveLength(0);
  });

  it("retries failed attempts with backoff, and redelivers from the log", async () => {
    const e = engine();
    const rx = await receiver((n) => (n <= 2 ? 503 : 200));
    const w = await json(await call(e, "POST", "/v1beta/webhooks", { body: { uri: rx.url, subscribed_events: ["interaction.completed"] } }));
    await call(e, "POST", `/v1beta/webhooks/${w.id}:ping`);
    await waitFor(() => rx.got.length >= 3, 5_000);
    await e.webhooks.idle();
    const [d] = (await json<{ deliveries: { id: string; status: string; attempts: number; last_http_status: number }[] }>(await call(e, "GET", `/admin/webhook-deliveries?webhook_id=${w.id}`))).deliveries;
    expect(d).toMatchObject({ status: "delivered", attempts: 3, last_http_status: 200 });
    expect(new Set(rx.got.map((g) => g.headers["webhook-id"])).size).toBe(1);
    const again = await json(await call(e, "POST", `/admin/webhook-deliveries/${d!.id}:redeliver`));
    expect(again.status).toBe("pending");
    await waitFor(() => rx.got.length >= 4, 5_000);
  });

  it("disables a webhook after 10 consecutive failed deliveries (disabled_due_to_failed_deliveries); enabling resets it", async () => {
    const e = engine();
    const rx = await receiver(() => 500);
    const w = await json(await call(e, "POST", "/v1beta/webhooks", { body: { uri: rx.url, subscribed_events: ["interaction.completed"] } }));
    for (let i = 0; i < 4; i++) await call(e, "POST", `/v1beta/webhooks/${w.id}:ping`);
    await waitFor(async () => (await json(await call(e, "GET", `/v1beta/webhooks/${w.id}`))).state === "disabled_due_to_failed_deliveries", 5_000);
    await e.webhooks.idle();
    // 10 failed attempts disable it; attempts already in flight at that moment still land (at most 2 more).
    const sent = rx.got.length;
    expect(sent).toBeGreaterThanOrEqual(10);
    expect(sent).toBeLessThanOrEqual(12);
    // A disabled webhook gets no interaction events.
    await call(e, "POST", "/v1beta/interactions", { body: { model: "gemini-3.5-flash", input: "Hello" } });
    await e.webhooks.idle();
    expect(rx.got.length).toBe(sent);
    const on = await json(await call(e, "PATCH", `/v1beta/webhooks/${w.id}?update_mask=state`, { body: { state: "enabled" } }));
    expect(on.state).toBe("enabled");
  });

  it("refuses bad input in the envelope: a uri the egress policy refuses, unknown events, unknown ids", async () => {
    const e = engine();
    const meta = await call(e, "POST", "/v1beta/webhooks", { body: { uri: "http://169.254.169.254/latest", subscribed_events: ["interaction.completed"] } });
    expect(meta.status).toBe(400);
    expect((await json<{ error: { message: string } }>(meta)).error.message).toMatch(/egress policy refuses/);
    const ev = await call(e, "POST", "/v1beta/webhooks", { body: { uri: "http://127.0.0.1:9/x", subscribed_events: ["interaction.cancelled"] } });
    expect(ev.status).toBe(400);
    expect((await call(e, "GET", "/v1beta/webhooks/wh_nope")).status).toBe(404);
    expect((await call(e, "POST", "/v1beta/webhooks/wh_nope:ping")).status).toBe(404);
    expect((await call(e, "POST", "/v1beta/webhooks/wh_nope:explode")).status).toBe(404);
  });
});
