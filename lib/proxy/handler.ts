// The Interactions proxy: `/api/backends/{backend}/{version}/{…path}?{query}` → `{base}/{version}/{…path}?{query}`.
//
// - Method, body, status and content type pass through; the response body is the upstream's bytes,
//   one enqueue per upstream read (never re-serialised per event: see
//   ../shared/reference/sse-proxy-performance.md), with keys redacted in place if an upstream echoes one.
// - Request headers: hop-by-hop, host, origin, referer, cookie, authorization, x-goog-api-key,
//   forwarding and sec-* headers and our x-playground-session are dropped; the backend injects its key.
// - Errors always reach the browser in the API envelope; an envelope from upstream passes through.
// - Interaction operations are teed into the recorder (lib/record/recorder.ts).
import "server-only";
import { rawPathProblem } from "@/lib/http/raw-path";
import { ApiError, codeForHttpStatus, errorBody, errorResponse, type ApiErrorCode } from "@/lib/interactions/errors";
import type { Recorder, RecordOp, Tracker } from "@/lib/record/recorder";
import { UpstreamUnreachable, type Backend } from "./backends";
import { SESSION_ID_PATTERN } from "@/lib/contract/session-id";
import { readBody } from "@/lib/http/body";
import { containsSecret, redactBytes, redactText, secretBytes, usableSecrets } from "@/lib/http/secrets";
import { injectMcpHeaders, type SavedMcpLookup } from "./mcp-inject";

export const SESSION_HEADER = "x-playground-session";

export interface ProxyOptions {
  backends: Record<string, Backend>;
  recorder?: Recorder | null;
  env: { MAX_BODY_BYTES: number };
  /** Where the proxy is mounted; the backend id is the next path segment. */
  basePath?: string;
  /** Error logger; messages are already redacted. */
  log?: (message: string) => void;
  /** Saved MCP server entries: their headers are injected into a create's mcp_server tools (mcp-inject.ts) and redacted from every answer. */
  mcp?: { lookup: () => SavedMcpLookup; secrets: () => string[] };
}

/** An API version segment: `v1`, `v1beta`, `v1alpha`, `v1beta1`, `v2`… */
const API_VERSION = /^v\d+(alpha|beta)?\d*$/;

/**
 * Whether a backend path (`/{…}`, still encoded) is the Interactions API surface the proxy
 * forwards: `/{version}/…` or the upload paths `/upload/{version}/…`. Everything else — the
 * engine's `/admin/…` above all — answers 404 here; the playground reaches admin functions through
 * its own app API.
 */
export function isApiSurface(path: string): boolean {
  const segs = path.split("/"); // ["", first, second, …]
  if (API_VERSION.test(segs[1] ?? "")) return true;
  return segs[1] === "upload" && API_VERSION.test(segs[2] ?? "") && segs.length > 3 && segs[3] !== "";
}

/** Request headers never forwarded upstream. */
const DROP_REQUEST = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "origin",
  "referer",
  "cookie",
  "authorization",
  "x-goog-api-key",
  SESSION_HEADER,
  "content-length",
  "accept-encoding",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-proto",
  "x-real-ip",
]);

/** Response headers never passed back (the body is re-framed and decoded by fetch). */
const DROP_RESPONSE = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "content-encoding",
  "set-cookie",
  "alt-svc",
  "strict-transport-security",
]);

const MAX_ERROR_BODY = 1024 * 1024;
const MAX_RECORDED_JSON = 64 * 1024 * 1024;

function listedInConnection(h: Headers): Set<string> {
  const v = h.get("connection");
  return new Set(v ? v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean) : []);
}

export function cleanRequestHeaders(incoming: Headers): Headers {
  const extra = listedInConnection(incoming);
  const out = new Headers();
  incoming.forEach((value, name) => {
    const n = name.toLowerCase();
    if (DROP_REQUEST.has(n) || extra.has(n) || n.startsWith("sec-") || n.startsWith("x-middleware-") || n.startsWith("next-")) return;
    out.append(n, value);
  });
  return out;
}

function cleanResponseHeaders(upstream: Headers, secrets: readonly string[]): Headers {
  const extra = listedInConnection(upstream);
  const out = new Headers();
  upstream.forEach((value, name) => {
    const n = name.toLowerCase();
    if (DROP_RESPONSE.has(n) || extra.has(n)) return;
    if (containsSecret(value, secrets)) return; // an echoed key: drop the whole header
    out.append(n, value);
  });
  return out;
}

/**
 * A resumable upload's start answers with `X-Goog-Upload-URL` on the upstream (Google's host, or
 * the in-process engine's); the client must send its chunks back through this proxy (which holds
 * the key), so the URL becomes `{our origin}{basePath}/{backend}/upload/…?{query}`. A URL that is
 * not an upload path is dropped rather than handed to the client.
 */
export function rewriteUploadUrl(headers: Headers, proxyUrl: URL, basePath: string, backendId: string): void {
  const raw = headers.get("x-goog-upload-url");
  if (raw === null) return;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    headers.delete("x-goog-upload-url");
    return;
  }
  const at = u.pathname.indexOf("/upload/");
  if (at < 0) {
    headers.delete("x-goog-upload-url");
    return;
  }
  headers.set("x-goog-upload-url", `${proxyUrl.origin}${basePath}/${encodeURIComponent(backendId)}${u.pathname.slice(at)}${u.search}`);
}

/**
 * The origin the client addressed (its Host header), for URLs handed back to it: under `next
 * start` req.url may name another host (localhost for a page on 127.0.0.1), and a browser would
 * then send the upload's chunks cross-origin and fail. A Host that is not a plain host[:port]
 * falls back to req.url's.
 */
export function clientOrigin(req: Request, url: URL): URL {
  const host = req.headers.get("host");
  if (!host || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(host)) return url;
  return new URL(`${url.protocol}//${host}`);
}

/** Which recorded operation a path is, if any: `{v}[/projects/p/locations/l]/interactions[/{id}[/cancel]]`. */
export function classify(method: string, path: string, search: URLSearchParams): { op: RecordOp; apiVersion: string } | null {
  const m = /^\/([^/]+)(?:\/projects\/[^/]+\/locations\/[^/]+)?\/interactions(?:\/([^/]+)(\/cancel)?)?\/?$/.exec(path);
  if (!m) return null;
  const apiVersion = m[1] as string;
  let id: string | null = null;
  if (m[2]) {
    try {
      id = decodeURIComponent(m[2]);
    } catch {
      return null;
    }
  }
  if (!id) return method === "POST" ? { op: { kind: "create" }, apiVersion } : null;
  if (m[3]) return method === "POST" ? { op: { kind: "cancel", id }, apiVersion } : null;
  if (method === "GET") {
    return {
      op: { kind: "get", id, stream: search.get("stream") === "true", lastEventId: search.get("last_event_id") || null },
      apiVersion,
    };
  }
  if (method === "DELETE") return { op: { kind: "delete", id }, apiVersion };
  return null;
}

function isEnvelope(v: unknown): boolean {
  if (!v || typeof v !== "object") return false;
  const e = (v as { error?: unknown }).error;
  return !!e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string";
}

function statusCode(status: number): ApiErrorCode {
  if (status === 502 || status === 503) return "unavailable";
  return codeForHttpStatus(status);
}

/** Text of an HTML/plain error page, shortened for a message. */
function snippet(text: string): string {
  const t = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}

async function readAllCapped(body: ReadableStream<Uint8Array> | null, cap: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (n + value.byteLength > cap) {
      parts.push(value.subarray(0, cap - n));
      n = cap;
      await reader.cancel().catch(() => {});
      break;
    }
    parts.push(value);
    n += value.byteLength;
  }
  return Buffer.concat(parts, n);
}

interface TeeHooks {
  secrets: Uint8Array[];
  onChunk?: (chunk: Uint8Array, tMs: number) => void;
  onEnd?: (kind: "complete" | "aborted" | "error", tMs: number) => void;
}

/**
 * Forward a body chunk by chunk, untouched (unless a key must be redacted). The hooks see each
 * chunk right after it was handed on, in the same turn: they must be cheap (the recorder's
 * `chunk()` only copies the bytes into its buffer, lib/record/chunk-log.ts, and parses them once
 * the stream is quiet), so nothing is queued or scheduled per chunk. Order is kept: chunks, then
 * the end. Cancelling (the browser went away) cancels the upstream read, which closes the
 * upstream connection or ends the engine's stream.
 */
export function teeBody(body: ReadableStream<Uint8Array>, hooks: TeeHooks, onHookError: (e: unknown) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = (kind: "complete" | "aborted" | "error") => {
    if (finished) return;
    finished = true;
    if (!hooks.onEnd) return;
    try {
      hooks.onEnd(kind, Date.now());
    } catch (e) {
      onHookError(e);
    }
  };
  const onChunk = hooks.onChunk;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        controller.error(e);
        finish("error");
        return;
      }
      if (r.done) {
        controller.close();
        finish("complete");
        return;
      }
      const out = hooks.secrets.length ? redactBytes(r.value, hooks.secrets) : r.value;
      controller.enqueue(out);
      if (onChunk) {
        try {
          onChunk(out, Date.now());
        } catch (e) {
          onHookError(e);
        }
      }
    },
    cancel(reason) {
      finish("aborted");
      return reader.cancel(reason).catch(() => {});
    },
  });
}

export function createProxyHandler(opts: ProxyOptions): (req: Request) => Promise<Response> {
  const basePath = (opts.basePath ?? "/api/backends").replace(/\/+$/, "");
  const log = opts.log ?? ((m: string) => console.error(`[proxy] ${m}`));
  const allSecrets = () => usableSecrets([...Object.values(opts.backends).flatMap((b) => b.secrets()), ...(opts.mcp?.secrets() ?? [])]);

  return async function proxy(req: Request): Promise<Response> {
    const secrets = allSecrets();
    const fail = (code: ApiErrorCode, message: string) => errorResponse(code, redactText(message, secrets));
    try {
      const url = new URL(req.url);
      const badPath = rawPathProblem(url.pathname);
      if (badPath) return fail(badPath.code, badPath.message);
      if (!url.pathname.startsWith(`${basePath}/`)) return fail("not_found", `Not a proxy path: ${url.pathname}`);
      const rest = url.pathname.slice(basePath.length + 1);
      const slash = rest.indexOf("/");
      let backendId = slash < 0 ? rest : rest.slice(0, slash);
      try {
        backendId = decodeURIComponent(backendId);
      } catch {
        /* a malformed escape: reported as an unknown backend below */
      }
      const path = slash < 0 ? "" : rest.slice(slash);
      const backend = Object.hasOwn(opts.backends, backendId) ? opts.backends[backendId] : undefined;
      if (!backend) {
        return fail("not_found", `Unknown backend "${backendId}". Known backends: ${Object.keys(opts.backends).join(", ")}.`);
      }
      if (!path || path === "/") {
        return fail("not_found", `No API path: use ${basePath}/${backendId}/{version}/… (e.g. /v1beta/interactions).`);
      }
      if (!isApiSurface(path)) {
        // Never the engine's control plane (/admin/…) nor anything else a backend happens to serve.
        return fail(
          "not_found",
          `Not an Interactions API path: ${path.length > 200 ? `${path.slice(0, 200)}…` : path}. The proxy forwards only ${basePath}/${backendId}/{version}/… (e.g. /v1beta/interactions) and /upload/{version}/….`,
        );
      }

      const sessionHeader = req.headers.get(SESSION_HEADER);
      if (sessionHeader !== null && !SESSION_ID_PATTERN.test(sessionHeader)) {
        return fail("invalid_request", `${SESSION_HEADER} must be 1-128 characters of letters, digits, "_", ".", ":" or "-".`);
      }

      const method = req.method.toUpperCase();
      let body: Uint8Array | null = null;
      if (method !== "GET" && method !== "HEAD") {
        const read = await readBody(req, opts.env.MAX_BODY_BYTES);
        if (!read.ok) return read.response;
        body = read.body;
      }
      if (body && opts.mcp && classify(method, path, url.searchParams)?.op.kind === "create") {
        const injected = injectMcpHeaders(body, opts.mcp.lookup());
        if (!injected.ok) return fail("invalid_request", injected.message);
        body = injected.body;
      }

      const classified = opts.recorder ? classify(method, path, url.searchParams) : null;
      let tracker: Tracker | null = null;
      const startedMs = Date.now();
      if (classified && opts.recorder) {
        let request: unknown;
        if (classified.op.kind === "create" && body) {
          try {
            request = JSON.parse(new TextDecoder().decode(body));
          } catch {
            request = { _unparseable_body: new TextDecoder().decode(body.subarray(0, 2048)) };
          }
        }
        try {
          tracker = opts.recorder.track({
            op: classified.op,
            backend: backend.id,
            apiVersion: classified.apiVersion,
            sessionId: sessionHeader,
            request,
            startedMs,
          });
        } catch (e) {
          log(`recorder unavailable: ${redactText(e instanceof Error ? e.message : String(e), secrets)}`);
        }
      }
      const hookError = (e: unknown) => log(`recorder: ${redactText(e instanceof Error ? e.message : String(e), secrets)}`);
      const safely = (fn: () => void) => {
        try {
          fn();
        } catch (e) {
          hookError(e);
        }
      };

      let upstream: Response;
      try {
        upstream = await backend.send({
          method,
          path,
          search: url.search,
          headers: cleanRequestHeaders(req.headers),
          body,
          signal: req.signal,
        });
      } catch (e) {
        if (e instanceof ApiError) return fail(e.code, e.message);
        if (req.signal.aborted) return fail("unavailable", "The client closed the request.");
        const detail = e instanceof UpstreamUnreachable ? e.message : `${backend.describe()}: ${e instanceof Error ? e.message : String(e)}`;
        log(`unreachable: ${redactText(detail, secrets)}`);
        return fail("unavailable", `Backend unreachable: ${detail}`);
      }

      const contentType = upstream.headers.get("content-type") ?? "";
      const headers = cleanResponseHeaders(upstream.headers, secrets);
      rewriteUploadUrl(headers, clientOrigin(req, url), basePath, backend.id);
      const tRes = Date.now();

      if (upstream.status >= 400) {
        const raw = await readAllCapped(upstream.body, MAX_ERROR_BODY).catch(() => new Uint8Array(0));
        const text = redactText(new TextDecoder().decode(raw), secrets);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        let out: Response;
        if (isEnvelope(parsed)) {
          headers.set("content-type", contentType || "application/json; charset=utf-8");
          out = new Response(text, { status: upstream.status, headers });
        } else {
          const code = statusCode(upstream.status);
          const detail = snippet(text);
          const message = `Upstream ${backend.id} returned HTTP ${upstream.status}${detail ? `: ${detail}` : ""}`;
          const h = new Headers({ "content-type": "application/json; charset=utf-8" });
          const retryAfter = upstream.headers.get("retry-after");
          if (retryAfter) h.set("retry-after", retryAfter);
          out = new Response(JSON.stringify(errorBody(code, message)), { status: upstream.status, headers: h });
        }
        if (tracker) {
          const t = tracker;
          safely(() => t.response(upstream.status, false, tRes));
          const recorded = isEnvelope(parsed) ? text : JSON.stringify(errorBody(statusCode(upstream.status), snippet(text)));
          safely(() => t.body(recorded, Date.now()));
          safely(() => t.end("complete", Date.now()));
        }
        return out;
      }

      const isSse = contentType.toLowerCase().startsWith("text/event-stream");
      if (isSse) {
        headers.set("cache-control", "no-cache, no-transform");
        headers.set("x-accel-buffering", "no");
      }
      if (!upstream.body) {
        if (tracker) {
          const t = tracker;
          safely(() => t.response(upstream.status, isSse, tRes));
          safely(() => t.body("", tRes));
          safely(() => t.end("complete", tRes));
        }
        return new Response(null, { status: upstream.status, headers });
      }

      const sBytes = secretBytes(secrets);
      if (tracker && !isSse) {
        // A tracked JSON answer (an Interaction, or `{}` for delete) is one small document: read it
        // whole, record it, then answer. The record does not depend on the client reading the body.
        const t = tracker;
        safely(() => t.response(upstream.status, false, tRes));
        let raw: Uint8Array;
        try {
          raw = redactBytes(await readAllCapped(upstream.body, Number.MAX_SAFE_INTEGER), sBytes);
        } catch (e) {
          safely(() => t.end("error", Date.now()));
          if (req.signal.aborted) return fail("unavailable", "The client closed the request.");
          return fail("unavailable", `Backend unreachable: ${backend.describe()}: the response broke off (${e instanceof Error ? e.message : String(e)})`);
        }
        if (raw.byteLength <= MAX_RECORDED_JSON) safely(() => t.body(new TextDecoder().decode(raw), Date.now()));
        safely(() => t.end("complete", Date.now()));
        return new Response(raw as Uint8Array<ArrayBuffer>, { status: upstream.status, headers });
      }
      let hooks: TeeHooks = { secrets: sBytes };
      if (tracker) {
        const t = tracker;
        safely(() => t.response(upstream.status, true, tRes));
        hooks = { secrets: sBytes, onChunk: (c, tm) => t.chunk(c, tm), onEnd: (k, tm) => t.end(k, tm) };
      }
      return new Response(teeBody(upstream.body, hooks, hookError), { status: upstream.status, headers });
    } catch (e) {
      if (e instanceof ApiError) return fail(e.code, e.message);
      const msg = e instanceof Error ? e.message : String(e);
      log(`unexpected: ${redactText(msg, secrets)}`);
      return fail("internal", `Proxy error: ${msg}`);
    }
  };
}
