// Next 16's root proxy (formerly middleware). One job: refuse request paths under /api/ and /engine/
// whose segments can't be decoded (`%FF`, `%E0%A4%A`), hold NUL or other control characters, or are
// over-long — with a 400 in the API's error envelope, before Next's router decodes `[id]` /
// `[...path]` and answers a plain-text 500 instead (lib/http/raw-path.ts).
//
// The matcher only takes paths that contain a `%` (Next tests it against the raw path): every
// other request — every SSE stream, every upload — never enters the proxy, so nothing is buffered
// (a matched proxy clones request bodies up to `proxyClientMaxBodySize`) and nothing is added to
// time to first byte. Paths without a `%` can't fail to decode; the handlers check their length.
// Everything else (origin/host guard, validation) stays in the route handlers: see lib/proxy/guard.ts.
import { rawPathResponse } from "@/lib/http/raw-path";
import { errorResponse } from "@/lib/interactions/errors";

export function proxy(request: Request): Response | undefined {
  // `request.url` keeps the percent-encoding as sent (the WHATWG parser never decodes the path),
  // but it does resolve encoded dot segments: `/engine/%2e%2e/x` arrives here as `/x`.
  const { pathname } = new URL(request.url);
  if (!/^\/(api|engine)(\/|$)/.test(pathname)) {
    return errorResponse("invalid_request", "Invalid request path: encoded dot segments (%2e%2e) may not leave /api or /engine.", {
      "cache-control": "no-store",
    });
  }
  return rawPathResponse(pathname) ?? undefined;
}

export const config = {
  matcher: ["/(api|engine)/(.*%.*)"],
};
