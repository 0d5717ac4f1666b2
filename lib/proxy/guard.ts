// The origin/host guard in front of every /api/* and /engine/* route handler.
//
// - DNS rebinding: a page on evil.example whose name re-resolves to 127.0.0.1 reaches us with
//   `Host: evil.example:3000`. Only loopback names (any port) and APP_ALLOWED_HOSTS pass.
// - CSRF: a browser names the page that sent a request in `Origin` (always on cross-origin POST/PUT/
//   PATCH/DELETE and on fetch/XHR). When it is present it must be this app's own origin (same
//   scheme-less host[:port] as the Host header). `Sec-Fetch-Site: cross-site` is refused outright.
// - Clients that send no Origin (the Node SDK, curl) pass on an allowed Host.
//
// It is applied per route through `withGuard` rather than in a root proxy.ts: Next 16 documents
// proxy.ts as a last resort, not a security boundary, and a proxy that runs for requests with
// bodies also buffers them (a limit below our MAX_BODY_BYTES). A wrapper cannot be skipped by a
// matcher mistake, and it is unit-testable with plain Request objects.
import "server-only";
import { errorResponse } from "@/lib/interactions/errors";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface GuardOptions {
  /** Extra allowed hosts: `name` (any port) or `name:port`, lower case (APP_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
}

interface HostParts {
  hostname: string;
  /** `hostname[:port]` as sent, lower-cased, without default-port normalisation. */
  authority: string;
}

function parseAuthority(value: string): HostParts | null {
  const v = value.trim().toLowerCase();
  if (!v || /[\s/?#@\\]/.test(v)) return null;
  try {
    const u = new URL(`http://${v}`);
    if (u.username || u.password || u.pathname !== "/") return null;
    return { hostname: u.hostname, authority: v };
  } catch {
    return null;
  }
}

function hostAllowed(host: HostParts, extra: readonly string[]): boolean {
  if (LOOPBACK.has(host.hostname)) return true;
  for (const entry of extra) {
    if (entry === host.hostname || entry === host.authority) return true;
  }
  return false;
}

/** Why a request is refused, or null when it may pass. Exported for tests and for the docs table. */
export function guardReason(req: Request, opts: GuardOptions = {}): string | null {
  // Node's HTTP server always fills Host for HTTP/1.1; a Request built in-process may not, and
  // then its URL is the only authority it has (Next builds req.url from the Host header).
  const rawHost = req.headers.get("host") ?? safeUrlHost(req.url);
  const host = rawHost ? parseAuthority(rawHost) : null;
  if (!host) return "missing or malformed Host header";
  if (!hostAllowed(host, opts.allowedHosts ?? [])) return `host "${host.hostname}" is not allowed`;

  const site = req.headers.get("sec-fetch-site");
  if (site && site.toLowerCase() === "cross-site") return "cross-site request";

  const origin = req.headers.get("origin");
  if (origin !== null) {
    let o: URL;
    try {
      o = new URL(origin);
    } catch {
      return "foreign origin";
    }
    if (o.protocol !== "http:" && o.protocol !== "https:") return "foreign origin";
    if (o.host.toLowerCase() !== normaliseDefaultPort(host.authority, o.protocol)) return "foreign origin";
  }
  return null;
}

/** `Origin` drops a default port (http://h:80 → http://h); make the Host comparable. */
function normaliseDefaultPort(authority: string, protocol: string): string {
  if (protocol === "http:" && authority.endsWith(":80")) return authority.slice(0, -3);
  if (protocol === "https:" && authority.endsWith(":443")) return authority.slice(0, -4);
  return authority;
}

function safeUrlHost(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/** 403 envelope, or null when the request may pass. */
export function checkGuard(req: Request, opts: GuardOptions = {}): Response | null {
  const reason = guardReason(req, opts);
  if (!reason) return null;
  return errorResponse("permission_denied", `Request refused by the origin/host guard: ${reason}.`, {
    "cache-control": "no-store",
  });
}

/** Wrap a route handler so the guard runs first. `opts` is read per request (env may be lazy). */
export function withGuard<A extends unknown[]>(
  handler: (req: Request, ...rest: A) => Promise<Response> | Response,
  opts: GuardOptions | (() => GuardOptions) = {},
): (req: Request, ...rest: A) => Promise<Response> {
  return async (req, ...rest) => {
    const refused = checkGuard(req, typeof opts === "function" ? opts() : opts);
    if (refused) return refused;
    return handler(req, ...rest);
  };
}
