// The one limited body reader, used by engine, proxy and app API. Content-Length is checked first
// (cheap refusal), and bytes are counted while reading (a missing or lying Content-Length cannot get
// past the limit). Node-only, no Next imports: the standalone engine uses it too.
import { z } from "zod";
import { ApiError, errorResponse } from "@/lib/interactions/errors";

/** After the limit, keep draining (and discarding) this much so the client can read the 413. */
const DRAIN_BYTES = 64 * 1024 * 1024;

export type BodyResult = { ok: true; body: Uint8Array } | { ok: false; response: Response };

function tooLarge(max: number): ApiError {
  return new ApiError("payload_too_large", `Request body exceeds the limit of ${max} bytes (MAX_BODY_BYTES).`);
}

/** Read the whole body, at most `max` bytes; throws an ApiError (413, or 400 when the read fails). */
export async function readLimited(req: Request, max: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > max) {
    void req.body?.cancel().catch(() => {});
    throw tooLarge(max);
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      n += value.byteLength;
      if (n > max) {
        // Keep reading (and discarding) a while, so the client finishes sending and can read the
        // 413 instead of seeing a reset connection; past that, cut it off.
        let drained = 0;
        for (;;) {
          const more = await reader.read();
          if (more.done) break;
          drained += more.value.byteLength;
          if (drained > DRAIN_BYTES) break;
        }
        void reader.cancel().catch(() => {});
        throw tooLarge(max);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError("invalid_request", `Could not read the request body: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, n);
}

/** {@link readLimited} as a result: the failure is the envelope response to send. */
export async function readBody(req: Request, max: number): Promise<BodyResult> {
  try {
    return { ok: true, body: await readLimited(req, max) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, response: e.toResponse() };
    throw e;
  }
}

/** Parse a small JSON body with a zod schema; every failure is a 400 envelope (413 when too big). */
export async function parseJsonBody<T extends z.ZodType>(
  req: Request,
  schema: T,
  max = 1024 * 1024,
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
  const read = await readBody(req, max);
  if (!read.ok) return read;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(read.body));
  } catch {
    return { ok: false, response: errorResponse("invalid_request", "Request body must be JSON.") };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return { ok: false, response: errorResponse("invalid_request", `Invalid request body: ${msg}`) };
  }
  return { ok: true, data: parsed.data };
}
