// The engine's HTTP surface as one Hono app: the Interactions API under any version segment
// (`/v1`, `/v1beta`, `/v1alpha`, …) and the control plane under `/admin`. Success is always 200
// with application/json or text/event-stream (the SDK matches on both, reference §1.7); every
// failure is the API's error envelope — unknown routes 404, other resource families 501.
import { Hono, type Context } from "hono";
import { ApiError, errorResponse } from "@/lib/interactions/errors";
import { readJsonBody, jsonResponse, queryBool } from "./http";
import type { EventSink, Runner } from "./runner";
import { createSseWriter, sseResponse, type SseWriter } from "./sse";
import { exportSchema, type Store } from "./store";
import { parseCreateBody, parsePace } from "./create-request";
import type { ModelAdapter } from "./model/types";
import { KNOWN_AGENTS } from "./model/registry";

export interface AppDeps {
  store: Store;
  runner: Runner;
  maxBodyBytes: number;
  maxImportBytes: number;
  keepAliveMs: number;
  defaultPaceMs: () => number;
  resolveAdapter: (id: string, kind: "model" | "agent") => ModelAdapter | null;
}

/** Resource families of the same API (reference §1.3–1.5) that the engine does not serve yet. */
const UNIMPLEMENTED = ["agents", "environments", "webhooks", "triggers", "credentials", "voices"];

const VERSION = "/:version{v[0-9]+[a-z0-9]*}";
const PACE_HEADER = "x-engine-pace-ms";
/**
 * Fault switch (reference §12: the live service drops streams). `x-engine-fault: drop-after=N` on a
 * streamed create or a streamed GET ends that HTTP stream after N events, with no terminal event and
 * no [DONE], exactly like a dropped connection. Only the transport is cut: the run goes on, is
 * stored, and can be resumed with `GET ?stream=true&last_event_id=…` — so clients can test resume.
 */
const FAULT_HEADER = "x-engine-fault";

function parseFault(raw: string | undefined): { dropAfter: number } | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const m = /^\s*drop-after\s*=\s*(\d{1,6})\s*$/.exec(raw);
  if (!m) {
    throw new ApiError("invalid_request", `Invalid ${FAULT_HEADER} header "${raw.slice(0, 60)}": expected "drop-after=N" (N events, then the stream is cut).`);
  }
  return { dropAfter: Number(m[1]) };
}

/** A sink that forwards events to an SSE writer, or cuts the stream after `dropAfter` events. */
function writerSink(writer: SseWriter, fault: { dropAfter: number } | undefined, detach: () => void): EventSink {
  let n = 0;
  return {
    event: (e) => {
      if (writer.closed) return;
      if (fault && n >= fault.dropAfter) {
        detach();
        writer.close();
        return;
      }
      n++;
      writer.write(`data: ${e.json}\n\n`);
    },
    end: () => {
      if (fault && n >= fault.dropAfter) writer.close();
      else writer.end();
    },
  };
}

function toResponse(err: unknown): Response {
  if (err instanceof ApiError) return err.toResponse();
  console.error("[engine] unexpected error:", err);
  return errorResponse("internal", "Internal error in the local engine.");
}

export function createApp(deps: AppDeps): Hono {
  const { runner, store } = deps;
  const app = new Hono();

  app.onError((err) => toResponse(err));
  app.notFound((c) => errorResponse("not_found", `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`));

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
  app.post("/admin/reset", () => {
    runner.stopAll("cancelled");
    store.reset();
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
    const recovered = runner.recover("the run was still in progress when it was exported");
    return jsonResponse({ ok: true, ...result, recovered });
  });
  app.all("/admin/*", (c) => errorResponse("not_found", `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`));

  // ---- interactions ---------------------------------------------------------------------------
  app.post(`${VERSION}/interactions`, async (c) => {
    const raw = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    const req = parseCreateBody(raw);
    const paceHeader = c.req.header(PACE_HEADER);
    const paceMs = paceHeader !== undefined ? parsePace(paceHeader, `${PACE_HEADER} header`) : undefined;

    if (req.stream) {
      const fault = parseFault(c.req.header(FAULT_HEADER));
      let detach = () => {};
      const writer = createSseWriter({ keepAliveMs: deps.keepAliveMs, onCancel: () => detach() });
      const sink = writerSink(writer, fault, () => queueMicrotask(() => detach()));
      let run;
      try {
        // Throws (→ JSON error, no stream) for unknown models and bad parents before anything is sent.
        run = runner.create(req, { paceMs, sink });
      } catch (err) {
        writer.close();
        throw err;
      }
      // A client that goes away only stops listening: the run finishes and is stored.
      detach = () => runner.detach(run.id, sink);
      return sseResponse(writer);
    }
    const run = runner.create(req, { paceMs });
    if (req.background) return jsonResponse(run.snapshot());
    await run.done;
    const refusal = run.refusal();
    if (refusal) {
      // Refused outright (e.g. a response schema the simulator can't honour): not stored, like
      // the live service's refusals (reference §12 E17).
      if (run.stored) runner.discard(run.id);
      throw refusal;
    }
    return jsonResponse(run.snapshot());
  });

  app.get(`${VERSION}/interactions/:id`, (c) => {
    const id = c.req.param("id");
    const stream = queryBool(c.req.query("stream"), "stream") ?? false;
    const includeInput = queryBool(c.req.query("include_input"), "include_input") ?? false;
    const lastEventId = c.req.query("last_event_id");
    if (!stream) {
      if (lastEventId !== undefined) throw new ApiError("invalid_request", "Invalid value at 'last_event_id': only valid with stream=true.");
      return jsonResponse(runner.getInteraction(id, includeInput));
    }
    const fault = parseFault(c.req.header(FAULT_HEADER));
    let detach = () => {};
    const writer = createSseWriter({ keepAliveMs: deps.keepAliveMs, onCancel: () => detach() });
    const sink = writerSink(writer, fault, () => queueMicrotask(() => detach()));
    try {
      detach = runner.attach(id, lastEventId, sink); // throws 404/400 before the stream starts
    } catch (err) {
      writer.close();
      throw err;
    }
    return sseResponse(writer);
  });

  app.post(`${VERSION}/interactions/:id/cancel`, (c) => jsonResponse(runner.cancel(c.req.param("id"))));

  app.delete(`${VERSION}/interactions/:id`, (c) => {
    runner.delete(c.req.param("id"));
    return jsonResponse({});
  });

  app.all(`${VERSION}/interactions/*`, (c) => methodNotFound(c));
  app.all(`${VERSION}/interactions`, (c) => methodNotFound(c));

  // ---- agents (read-only list of what the engine can run) -------------------------------------
  const agentResource = (id: string) => {
    const known = KNOWN_AGENTS.find((a) => a.id === id);
    return { id, description: known?.label ?? "Runs on the local engine's simulator." };
  };
  app.get(`${VERSION}/agents`, () =>
    jsonResponse({ agents: KNOWN_AGENTS.filter((a) => deps.resolveAdapter(a.id, "agent")).map((a) => agentResource(a.id)) }),
  );
  app.get(`${VERSION}/agents/:id`, (c) => {
    const id = c.req.param("id");
    if (!deps.resolveAdapter(id, "agent")) throw new ApiError("not_found", "Requested entity was not found.");
    return jsonResponse(agentResource(id));
  });

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
  app.all(`/upload${VERSION}/environments/*`, notImplemented);

  return app;
}

function methodNotFound(c: Context): Response {
  return errorResponse("not_found", `Method not found: ${c.req.method} ${new URL(c.req.url).pathname}`);
}
