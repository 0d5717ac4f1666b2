import { describe, expect, it } from "vitest";
import { AppStore } from "@/lib/record/store";
import { createAppApi } from "./app-api";
import { createGeminiBackend, createLocalBackend, type EngineLike } from "@/lib/proxy/backends";
import { resolveGeminiKey } from "./settings";
import { deferAfterEach, sleep, startStandIn } from "@/lib/proxy/testing";

const CANARY = "canary-SETTINGS-1234567890-abcdef";
const ENV_KEY = "AIzaENV-KEY-0000000000-1111111111";

const defer = deferAfterEach();

function setup(opts: { envKey?: string; baseUrl?: string; engine?: EngineLike; timeoutMs?: number; openai?: string } = {}) {
  const store = new AppStore(":memory:");
  defer(() => store.close());
  const env = {
    GEMINI_API_KEY: opts.envKey,
    GEMINI_BASE_URL: opts.baseUrl ?? "http://127.0.0.1:9",
    OPENAI_BASE_URL: opts.openai,
  };
  const backends = {
    local: createLocalBackend({
      engine: () =>
        opts.engine ?? {
          fetch: async (r: Request) =>
            new URL(r.url).pathname === "/admin/health"
              ? new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } })
              : new Response("{}", { status: 404 }),
        },
    }),
    gemini: createGeminiBackend({
      baseUrl: () => env.GEMINI_BASE_URL,
      key: () => resolveGeminiKey(env.GEMINI_API_KEY, store).key,
      connectTimeoutMs: () => 1_000,
    }),
  };
  const api = createAppApi({
    store: () => store,
    env: () => env,
    backends,
    catalog: () => ({ models: [{ id: "local-sim", label: "Simulator", simulated: true }], agents: [] }),
    healthTimeoutMs: opts.timeoutMs ?? 3_000,
  });
  return { api, store };
}

const put = (body: unknown) =>
  new Request("http://127.0.0.1:3000/api/settings", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("settings", () => {
  it("keeps the key on the server and only ever returns it masked", async () => {
    const { api, store } = setup();
    let view = await (await api.getSettings()).json();
    expect(view).toEqual({ gemini: { configured: false, source: null, masked: null, base_url: "http://127.0.0.1:9" } });

    const res = await api.putSettings(put({ gemini_api_key: `  ${CANARY} ` }));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(CANARY);
    view = JSON.parse(text);
    expect(view.gemini).toMatchObject({ configured: true, source: "settings", masked: "cana…cdef" });
    expect(store.getSetting("gemini_api_key")).toBe(CANARY);
    expect(await (await api.getSettings()).text()).not.toContain(CANARY);

    const del = await (await api.deleteKey()).json();
    expect(del.gemini).toMatchObject({ configured: false, source: null, masked: null });
  });

  it("a Settings key wins over GEMINI_API_KEY; deleting it falls back to the env", async () => {
    const { api } = setup({ envKey: ENV_KEY });
    expect((await (await api.getSettings()).json()).gemini).toMatchObject({ source: "env", configured: true });
    await api.putSettings(put({ gemini_api_key: CANARY }));
    expect((await (await api.getSettings()).json()).gemini.source).toBe("settings");
    const after = await (await api.deleteKey()).json();
    expect(after.gemini).toMatchObject({ source: "env", configured: true });
    expect(JSON.stringify(after)).not.toContain(ENV_KEY);
  });

  it("validates the body first (400 envelope) and never echoes the value", async () => {
    const { api, store } = setup();
    for (const body of [{}, { gemini_api_key: 42 }, { gemini_api_key: "has spaces in it" }, { gemini_api_key: "short" }]) {
      const res = await api.putSettings(put(body));
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe("invalid_request");
      expect(text).not.toContain("has spaces in it");
    }
    const bad = await api.putSettings(new Request("http://127.0.0.1:3000/api/settings", { method: "PUT", body: "{not json" }));
    expect(bad.status).toBe(400);
    expect(store.getSetting("gemini_api_key")).toBeNull();
  });
});

describe("backends and health", () => {
  it("lists both backends with their state and the catalog", async () => {
    const { api } = setup();
    const body = await (await api.listBackends()).json();
    expect(body.backends).toEqual([
      { id: "local", label: "Local engine", configured: true, simulated: true, default: true },
      { id: "gemini", label: "Gemini API", configured: false, simulated: false, default: false },
    ]);
    expect(body.models).toEqual([{ id: "local-sim", label: "Simulator", simulated: true }]);
    expect(body.agents).toEqual([]);
    const withKey = setup({ envKey: ENV_KEY, openai: "http://127.0.0.1:11434/v1" });
    const b2 = await (await withKey.api.listBackends()).json();
    expect(b2.backends[1].configured).toBe(true);
    expect(b2.backends[0].simulated).toBe(false);
  });

  const health = (api: ReturnType<typeof setup>["api"], backend: string) =>
    api.health(new Request(`http://127.0.0.1:3000/api/health?backend=${backend}`)).then(async (r) => ({ status: r.status, body: await r.json() }));

  it("local health asks the engine in-process", async () => {
    const { api } = setup();
    const { status, body } = await health(api, "local");
    expect(status).toBe(200);
    expect(body).toMatchObject({ backend: "local", ok: true });
    expect(typeof body.latency_ms).toBe("number");
  });

  it("gemini health: no key, key rejected, healthy, and a hang that is cut at the timeout", async () => {
    expect((await health(setup().api, "gemini")).body).toMatchObject({ ok: false, message: expect.stringMatching(/GEMINI_API_KEY/) });

    let mode = "ok";
    const s = await startStandIn(async (req, res) => {
      if (mode === "hang") {
        await sleep(5_000);
        if (!res.destroyed) res.end();
        return;
      }
      res.setHeader("content-type", "application/json");
      if (req.headers["x-goog-api-key"] !== ENV_KEY || mode === "reject") {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { code: 400, message: `API key not valid: ${ENV_KEY}`, status: "INVALID_ARGUMENT" } }));
        return;
      }
      res.end(JSON.stringify({ models: [] }));
    });
    defer(() => s.close());
    const { api } = setup({ envKey: ENV_KEY, baseUrl: s.url, timeoutMs: 500 });
    let r = await health(api, "gemini");
    expect(r.body).toMatchObject({ backend: "gemini", ok: true });
    expect(s.seen[0]!.url).toBe("/v1beta/models?pageSize=1");
    mode = "reject";
    r = await health(api, "gemini");
    expect(r.body.ok).toBe(false);
    expect(r.body.message).toContain("API key not valid");
    expect(JSON.stringify(r.body)).not.toContain(ENV_KEY);
    mode = "hang";
    const t0 = Date.now();
    r = await health(api, "gemini");
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(r.body).toMatchObject({ ok: false, message: expect.stringMatching(/no answer within 0.5 s/) });
  });

  it("rejects an unknown backend with a 400 envelope", async () => {
    const { status, body } = await health(setup().api, "bedrock");
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
  });
});
