// App API: /api/backends, /api/health, /api/settings, /api/settings/key (docs/app-api.md).
import { ENGINE_HEADER } from "@/lib/contract/backend-id";
import "server-only";
import { ApiError, errorResponse } from "@/lib/interactions/errors";
import type { AppStore } from "@/lib/record/store";
import type { Backend } from "@/lib/proxy/backends";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";
import { redactText, usableSecrets } from "@/lib/http/secrets";
import { DeleteKeyQuery, HealthQuery, PutSettingsBody, type BackendsResponse, type KnownId } from "@/lib/contract/app-api";
import {
  GEMINI_KEY_SETTING,
  OPENAI_BASE_URL_SETTING,
  OPENAI_KEY_SETTING,
  openaiSettingsView,
  resolveGeminiKey,
  resolveOpenAI,
  resolveVertex,
  settingsView,
  VERTEX_CREDENTIALS_SETTING,
  VERTEX_LOCATION_SETTING,
  VERTEX_PROJECT_SETTING,
  VERTEX_SETTINGS,
  VERTEX_TOKEN_SETTING,
  vertexSettingsView,
  type VertexEnv,
} from "./settings";

export interface AppApiDeps {
  store: () => AppStore;
  env: () => { GEMINI_API_KEY?: string; GEMINI_BASE_URL: string; OPENAI_BASE_URL?: string; OPENAI_API_KEY?: string } & VertexEnv;
  backends: Record<string, Backend>;
  catalog: () => { models: KnownId[]; agents: KnownId[]; simulated_patterns?: BackendsResponse["simulated_patterns"] };
  /** Health probe timeout (docs: 3 s). */
  healthTimeoutMs?: number;
}

const BACKEND_LABELS: Record<string, string> = { local: "Local engine", gemini: "Gemini API", openai: "OpenAI-compatible", vertex: "Vertex AI" };

/** What each backend is asked to prove it is alive. */
const PROBES: Record<string, { path: string; search: string }> = {
  local: { path: "/admin/health", search: "" },
  gemini: { path: "/v1beta/models", search: "?pageSize=1" },
};

export function createAppApi(deps: AppApiDeps) {
  const secrets = () => usableSecrets(Object.values(deps.backends).flatMap((b) => b.secrets()));
  const view = () => {
    const env = deps.env();
    const v = settingsView(resolveGeminiKey(env.GEMINI_API_KEY, deps.store()), env.GEMINI_BASE_URL);
    return {
      ...v,
      ...(deps.backends.openai ? { openai: openaiSettingsView(resolveOpenAI(env, deps.store())) } : {}),
      ...(deps.backends.vertex ? { vertex: vertexSettingsView(resolveVertex(env, deps.store())) } : {}),
    };
  };

  async function listBackends(): Promise<Response> {
    return handle(secrets, async () => {
      const env = deps.env();
      const { models, agents, simulated_patterns } = deps.catalog();
      const backends = await Promise.all(
        Object.values(deps.backends).map(async (b) => ({
          id: b.id,
          label: BACKEND_LABELS[b.id] ?? b.label,
          configured: b.configured(),
          // The engine answers with its simulator unless an OpenAI-compatible server is configured.
          simulated: b.id === "local" ? !env.OPENAI_BASE_URL : false,
          default: b.id === "local",
          ...(b.models ? { models: b.configured() ? await ownModels(b) : [] } : {}),
        })),
      );
      return json({ backends, models, agents, ...(simulated_patterns ? { simulated_patterns } : {}) });
    });
  }

  /** A backend's own list, within the health timeout; unreachable = empty (the health dot says why). */
  async function ownModels(b: Backend): Promise<KnownId[]> {
    const signal = AbortSignal.timeout(deps.healthTimeoutMs ?? 3_000);
    try {
      return (await b.models?.(signal)) ?? [];
    } catch {
      return [];
    }
  }

  async function health(req: Request): Promise<Response> {
    return handle(secrets, async () => {
      const url = new URL(req.url);
      const q = HealthQuery.safeParse({ backend: url.searchParams.get("backend") ?? undefined });
      if (!q.success) return errorResponse("invalid_request", 'Query parameter "backend" must be "local", "gemini", "openai" or "vertex".');
      const backend = deps.backends[q.data.backend];
      const probe = PROBES[q.data.backend];
      if (!backend || (!probe && !backend.health)) return errorResponse("not_found", `Unknown backend "${q.data.backend}".`);
      const timeoutMs = deps.healthTimeoutMs ?? 3_000;
      const t0 = performance.now();
      const done = (ok: boolean, message: string, engine?: boolean) =>
        json({ backend: backend.id, ok, latency_ms: Math.round(performance.now() - t0), message: redactText(message, secrets()), ...(engine ? { engine } : {}) });
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      try {
        if (backend.health) {
          if (!backend.configured()) return done(false, `${backend.describe()}: not configured`);
          const h = await backend.health(ac.signal);
          return done(h.ok, ac.signal.aborted && !h.ok ? `${backend.describe()}: no answer within ${timeoutMs / 1000} s` : h.message, h.engine);
        }
        if (!probe) return done(false, "no probe");
        const res = await Promise.race([
          backend.send({ method: "GET", path: probe.path, search: probe.search, headers: new Headers({ accept: "application/json" }), body: null, signal: ac.signal }),
          new Promise<never>((_, reject) => ac.signal.addEventListener("abort", () => reject(new Error("timeout")), { once: true })),
        ]);
        const text = await Promise.race([res.text(), new Promise<string>((resolve) => ac.signal.addEventListener("abort", () => resolve(""), { once: true }))]);
        if (res.ok) return done(true, `${backend.describe()} answered HTTP ${res.status}`, res.headers.has(ENGINE_HEADER));
        let detail = "";
        try {
          const m = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
          if (typeof m === "string") detail = `: ${m}`;
        } catch {
          /* not JSON */
        }
        return done(false, `${backend.describe()} answered HTTP ${res.status}${detail}`, res.headers.has(ENGINE_HEADER));
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
      const b = parsed.data;
      if ((b.openai_api_key !== undefined || b.openai_base_url !== undefined) && !deps.backends.openai)
        return errorResponse("invalid_request", "This server has no openai backend.");
      const vertexKeys = [b.vertex_project, b.vertex_location, b.vertex_access_token, b.vertex_credentials];
      if (vertexKeys.some((v) => v !== undefined) && !deps.backends.vertex) return errorResponse("invalid_request", "This server has no vertex backend.");
      const store = deps.store();
      if (b.gemini_api_key !== undefined) store.setSetting(GEMINI_KEY_SETTING, b.gemini_api_key);
      if (b.openai_base_url !== undefined) store.setSetting(OPENAI_BASE_URL_SETTING, b.openai_base_url);
      if (b.openai_api_key !== undefined) store.setSetting(OPENAI_KEY_SETTING, b.openai_api_key);
      if (b.vertex_project !== undefined) store.setSetting(VERTEX_PROJECT_SETTING, b.vertex_project);
      if (b.vertex_location !== undefined) store.setSetting(VERTEX_LOCATION_SETTING, b.vertex_location);
      // One saved credential at a time: the one just saved replaces the other kind.
      if (b.vertex_access_token !== undefined) {
        store.setSetting(VERTEX_TOKEN_SETTING, b.vertex_access_token);
        store.deleteSetting(VERTEX_CREDENTIALS_SETTING);
      }
      if (b.vertex_credentials !== undefined) {
        store.setSetting(VERTEX_CREDENTIALS_SETTING, b.vertex_credentials);
        store.deleteSetting(VERTEX_TOKEN_SETTING);
      }
      return json(view());
    });
  }

  /** `DELETE /api/settings/key[?backend=openai|vertex]`: the saved Gemini key, the saved OpenAI base URL and key, or every saved Vertex setting. */
  async function deleteKey(req?: Request): Promise<Response> {
    return handle(secrets, () => {
      const q = DeleteKeyQuery.safeParse({ backend: req ? (new URL(req.url).searchParams.get("backend") ?? undefined) : undefined });
      if (!q.success) return errorResponse("invalid_request", 'Query parameter "backend" must be "gemini", "openai" or "vertex".');
      if (q.data.backend === "vertex") for (const k of VERTEX_SETTINGS) deps.store().deleteSetting(k);
      else if (q.data.backend === "openai") {
        deps.store().deleteSetting(OPENAI_BASE_URL_SETTING);
        deps.store().deleteSetting(OPENAI_KEY_SETTING);
      } else deps.store().deleteSetting(GEMINI_KEY_SETTING);
      return json(view());
    });
  }

  return { listBackends, health, getSettings, putSettings, deleteKey };
}

export type AppApi = ReturnType<typeof createAppApi>;
