// The `vertex` backend: Google's Interactions API on Vertex AI, forwarded like `gemini`. The browser
// speaks the Gemini path style (`/v1beta/interactions…`, the web SDK with a placeholder key); this
// module rewrites it to the path style the SDK uses with `vertexai: true`
// (`/v1beta1/projects/{p}/locations/{l}/interactions…`, see getGoogleGenAIAPIVersion in
// @google/genai) on the host the location implies, and injects `Authorization: Bearer <token>`.
//
// Credentials (lib/app-api/settings.ts resolves them, Settings before env): an OAuth access token
// (used as is; it expires after about an hour), or a credentials JSON read with google-auth-library
// so tokens refresh: a service-account key (a self-signed JWT with the cloud-platform scope, the
// flow Google's own Cloud client libraries use; no token endpoint is called), an `authorized_user`
// file from `gcloud auth application-default login` (refresh token exchanged at its `token_uri`),
// or another type google-auth-library reads (external_account, impersonated_service_account, …);
// or, with none of those, application default credentials discovery (the gcloud ADC file,
// a metadata server). Every token, refresh token and client secret is a secret of this backend:
// redacted from every response, message and record row; never logged.
import { ENGINE_HEADER } from "@/lib/contract/backend-id";
import "server-only";
import { createHash } from "node:crypto";
import { GoogleAuth, JWT, UserRefreshClient, type AuthClient } from "google-auth-library";
import { ApiError, codeForHttpStatus, errorBody } from "@/lib/interactions/errors";
import { forwardHttp, type Backend } from "./backends";

export const VERTEX_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** The SDK's default Vertex version (VERTEX_AI_API_DEFAULT_VERSION in @google/genai). */
export const VERTEX_API_VERSION = "v1beta1";
/** Locations the SDK sends to `aiplatform.{loc}.rep.googleapis.com` (MULTI_REGIONAL_LOCATIONS). */
const MULTI_REGIONAL = new Set(["us", "eu"]);

export type VertexCredential =
  | { kind: "access_token"; token: string; source: "env" | "settings" }
  | { kind: "json"; json: string; source: "env" | "settings"; origin: string }
  | { kind: "adc"; source: "adc" }
  /** A credential that cannot be used (e.g. GOOGLE_APPLICATION_CREDENTIALS names no readable file): every request answers 401 saying why. */
  | { kind: "invalid"; message: string; source: "env" | "settings" };

export interface VertexConfig {
  project: string | null;
  location: string;
  /** VERTEX_BASE_URL (tests, the engine as Vertex); else the host the location implies. */
  baseUrl: string | null;
  credential: VertexCredential;
}

/** The host the SDK uses for a location (no trailing slash). */
export function vertexOrigin(location: string): string {
  if (location === "global") return "https://aiplatform.googleapis.com";
  if (MULTI_REGIONAL.has(location)) return `https://aiplatform.${location}.rep.googleapis.com`;
  return `https://${location}-aiplatform.googleapis.com`;
}

export function vertexBaseUrl(cfg: Pick<VertexConfig, "baseUrl" | "location">): string {
  return (cfg.baseUrl ?? vertexOrigin(cfg.location)).replace(/\/+$/, "");
}

/**
 * `/v1beta/interactions/abc` → `/v1beta1/projects/{p}/locations/{l}/interactions/abc`; the upload
 * paths likewise (`/upload/v1beta/…` → `/upload/v1beta1/projects/{p}/locations/{l}/…`). `v1` stays
 * `v1` (Vertex's GA surface); any alpha/beta version becomes `v1beta1`. A path already in the Vertex
 * style (`/{v}/projects/…`) keeps its project and location (a client that knows what it is doing).
 */
export function vertexPath(path: string, project: string, location: string): string {
  const segs = path.split("/"); // ["", v, …] or ["", "upload", v, …]
  const at = segs[1] === "upload" ? 2 : 1;
  const version = segs[at] ?? "";
  segs[at] = /^v\d+$/.test(version) ? version : VERTEX_API_VERSION;
  if (segs[at + 1] === "projects") return segs.join("/");
  segs.splice(at + 1, 0, "projects", encodeURIComponent(project), "locations", encodeURIComponent(location));
  return segs.join("/");
}

/** Google's error shape (`{error:{code:401,message,status:"UNAUTHENTICATED"}}`) → the Interactions envelope (`code` a string). */
export function toEnvelope(status: number, text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed; // some Google frontends answer a one-element array
  const e = (first as { error?: Record<string, unknown> } | null)?.error;
  if (!e || typeof e !== "object" || typeof e.message !== "string") return null;
  if (typeof e.code === "string") return Array.isArray(parsed) ? JSON.stringify(first) : null; // already the envelope
  // The string code is Google's status lower-cased (UNAUTHENTICATED → unauthenticated), the way the
  // Interactions API names its codes; without a status, the HTTP status decides.
  // INVALID_ARGUMENT is the Interactions API's `invalid_request`.
  const fallback = errorBody(codeForHttpStatus(status), e.message).error;
  const known = typeof e.status === "string" && /^[A-Z_]{1,64}$/.test(e.status);
  const out: { error: Record<string, unknown> } = {
    error: {
      code: known ? (e.status === "INVALID_ARGUMENT" ? "invalid_request" : (e.status as string).toLowerCase()) : fallback.code,
      message: e.message,
      status: known ? e.status : fallback.status,
    },
  };
  if (Array.isArray(e.details) && e.details.length) out.error.details = e.details;
  return JSON.stringify(out);
}

/** A source of Bearer tokens for one credential; `secrets()` lists every token it handed out (recent ones). */
export interface TokenSource {
  token(url: string): Promise<string>;
  secrets(): string[];
}

export interface TokenSourceOptions {
  /** Injected in tests (google-auth-library's own transport otherwise). */
  fetch?: typeof fetch;
}

function parseJson(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* below */
  }
  throw new ApiError("unauthenticated", "The Vertex AI credentials are not a JSON object.");
}

/** The secret fields of a credentials JSON (for redaction). */
export function credentialSecrets(json: string): string[] {
  try {
    const o = JSON.parse(json) as Record<string, unknown>;
    return ["private_key", "client_secret", "refresh_token", "private_key_id"].map((k) => o[k]).filter((v): v is string => typeof v === "string");
  } catch {
    return [];
  }
}

function authClientFor(cred: VertexCredential, opts: TokenSourceOptions): Promise<AuthClient> | AuthClient {
  const transporterOptions = opts.fetch ? { fetchImplementation: opts.fetch } : undefined;
  if (cred.kind === "adc") return new GoogleAuth({ scopes: [VERTEX_SCOPE], clientOptions: transporterOptions ? { transporterOptions } : undefined }).getClient();
  if (cred.kind !== "json") throw new Error("not a credentials JSON");
  const o = parseJson(cred.json);
  if (o.type === "service_account") {
    const jwt = new JWT({
      email: o.client_email as string,
      key: o.private_key as string,
      keyId: typeof o.private_key_id === "string" ? o.private_key_id : undefined,
      scopes: [VERTEX_SCOPE],
      ...(transporterOptions ? { transporterOptions } : {}),
    });
    // A self-signed JWT carrying the scope (what Google's Cloud client libraries send to
    // aiplatform): signed locally with the key, renewed before it expires, no token endpoint.
    jwt.useJWTAccessWithScope = true;
    return jwt;
  }
  if (o.type === "authorized_user") {
    const tokenUri = typeof o.token_uri === "string" ? o.token_uri : undefined;
    return new UserRefreshClient({
      clientId: o.client_id as string,
      clientSecret: o.client_secret as string,
      refreshToken: o.refresh_token as string,
      ...(tokenUri ? { endpoints: { oauth2TokenUrl: tokenUri } } : {}),
      ...(typeof o.quota_project_id === "string" ? { quotaProjectId: o.quota_project_id } : {}),
      ...(transporterOptions ? { transporterOptions } : {}),
    });
  }
  return new GoogleAuth({ credentials: o as never, scopes: [VERTEX_SCOPE], clientOptions: transporterOptions ? { transporterOptions } : undefined }).getClient();
}

/** google-auth-library's errors carry the token endpoint's answer; keep the message short and key-free. */
function authFailure(e: unknown, what: string, secrets: readonly string[]): ApiError {
  const err = e as { message?: string; response?: { status?: number; data?: unknown } };
  let detail = err?.message ?? String(e);
  const data = err?.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  if (data && typeof data === "object" && typeof data.error === "string") {
    detail = `${data.error}${typeof data.error_description === "string" ? `: ${data.error_description}` : ""}`;
  }
  for (const s of secrets) if (s && detail.includes(s)) detail = detail.split(s).join("[redacted]");
  return new ApiError("unauthenticated", `Vertex AI credentials (${what}) could not produce an access token: ${detail.slice(0, 300)}`);
}

export function createTokenSource(cred: VertexCredential, opts: TokenSourceOptions = {}): TokenSource {
  if (cred.kind === "access_token") return { token: async () => cred.token, secrets: () => [cred.token] };
  if (cred.kind === "invalid")
    return {
      token: async () => {
        throw new ApiError("unauthenticated", cred.message);
      },
      secrets: () => [],
    };
  const what = cred.kind === "adc" ? "application default credentials" : cred.origin;
  const fixed = cred.kind === "json" ? credentialSecrets(cred.json) : [];
  const minted: string[] = [];
  let client: Promise<AuthClient> | null = null;
  return {
    async token(url) {
      try {
        client ??= Promise.resolve(authClientFor(cred, opts));
        const headers = await (await client).getRequestHeaders(url);
        const auth = headers.get("authorization");
        const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
        if (!m?.[1]) throw new Error("no Bearer token in the credential's request headers");
        if (!minted.includes(m[1])) {
          minted.push(m[1]);
          if (minted.length > 8) minted.shift(); // a token stays a secret for 8 renewals (hours)
        }
        return m[1];
      } catch (e) {
        if (e instanceof ApiError) throw e;
        client = null; // a broken client is rebuilt on the next request (e.g. a fixed file)
        throw authFailure(e, what, [...fixed, ...minted]);
      }
    },
    secrets: () => [...fixed, ...minted],
  };
}

export interface VertexBackendOptions {
  config: () => VertexConfig;
  connectTimeoutMs: () => number;
  /** Injected in tests: the upstream fetch and the credential transport. */
  fetch?: typeof fetch;
  authFetch?: typeof fetch;
}

/** A stable signature of a credential, so a change in Settings builds a new token source. */
function credentialSig(c: VertexCredential): string {
  const raw = c.kind === "access_token" ? `t:${c.token}` : c.kind === "json" ? `j:${c.json}` : c.kind === "invalid" ? `x:${c.message}` : "adc";
  return createHash("sha256").update(raw).digest("hex");
}

export function createVertexBackend(opts: VertexBackendOptions): Backend {
  let cached: { sig: string; source: TokenSource } | undefined;
  const retired: string[] = []; // tokens of replaced sources stay redacted
  const source = (): TokenSource => {
    const c = opts.config().credential;
    const sig = credentialSig(c);
    if (!cached || cached.sig !== sig) {
      if (cached) retired.push(...cached.source.secrets());
      retired.splice(0, Math.max(0, retired.length - 32));
      cached = { sig, source: createTokenSource(c, { fetch: opts.authFetch }) };
    }
    return cached.source;
  };
  const describe = () => {
    const cfg = opts.config();
    return `vertex (${safeOrigin(vertexBaseUrl(cfg))}${cfg.project ? `, project ${cfg.project}, ${cfg.location}` : ", no project"})`;
  };
  const notConfigured = () =>
    new ApiError(
      "unauthenticated",
      "Vertex AI is not configured: set a project (Settings, or GOOGLE_CLOUD_PROJECT) and a credential (an access token, a credentials JSON, GOOGLE_APPLICATION_CREDENTIALS or application default credentials).",
    );
  async function send(r: Parameters<Backend["send"]>[0]): Promise<Response> {
    const cfg = opts.config();
    if (!cfg.project) throw notConfigured();
    const path = vertexPath(r.path, cfg.project, cfg.location);
    const token = await source().token(`${vertexBaseUrl(cfg)}/`);
    const headers = new Headers(r.headers);
    headers.set("authorization", `Bearer ${token}`);
    const res = await forwardHttp(
      { ...r, path },
      { baseUrl: vertexBaseUrl(cfg), headers, connectTimeoutMs: opts.connectTimeoutMs(), describe: describe(), fetch: opts.fetch },
    );
    if (res.status < 400) return res;
    const text = await res.text().catch(() => "");
    const mapped = toEnvelope(res.status, text);
    const out = new Headers(res.headers);
    out.delete("content-length");
    out.delete("content-encoding");
    out.delete("x-goog-api-key");
    if (mapped) out.set("content-type", "application/json; charset=utf-8");
    return new Response(mapped ?? text, { status: res.status, headers: out });
  }

  return {
    id: "vertex",
    label: "Vertex AI",
    configured: () => {
      const cfg = opts.config();
      return !!cfg.project;
    },
    secrets: () => [...retired, ...(cached?.source.secrets() ?? []), ...secretsOf(opts.config().credential)],
    describe,
    send,
    async health(signal) {
      // A token (the credential works), then a GET of an id that cannot exist: 404 not_found means
      // the endpoint is there and took the token; 401/403 say why not.
      try {
        const res = await send({
          method: "GET",
          path: "/v1beta/interactions/health-probe",
          search: "",
          headers: new Headers({ accept: "application/json" }),
          body: null,
          signal,
        });
        const text = await res.text().catch(() => "");
        if (res.ok || res.status === 404) return { ok: true, message: `${describe()}: token accepted (HTTP ${res.status} for a probe id)`, engine: res.headers.has(ENGINE_HEADER) };
        let detail = "";
        try {
          const m = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
          if (typeof m === "string") detail = `: ${m.slice(0, 300)}`;
        } catch {
          /* not JSON */
        }
        return { ok: false, message: `${describe()} answered HTTP ${res.status}${detail}` };
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

function secretsOf(c: VertexCredential): string[] {
  if (c.kind === "access_token") return [c.token];
  if (c.kind === "json") return credentialSecrets(c.json);
  return [];
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "invalid VERTEX_BASE_URL";
  }
}
