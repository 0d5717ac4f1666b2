// The app API's contract (docs/app-api.md): zod schemas for every request and response of
// /api/sessions, /api/record/interactions, /api/backends, /api/health and /api/settings, with the
// types derived from them. Browser-safe: imports zod (and wire *types*) only. Handlers parse with
// the request schemas; the browser uses the types. One name per concept.
import { z } from "zod";
import type { Interaction } from "@/lib/interactions/types";
import { BACKEND_IDS } from "./backend-id";
import { SESSION_ID_MESSAGE, SESSION_ID_PATTERN } from "./session-id";

export { isValidSessionId, SESSION_ID_PATTERN } from "./session-id";
export const SessionId = z.string().regex(SESSION_ID_PATTERN, SESSION_ID_MESSAGE);

export { BACKEND_IDS } from "./backend-id";
export const BackendId = z.enum(BACKEND_IDS);
export type BackendId = z.infer<typeof BackendId>;

// --- the record -----------------------------------------------------------------------------

export const Session = z.object({
  id: z.string(),
  title: z.string(),
  created: z.number(),
  updated: z.number(),
  turn_count: z.number().int(),
});
export type Session = z.infer<typeof Session>;

/** One recorded interaction (the record's turn). */
export const Turn = z.object({
  interaction_id: z.string(),
  session_id: z.string(),
  backend: z.string(),
  api_version: z.string(),
  /** The exact JSON body the browser sent with the create. */
  request: z.record(z.string(), z.unknown()),
  /** The folded result: generated steps only (as the create response holds them). */
  interaction: z.custom<Interaction>((v) => typeof v === "object" && v !== null).nullable(),
  status: z.string(),
  model: z.string().optional(),
  agent: z.string().optional(),
  previous_interaction_id: z.string().optional(),
  stream: z.boolean(),
  background: z.boolean(),
  store: z.boolean(),
  /** Arrival times at the proxy, ms since epoch. */
  created_ms: z.number(),
  first_event_ms: z.number().nullable(),
  completed_ms: z.number().nullable(),
  /** A terminal event or status was seen. */
  terminal: z.boolean(),
  last_event_id: z.string().nullable(),
  event_count: z.number().int(),
  http_status: z.number().int(),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).nullable(),
  /** A DELETE for this id went through the proxy and succeeded: the record is kept, the upstream copy is gone. */
  deleted_upstream: z.boolean(),
});
export type Turn = z.infer<typeof Turn>;

/** One raw line the proxy passed through, with its arrival time (ms since epoch). */
export const RecordedLine = z.object({ seq: z.number().int(), t_ms: z.number(), line: z.string() });
export type RecordedLine = z.infer<typeof RecordedLine>;

/** `GET /api/record/interactions/{id}`: the turn with every raw line. */
export const RecordedInteraction = Turn.extend({ events: z.array(RecordedLine) });
export type RecordedInteraction = z.infer<typeof RecordedInteraction>;

/** `GET /api/sessions/{id}` (the browser reads a 404 as `{ session: null, turns: [] }`). */
export const SessionDetail = z.object({ session: Session.nullable(), turns: z.array(Turn) });
export type SessionDetail = z.infer<typeof SessionDetail>;

export const SessionList = z.object({ sessions: z.array(Session) });
export type SessionList = z.infer<typeof SessionList>;

export const TurnList = z.object({ turns: z.array(Turn) });
export type TurnList = z.infer<typeof TurnList>;

const title = z.string().trim().max(200);
export const CreateSessionBody = z.object({ id: SessionId.optional(), title: title.optional() }).strict();
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;
export const PatchSessionBody = z.object({ title }).strict();
export type PatchSessionBody = z.infer<typeof PatchSessionBody>;
export const ListSessionsQuery = z.object({ q: z.string().max(500).optional() });
export const ListTurnsQuery = z.object({
  background: z.enum(["true", "false"]).optional(),
  session: SessionId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

// --- backends, health, settings -------------------------------------------------------------

/** A model or agent id the engine knows (the catalog entry). */
export const KnownId = z.object({
  id: z.string(),
  label: z.string(),
  /** True when the engine runs it on the local simulator. */
  simulated: z.boolean(),
});
export type KnownId = z.infer<typeof KnownId>;

export const BackendInfo = z.object({
  id: BackendId,
  label: z.string(),
  configured: z.boolean(),
  simulated: z.boolean(),
  default: z.boolean(),
  /** The backend's own model list when it has one (openai: fetched from the server's `/models`). */
  models: z.array(KnownId).optional(),
});
export type BackendInfo = z.infer<typeof BackendInfo>;

/** A regular expression as the engine reports it (RegExp source and flags). */
export const IdPattern = z.object({ source: z.string(), flags: z.string() });
export type IdPattern = z.infer<typeof IdPattern>;

export const BackendsResponse = z.object({
  backends: z.array(BackendInfo),
  models: z.array(KnownId),
  agents: z.array(KnownId),
  /** Unlisted ids the embedded engine still runs on its simulator (the simulated models and agents rule). */
  simulated_patterns: z.object({ models: z.array(IdPattern), agents: z.array(IdPattern) }).optional(),
});
export type BackendsResponse = z.infer<typeof BackendsResponse>;

export const HealthQuery = z.object({ backend: BackendId });
/** `DELETE /api/settings/key?backend=`: which saved settings to remove (default gemini). */
export const DeleteKeyQuery = z.object({ backend: z.enum(["gemini", "openai", "vertex"]).default("gemini") });
export const HealthResponse = z.object({
  backend: z.string(),
  ok: z.boolean(),
  latency_ms: z.number(),
  message: z.string(),
  /** The upstream answered as a playground engine (ENGINE_HEADER): its simulated ids run on its simulator. */
  engine: z.boolean().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const KeySource = z.enum(["env", "settings"]).nullable();
export type KeySource = z.infer<typeof KeySource>;

/** `GET/PUT /api/settings`, `DELETE /api/settings/key`: the key only ever masked. */
export const SettingsView = z.object({
  gemini: z.object({ configured: z.boolean(), source: KeySource, masked: z.string().nullable(), base_url: z.string() }),
  /** The OpenAI-compatible server: configured = a base URL is set (the key is optional, e.g. Ollama). */
  openai: z
    .object({
      configured: z.boolean(),
      base_url: z.string().nullable(),
      base_url_source: KeySource,
      key_source: KeySource,
      masked: z.string().nullable(),
    })
    .optional(),
  /**
   * Vertex AI: project and location in clear; the credential only as its kind, where it comes from and,
   * for an access token, masked. A credentials JSON is never echoed (only its type and, for a service
   * account, its client_email).
   */
  vertex: z
    .object({
      configured: z.boolean(),
      project: z.string().nullable(),
      project_source: KeySource,
      location: z.string(),
      location_source: KeySource,
      /** Where requests go (VERTEX_BASE_URL, or the host the location implies). */
      base_url: z.string(),
      /** Which credential is used: "access_token", "service_account", "authorized_user", another credentials JSON type, "adc" or null. */
      credential: z.string().nullable(),
      credential_source: z.enum(["env", "settings", "adc"]).nullable(),
      /** The access token masked, or the service account's client_email; never a secret. */
      credential_hint: z.string().nullable(),
    })
    .optional(),
});
export type SettingsView = z.infer<typeof SettingsView>;

const apiKey = z
  .string()
  .trim()
  .min(8, "must be at least 8 characters")
  .max(512, "must be at most 512 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

const httpBaseUrl = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .refine((v) => {
    try {
      const u = new URL(v);
      return /^https?:$/.test(u.protocol) && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "must be an http(s) URL without credentials, e.g. http://127.0.0.1:11434/v1")
  .transform((v) => v.replace(/\/+$/, ""));

/** A Google Cloud project id (or number). */
const gcpProject = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.:-]{0,127}$/i, "must be a Google Cloud project id such as my-project-123");
/** A Vertex AI location: `global`, `us`, `eu` or a region such as `us-central1`. */
export const VertexLocation = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, "must be a Vertex AI location such as global, us-central1 or europe-west4");
/** An OAuth access token (Bearer), e.g. from `gcloud auth print-access-token`. */
const accessToken = z
  .string()
  .trim()
  .min(16, "must be at least 16 characters")
  .max(4096, "must be at most 4096 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

/**
 * A Google credentials JSON (a service-account key, an `authorized_user` ADC file, or another type
 * google-auth-library reads), checked for the fields its type needs. Kept as the text.
 */
export const GoogleCredentialsJson = z
  .string()
  .trim()
  .max(64 * 1024, "must be at most 64 KiB")
  .superRefine((text, ctx) => {
    const problem = credentialsProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Why a credentials JSON text is unusable, or null. Browser-safe; never echoes a value. */
export function credentialsProblem(text: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return "must be a JSON object (a service-account key or an application default credentials file)";
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return "must be a JSON object";
  const o = v as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === "string" && (o[k] as string).length > 0;
  if (typeof o.type !== "string") return 'must have a "type" (service_account, authorized_user, external_account, …)';
  if (o.type === "service_account") {
    if (!str("client_email") || !str("private_key")) return 'a service_account key needs "client_email" and "private_key"';
    if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(o.private_key as string)) return '"private_key" must be a PEM private key';
  } else if (o.type === "authorized_user") {
    if (!str("client_id") || !str("client_secret") || !str("refresh_token")) return 'an authorized_user file needs "client_id", "client_secret" and "refresh_token"';
  } else if (!["external_account", "external_account_authorized_user", "impersonated_service_account", "gdch_service_account"].includes(o.type)) {
    return `unsupported credentials type "${String(o.type).slice(0, 40)}"`;
  }
  for (const k of ["token_uri", "token_url"]) {
    if (o[k] === undefined) continue;
    try {
      if (!/^https?:$/.test(new URL(String(o[k])).protocol)) return `"${k}" must be an http(s) URL`;
    } catch {
      return `"${k}" must be an http(s) URL`;
    }
  }
  return null;
}

/** Any of the keys; at least one. */
export const PutSettingsBody = z
  .object({
    gemini_api_key: apiKey.optional(),
    openai_api_key: apiKey.optional(),
    openai_base_url: httpBaseUrl.optional(),
    vertex_project: gcpProject.optional(),
    vertex_location: VertexLocation.optional(),
    vertex_access_token: accessToken.optional(),
    vertex_credentials: GoogleCredentialsJson.optional(),
  })
  .strict()
  .refine(
    (b) => Object.values(b).some((v) => v !== undefined),
    "set at least one of gemini_api_key, openai_api_key, openai_base_url, vertex_project, vertex_location, vertex_access_token, vertex_credentials",
  )
  .refine((b) => !(b.vertex_access_token !== undefined && b.vertex_credentials !== undefined), "set vertex_access_token or vertex_credentials, not both");
export type PutSettingsBody = z.infer<typeof PutSettingsBody>;
/** What the Vertex form sends (any of the four). */
export type VertexSettingsInput = Partial<Pick<PutSettingsBody, "vertex_project" | "vertex_location" | "vertex_access_token" | "vertex_credentials">>;
