import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";
import { createGeminiBackend, createLocalBackend, type EngineLike } from "./backends";
import { createProxyHandler } from "./handler";
import { deferAfterEach, serveHandler, sleep, standInsClosedBy, writeChunks } from "./testing";

const CANARY = "canary-PROXY-0123456789-abcdefghijklmnop";
const ORIGIN = "http://127.0.0.1:3000";

const defer = deferAfterEach();

const standIn = standInsClosedBy(defer);

interface SetupOpts {
  baseUrl: string;
  key?: string | null;
  engine?: EngineLike;
  maxBody?: number;
  connectMs?: number;
}

function setup(o: SetupOpts) {
  const store = new AppStore(":memory:");
  defer(() => store.close());
  const recorder = createRecorder(store, { flushMs: 5 });
  const key = o.key === undefined ? CANARY : o.key;
  const backends = {
    local: createLocalBackend({
      engine: () => o.engine ?? { fetch: async () => new Response("{}", { headers: { "content-type": "application/json" } }) },
    }),
    gemini: createGeminiBackend({ baseUrl: () => o.baseUrl, key: () => key, connectTimeoutMs: () => o.connectMs ?? 2_000 }),
  };
  const proxy = createProxyHandler({ backends, recorder, env: { MAX_BODY_BYTES: o.maxBody ?? 1024 * 1024 } });
  return { proxy, store, recorder };
}

function req(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Request {
  return new Request(`${ORIGIN}/api/backends${path}`, {
    ...init,
    headers: { host: "127.0.0.1:3000", ...init.headers },
  });
}

async function allHeadersAndBody(res: Response): Promise<string> {
  const h: string[] = [];
  res.headers.forEach((v, k) => h.push(`${k}: ${v}`));
  return `${h.join("\n")}\n\n${await res.text()}`;
}

describe("headers and key", () => {
  it("injects the server key for gemini and strips browser credentials and our session header", async () => {
    const s = await standIn((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: "int_1", status: "completed", steps: [] }));
    });
    const { proxy } = setup({ baseUrl: s.url });
    const res = await proxy(
      req("/gemini/v1beta/interactions", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-goog-api-key": "browser-placeholder-key",
          "x-playground-session": "sess_1",
          cookie: "sid=secret",
          origin: ORIGIN,
          authorization: "Bearer browser",
          "x-goog-api-client": "google-genai-sdk/3.1.0",
          connection: "keep-alive, x-hop",
          "x-hop": "1",
        },
        body: JSON.stringify({ model: "gemini-3.5-flash", input: "Hi" }),
      }),
    );
    expect(res.status).toBe(200);
    await res.text();
    const seen = s.seen[0]!;
    expect(seen.url).toBe("/v1beta/interactions");
    expect(seen.headers["x-goog-api-key"]).toBe(CANARY);
    expect(seen.headers["x-playground-session"]).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.origin).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers["x-hop"]).toBeUndefined();
    expect(seen.headers.host).toBe(new URL(s.url).host);
    expect(seen.headers["x-goog-api-client"]).toBe("google-genai-sdk/3.1.0");
    expect(JSON.parse(seen.body)).toEqual({ model: "gemini-3.5-flash", input: "Hi" });
  });

  it("passes method, path, query, body, status and content type through unchanged", async () => {
    const s = await standIn((req, res, body) => {
      res.statusCode = 202;
      res.setHeader("content-type", "application/x-custom; v=1");
      res.setHeader("x-upstream", "yes");
      res.end(`${req.method} ${req.url} ${body}`);
    });
    const { proxy } = setup({ baseUrl: s.url });
    const res = await proxy(
      req("/gemini/v1alpha/webhooks/wh%2F1:rotateSigningSecret?update_mask=state&x=%20y", {
        method: "PATCH",
        body: "raw \u00e9 body",
      }),
    );
    expect(res.status).toBe(202);
    expect(res.headers.get("content-type")).toBe("application/x-custom; v=1");
    expect(res.headers.get("x-upstream")).toBe("yes");
    expect(await res.text()).toBe("PATCH /v1alpha/webhooks/wh%2F1:rotateSigningSecret?update_mask=state&x=%20y raw \u00e9 body");
  });

  it("calls the local engine in-process with the cleaned request and no key", async () => {
    let got: Request | null = null;
    let gotBody = "";
    const engine: EngineLike = {
      async fetch(r) {
        got = r;
        gotBody = await r.text();
        return new Response(JSON.stringify({ id: "int_local", status: "completed", steps: [] }), {
          headers: { "content-type": "application/json" },
        });
      },
    };
    const { proxy } = setup({ baseUrl: "http://127.0.0.1:9", engine });
    const res = await proxy(
      req("/local/v1beta/interactions?alt=sse", {
        method: "POST",
        headers: { "x-goog-api-key": "placeholder", "x-playground-session": "s1", "content-type": "application/json" },
        body: JSON.stringify({ model: "local-sim", input: "Hi" }),
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: "int_local" });
    const r = got as unknown as Request;
    expect(r.url).toBe("http://engine.internal/v1beta/interactions?alt=sse");
    expect(r.method).toBe("POST");
    expect(r.headers.get("x-goog-api-key")).toBeNull();
    expect(r.headers.get("x-playground-session")).toBeNull();
    expect(JSON.parse(gotBody)).toEqual({ model: "local-sim", input: "Hi" });
  });

  it("unknown backend is a 404 envelope; gemini without a key is a 401 that says where to set one", async () => {
    const { proxy } = setup({ baseUrl: "http://127.0.0.1:9", key: null });
    const a = await proxy(req("/nope/v1beta/interactions", { method: "POST", body: "{}" }));
    expect(a.status).toBe(404);
    expect((await a.json()).error).toMatchObject({ code: "not_found", status: "NOT_FOUND" });
    // A backend segment that does not decode is a 400 (the raw-path check), before any lookup.
    const bad = await proxy(req("/%E0%A4%A/v1beta/interactions"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/percent-encoding/);
    expect((await proxy(req("/local"))).status).toBe(404);
    const b = await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: "{}" }));
    expect(b.status).toBe(401);
    const err = (await b.json()).error;
    expect(err.code).toBe("unauthenticated");
    expect(err.message).toMatch(/Settings/);
    expect(err.message).toMatch(/GEMINI_API_KEY/);
  });

  it("never lets the key out: not in error bodies, headers, SSE events or console output", async () => {
    const logs: string[] = [];
    for (const m of ["log", "error", "warn", "info", "debug"] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(" ")));
    }
    const s = await standIn((req, res) => {
      const key = String(req.headers["x-goog-api-key"]);
      if (req.url?.startsWith("/v1beta/json-error")) {
        res.statusCode = 400;
        res.setHeader("content-type", "application/json");
        res.setHeader("x-echo-key", key);
        res.end(JSON.stringify({ error: { code: "invalid_request", message: `API key not valid: ${key}` } }));
      } else if (req.url?.startsWith("/v1beta/html-error")) {
        res.statusCode = 403;
        res.setHeader("content-type", "text/html");
        res.end(`<html><body><h1>Forbidden</h1><p>key=${key}</p></body></html>`);
      } else if (req.url?.startsWith("/v1beta/interactions")) {
        res.setHeader("content-type", "text/event-stream");
        res.setHeader("x-echo-key", `k=${key}`);
        res.write(`data: {"event_type":"interaction.created","interaction":{"id":"int_k","status":"in_progress","note":"${key}"}}\n\n`);
        res.end("data: [DONE]\n\n");
      } else {
        res.destroy();
      }
    });
    const { proxy, store, recorder } = setup({ baseUrl: s.url });
    const outputs: string[] = [];
    outputs.push(await allHeadersAndBody(await proxy(req("/gemini/v1beta/json-error"))));
    outputs.push(await allHeadersAndBody(await proxy(req("/gemini/v1beta/html-error"))));
    outputs.push(
      await allHeadersAndBody(
        await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: JSON.stringify({ model: "m", input: "x", stream: true }) })),
      ),
    );
    outputs.push(await allHeadersAndBody(await proxy(req("/gemini/v1beta/reset-connection"))));
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    expect(s.seen.length).toBe(4);
    expect(s.seen.every((r) => r.headers["x-goog-api-key"] === CANARY)).toBe(true);
    for (const o of outputs) expect(o).not.toContain(CANARY);
    // The errors still say what went wrong.
    expect(outputs[0]).toContain("API key not valid: [redacted]");
    expect(outputs[1]).toContain("Forbidden");
    expect(outputs[2]).toContain('"note":"*****');
    expect(outputs[3]).toContain("Backend unreachable");
    for (const l of logs) expect(l).not.toContain(CANARY);
    const recorded = JSON.stringify(store.listTurns().map((t) => ({ t, e: store.getEvents(t.interaction_id) })));
    expect(recorded).not.toContain(CANARY);
    expect(recorded).toContain("int_k");
  });
});

describe("SSE pass-through", () => {
  const frames = [
    `data: {"event_type":"interaction.created","interaction":{"id":"int_s","status":"in_progress"},"event_id":"e1"}\n\n`,
    `data: {"event_type":"step.start","index":0,"step":{"type":"model_output","content":[]},"event_id":"e2"}\n\n`,
    `data: {"event_type":"step.delta","index":0,"delta":{"type":"text","text":"Hel`,
    `lo \u00e9\u00e8 \ud83d\ude00"},"event_id":"e3"}\n\n: keep-alive\n\n`,
    `data: {"event_type":"step.stop","index":0,"event_id":"e4"}\n\ndata: {"event_type":"interaction.completed","interaction":{"id":"int_s","status":"completed"},"event_id":"e5"}\n\n`,
    `data: [DONE]\n\n`,
  ];

  it("streams the upstream bytes chunk by chunk, identical, with SSE headers", async () => {
    const s = await standIn(async (_req, res) => {
      res.setHeader("content-type", "text/event-stream; charset=utf-8");
      await writeChunks(res, frames, 120);
    });
    const { proxy } = setup({ baseUrl: s.url });
    const res = await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: JSON.stringify({ model: "m", input: "hi", stream: true }) }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const reader = res.body!.getReader();
    const got: Uint8Array[] = [];
    const first = await reader.read();
    expect(first.done).toBe(false);
    got.push(first.value!);
    // The first bytes arrived while the upstream was still writing: streamed, not buffered.
    expect(s.seen[0]!.finished()).toBe(false);
    expect(new TextDecoder().decode(first.value)).toBe(frames[0]);
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      got.push(r.value);
    }
    expect(got.length).toBeGreaterThanOrEqual(frames.length - 1);
    expect(Buffer.concat(got).equals(Buffer.from(frames.join(""), "utf8"))).toBe(true);
  });

  it("aborts the upstream request when the client disconnects (real sockets)", async () => {
    const s = await standIn(async (_req, res) => {
      res.setHeader("content-type", "text/event-stream");
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write(`data: {"event_type":"step.delta","index":0,"delta":{"type":"text","text":"${i}"}}\n\n`);
        await sleep(25);
      }
      res.end();
    });
    const { proxy } = setup({ baseUrl: s.url });
    const served = await serveHandler(proxy);
    defer(() => served.close());
    const firstChunk = await new Promise<string>((resolve, reject) => {
      const r = http.request(`${served.url}/api/backends/gemini/v1beta/interactions`, { method: "POST", agent: false }, (res) => {
        res.once("data", (c: Buffer) => {
          resolve(c.toString());
          r.destroy(); // the browser goes away
        });
      });
      r.on("error", () => {});
      r.on("close", () => {});
      r.end(JSON.stringify({ model: "m", input: "x", stream: true }));
      setTimeout(() => reject(new Error("no first chunk")), 5_000);
    });
    expect(firstChunk).toContain("step.delta");
    const outcome = await Promise.race([s.seen[0]!.closed.then(() => "closed"), sleep(3_000).then(() => "still open")]);
    expect(outcome).toBe("closed");
    expect(s.seen[0]!.finished()).toBe(false);
  });

  it("aborts the upstream request when the incoming request's signal aborts before headers", async () => {
    const s = await standIn(async (_req, res) => {
      await sleep(5_000);
      if (!res.destroyed) res.end("late");
    });
    const { proxy } = setup({ baseUrl: s.url });
    const ac = new AbortController();
    const pending = proxy(new Request(`${ORIGIN}/api/backends/gemini/v1beta/interactions/x`, { signal: ac.signal }));
    await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    const outcome = await Promise.race([s.seen[0]!.closed.then(() => "closed"), sleep(2_000).then(() => "still open")]);
    expect(outcome).toBe("closed");
    expect(s.seen[0]!.finished()).toBe(false);
    await pending;
  });
});

describe("error mapping", () => {
  it("maps an HTML 502 to the envelope and keeps the status", async () => {
    const s = await standIn((_req, res) => {
      res.statusCode = 502;
      res.setHeader("content-type", "text/html");
      res.end("<html><head><style>x{}</style></head><body><h1>502 Bad Gateway</h1></body></html>");
    });
    const { proxy } = setup({ baseUrl: s.url });
    const res = await proxy(req("/gemini/v1beta/interactions/int_1"));
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toContain("HTTP 502");
    expect(body.error.message).toContain("502 Bad Gateway");
    expect(body.error.message).not.toContain("<h1>");
  });

  it("passes an envelope error through byte for byte", async () => {
    const envelope = '{"error":{"message":"Requested entity was not found.","code":"not_found"}}';
    const s = await standIn((_req, res) => {
      res.statusCode = 404;
      res.setHeader("content-type", "application/json; charset=UTF-8");
      res.end(envelope);
    });
    const { proxy } = setup({ baseUrl: s.url });
    const res = await proxy(req("/gemini/v1beta/interactions/nope"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    expect(await res.text()).toBe(envelope);
  });

  it("an unreachable port gives a 503 envelope within seconds", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const { proxy } = setup({ baseUrl: `http://127.0.0.1:${port}` });
    const t0 = Date.now();
    const res = await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: "{}" }));
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/^Backend unreachable: gemini \(http:\/\/127\.0\.0\.1:\d+\): connection refused/);
  });

  describe("a host that never completes the TCP handshake", () => {
    let child: ChildProcess | null = null;
    let port = 0;
    const sockets: net.Socket[] = [];
    beforeEach(async () => {
      // A listener whose event loop is blocked never accepts: once its backlog is full, new
      // connections hang in SYN-SENT, like a firewalled host.
      child = spawn(
        process.execPath,
        ["-e", `const s=require("net").createServer();s.listen({port:0,host:"127.0.0.1",backlog:1},()=>{console.log(s.address().port);setTimeout(()=>{const t=Date.now();while(Date.now()-t<20000){}},50)})`],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      port = await new Promise<number>((resolve) => child!.stdout!.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
      await sleep(150);
      for (let i = 0; i < 8; i++) sockets.push(net.connect(port, "127.0.0.1").on("error", () => {}));
      await sleep(200);
    });
    afterEach(() => {
      for (const s of sockets) s.destroy();
      if (child?.pid) process.kill(child.pid, "SIGKILL");
      child = null;
    });
    it("gives up after the connect timeout with a 503 envelope", async () => {
      const { proxy } = setup({ baseUrl: `http://127.0.0.1:${port}`, connectMs: 700 });
      const t0 = Date.now();
      const res = await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: "{}" }));
      const took = Date.now() - t0;
      expect(res.status).toBe(503);
      expect((await res.json()).error.message).toMatch(/Backend unreachable: .*no connection within 700 ms/);
      expect(took).toBeGreaterThanOrEqual(650);
      expect(took).toBeLessThan(3_000);
    });
  });

  it("refuses bodies over MAX_BODY_BYTES with 413, by Content-Length and by counting", async () => {
    const s = await standIn((_req, res) => void res.end("{}"));
    const { proxy } = setup({ baseUrl: s.url, maxBody: 2048 });
    const big = "x".repeat(4096);
    const a = await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: big, headers: { "content-length": "4096" } }));
    expect(a.status).toBe(413);
    expect((await a.json()).error.code).toBe("payload_too_large");
    // No Content-Length: a stream that only turns out too big while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode("y".repeat(512)));
        c.close();
      },
    });
    const b = await proxy(
      new Request(`${ORIGIN}/api/backends/gemini/v1beta/interactions`, { method: "POST", body: stream, duplex: "half" } as RequestInit),
    );
    expect(b.status).toBe(413);
    expect(s.seen.length).toBe(0);
    const ok = await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: "x".repeat(2000) }));
    expect(ok.status).toBe(200);
  });

  it("rejects a malformed session header before anything goes upstream", async () => {
    const s = await standIn((_req, res) => void res.end("{}"));
    const { proxy } = setup({ baseUrl: s.url });
    const res = await proxy(req("/gemini/v1beta/interactions", { method: "POST", body: "{}", headers: { "x-playground-session": "bad id/../x" } }));
    expect(res.status).toBe(400);
    expect(s.seen.length).toBe(0);
  });
});
