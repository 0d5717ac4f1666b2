// App API for background jobs (docs/app-api.md, "Background jobs"):
//   GET    /api/jobs                 every background interaction the record knows, plus tracked ids
//   POST   /api/jobs/status {ids}    one batch: read the record, refresh the non-terminal ones from
//                                   upstream (bounded concurrency), answer them all
//   POST   /api/jobs/track {id,…}    follow an id created elsewhere (curl, another tool)
//   DELETE /api/jobs/{id}            forget it locally (record turn, raw events, tracking)
// A refresh is a GET through the proxy itself, so the recorder folds the answer into the record
// exactly as for a GET from the browser (the stale-record bug cannot come back through a second path),
// and the key is injected the one way the proxy does it.
import "server-only";
import { errorResponse } from "@/lib/interactions/errors";
import { TERMINAL_STATUSES, type Interaction } from "@/lib/interactions/types";
import {
  deleteJobQuerySchema,
  jobStatusRequestSchema,
  listJobsQuerySchema,
  trackJobRequestSchema,
  type Job,
  type JobsResponse,
} from "@/lib/contract/jobs";
import { parseJsonBody } from "@/lib/http/body";
import { SESSION_HEADER } from "@/lib/proxy/handler";
import { handle, json } from "@/lib/http/json";
import type { IdContext } from "./record-api";
import type { AppStore, TurnRow } from "@/lib/record/store";
import { userTextOf } from "@/lib/record/text";
import { JobsStore, type TrackingRow } from "./jobs-store";

export interface JobsEnv {
  JOBS_404_GRACE_MS: number;
  JOBS_STUCK_MS: number;
  JOBS_REFRESH_CONCURRENCY: number;
}

export interface JobsApiDeps {
  store: () => AppStore;
  /** The proxy handler (`/api/backends/{backend}/{version}/…`): refreshes go through it and are recorded. */
  proxy: (req: Request) => Promise<Response>;
  env: () => JobsEnv;
  secrets?: () => readonly string[];
  now?: () => number;
  /** Counts upstream GETs (bench, tests). */
  onUpstreamRequest?: (id: string) => void;
}

/** A job refreshed less than this long ago is answered from the record (several tabs, one upstream GET). */
const MIN_REFRESH_GAP_MS = 500;

function parse<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}

function badQuery(issues: { path: PropertyKey[]; message: string }[]): Response {
  return errorResponse("invalid_request", `Invalid query: ${issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}`);
}

/** Run `fn` over `items` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function toJob(turn: TurnRow | null, tracking: TrackingRow | null, now: number, env: JobsEnv): Job | null {
  if (!turn && !tracking) return null;
  const interaction = parse<Interaction>(turn?.interaction_json ?? null);
  const gone = tracking?.gone === 1;
  const notFound = tracking?.first_404_ms ? (gone ? "gone" : "grace") : null;
  const status = turn?.status ?? (notFound ? "not_found" : "unknown");
  const terminal = (turn ? turn.terminal === 1 || TERMINAL_STATUSES.has(turn.status) : false) || gone;
  const lastChange = tracking?.last_change_ms ?? turn?.completed_ms ?? turn?.created_ms ?? now;
  const idle = now - lastChange;
  const usage = interaction?.usage as { total_tokens?: unknown } | undefined;
  const job: Job = {
    id: (turn?.interaction_id ?? tracking?.interaction_id) as string,
    backend: turn?.backend ?? (tracking as TrackingRow).backend,
    api_version: turn?.api_version ?? (tracking as TrackingRow).api_version,
    session_id: turn?.session_id || null,
    status,
    terminal,
    created_ms: turn?.created_ms ?? (tracking as TrackingRow).added_ms,
    completed_ms: terminal ? (turn?.completed_ms ?? null) : null,
    last_change_ms: lastChange,
    refreshed_ms: tracking?.refreshed_ms ?? null,
    steps: Array.isArray(interaction?.steps) ? interaction.steps.length : 0,
    tokens: typeof usage?.total_tokens === "number" ? usage.total_tokens : null,
    prompt: turn ? userTextOf(parse<unknown>(turn.request_json)).slice(0, 200) : "",
    tracked: tracking?.tracked === 1,
    not_found: notFound,
    stuck_ms: !terminal && idle > env.JOBS_STUCK_MS ? idle : null,
    error: parse<{ code?: string; message?: string }>(turn?.error_json ?? null),
    deleted_upstream: turn?.deleted_upstream === 1,
  };
  if (turn?.model) job.model = turn.model;
  if (turn?.agent) job.agent = turn.agent;
  return job;
}

export function createJobsApi(deps: JobsApiDeps) {
  const secrets = deps.secrets ?? (() => []);
  const now = deps.now ?? Date.now;
  const jobs = () => new JobsStore(deps.store());
  const inFlight = new Map<string, Promise<void>>();

  /** GET the interaction through the proxy (recorded), then note progress or the 404. */
  async function refreshOne(id: string): Promise<void> {
    const store = jobs();
    const turn = store.app.getTurnRow(id);
    const tracking = store.get(id);
    const backend = turn?.backend ?? tracking?.backend;
    const version = turn?.api_version ?? tracking?.api_version;
    if (!backend || !version) return;
    if (tracking?.refreshed_ms && now() - tracking.refreshed_ms < MIN_REFRESH_GAP_MS) return;
    if (!tracking) store.upsert(id, backend, version, false, now());
    const headers: Record<string, string> = {};
    if (turn?.session_id) headers[SESSION_HEADER] = turn.session_id;
    deps.onUpstreamRequest?.(id);
    const res = await deps.proxy(
      new Request(`http://playground.internal/api/backends/${encodeURIComponent(backend)}/${version}/interactions/${encodeURIComponent(id)}`, {
        method: "GET",
        headers,
      }),
    );
    const text = await res.text(); // reading the body to its end is what lets the recorder file it
    const t = now();
    if (res.status === 404) {
      const created = turn?.created_ms ?? tracking?.added_ms ?? t;
      store.note404(id, t, t - created > deps.env().JOBS_404_GRACE_MS);
      return;
    }
    if (!res.ok) return;
    const inter = parse<Interaction>(text);
    const usage = inter?.usage as { total_tokens?: unknown } | undefined;
    store.noteProgress(id, `${inter?.status}|${Array.isArray(inter?.steps) ? inter.steps.length : 0}|${usage?.total_tokens ?? ""}`, t);
  }

  function refresh(id: string): Promise<void> {
    let p = inFlight.get(id);
    if (!p) {
      p = refreshOne(id)
        .catch((e) => console.error(`[jobs] refresh ${id}: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => inFlight.delete(id));
      inFlight.set(id, p);
    }
    return p;
  }

  function answer(ids: readonly string[]): JobsResponse {
    const store = jobs();
    const tracking = store.getMany(ids);
    const t = now();
    const env = deps.env();
    const out: Job[] = [];
    for (const id of ids) {
      const job = toJob(store.app.getTurnRow(id), tracking.get(id) ?? null, t, env);
      if (job) out.push(job);
    }
    return { jobs: out, now_ms: t };
  }

  return {
    async list(req: Request): Promise<Response> {
      return handle(secrets, () => {
        const q = listJobsQuerySchema.safeParse(queryOf(req));
        if (!q.success) return badQuery(q.error.issues);
        const t = now();
        const env = deps.env();
        const text = q.data.q?.trim().toLowerCase();
        const list = jobs()
          .listAll(q.data.limit ?? 2000)
          .map((r) => toJob(r.turn, r.tracking, t, env))
          .filter((j): j is Job => !!j)
          .filter((j) => (!q.data.status || j.status === q.data.status) && (!q.data.backend || j.backend === q.data.backend))
          .filter((j) => !text || j.id.toLowerCase().includes(text) || j.prompt.toLowerCase().includes(text));
        return json({ jobs: list, now_ms: t } satisfies JobsResponse);
      });
    },

    async status(req: Request): Promise<Response> {
      return handle(secrets, async () => {
        const body = await parseJsonBody(req, jobStatusRequestSchema);
        if (!body.ok) return body.response;
        const ids = [...new Set(body.data.ids)];
        if (body.data.refresh !== false) {
          const before = answer(ids);
          const stale = before.jobs.filter((j) => !j.terminal).map((j) => j.id);
          await pool(stale, deps.env().JOBS_REFRESH_CONCURRENCY, refresh);
        }
        return json(answer(ids));
      });
    },

    async track(req: Request): Promise<Response> {
      return handle(secrets, async () => {
        const body = await parseJsonBody(req, trackJobRequestSchema);
        if (!body.ok) return body.response;
        const { id, backend, api_version } = body.data;
        const store = jobs();
        const turn = store.app.getTurnRow(id);
        if (turn && turn.backend !== backend) {
          return errorResponse("invalid_request", `Interaction "${id}" is already recorded on the ${turn.backend} backend, not ${backend}.`);
        }
        store.upsert(id, backend, api_version, true, now());
        await refresh(id);
        const job = answer([id]).jobs[0];
        return json(job);
      });
    },

    async remove(req: Request, ctx: IdContext): Promise<Response> {
      return handle(secrets, async () => {
        const q = deleteJobQuerySchema.safeParse(queryOf(req));
        if (!q.success) return badQuery(q.error.issues);
        const { id } = await ctx.params;
        if (!jobs().delete(id)) return errorResponse("not_found", `No job "${id}" in the record.`);
        return json({});
      });
    },
  };
}

export type JobsApi = ReturnType<typeof createJobsApi>;
