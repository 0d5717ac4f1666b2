// The proxy's upstreams. `local` is the embedded engine, called in-process through its fetch
// handler (no socket); `gemini` is GEMINI_BASE_URL over fetch (undici) with the key injected here.
import "server-only";
import { ApiError } from "@/lib/interactions/errors";

export interface UpstreamRequest {
  method: string;
  /** Everything after `/api/backends/{backend}`, still percent-encoded: `/v1beta/interactions/abc`. */
  path: string;
  /** `""` or `?…`, passed through untouched. */
  search: string;
  /** Already cleaned of hop-by-hop, browser credentials and our own headers. */
  headers: Headers;
  body: Uint8Array | null;
  /** Aborts when the browser goes away. */
  signal: AbortSignal;
}

export interface Backend {
  id: string;
  label: string;
  /** Whether the backend can take requests (gemini: a key is set). */
  configured(): boolean;
  /** Values that must never leave the server (keys), redacted from every response and message. */
  secrets(): string[];
  /** Where requests go, for messages ("gemini (https://…)"). Never includes a key. */
  describe(): string;
  /** Throws `ApiError` for refusals we decide (no key) and `UpstreamUnreachable` for transport failures. */
  send(req: UpstreamRequest): Promise<Response>;
  /** Its own health probe, used instead of a proxied GET (answers ok and a message; never throws). */
  health?(signal: AbortSignal): Promise<{ ok: boolean; message: string; engine?: boolean }>;
  /** Its own model list (openai: the server's `/models`); throws a readable Error. */
  models?(signal: AbortSignal): Promise<{ id: string; label: string; simulated: boolean }[]>;
}

export class UpstreamUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamUnreachable";
  }
}

export interface EngineLike {
  fetch(req: Request): Promise<Response>;
}

/** The embedded engine: an in-process `fetch(Request)`; its paths start at `/{version}/…`. */
export function createLocalBackend(opts: {
  engine: () => EngineLike | Promise<EngineLike>;
  /** The engine's own secrets (e.g. OPENAI_API_KEY), so an error that echoes one is redacted. */
  secrets?: () => (string | undefined)[];
  simulated?: () => boolean;
  /** Another engine of the process (e.g. "openai"); default "local". */
  id?: string;
  label?: string;
  describe?: () => string;
  /** Default: always. When false, `send` throws `refusal()` before touching the engine. */
  configured?: () => boolean;
  refusal?: () => ApiError;
  /** A health probe of its own (the openai engine's is the upstream server's `/models`). */
  health?: Backend["health"];
}): Backend {
  const configured = opts.configured ?? (() => true);
  return {
    id: opts.id ?? "local",
    label: opts.label ?? "Local engine",
    configured,
    secrets: () => (opts.secrets?.() ?? []).filter((s): s is string => !!s),
    describe: opts.describe ?? (() => "local engine (in-process)"),
    ...(opts.health ? { health: opts.health } : {}),
    async send(r) {
      if (!configured()) throw opts.refusal?.() ?? new ApiError("unavailable", `The ${opts.id ?? "local"} backend is not configured.`);
      let engine: EngineLike;
      try {
        engine = await opts.engine();
      } catch (e) {
        throw new UpstreamUnreachable(`the local engine failed to start: ${e instanceof Error ? e.message : String(e)}`);
      }
      const init: RequestInit = { method: r.method, headers: r.headers, signal: r.signal };
      if (r.body && r.method !== "GET" && r.method !== "HEAD") init.body = r.body as Uint8Array<ArrayBuffer>; // bytes we read ourselves: never a SharedArrayBuffer
      try {
        return await engine.fetch(new Request(`http://engine.internal${r.path}${r.search}`, init));
      } catch (e) {
        if (r.signal.aborted) throw e;
        throw new UpstreamUnreachable(`the local engine failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

const UNDICI_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

interface DispatchHandler {
  [k: string]: unknown;
}
interface Dispatcher {
  dispatch(opts: Record<string, unknown>, handler: DispatchHandler): boolean;
}

/**
 * A dispatcher over Node's global undici Agent that (1) lifts undici's 300 s headers/body
 * timeouts, since a foreground run or a quiet agent stream may take longer and the browser's
 * disconnect is what ends a request, and (2) adds a connect timeout: if the request has not
 * reached a connected socket within `connectMs` (DNS + TCP + TLS), `onTimeout` fires. Detection
 * is any handler callback other than onError (undici calls onConnect once the socket is ready).
 * Returns undefined when the runtime has no undici global dispatcher (then fetch's defaults apply).
 */
function connectTimeoutDispatcher(connectMs: number, onTimeout: () => void): Dispatcher | undefined {
  if (typeof Headers !== "undefined") new Headers(); // Node initialises undici lazily
  const global = (globalThis as Record<symbol, unknown>)[UNDICI_DISPATCHER] as Dispatcher | undefined;
  if (!global || typeof global.dispatch !== "function") return undefined;
  return {
    dispatch(dispatchOpts, handler) {
      let settled = false;
      const timer = setTimeout(() => {
        if (!settled) onTimeout();
      }, connectMs);
      timer.unref?.();
      const done = () => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
        }
      };
      const wrapped = new Proxy(handler, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target);
          if (typeof v !== "function") return v;
          return (...args: unknown[]) => {
            done();
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      return global.dispatch({ ...dispatchOpts, headersTimeout: 0, bodyTimeout: 0 }, wrapped);
    },
  };
}

function describeFetchError(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "DNS lookup failed",
    ECONNRESET: "connection reset",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    UND_ERR_SOCKET: "connection closed",
    UND_ERR_CONNECT_TIMEOUT: "connect timeout",
  };
  if (code && known[code]) return known[code];
  return err?.cause?.message ?? err?.message ?? String(e);
}

export interface GeminiBackendOptions {
  baseUrl: () => string;
  /** The key to inject (env or Settings), or null. */
  key: () => string | null;
  connectTimeoutMs: () => number;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * One request to an HTTP upstream at `{baseUrl}{path}{search}`: no 300 s header/body timeouts, a
 * connect timeout, redirects not followed; a transport failure becomes `UpstreamUnreachable`
 * ("{describe}: connection refused"). Shared by the `gemini` and `vertex` backends.
 */
export async function forwardHttp(
  r: UpstreamRequest,
  opts: { baseUrl: string; headers: Headers; connectTimeoutMs: number; describe: string; fetch?: typeof fetch },
): Promise<Response> {
  const connectMs = opts.connectTimeoutMs;
  const connect = new AbortController();
  const dispatcher = connectTimeoutDispatcher(connectMs, () => connect.abort(new UpstreamUnreachable(`no connection within ${connectMs} ms`)));
  const init: RequestInit & { dispatcher?: Dispatcher } = {
    method: r.method,
    headers: opts.headers,
    signal: AbortSignal.any([r.signal, connect.signal]),
    redirect: "manual",
  };
  if (r.body && r.method !== "GET" && r.method !== "HEAD") init.body = r.body as Uint8Array<ArrayBuffer>; // bytes we read ourselves: never a SharedArrayBuffer
  if (dispatcher) init.dispatcher = dispatcher;
  const url = `${opts.baseUrl.replace(/\/+$/, "")}${r.path}${r.search}`;
  try {
    return await (opts.fetch ?? fetch)(url, init);
  } catch (e) {
    if (r.signal.aborted) throw e;
    if (connect.signal.aborted) throw new UpstreamUnreachable(`${opts.describe}: no connection within ${connectMs} ms`);
    throw new UpstreamUnreachable(`${opts.describe}: ${describeFetchError(e)}`);
  }
}

export function createGeminiBackend(opts: GeminiBackendOptions): Backend {
  const describe = () => `gemini (${safeOrigin(opts.baseUrl())})`;
  return {
    id: "gemini",
    label: "Gemini API",
    configured: () => !!opts.key(),
    secrets: () => {
      const k = opts.key();
      return k ? [k] : [];
    },
    describe,
    async send(r) {
      const key = opts.key();
      if (!key) {
        throw new ApiError(
          "unauthenticated",
          "No Gemini API key is configured. Set one in Settings, or set GEMINI_API_KEY in the server's environment.",
        );
      }
      const headers = new Headers(r.headers);
      headers.set("x-goog-api-key", key);
      return forwardHttp(r, { baseUrl: opts.baseUrl(), headers, connectTimeoutMs: opts.connectTimeoutMs(), describe: describe(), fetch: opts.fetch });
    },
  };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "invalid GEMINI_BASE_URL";
  }
}
