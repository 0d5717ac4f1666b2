// App API: /api/backends, /api/health, /api/settings, /api/settings/key (docs/app-api.md).
import "server-only";
import { ApiError, errorResponse } from "@/lib/interactions/errors";
import type { AppStore } from "@/lib/record/store";
import type { Backend } from "@/lib/proxy/backends";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";
import { redactText, usableSecrets } from "@/lib/http/secrets";
import { HealthQuery, PutSettingsBody, type KnownId } from "@/lib/contract/app-api";
import { GEMINI_KEY_SETTING, resolveGeminiKey, settingsView } from "./settings";

export interface AppApiDeps {
  store: () => AppStore;
  env: () => { GEMINI_API_KEY?: string; GEMINI_BASE_URL: string; OPENAI_BASE_URL?: string };
  backends: Record<string, Backend>;
  catalog: () => { models: KnownId[]; agents: KnownId[] };
  /** Health probe timeout (docs: 3 s). */
  healthTimeoutMs?: number;
}

const BACKEND_LABELS: Record<string, string> = { local: "Local engine", gemini: "Gemini API" };

/** What each backend is asked to prove it is alive. */
const PROBES: Record<string, { path: string; search: string }> = {
  local: { path: "/admin/health", search: "" },
  gemini: { path: "/v1beta/models", search: "?pageSize=1" },
};

export function createAppApi(deps: AppApiDeps) {
  const secrets = () => usableSecrets(Object.values(deps.backends).flatMap((b) => b.secrets()));
  const view = () => {
    const env = deps.env();
    return settingsView(resolveGeminiKey(env.GEMINI_API_KEY, deps.store()), env.GEMINI_BASE_URL);
  };

  async function listBackends(): Promise<Response> {
    return handle(secrets, () => {
      const env = deps.env();
      const { models, agents } = deps.catalog();
      const backends = Object.values(deps.backends).map((b) => ({
        id: b.id,
        label: BACKEND_LABELS[b.id] ?? b.label,
        configured: b.configured(),
        // The engine answers with its simulator unless an OpenAI-compatible server is configured.
        simulated: b.id === "local" ? !env.OPENAI_BASE_URL : false,
        default: b.id === "local",
      }));
      return json({ backends, models, agents });
    });
  }

  async function health(req: Request): Promise<Response> {
    return handle(secrets, async () => {
      const url = new URL(req.url);
      const q = HealthQuery.safeParse({ backend: url.searchParams.get("backend") ?? undefined });
      if (!q.success) return errorResponse("invalid_request", 'Query parameter "backend" must be "local" or "gemini".');
      const backend = deps.backends[q.data.backend];
      const probe = PROBES[q.data.backend];
      if (!backend || !probe) return errorResponse("not_found", `Unknown backend "${q.data.backend}".`);
      const timeoutMs = deps.healthTimeoutMs ?? 3_000;
      const t0 = performance.now();
      const done = (ok: boolean, message: string) =>
        json({ backend: backend.id, ok, latency_ms: Math.round(performance.now() - t0), message: redactText(message, secrets()) });
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      try {
        const res = await Promise.race([
          backend.send({ method: "GET", path: probe.path, search: probe.search, headers: new Headers({ accept: "application/json" }), body: null, signal: ac.signal }),
          new Promise<never>((_, reject) => ac.signal.addEventListener("abort", () => reject(new Error("timeout")), { once: true })),
        ]);
        const text = await Promise.race([res.text(), new Promise<string>((resolve) => ac.signal.addEventListener("abort", () => resolve(""), { once: true }))]);
        if (res.ok) return done(true, `${backend.describe()} answered HTTP ${res.status}`);
        let detail = "";
        try {
          const m = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
          if (typeof m === "string") detail = `: ${m}`;
        } catch {
          /* not JSON */
        }
        return done(false, `${backend.describe()} answered HTTP ${res.status}${detail}`);
      } catch (e) {
        if (e instanceof ApiError) return done(false, e.message);
        if (ac.signal.aborted) return done(false, `${backend.describe()}: no answer within ${timeoutMs / 1000} s`);
        return done(false, e instanceof Error ? e.message : String(e));
      } finally {
        clearTimeout(timer);
        ac.abort();
      }
    });
  }

  async function getSettings(): Promise<Response> {
    return handle(secrets, () => json(view()));
  }

  async function putSettings(req: Request): Promise<Response> {
    return handle(secrets, async () => {
      const parsed = await parseJsonBody(req, PutSettingsBody, 64 * 1024);
      if (!parsed.ok) return parsed.response;
      deps.store().setSetting(GEMINI_KEY_SETTING, parsed.data.gemini_api_key);
      return json(view());
    });
  }

  async function deleteKey(): Promise<Response> {
    return handle(secrets, () => {
      deps.store().deleteSetting(GEMINI_KEY_SETTING);
      return json(view());
    });
  }

  return { listBackends, health, getSettings, putSettings, deleteKey };
}

export type AppApi = ReturnType<typeof createAppApi>;
