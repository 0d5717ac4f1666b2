// Methods a route under /api/ does not implement: a JSON 405 in the error envelope with an `Allow`
// header (Next's own answer would be an empty 405 without one), and OPTIONS answered with the
// same `Allow`. A route file exports its handlers and then the rest from its handlers:
//
//   export const GET = getSessionRoute;
//   export const DELETE = deleteSessionRoute;
//   export const { POST, PUT, PATCH, OPTIONS } = otherMethods({ GET, DELETE });
//
// HEAD comes with GET (Next answers it from the GET handler); without GET it is refused too. The
// unit test (methods.test.ts) checks that every route file under app/api/ covers every method.
import { errorResponse } from "@/lib/interactions/errors";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Implemented = Partial<Record<HttpMethod, unknown>>;
/** What a route leaves to otherMethods: everything it does not export (HEAD too, unless GET serves it). */
export type OtherMethod<T extends Implemented> = Exclude<HttpMethod, keyof T | ("GET" extends keyof T ? "HEAD" : never)>;
type Answer = (req: Request) => Response;

/** The `Allow` list of a route implementing `implemented`, in a fixed order (HEAD with GET; OPTIONS always). */
export function allowedMethods(implemented: readonly string[]): HttpMethod[] {
  const has = new Set(implemented.map((m) => m.toUpperCase()));
  return HTTP_METHODS.filter((m) => has.has(m) || (m === "HEAD" && has.has("GET")) || m === "OPTIONS");
}

/** 405 in the envelope, naming the method and what the route allows. */
export function methodNotAllowed(method: string, allow: readonly string[]): Response {
  const list = allow.join(", ");
  return errorResponse("method_not_allowed", `Method ${method.slice(0, 20)} is not allowed on this path (allowed: ${list}).`, {
    allow: list,
    "cache-control": "no-store",
  });
}

/** The handlers for every method `implemented` does not have: 405 for each, 204 with `Allow` for OPTIONS. */
export function otherMethods<const T extends Implemented>(implemented: T): Record<OtherMethod<T>, Answer> {
  const allow = allowedMethods(Object.keys(implemented));
  const out: Partial<Record<HttpMethod, Answer>> = {};
  for (const m of HTTP_METHODS) {
    if (m in implemented || (m === "HEAD" && "GET" in implemented)) continue;
    out[m] = m === "OPTIONS" ? () => new Response(null, { status: 204, headers: { allow: allow.join(", ") } }) : (req) => methodNotAllowed(req.method, allow);
  }
  return out as Record<OtherMethod<T>, Answer>;
}
