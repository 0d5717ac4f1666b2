// The engine's HTTP surface as one Hono app: the Interactions API under any version segment
// (`/v1`, `/v1beta`, `/v1alpha`, …) and the control plane under `/admin`. Success is always 200
// with application/json or text/event-stream (the SDK matches on both, reference §1.7); every
// failure is the API's error envelope — unknown routes 404, other resource families 501.
import { ENGINE_HEADER } from "@/lib/contract/backend-id";
import { Hono, type Context } from "hono";
import { rawPathProblem } from "@/lib/http/raw-path";
import { ApiError, errorResponse } from "@/lib/interactions/errors";
import { readJsonBody, jsonResponse, queryBool } from "./http";
import type { Runner } from "./runner";
import { createSseWriter, sseResponse, SSE_HEADERS } from "./sse";
import * as faults from "./faults";
import { exportSchema, type Store } from "./store";
import { parseCreateBody, parsePace } from "./create-request";
import type { ModelAdapter } from "./model/types";
import { KNOWN_AGENTS } from "./model/registry";
import type { Managed } from "./managed";
import { mountAgentRoutes } from "./routes/agents";
import { mountEnvironmentRoutes } from "./routes/environments";
import { mountOpenAiCompat } from "./openai-compat";

export interface AppDeps {
  store: Store;
  runner: Runner;
  maxBodyBytes: number;
  maxImportBytes: number;
  keepAliveMs: number;
  defaultPaceMs: () => number;
  resolveAdapter: (id: string, kind: "model" | "agent") => ModelAdapter | null;
  managed: Managed;
  /** Route modules mounted before the built-in routes (e.g. webhooks, lib/engine/webhooks/routes.ts). */
  mount?: ((app: Hono) => void)[];
}

/** Resource families of the same API (reference §1.3–1.5) that the engine does not serve yet. */
// (webhooks: served by lib/engine/webhooks/routes.ts; anything else under /webhooks still lands here.)
const UNIMPLEMENTED = ["webhooks", "triggers", "credentials", "voices"];

const VERSION = "/:version{v[0-9]+[a-z0-9]*}";
const PACE_HEADER = "x-engine-pace-ms";
function toResponse(err: unknown): Response {
  if (err instanceof ApiError) return err.toResponse();
  console.error("[engine] unexpected error:", err);
  return errorResponse("internal", "Internal error in the local engine.");
}

export function createApp(deps: AppDeps): Hono {
  const { runner, store } = deps;
  const app = new Hono();
  // Fault presets (faults.ts): the engine's own list (PUT /admin/faults) plus each request's header.
  let engineFaultsRaw = "";
  let engineFaults: faults.Faults | undefined;
  const faultState = new faults.FaultState();
  const faultsOf = (c: Context) => faults.mergeFaults(engineFaults, faults.parseFaults(c.req.header(faults.FAULT_HEADER)));

  app.onError((err) => toResponse(err));
  // Raw path first (still percent-encoded): undecodable segments, NUL/control characters and
  // over-long paths are a 400 in the envelope on every route, standalone or mounted at /engine.
  app.use("*", async (c, next) => {
    const bad = rawPathProblem(new URL(c.req.url).pathname);
    if (bad) return bad.toResponse();
    await next();
    try {
      c.res.headers.set(ENGINE_HEADER, "embedded");
    } catch {
      /* an immutable Response (none today): the header is only a hint for the playground's UI */
    }
  });
  app.notFound((c) => errorResponse("not_found", `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`));
  for (const mount of deps.mount ?? []) mount(app);

  // ---- control plane --------------------------------------------------------------------------
  app.get("/admin/health", () =>
    jsonResponse({
      ok: true,
      service: "interactions-engine",
      simulated: true,
      db: store.path,
      interactions: store.countInteractions(),
      live_runs: runner.liveCount,
      default_pace_ms: deps.defaultPaceMs(),
    }),
  );
  app.get("/admin/faults", () => jsonResponse({ faults: engineFaultsRaw, presets: faults.FAULT_PRESETS }));
  app.put("/admin/faults", async (c) => {
    const raw = await readJsonBody(c.req.raw, 64 * 1024);
    const value = (raw as { faults?: unknown } | null)?.faults;
    if (typeof value !== "string") throw new ApiError("invalid_request", 'Invalid value at \'faults\': expected a string such as "drop-after=6,early-404=5s" ("" for none).');
    engineFaults = faults.parseFaults(value);
    engineFaultsRaw = value.trim();
    return jsonResponse({ faults: engineFaultsRaw, presets: faults.FAULT_PRESETS });
  });
  app.post("/admin/reset", () => {
    faultState.clear();
    runner.stopAll("cancelled");
    store.reset();
    deps.managed.reset();
    runner.forgetHistories();
    return jsonResponse({ ok: true });
  });
  app.get("/admin/export", () => {
    runner.flushAll();
    return jsonResponse(store.exportAll());
  });
  app.post("/admin/import", async (c) => {
    const replace = queryBool(c.req.query("replace"), "replace") ?? false;
    const raw = await readJsonBody(c.req.raw, deps.maxImportBytes);
    const parsed = exportSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new ApiError(
        "invalid_request",
        `Not an engine export: ${first ? `${first.path.join(".") || "(body)"}: ${first.message}` : "invalid"}. Expected the JSON of GET /admin/export.`,
      );
    }
    if (replace) runner.stopAll("cancelled");
    let result;
    try {
      result = store.importAll(parsed.data, replace);
      runner.forgetHistories();
    } catch (err) {
      throw new ApiError("invalid_request", `Import failed and was rolled back: ${err instanceof Error ? err.message : String(err)}`);
    }
    const recovered = runner.recover({ resume: false, message: "the run was still in progress when it was exported" }).failed;
    return jsonResponse({ ok: true, ...result, recovered });
  });
  app.all("/admin/*", (c) => errorResponse("not_found", `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`));

  // ---- agents, environments and their files (lib/engine/routes) -------------------------------
  mountAgentRoutes(app, VERSION, { managed: deps.managed, maxBodyBytes: deps.maxBodyBytes, builtIns: () => KNOWN_AGENTS.filter((a) => deps.resolveAdapter(a.id, "agent")).map((a) => ({ id: a.id, description: a.label })) });
  mountEnvironmentRoutes(app, VERSION, { managed: deps.managed, maxBodyBytes: deps.maxBodyBytes });
  // ---- Vertex AI path style --------------------------------------------------------------------
  // With `vertexai: true` the SDK puts the project and location after the version
  // (`/v1beta1/projects/{p}/locations/{l}/interactions`); the engine serves the same surface there.
  app.all(`${VERSION}/projects/:project/locations/:location/*`, (c) => {
    const url = new URL(c.req.url);
    url.pathname = url.pathname.replace(/^(\/v[0-9]+[a-z0-9]*)\/projects\/[^/]+\/locations\/[^/]+/, "$1");
    const req = c.req.raw;
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== null;
    return app.fetch(new Request(url, { method: req.method, headers: req.headers, body: hasBody ? req.body : undefined, signal: req.signal, ...(hasBody ? { duplex: "half" } : {}) } as RequestInit));
  });

  // ---- interactions ---------------------------------------------------------------------------
  app.post(`${VERSION}/interactions`, async (c) => {
    const fault = faultsOf(c);
    if (fault?.rateLimitS !== undefined) return faults.rateLimitResponse(fault.rateLimitS);
    const raw = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    const req = parseCreateBody(raw);
    const paceHeader = c.req.header(PACE_HEADER);
    const paceMs = paceHeader !== undefined ? parsePace(paceHeader, `${PACE_HEADER} header`) : undefined;
    if (fault?.contentFilter) {
      // Refused before anything runs: nothing is stored (E17).
      const mode = faults.contentFilterMode(fault, req.stream);
      if (mode === "json") throw faults.contentFilterError();
      return new Response(faults.contentFilterStreamBody(mode), { status: 200, headers: SSE_HEADERS });
    }
    if (fault?.chain501 && req.previousId && faults.usedBuiltinTools(runner.getInteraction(req.previousId).steps ?? [])) throw faults.chain501Error();

    if (req.stream) {
      let detach = () => {};
      let runId = "";
      const writer = createSseWriter({ keepAliveMs: deps.keepAliveMs, onCancel: () => detach() });
      const sink = faults.faultySink(writer, fault, () => queueMicrotask(() => detach()), () => faultState.isStuck(runId));
      let run;
      try {
        // Throws (→ JSON error, no stream) for unknown models and bad parents before anything is sent.
        run = runner.create(req, { paceMs, sink });
        runId = run.id;
        faultState.onCreate(run.id, fault);
      } catch (err) {
        writer.close();
        throw err;
      }
      // A client that goes away only stops listening: the run finishes and is stored.
      detach = () => runner.detach(run.id, sink);
      return sseResponse(writer);
    }
    const run = runner.create(req, { paceMs });
    faultState.onCreate(run.id, fault);
    if (req.background) return jsonResponse(run.snapshot());
    await run.done;
    const refusal = run.refusal();
    if (refusal) {
      // Refused outright (e.g. a response schema the simulator can't honour): not stored, like
      // the live service's refusals (reference §12 E17).
      if (run.stored) runner.discard(run.id);
      throw refusal;
    }
    return jsonResponse(stuckView(run.snapshot()));
  });
  /** A stuck run reads as still running (the `stuck` fault); otherwise the interaction as it is. */
  const stuckView = <T extends { id: string; status: string }>(i: T): T =>
    faultState.isStuck(i.id) ? { ...i, status: "in_progress", usage: undefined } : i;

  app.get(`${VERSION}/interactions/:id`, (c) => {
    const id = c.req.param("id");
    const stream = queryBool(c.req.query("stream"), "stream") ?? false;
    const includeInput = queryBool(c.req.query("include_input"), "include_input") ?? false;
    const lastEventId = c.req.query("last_event_id");
    const fault = faultsOf(c);
    faultState.checkVisible(id);
    if (!stream) {
      if (lastEventId !== undefined) throw new ApiError("invalid_request", "Invalid value at 'last_event_id': only valid with stream=true.");
      return jsonResponse(stuckView(runner.getInteraction(id, includeInput)));
    }
    let detach = () => {};
    const writer = createSseWriter({ keepAliveMs: deps.keepAliveMs, onCancel: () => detach() });
    const sink = faults.faultySink(writer, fault, () => queueMicrotask(() => detach()), () => faultState.isStuck(id));
    try {
      detach = runner.attach(id, lastEventId, sink); // throws 404/400 before the stream starts
    } catch (err) {
      writer.close();
      throw err;
    }
    return sseResponse(writer);
  });

  app.post(`${VERSION}/interactions/:id/cancel`, (c) => {
    if (faultsOf(c)?.cancel404) return methodNotFound(c);
    const id = c.req.param("id");
    if (faultState.isStuck(id)) {
      // Cancel releases a stuck run: it answers (and GET shows) the run's real state from now on.
      faultState.unstick(id);
      if (runner.isTerminalStatus(runner.getInteraction(id).status)) return jsonResponse(runner.getInteraction(id));
    }
    return jsonResponse(runner.cancel(id));
  });

  app.delete(`${VERSION}/interactions/:id`, (c) => {
    runner.delete(c.req.param("id"));
    return jsonResponse({});
  });

  app.all(`${VERSION}/interactions/*`, (c) => methodNotFound(c));
  app.all(`${VERSION}/interactions`, (c) => methodNotFound(c));

  mountOpenAiCompat(app, { runner, maxBodyBytes: deps.maxBodyBytes, keepAliveMs: deps.keepAliveMs, canRun: (id) => !!deps.resolveAdapter(id, "model") });

  // ---- other families: recognised, not implemented -------------------------------------------
  const notImplemented = (c: Context) =>
    errorResponse(
      "not_implemented",
      `${c.req.method} ${new URL(c.req.url).pathname} is not implemented by the local engine yet.`,
    );
  for (const family of UNIMPLEMENTED) {
    app.all(`${VERSION}/${family}`, notImplemented);
    app.all(`${VERSION}/${family}/*`, notImplemented);
  }

  return app;
}

function methodNotFound(c: Context): Response {
  return errorResponse("not_found", `Method not found: ${c.req.method} ${new URL(c.req.url).pathname}`);
}
