// The `openai` backend end to end in-process: the official @google/genai client → proxy →
// the engine over an OpenAI-compatible server (the loopback stand-in) → chat completions.
import { GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "@/lib/engine/engine";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";
import { createAppApi } from "@/lib/app-api/app-api";
import { resolveOpenAI } from "@/lib/app-api/settings";
import { startOpenAIStandIn, STAND_IN_MODELS } from "@/e2e/support/stand-in-openai.mjs";
import { createProxyHandler } from "./handler";
import { createOpenAIBackend, openaiResolver } from "./openai-backend";
import { createLocalBackend, type Backend } from "./backends";

const KEY = "sk-standin-CANARY-0123456789abcdef";

let standIn: Awaited<ReturnType<typeof startOpenAIStandIn>>;
let engine: Engine;
let appStore: AppStore;
let proxy: (req: Request) => Promise<Response>;
let backend: Backend;
const env: { GEMINI_BASE_URL: string; OPENAI_BASE_URL?: string; OPENAI_API_KEY?: string } = { GEMINI_BASE_URL: "http://127.0.0.1:9" };

beforeAll(async () => {
  standIn = await startOpenAIStandIn({ key: KEY });
  env.OPENAI_BASE_URL = standIn.baseUrl;
  env.OPENAI_API_KEY = KEY;
  appStore = new AppStore(":memory:");
  const current = () => {
    const r = resolveOpenAI(env, appStore);
    return { baseUrl: r.baseUrl, key: r.key };
  };
  engine = createEngine({ dbPath: ":memory:", paceMs: 0, resolveAdapter: openaiResolver(current) });
  backend = createOpenAIBackend({ server: current, engine: () => engine });
  proxy = createProxyHandler({ backends: { openai: backend }, recorder: createRecorder(appStore, { flushMs: 5 }), env: { MAX_BODY_BYTES: 1024 * 1024 } });
});
afterAll(async () => {
  engine?.close();
  appStore?.close();
  await standIn?.close();
});

const client = () =>
  new GoogleGenAI({
    apiKey: "placeholder",
    httpOptions: {
      baseUrl: "http://127.0.0.1:3000/api/backends/openai",
      apiVersion: "v1beta",
      fetch: (input: RequestInfo | URL, init?: RequestInit) => proxy(new Request(input, init)),
    },
  });

const WEATHER = { type: "function" as const, name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };

describe("openai backend (engine over an OpenAI-compatible server)", () => {
  it("answers a turn from the chat server, with the key injected upstream and never echoed", async () => {
    const res = await proxy(
      new Request("http://127.0.0.1:3000/api/backends/openai/v1beta/interactions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "stand-in-chat", input: "Hello there" }),
      }),
    );
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(KEY);
    const got = JSON.parse(text);
    expect(got.status).toBe("completed");
    expect(got.steps.at(-1).content[0].text).toBe("Stand-in chat heard: Hello there (0 earlier messages)");
    expect(got.usage.total_tokens).toBe(12);
    const last = standIn.requests.at(-1)!;
    expect(last).toMatchObject({ url: "/v1/chat/completions", authorized: true });
    expect(last.body).toMatchObject({ model: "stand-in-chat", stream: true });
  });

  it("streams, chains with previous_interaction_id, and runs in the background", async () => {
    const ai = client();
    const stream = await ai.interactions.create({ model: "stand-in-chat", input: "First turn", stream: true });
    let id = "";
    let streamed = "";
    for await (const ev of stream as AsyncIterable<Record<string, unknown>>) {
      if (ev.event_type === "interaction.created") id = (ev.interaction as { id: string }).id;
      const d = ev.delta as { type?: string; text?: string } | undefined;
      if (ev.event_type === "step.delta" && d?.type === "text") streamed += d.text ?? "";
    }
    expect(streamed).toBe("Stand-in chat heard: First turn (0 earlier messages)");
    const second = await ai.interactions.create({ model: "stand-in-chat", input: "Second turn", previous_interaction_id: id });
    expect(second.output_text).toBe("Stand-in chat heard: Second turn (2 earlier messages)");
    const msgs = standIn.requests.at(-1)!.body.messages as { role: string }[];
    expect(msgs.map((m) => m.role)).toEqual(["user", "assistant", "user"]);

    const bg = await ai.interactions.create({ model: "stand-in-chat", input: "Later", background: true });
    let done = await ai.interactions.get(bg.id);
    for (let i = 0; i < 100 && done.status !== "completed" && done.status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      done = await ai.interactions.get(bg.id);
    }
    expect(done.status).toBe("completed");
    expect(done.output_text).toBe("Stand-in chat heard: Later (0 earlier messages)");
  });

  it("completes a tool round trip: the server's tool call, then the function result", async () => {
    const ai = client();
    const first = await ai.interactions.create({ model: "stand-in-chat", input: "What is the weather in Paris?", tools: [WEATHER] });
    expect(first.status).toBe("requires_action");
    const call = first.steps!.find((s) => s.type === "function_call") as { id: string; name: string; arguments: unknown };
    expect(call).toMatchObject({ name: "get_weather", arguments: { city: "Paris" } });
    const sent = standIn.requests.at(-1)!.body;
    expect(sent.tools).toEqual([{ type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: WEATHER.parameters } }]);

    const second = await ai.interactions.create({
      model: "stand-in-chat",
      previous_interaction_id: first.id,
      tools: [WEATHER],
      input: [{ type: "function_result", call_id: call.id, name: "get_weather", result: "18°C, clear" }],
    });
    expect(second.status).toBe("completed");
    expect(second.output_text).toBe("The tool get_weather answered: 18°C, clear");
  });

  it("refuses agents, and reports an upstream refusal without the key", async () => {
    const agent = await proxy(
      new Request("http://127.0.0.1:3000/api/backends/openai/v1beta/interactions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ agent: "deep-research-preview-04-2026", input: "x" }),
      }),
    );
    expect(agent.status).toBeGreaterThanOrEqual(400);
    expect(agent.status).toBeLessThan(500);
    expect((await agent.json()).error.message).toBeTruthy();

    appStore.setSetting("openai_api_key", "sk-wrong-key-000000000000");
    try {
      const got = await client().interactions.create({ model: "stand-in-chat", input: "hi" });
      expect(got.status).toBe("failed");
      expect(JSON.stringify(got)).toContain("401");
      expect(JSON.stringify(got)).not.toContain("sk-wrong-key-000000000000");
      const h = await backend.health!(AbortSignal.timeout(2000));
      expect(h.ok).toBe(false);
      expect(h.message).toContain("HTTP 401");
    } finally {
      appStore.deleteSetting("openai_api_key");
    }
  });

  it("is refused clearly when no server is configured", async () => {
    const unconfigured = createOpenAIBackend({ server: () => ({ baseUrl: null, key: null }), engine: () => engine });
    const p = createProxyHandler({ backends: { openai: unconfigured }, env: { MAX_BODY_BYTES: 1024 } });
    const res = await p(new Request("http://127.0.0.1:3000/api/backends/openai/v1beta/interactions/x"));
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/OPENAI_BASE_URL/);
  });
});

describe("app API for the openai backend", () => {
  const api = () =>
    createAppApi({
      store: () => appStore,
      env: () => env,
      backends: { local: createLocalBackend({ engine: () => engine }), openai: backend },
      catalog: () => ({ models: [], agents: [] }),
      healthTimeoutMs: 2_000,
    });

  it("lists the server's /models for the picker and shows health", async () => {
    const body = await (await api().listBackends()).json();
    const openai = body.backends.find((b: { id: string }) => b.id === "openai");
    expect(openai).toMatchObject({ id: "openai", label: "OpenAI-compatible", configured: true, simulated: false });
    expect(openai.models.map((m: { id: string }) => m.id)).toEqual(STAND_IN_MODELS);
    const health = await (await api().health(new Request("http://x/api/health?backend=openai"))).json();
    expect(health).toMatchObject({ backend: "openai", ok: true });
    expect(health.message).toContain("/models lists 2 models");
  });

  it("saves base URL and key in Settings, returns the key only masked, and removes them", async () => {
    const put = (b: unknown) => new Request("http://x/api/settings", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(b) });
    const saved = "sk-saved-in-settings-ABCDEFGHIJ";
    const res = await api().putSettings(put({ openai_base_url: `${standIn.baseUrl}/`, openai_api_key: saved }));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(saved);
    expect(JSON.parse(text).openai).toEqual({ configured: true, base_url: standIn.baseUrl, base_url_source: "settings", key_source: "settings", masked: "sk-s…GHIJ" });
    expect(resolveOpenAI(env, appStore)).toMatchObject({ baseUrl: standIn.baseUrl, key: saved });

    const bad = await api().putSettings(put({ openai_base_url: "ftp://x" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/http\(s\) URL/);
    const unknown = await api().putSettings(put({ openai_model: "x" }));
    expect(unknown.status).toBe(400);

    const del = await (await api().deleteKey(new Request("http://x/api/settings/key?backend=openai", { method: "DELETE" }))).json();
    expect(del.openai).toMatchObject({ base_url_source: "env", key_source: "env" });
    expect(appStore.getSetting("openai_api_key")).toBeNull();
  });
});
