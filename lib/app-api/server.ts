// The Next wiring: real env, the process-wide app store and engine, every handler behind the guard.
// Route files import from here and stay one line each. Nothing is opened at import time (Next
// imports route modules during `next build`); the first request opens the store and the engine.
import "server-only";
import { getEngine, getNamedEngine } from "@/lib/engine/instance";
import * as registry from "@/lib/engine/model/registry";
import { getEnv } from "@/lib/env";
import { rawPathResponse } from "@/lib/http/raw-path";
import { errorResponse } from "@/lib/interactions/errors";
import { createRecordApi, type IdContext } from "./record-api";
import { createRecorder, type Recorder } from "@/lib/record/recorder";
import { getAppStore, type AppStore } from "@/lib/record/store";
import { createJobsApi } from "./jobs";
import { createWebhookReceiver, ensureReceiverWebhook, receiverUrl, type EngineFetch } from "./webhook-receiver";
import type { BackendsResponse, KnownId } from "@/lib/contract/app-api";
import { createAppApi } from "./app-api";
import { createFaultsApi } from "./faults";
import { createGeminiBackend, createLocalBackend, type Backend } from "@/lib/proxy/backends";
import { withGuard } from "@/lib/proxy/guard";
import { createProxyHandler } from "@/lib/proxy/handler";
import { redactText, usableSecrets } from "@/lib/http/secrets";
import { createOpenAIBackend, openaiResolver } from "@/lib/proxy/openai-backend";
import { createVertexBackend } from "@/lib/proxy/vertex";
import { resolveGeminiKey, resolveOpenAI, resolveVertex } from "./settings";
import { savedHeaderSecrets } from "./mcp-servers";
import { McpServersStore } from "./mcp-servers-store";

interface Wiring {
  store: () => AppStore;
  backends: Record<string, Backend>;
  recorder: Recorder;
  proxy: (req: Request) => Promise<Response>;
  appApi: ReturnType<typeof createAppApi>;
  recordApi: ReturnType<typeof createRecordApi>;
  jobsApi: ReturnType<typeof createJobsApi>;
  webhookReceiver: ReturnType<typeof createWebhookReceiver>;
  faultsApi: ReturnType<typeof createFaultsApi>;
  secrets: () => string[];
}

// Per module instance, on purpose: what must be shared process-wide (the app store, the engine) is
// already a globalThis singleton; the rest is closures, so `next dev` picks up edits here.
let cached: Wiring | undefined;

/** Model and agent lists from the engine's registry (written by another module; read defensively). */
function catalog(): { models: KnownId[]; agents: KnownId[]; simulated_patterns?: BackendsResponse["simulated_patterns"] } {
  const r = registry as unknown as Record<string, unknown>;
  const list = (v: unknown): KnownId[] =>
    Array.isArray(v)
      ? v
          .filter((x): x is Record<string, unknown> => !!x && typeof x === "object" && typeof (x as { id?: unknown }).id === "string")
          .map((x) => ({ id: x.id as string, label: typeof x.label === "string" ? x.label : (x.id as string), simulated: x.simulated === true }))
      : [];
  // listKnownModels() adds the OpenAI-compatible models named in OPENAI_MODELS.
  const models = typeof r.listKnownModels === "function" ? (r.listKnownModels as () => unknown)() : r.KNOWN_MODELS;
  const patterns = typeof r.simulatedIdPatterns === "function" ? (r.simulatedIdPatterns as () => BackendsResponse["simulated_patterns"])() : undefined;
  return { models: list(models), agents: list(r.KNOWN_AGENTS), simulated_patterns: patterns };
}

/** The embedded engine's own paths, in-process (no socket). */
const engineFetch: EngineFetch = (path, init) => getEngine().fetch(new Request(`http://engine.internal${path}`, init));

/**
 * At server start (instrumentation.ts): register the app's webhook receiver on the embedded engine,
 * keeping its secret in the app DB. Failure is logged, never fatal.
 */
export async function registerWebhookReceiver(): Promise<void> {
  try {
    const cfg = await ensureReceiverWebhook(engineFetch, getAppStore(getEnv().APP_DB), receiverUrl());
    console.log(`[webhooks] receiver ${cfg.webhook_id} registered on the local engine → ${cfg.uri}`);
  } catch (e) {
    console.error(`[webhooks] could not register the receiver: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function wiring(): Wiring {
  if (cached) return cached;
  const store = () => getAppStore(getEnv().APP_DB);
  const geminiKey = () => resolveGeminiKey(getEnv().GEMINI_API_KEY, store()).key;
  const openaiServer = () => {
    const r = resolveOpenAI(getEnv(), store());
    return { baseUrl: r.baseUrl, key: r.key };
  };
  // The engine over the OpenAI-compatible server: its own SQLite file beside ENGINE_DB.
  const openaiEngine = () => getNamedEngine("openai", () => ({ dbPath: siblingDb(getEnv().ENGINE_DB, "openai"), resolveAdapter: openaiResolver(openaiServer) }));
  const backends: Record<string, Backend> = {
    local: createLocalBackend({ engine: () => getEngine(), secrets: () => [getEnv().OPENAI_API_KEY] }),
    gemini: createGeminiBackend({
      baseUrl: () => getEnv().GEMINI_BASE_URL,
      key: geminiKey,
      connectTimeoutMs: () => getEnv().UPSTREAM_TIMEOUT_MS,
    }),
    openai: createOpenAIBackend({ server: openaiServer, engine: openaiEngine }),
    vertex: createVertexBackend({ config: () => resolveVertex(getEnv(), store()), connectTimeoutMs: () => getEnv().UPSTREAM_TIMEOUT_MS }),
  };
  // Saved MCP header values (APP_DB) are secrets like the keys: injected by the proxy, redacted everywhere else.
  const mcpStore = () => new McpServersStore(store().db);
  const mcpSecrets = () => {
    try {
      return savedHeaderSecrets(mcpStore().list());
    } catch {
      return []; // the store cannot open: nothing saved can be injected either
    }
  };
  const secrets = () => usableSecrets([...Object.values(backends).flatMap((b) => b.secrets()), ...mcpSecrets()]);
  // The recorder needs the store at once; open it lazily on the first proxied request.
  let recorder: Recorder | null = null;
  const lazyRecorder: Recorder = {
    track: (ctx) => (recorder ??= createRecorder(store(), { secrets })).track(ctx),
    flushAll: () => recorder?.flushAll(),
    flushEnded: () => recorder?.flushEnded(),
  };
  const proxy = createProxyHandler({ backends, recorder: lazyRecorder, env: { get MAX_BODY_BYTES() { return getEnv().MAX_BODY_BYTES; } }, mcp: { lookup: mcpStore, secrets: mcpSecrets } });
  const w: Wiring = {
    store,
    backends,
    recorder: lazyRecorder,
    proxy,
    jobsApi: createJobsApi({ store, proxy, env: getEnv, secrets }),
    webhookReceiver: createWebhookReceiver({ store, engine: engineFetch, secrets }),
    appApi: createAppApi({ store, env: getEnv, backends, catalog }),
    recordApi: createRecordApi({ store, secrets, settle: () => lazyRecorder.flushEnded() }),
    faultsApi: createFaultsApi({ engine: engineFetch, secrets }),
    secrets,
  };
  cached = w;
  return w;
}

/** `.data/engine.db` → `.data/engine-openai.db`; `:memory:` stays in memory. */
export function siblingDb(path: string, name: string): string {
  if (path === ":memory:" || path.startsWith("file::memory:")) return ":memory:";
  return /\.db$/.test(path) ? path.replace(/\.db$/, `-${name}.db`) : `${path}-${name}`;
}

const truncatePath = (p: string) => (p.length > 200 ? `${p.slice(0, 200)}…` : p);

/** Whether the record holds this session (the session page asks, so a new session fetches nothing before its first send). */
export function sessionExists(id: string): boolean {
  return wiring().store().getSession(id) !== null;
}

const guardOpts = () => ({ allowedHosts: getEnv().APP_ALLOWED_HOSTS });
/**
 * Every route: the origin/host guard, then the raw-path check (undecodable or NUL segments, over-long
 * paths → 400 in the envelope). proxy.ts answers most of those before Next's router; this catches
 * what its `%`-only matcher lets through (over-long paths) and keeps handlers safe on their own.
 */
const guarded = <A extends unknown[]>(fn: (req: Request, ...rest: A) => Promise<Response>) =>
  withGuard((req: Request, ...rest: A) => rawPathResponse(new URL(req.url).pathname) ?? fn(req, ...rest), guardOpts);

/** `/api/backends/{backend}/{version}/…` */
export const proxyRoute = guarded((req: Request) => wiring().proxy(req));

/** `/engine/…` → the engine's own paths (`/{version}/…`, `/admin/…`), not recorded. */
export const engineRoute = guarded(async (req: Request) => {
  try {
    return await getEngine().fetch(req, { prefix: "/engine" });
  } catch (e) {
    const msg = redactText(e instanceof Error ? e.message : String(e), wiring().secrets());
    console.error(`[engine] ${msg}`);
    return errorResponse("unavailable", `The local engine failed: ${msg}`);
  }
});

/** Any `/api/…` path no route file takes (app/api/[...rest]): a JSON 404, never an HTML page. */
export const unknownApiRoute = guarded(async (req: Request) =>
  errorResponse("not_found", `No such endpoint: ${req.method} ${truncatePath(new URL(req.url).pathname)}`),
);

export const backendsRoute = guarded(() => wiring().appApi.listBackends());
export const healthRoute = guarded((req: Request) => wiring().appApi.health(req));
export const getSettingsRoute = guarded(() => wiring().appApi.getSettings());
export const putSettingsRoute = guarded((req: Request) => wiring().appApi.putSettings(req));
export const deleteKeyRoute = guarded((req: Request) => wiring().appApi.deleteKey(req));

export const listSessionsRoute = guarded((req: Request) => wiring().recordApi.listSessions(req));
export const createSessionRoute = guarded((req: Request) => wiring().recordApi.createSession(req));
export const getSessionRoute = guarded((req: Request, ctx: IdContext) => wiring().recordApi.getSession(req, ctx));
export const patchSessionRoute = guarded((req: Request, ctx: IdContext) => wiring().recordApi.patchSession(req, ctx));
export const deleteSessionRoute = guarded((req: Request, ctx: IdContext) => wiring().recordApi.deleteSession(req, ctx));
export const listTurnsRoute = guarded((req: Request) => wiring().recordApi.listTurns(req));
export const getTurnRoute = guarded((req: Request, ctx: IdContext) => wiring().recordApi.getTurn(req, ctx));

export const listJobsRoute = guarded((req: Request) => wiring().jobsApi.list(req));
export const jobsStatusRoute = guarded((req: Request) => wiring().jobsApi.status(req));
export const trackJobRoute = guarded((req: Request) => wiring().jobsApi.track(req));
export const deleteJobRoute = guarded((req: Request, ctx: IdContext) => wiring().jobsApi.remove(req, ctx));
export const receiveWebhookRoute = guarded((req: Request) => wiring().webhookReceiver.receive(req));
export const getFaultsRoute = guarded(() => wiring().faultsApi.get());
export const putFaultsRoute = guarded((req: Request) => wiring().faultsApi.put(req));
export const webhookInboxRoute = guarded(() => wiring().webhookReceiver.inbox());
