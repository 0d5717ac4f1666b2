// The jobs contract (docs/app-api.md, "Background jobs"): request schemas and response types of
// /api/jobs…, shared by the server handlers (lib/app-api/jobs.ts) and the browser (dashboard,
// session pane). Browser-safe: zod and types only.
import { z } from "zod";

export const interactionIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,255}$/, "must be an interaction id (letters, digits, _ . : -)");
export const backendIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be a backend id");
export const apiVersionSchema = z.string().regex(/^v\d+[a-z0-9]*$/, "must be an API version such as v1beta");

/** POST /api/jobs/status: the ids whose status the caller shows; non-terminal ones are refreshed from upstream. */
export const jobStatusRequestSchema = z
  .object({
    ids: z.array(interactionIdSchema).max(1000),
    /** false: read the record only, never upstream. */
    refresh: z.boolean().optional(),
  })
  .strict();
export type JobStatusRequest = z.infer<typeof jobStatusRequestSchema>;

/** POST /api/jobs/track: follow an interaction the playground did not create (e.g. made with curl). */
export const trackJobRequestSchema = z
  .object({
    id: interactionIdSchema,
    backend: backendIdSchema.default("local"),
    api_version: apiVersionSchema.default("v1beta"),
  })
  .strict();
export type TrackJobRequest = z.input<typeof trackJobRequestSchema>;

export const listJobsQuerySchema = z.object({
  status: z.string().max(40).optional(),
  backend: backendIdSchema.optional(),
  q: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export const deleteJobQuerySchema = z.object({ scope: z.literal("local").optional() });

/** Why a job's GET answered 404: within the grace period after its create (the live service does this), or gone. */
export type NotFoundState = "grace" | "gone";

export interface Job {
  id: string;
  backend: string;
  api_version: string;
  session_id: string | null;
  model?: string;
  agent?: string;
  status: string;
  /** Terminal status, or gone (404 after the grace period): nothing more to poll. */
  terminal: boolean;
  created_ms: number;
  completed_ms: number | null;
  /** When status or progress (steps, tokens) last changed, as far as the playground saw. */
  last_change_ms: number;
  /** When the record was last refreshed from upstream (null: never). */
  refreshed_ms: number | null;
  /** Generated steps so far. */
  steps: number;
  tokens: number | null;
  /** The prompt text (first 200 characters), for search and display. */
  prompt: string;
  /** Added with "Track an interaction id" (not created from a session). */
  tracked: boolean;
  not_found: NotFoundState | null;
  /** Set when a running job's status and progress have not changed for longer than JOBS_STUCK_MS: for how long. */
  stuck_ms: number | null;
  error: { code?: string; message?: string } | null;
  deleted_upstream: boolean;
}

export interface JobsResponse {
  jobs: Job[];
  /** Server time of the answer (ms since epoch), so elapsed times don't depend on the browser clock. */
  now_ms: number;
}

// The poll pace lives apart (no zod) so the browser's poller does not load this module's schemas.
export { nextPollDelay } from "./poll-delay";
