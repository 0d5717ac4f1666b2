"use client";
// The browser side of /api/jobs (lib/contract/jobs.ts) and the job actions that go to the
// interaction's own backend through the proxy (cancel, delete upstream, retry): each answers what
// the server really said, errors included.
import type { Job, JobsResponse, TrackJobRequest } from "@/lib/contract/jobs";
import type { RecordedInteraction } from "@/lib/record/types";
import { apiFetch } from "./api";
import { cancelInteraction, createOnce, describeError, getClient } from "./interactions-client";
import type { CreateBody } from "./turn-model";

export const jobsApi = {
  list: (signal?: AbortSignal) => apiFetch<JobsResponse>("/api/jobs", { signal }),
  track: (body: TrackJobRequest) => apiFetch<Job>("/api/jobs/track", { method: "POST", json: body }),
  deleteLocal: (id: string) => apiFetch<object>(`/api/jobs/${encodeURIComponent(id)}`, { method: "DELETE" }),
  record: (id: string, signal?: AbortSignal) => apiFetch<RecordedInteraction>(`/api/record/interactions/${encodeURIComponent(id)}`, { signal }),
};

export interface ActionResult {
  ok: boolean;
  message: string;
}

const sessionOf = (job: Pick<Job, "session_id">) => job.session_id ?? "jobs-dashboard";

export async function cancelJob(job: Job): Promise<ActionResult> {
  try {
    const ai = await getClient(job.backend, sessionOf(job));
    const res = await cancelInteraction(ai, job.id);
    return { ok: true, message: `Cancel answered: status ${res.status}` };
  } catch (e) {
    const d = describeError(e);
    return { ok: false, message: `Cancel failed: ${d.httpStatus ? `HTTP ${d.httpStatus} ` : ""}${d.code ? `${d.code} — ` : ""}${d.message}` };
  }
}

export type DeleteScope = "local" | "upstream" | "both";

export async function deleteJob(job: Job, scope: DeleteScope): Promise<ActionResult> {
  const done: string[] = [];
  if (scope !== "local") {
    try {
      const ai = await getClient(job.backend, sessionOf(job));
      await ai.interactions.delete(job.id, {}, { maxRetries: 0 });
      done.push("deleted upstream");
    } catch (e) {
      const d = describeError(e);
      return { ok: false, message: `Upstream delete failed: ${d.httpStatus ? `HTTP ${d.httpStatus} ` : ""}${d.message}` };
    }
  }
  if (scope !== "upstream") {
    try {
      await jobsApi.deleteLocal(job.id);
      done.push("local record deleted");
    } catch (e) {
      return { ok: false, message: `${done.join(", ")}${done.length ? "; " : ""}local delete failed: ${(e as Error).message}` };
    }
  }
  return { ok: true, message: done.join(", ") };
}

/** Start the same (or an edited) request again as a background run in the job's session. */
export async function retryJob(job: Job, body: CreateBody): Promise<ActionResult & { id?: string }> {
  try {
    const ai = await getClient(job.backend, sessionOf(job));
    const res = await createOnce(ai, { ...body, background: true }, AbortSignal.timeout(30_000));
    return { ok: true, message: `Started ${res.id} (${res.status})`, id: res.id };
  } catch (e) {
    const d = describeError(e);
    return { ok: false, message: `Retry failed: ${d.httpStatus ? `HTTP ${d.httpStatus} ` : ""}${d.message}` };
  }
}
