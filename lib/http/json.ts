// JSON responses: plain JSON for results, and the error envelope (lib/interactions/errors.ts) for
// every failure of an app-API handler, with server-side secrets redacted. No Next imports.
import { ApiError, errorResponse } from "@/lib/interactions/errors";
import { redactText } from "./secrets";

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** A JSON response without the app API's `no-store` default (the engine's own responses). */
export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Run an app-API handler: ApiError → its envelope; anything else → an internal envelope (redacted, logged). */
export async function handle(secrets: () => readonly string[], fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) return errorResponse(e.code, redactText(e.message, secrets()));
    const msg = redactText(e instanceof Error ? e.message : String(e), secrets());
    console.error(`[api] ${msg}`);
    return errorResponse("internal", `Internal error: ${msg}`);
  }
}
