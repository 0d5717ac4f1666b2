// The `vertex` backend against loopback stand-ins for Vertex AI and for Google's token endpoint:
// the path rewrite, the Bearer token (a static access token, a service-account key's self-signed
// JWT, an authorized_user refresh), renewal on expiry, SSE passing through, Google's error shape
// mapped to the envelope, and no token in any response, record row or log line. Then the official
// SDK through the proxy with the engine standing in for Vertex.
import { createVerify, generateKeyPairSync } from "node:crypto";
import { GoogleGenAI } from "@google/genai";
import { describe, expect, it, vi } from "vitest";
import { createEngine } from "@/lib/engine/engine";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";
import { createProxyHandler } from "./handler";
import { deferAfterEach, serveHandler, standInsClosedBy, startStandIn, writeChunks } from "./testing";
import { collectStream } from "@/lib/engine/testing";
import { createVertexBackend, toEnvelope, vertexOrigin, vertexPath, type VertexConfig, type VertexCredential } from "./vertex";

const TOKEN = "ya29.canary-VERTEX-TOKEN-0123456789abcdef";
const ORIGIN = "http://127.0.0.1:3000";
const defer = deferAfterEach();

const standIn = standInsClosedBy(defer);

function setup(baseUrl: string, credential: VertexCredential, over: Partial<VertexConfig> = {}) {
  const store = new AppStore(":memory:");
  defer(() => store.close());
  const recorder = createRecorder(store, { flushMs: 5 });
  const logs: string[] = [];
  const cfg: VertexConfig = { project: "my-proj", location: "us-central1", baseUrl, credential, ...over };
  const vertex = createVertexBackend({ config: () => cfg, connectTimeoutMs: () => 2_000 });
  const proxy = createProxyHandler({ backends: { vertex }, recorder, env: { MAX_BODY_BYTES: 1024 * 1024 }, log: (m) => logs.push(m) });
  const everything = async () => {
    recorder.flushAll();
    await new Promise((r) => setTimeout(r, 20));
    return JSON.stringify(store.listTurns().map((t) => ({ t, e: store.getEvents(t.interaction_id) }))) + logs.join("\n");
  };
  return { proxy, store, logs, cfg, vertex, everything };
}

const req = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request(`${ORIGIN}/api/backends${path}`, { ...init, headers: { host: "127.0.0.1:3000", ...init.headers } });

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", "x-goog-api-key": "browser-placeholder", authorization: "Bearer browser", ...headers },
  body: JSON.stringify(body),
});

const json = (res: import("node:http").ServerResponse, status: number, body: unknown) => {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
};

describe("Vertex path style", () => {
  it("rewrites the Gemini path style to the SDK's vertexai path on the location's host", () => {
    expect(vertexPath("/v1beta/interactions", "p", "us-central1")).toBe("/v1beta1/projects/p/locations/us-central1/interactions");
    expect(vertexPath("/v1beta/interactions/int_1/cancel", "p", "global")).toBe("/v1beta1/projects/p/locations/global/interactions/int_1/cancel");
    expect(vertexPath("/v1/interactions", "p", "eu")).toBe("/v1/projects/p/locations/eu/interactions");
    expect(vertexPath("/v1alpha/agents", "my:proj", "us")).toBe("/v1beta1/projects/my%3Aproj/locations/us/agents");
    expect(vertexPath("/upload/v1beta/environments/e/files", "p", "us-central1")).toBe("/upload/v1beta1/projects/p/locations/us-central1/environments/e/files");
    expect(vertexPath("/v1beta1/projects/other/locations/x/interactions", "p", "l")).toBe("/v1beta1/projects/other/locations/x/interactions");
    expect(vertexOrigin("global")).toBe("https://aiplatform.googleapis.com");
    expect(vertexOrigin("us")).toBe("https://aiplatform.us.rep.googleapis.com");
    expect(vertexOrigin("europe-west4")).toBe("https://europe-west4-aiplatform.googleapis.com");
  });

  it("maps Google's error shape to the envelope and leaves an envelope alone", () => {
    expect(JSON.parse(toEnvelope(403, JSON.stringify({ error: { code: 403, message: "Permission denied", status: "PERMISSION_DENIED" } }))!)).toEqual({
      error: { code: "permission_denied", message: "Permission denied", status: "PERMISSION_DENIED" },
    });
    expect(JSON.parse(toEnvelope(429, JSON.stringify([{ error: { code: 429, message: "Quota", status: "RESOURCE_EXHAUSTED" } }]))!).error.code).toBe("resource_exhausted");
    expect(JSON.parse(toEnvelope(404, JSON.stringify({ error: { code: 404, message: "gone" } }))!).error).toEqual({ code: "not_found", message: "gone", status: "NOT_FOUND" });
    expect(JSON.parse(toEnvelope(400, JSON.stringify({ error: { code: 400, message: "p", status: "FAILED_PRECONDITION" } }))!).error.code).toBe("failed_precondition");
    expect(JSON.parse(toEnvelope(400, JSON.stringify({ error: { code: 400, message: "p", status: "INVALID_ARGUMENT" } }))!).error.code).toBe("invalid_request");
    expect(toEnvelope(400, JSON.stringify({ error: { code: "invalid_request", message: "x" } }))).toBeNull();
    expect(toEnvelope(502, "<html>bad gateway</html>")).toBeNull();
  });
});

describe("access token", () => {
  it("forwards to the Vertex path with the Bearer token, drops the browser's credentials, records no token", async () => {
    const s = await standIn((_q, res) => json(res, 200, { id: "int_v1", status: "completed", steps: [], echoed: TOKEN }));
    const { proxy, everything } = setup(s.url, { kind: "access_token", token: TOKEN, source: "env" });
    const res = await proxy(req("/vertex/v1beta/interactions", post({ model: "gemini-3.5-flash", input: "Hi" }, { "x-playground-session": "sess_v" })));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).id).toBe("int_v1");
    expect(text).not.toContain(TOKEN); // an echoed token is redacted
    const seen = s.seen[0]!;
    expect(seen.url).toBe("/v1beta1/projects/my-proj/locations/us-central1/interactions");
    expect(seen.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen.headers["x-goog-api-key"]).toBeUndefined();
    expect(JSON.parse(seen.body)).toEqual({ model: "gemini-3.5-flash", input: "Hi" });
    const all = await everything();
    expect(all).toContain("int_v1"); // the turn is recorded …
    expect(all).not.toContain(TOKEN); // … without the token
  });

  it("streams SSE through chunk by chunk", async () => {
    const frames = [
      'event: interaction.created\ndata: {"event_type":"interaction.created","interaction":{"id":"int_s","status":"in_progress"}}\n\n',
      'event: step.delta\ndata: {"event_type":"step.delta","index":0,"delta":{"type":"text","text":"Hel"}}\n\n',
      'event: step.delta\ndata: {"event_type":"step.delta","index":0,"delta":{"type":"text","text":"lo"}}\n\n',
      'event: interaction.completed\ndata: {"event_type":"interaction.completed","interaction":{"id":"int_s","status":"completed"}}\n\n',
    ];
    const s = await standIn(async (_q, res) => {
      res.setHeader("content-type", "text/event-stream");
      await writeChunks(res, frames, 15);
    });
    const { proxy } = setup(s.url, { kind: "access_token", token: TOKEN, source: "settings" });
    const res = await proxy(req("/vertex/v1beta/interactions?alt=sse", post({ model: "gemini-3.5-flash", input: "Hi", stream: true })));
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    let reads = 0;
    let all = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      reads++;
      all += new TextDecoder().decode(value);
    }
    expect(all).toBe(frames.join(""));
    expect(reads).toBeGreaterThanOrEqual(3); // arrived in pieces, not buffered whole
    expect(s.seen[0]!.url).toBe("/v1beta1/projects/my-proj/locations/us-central1/interactions?alt=sse");
  });

  it("maps Vertex errors to the envelope, keeps retry-after, and redacts an echoed token", async () => {
    const s = await standIn((q, res) => {
      if (q.url?.includes("quota")) {
        res.setHeader("retry-after", "7");
        return json(res, 429, { error: { code: 429, message: "Quota exceeded", status: "RESOURCE_EXHAUSTED" } });
      }
      json(res, 401, { error: { code: 401, message: `Request had invalid authentication credentials: ${TOKEN}`, status: "UNAUTHENTICATED" } });
    });
    const { proxy, everything } = setup(s.url, { kind: "access_token", token: TOKEN, source: "env" });
    const r1 = await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "x" })));
    expect(r1.status).toBe(401);
    const b1 = (await r1.json()) as { error: { code: string; message: string } };
    expect(b1.error.code).toBe("unauthenticated");
    expect(b1.error.message).toContain("[redacted]");
    expect(JSON.stringify(b1)).not.toContain(TOKEN);
    const r2 = await proxy(req("/vertex/v1beta/interactions/quota", { method: "GET" }));
    expect(r2.status).toBe(429);
    expect(r2.headers.get("retry-after")).toBe("7");
    expect(((await r2.json()) as { error: { code: string } }).error.code).toBe("resource_exhausted");
    expect(await everything()).not.toContain(TOKEN);
  });

  it("answers 401 in the envelope without a project, and 503 naming vertex when unreachable — no token logged", async () => {
    const gone = await startStandIn(() => {});
    const closedPort = gone.url;
    await gone.close();
    const { proxy: p1 } = setup(closedPort, { kind: "access_token", token: TOKEN, source: "env" }, { project: null });
    const r1 = await p1(req("/vertex/v1beta/interactions", post({ model: "m", input: "x" })));
    expect(r1.status).toBe(401);
    expect(((await r1.json()) as { error: { message: string } }).error.message).toMatch(/GOOGLE_CLOUD_PROJECT/);
    const { proxy: p2, logs } = setup(closedPort, { kind: "access_token", token: TOKEN, source: "env" });
    const r2 = await p2(req("/vertex/v1beta/interactions", post({ model: "m", input: "x" })));
    expect(r2.status).toBe(503);
    const m = ((await r2.json()) as { error: { message: string } }).error.message;
    expect(m).toContain(`vertex (${closedPort}, project my-proj, us-central1): connection refused`);
    expect(logs.join("\n")).toMatch(/unreachable/);
    expect(logs.join("\n") + m).not.toContain(TOKEN);
  });
});

function bearer(h: string | string[] | undefined): string {
  return String(h ?? "").replace(/^Bearer /, "");
}

describe("service-account key (google-auth-library, self-signed JWT)", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const key = JSON.stringify({
    type: "service_account",
    project_id: "my-proj",
    private_key_id: "kid-123",
    private_key: pem,
    client_email: "playground@my-proj.iam.gserviceaccount.com",
    client_id: "1",
    token_uri: "https://oauth2.googleapis.com/token",
  });

  function verify(jwt: string): Record<string, unknown> {
    const [h, p, sig] = jwt.split(".");
    const v = createVerify("RSA-SHA256");
    v.update(`${h}.${p}`);
    expect(v.verify(publicKey, Buffer.from(sig!, "base64url"))).toBe(true);
    expect(JSON.parse(Buffer.from(h!, "base64url").toString())).toMatchObject({ alg: "RS256", kid: "kid-123" });
    return JSON.parse(Buffer.from(p!, "base64url").toString()) as Record<string, unknown>;
  }

  it("signs a token with the key (no token endpoint), renews it when it nears expiry, and never leaks it", async () => {
    const s = await standIn((_q, res) => json(res, 200, { id: "int_sa", status: "completed", steps: [] }));
    const { proxy, everything, vertex } = setup(s.url, { kind: "json", json: key, source: "settings", origin: "Settings" });
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T10:00:00Z") });
    defer(() => void vi.useRealTimers());
    expect((await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "1" })))).status).toBe(200);
    expect((await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "2" })))).status).toBe(200);
    const [t1, t2] = s.seen.map((x) => bearer(x.headers.authorization));
    expect(t1).toBe(t2); // cached while valid
    const claims = verify(t1!);
    expect(claims).toMatchObject({ iss: "playground@my-proj.iam.gserviceaccount.com", scope: "https://www.googleapis.com/auth/cloud-platform" });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    vi.setSystemTime(new Date("2026-12-01T10:58:00Z")); // within the 5-minute renewal window
    expect((await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "3" })))).status).toBe(200);
    const t3 = bearer(s.seen[2]!.headers.authorization);
    expect(t3).not.toBe(t1);
    expect(Number(verify(t3).iat)).toBe(Date.parse("2026-12-01T10:58:00Z") / 1000);
    const secrets = vertex.secrets();
    expect(secrets).toEqual(expect.arrayContaining([t1, t3, pem]));
    const all = await everything();
    for (const t of [t1!, t3, pem]) expect(all).not.toContain(t);
  });
});

describe("authorized_user (refresh token at its token_uri)", () => {
  async function tokenEndpoint(opts: { fail?: boolean } = {}) {
    let n = 0;
    const s = await standIn((_q, res, body) => {
      const form = new URLSearchParams(body);
      if (opts.fail || form.get("refresh_token") !== "1//refresh-canary-abcdefghij") return json(res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
      n++;
      json(res, 200, { access_token: `ya29.minted-${n}-abcdefghijklmnop`, expires_in: 3600, token_type: "Bearer" });
    });
    return { s, count: () => n };
  }
  const adc = (tokenUri: string) =>
    JSON.stringify({ type: "authorized_user", client_id: "cid.apps.googleusercontent.com", client_secret: "client-secret-canary-123", refresh_token: "1//refresh-canary-abcdefghij", token_uri: tokenUri });

  it("exchanges the refresh token once, reuses the token, refreshes after expiry", async () => {
    const tok = await tokenEndpoint();
    const s = await standIn((_q, res) => json(res, 200, { id: "int_au", status: "completed", steps: [] }));
    const { proxy, everything } = setup(s.url, { kind: "json", json: adc(`${tok.s.url}/token`), source: "env", origin: "GOOGLE_APPLICATION_CREDENTIALS" });
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T10:00:00Z") });
    defer(() => void vi.useRealTimers());
    await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "1" })));
    await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "2" })));
    expect(tok.count()).toBe(1);
    expect(new URLSearchParams(tok.s.seen[0]!.body).get("grant_type")).toBe("refresh_token");
    expect(s.seen.map((x) => x.headers.authorization)).toEqual(["Bearer ya29.minted-1-abcdefghijklmnop", "Bearer ya29.minted-1-abcdefghijklmnop"]);
    vi.setSystemTime(new Date("2026-12-01T12:00:00Z"));
    await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "3" })));
    expect(tok.count()).toBe(2);
    expect(s.seen[2]!.headers.authorization).toBe("Bearer ya29.minted-2-abcdefghijklmnop");
    const all = await everything();
    for (const t of ["ya29.minted-1-abcdefghijklmnop", "ya29.minted-2-abcdefghijklmnop", "client-secret-canary-123", "1//refresh-canary-abcdefghij"]) expect(all).not.toContain(t);
  });

  it("a refused refresh is a 401 in the envelope that says why, with no secret in it", async () => {
    const tok = await tokenEndpoint({ fail: true });
    const s = await standIn((_q, res) => json(res, 200, {}));
    const { proxy, everything } = setup(s.url, { kind: "json", json: adc(`${tok.s.url}/token`), source: "settings", origin: "the credentials saved in Settings" });
    const res = await proxy(req("/vertex/v1beta/interactions", post({ model: "m", input: "1" })));
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.message).toMatch(/the credentials saved in Settings.*invalid_grant/);
    expect(s.seen).toHaveLength(0); // nothing reached Vertex
    const all = JSON.stringify(body) + (await everything());
    for (const t of ["client-secret-canary-123", "1//refresh-canary-abcdefghij"]) expect(all).not.toContain(t);
  });
});

describe("health", () => {
  it("is ok when the probe id answers 404 with the token accepted, and not ok on 403", async () => {
    let deny = false;
    const s = await standIn((_q, res) =>
      deny ? json(res, 403, { error: { code: 403, message: "Vertex AI API has not been used in project my-proj", status: "PERMISSION_DENIED" } }) : json(res, 404, { error: { code: 404, message: "not found", status: "NOT_FOUND" } }),
    );
    const { vertex } = setup(s.url, { kind: "access_token", token: TOKEN, source: "env" });
    const ok = await vertex.health!(AbortSignal.timeout(2_000));
    expect(ok.ok).toBe(true);
    expect(ok.engine).toBe(false); // a stand-in that is not the playground's engine
    expect(s.seen[0]!.url).toBe("/v1beta1/projects/my-proj/locations/us-central1/interactions/health-probe");
    deny = true;
    const down = await vertex.health!(AbortSignal.timeout(2_000));
    expect(down).toMatchObject({ ok: false });
    expect(down.message).toMatch(/HTTP 403: Vertex AI API has not been used/);
  });
});

describe("@google/genai through the proxy, the engine standing in for Vertex", () => {
  it("create, stream, chain and get reach the engine on the Vertex path with the Bearer token", async () => {
    const engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
    defer(() => engine.close());
    const seen: { path: string; auth: string | null }[] = [];
    const vertexStandIn = await serveHandler(async (r) => {
      seen.push({ path: new URL(r.url).pathname, auth: r.headers.get("authorization") });
      if (r.headers.get("authorization") !== `Bearer ${TOKEN}`) return new Response(JSON.stringify({ error: { code: 401, message: "no token", status: "UNAUTHENTICATED" } }), { status: 401 });
      return engine.fetch(r);
    });
    defer(() => vertexStandIn.close());
    const { proxy, everything } = setup(vertexStandIn.url, { kind: "access_token", token: TOKEN, source: "env" });
    const app = await serveHandler(proxy);
    defer(() => app.close());
    const ai = new GoogleGenAI({ apiKey: "placeholder", httpOptions: { baseUrl: `${app.url}/api/backends/vertex`, apiVersion: "v1beta" } });
    const t1 = await ai.interactions.create({ model: "gemini-3.5-flash", input: "My name is Ada." });
    expect(t1.status).toBe("completed");
    const stream = await ai.interactions.create({ model: "gemini-3.5-flash", input: "What is my name?", previous_interaction_id: t1.id, stream: true });
    const { text, id } = await collectStream(stream);
    expect(text).toMatch(/Ada/);
    expect((await ai.interactions.get(id)).output_text).toBe(text);
    expect(seen.length).toBe(3);
    expect(seen.every((x) => x.path.startsWith("/v1beta1/projects/my-proj/locations/us-central1/interactions") && x.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(await everything()).not.toContain(TOKEN);
  });

  it("health finds the engine upstream by its header (the UI then labels simulated ids)", async () => {
    const engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
    defer(() => engine.close());
    const vertexStandIn = await serveHandler((r) => engine.fetch(r));
    defer(() => vertexStandIn.close());
    const { vertex } = setup(vertexStandIn.url, { kind: "access_token", token: TOKEN, source: "env" });
    expect(await vertex.health!(AbortSignal.timeout(2_000))).toMatchObject({ ok: true, engine: true });
  });
});
