// The official @google/genai client against the proxy: in-process (httpOptions.fetch → handler →
// embedded engine) and over real sockets (SDK → node:http proxy → `gemini` stand-in on loopback).
import { GoogleGenAI } from "@google/genai";
import { describe, expect, it } from "vitest";
import { createEngine, type Engine } from "@/lib/engine/engine";
import { createSyntheticAdapter } from "@/lib/engine/synthetic-adapter";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";
import { createGeminiBackend, createLocalBackend } from "./backends";
import { withGuard } from "./guard";
import { createProxyHandler } from "./handler";
import { deferAfterEach, serveHandler, startStandIn } from "./testing";
import { collectStream } from "@/lib/engine/testing";

const CANARY = "canary-SDK-9876543210-zyxwvutsrq";

const defer = deferAfterEach();

function engine(): Engine {
  const e = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [createSyntheticAdapter()] });
  defer(() => e.close());
  return e;
}

function store(): AppStore {
  const s = new AppStore(":memory:");
  defer(() => s.close());
  return s;
}


describe("@google/genai through the proxy", () => {
  it("in-process on the local backend: create, stream, get — and every turn is recorded", async () => {
    const e = engine();
    const st = store();
    const recorder = createRecorder(st, { flushMs: 5 });
    const proxy = createProxyHandler({
      backends: { local: createLocalBackend({ engine: () => e }) },
      recorder,
      env: { MAX_BODY_BYTES: 1024 * 1024 },
    });
    const ai = new GoogleGenAI({
      apiKey: "placeholder",
      httpOptions: {
        baseUrl: "http://127.0.0.1:3000/api/backends/local",
        apiVersion: "v1beta",
        headers: { "x-playground-session": "sdk_session" },
        fetch: (input: RequestInfo | URL, init?: RequestInit) => proxy(new Request(input, init)),
      },
    });

    const once = await ai.interactions.create({ model: "synthetic-echo", input: "hello from the sdk" });
    expect(once.status).toBe("completed");
    expect(once.output_text).toBe("hello from the sdk");

    const stream = await ai.interactions.create({ model: "synthetic-thought", input: "think", stream: true });
    const got = await collectStream(stream);
    expect(got.types[0]).toBe("interaction.created");
    expect(got.types).toContain("interaction.completed");
    expect(got.text).toBe("ok");

    const fetched = await ai.interactions.get(got.id);
    expect(fetched.id).toBe(got.id);
    expect(fetched.status).toBe("completed");
    expect(fetched.output_text).toBe("ok");

    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    const turns = st.listTurns({ sessionId: "sdk_session" });
    expect(turns.map((t) => t.interaction_id)).toEqual([once.id, got.id]);
    expect(turns[0]!.interaction!.steps[0]!.content![0]!.text).toBe("hello from the sdk");
    expect(turns[1]!.stream).toBe(true);
    expect(turns[1]!.interaction!.steps.map((s) => s.type)).toEqual(["thought", "model_output"]);
    expect(turns[1]!.terminal).toBe(true);
    // The streamed turn's fold equals what the engine stored (the GET above stripped to generated steps).
    expect(turns[1]!.interaction!.steps).toEqual(fetched.steps.filter((s) => s.type !== "user_input"));
    expect(st.getSession("sdk_session")!.title).toBe("hello from the sdk");
  });

  it("over sockets on the gemini backend with a placeholder key: the server key is what arrives upstream", async () => {
    const e = engine();
    const seenKeys: (string | null)[] = [];
    // The stand-in `gemini` upstream is the engine itself, refusing anything without the server key.
    const upstream = await startStandIn(async (req, res, body) => {
      seenKeys.push((req.headers["x-goog-api-key"] as string | undefined) ?? null);
      if (req.headers["x-goog-api-key"] !== CANARY) {
        res.statusCode = 401;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ error: { code: "unauthenticated", message: "API key not valid." } }));
        return;
      }
      const r = await e.fetch(
        new Request(`http://engine.internal${req.url}`, {
          method: req.method,
          headers: { "content-type": "application/json" },
          body: req.method === "GET" || req.method === "DELETE" ? undefined : body,
        }),
      );
      res.statusCode = r.status;
      r.headers.forEach((v, k) => res.setHeader(k, v));
      if (r.body) for await (const c of r.body as unknown as AsyncIterable<Uint8Array>) res.write(c);
      res.end();
    });
    defer(() => upstream.close());
    const st = store();
    const recorder = createRecorder(st, { flushMs: 5 });
    const proxy = withGuard(
      createProxyHandler({
        backends: { gemini: createGeminiBackend({ baseUrl: () => upstream.url, key: () => CANARY, connectTimeoutMs: () => 2_000 }) },
        recorder,
        env: { MAX_BODY_BYTES: 1024 * 1024 },
      }),
    );
    const served = await serveHandler(proxy);
    defer(() => served.close());

    const ai = new GoogleGenAI({
      apiKey: "placeholder",
      httpOptions: { baseUrl: `${served.url}/api/backends/gemini`, apiVersion: "v1beta", headers: { "x-playground-session": "sock" } },
    });
    const once = await ai.interactions.create({ model: "synthetic-echo", input: "over the wire" });
    expect(once.output_text).toBe("over the wire");
    const stream = await ai.interactions.create({ model: "synthetic-deltas-50", input: "go", stream: true });
    const got = await collectStream(stream);
    expect(got.text).toBe("x".repeat(8 * 50));
    const fetched = await ai.interactions.get(got.id);
    expect(fetched.status).toBe("completed");

    expect(seenKeys.length).toBeGreaterThanOrEqual(3);
    expect(seenKeys.every((k) => k === CANARY)).toBe(true);
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    const turns = st.listTurns({ sessionId: "sock" });
    expect(turns).toHaveLength(2);
    expect(turns[1]!.interaction!.steps[0]!.content![0]!.text).toBe("x".repeat(400));
    expect(turns[1]!.backend).toBe("gemini");
    expect(turns[1]!.api_version).toBe("v1beta");
  });
});
