// Checks a request path exactly as it arrived (still percent-encoded), before anything decodes it.
// Next decodes `[id]` / `[...path]` segments before a route handler runs and answers a plain-text
// 500 when that fails, so the root proxy.ts runs this first for paths that hold a `%`; the engine
// app, the proxy handler and the app API run it again themselves, so the standalone engine and
// the unit tests see the same answers. Plain TypeScript: no Next imports, no "server-only" (the
// standalone engine and proxy.ts use it).
import { ApiError } from "@/lib/interactions/errors";

/** Longest path segment we look up (ids, backend names, …), in characters as sent (encoded). */
export const MAX_SEGMENT_CHARS = 512;
/** Longest path we route at all. */
export const MAX_PATH_CHARS = 4096;

// C0 controls (NUL included) and DEL: never part of an id, a version or a resource name.
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONG_SEGMENT = new RegExp(`[^/]{${MAX_SEGMENT_CHARS + 1}}`);

function shown(raw: string): string {
  return raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
}

/**
 * Why this raw pathname can't be routed, as an ApiError (400 in the envelope), or null when every
 * segment decodes to printable text of a sane length. Only the path is checked: query strings are
 * decoded leniently (URLSearchParams never throws) and validated by the handlers.
 */
export function rawPathProblem(pathname: string): ApiError | null {
  if (pathname.length > MAX_PATH_CHARS) {
    return new ApiError("invalid_request", `Request path is too long (${pathname.length} characters; at most ${MAX_PATH_CHARS}).`);
  }
  // Fast path: nothing encoded and nothing odd (the common case costs one regex test).
  if (!pathname.includes("%") && !pathname.includes("/.") && !CONTROL.test(pathname) && !LONG_SEGMENT.test(pathname)) return null;
  for (const seg of pathname.split("/")) {
    if (seg.length > MAX_SEGMENT_CHARS) {
      return new ApiError("invalid_request", `Path segment too long (${seg.length} characters; at most ${MAX_SEGMENT_CHARS}): "${shown(seg)}".`);
    }
    let decoded: string;
    try {
      decoded = seg.includes("%") ? decodeURIComponent(seg) : seg;
    } catch {
      return new ApiError("invalid_request", `Invalid percent-encoding in path segment "${shown(seg)}": it does not decode to UTF-8.`);
    }
    if (decoded === "." || decoded === "..") {
      // `%2e%2e` would be resolved by the router and land outside /api or /engine (an HTML 404).
      return new ApiError("invalid_request", `Invalid path segment "${shown(seg)}": dot segments are not allowed.`);
    }
    if (CONTROL.test(decoded)) {
      return new ApiError("invalid_request", `Invalid path segment "${shown(seg)}": control characters (such as NUL) are not allowed.`);
    }
  }
  return null;
}

/** The 400 response for a raw path that can't be routed, or null. */
export function rawPathResponse(pathname: string): Response | null {
  return rawPathProblem(pathname)?.toResponse({ "cache-control": "no-store" }) ?? null;
}
