// Request-body parsing for the engine app: the byte limit is lib/http/body.ts's reader; here, a
// clear 415 for non-JSON content types and a 400 naming the JSON syntax error. Every failure is an ApiError, answered in the API's envelope.
import { readLimited } from "@/lib/http/body";
import { ApiError } from "@/lib/interactions/errors";

export { jsonResponse } from "@/lib/http/json";

export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

export function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`Invalid environment: ${name} must be an integer between ${min} and ${max}.`);
  }
  return n;
}

export async function readBodyText(req: Request, limit: number): Promise<string> {
  return (await readBodyBytes(req, limit)).toString("utf8");
}

/** The raw body bytes (upload chunks), with the same limit. */
export async function readBodyBytes(req: Request, limit: number): Promise<Buffer> {
  const bytes = await readLimited(req, limit);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Parse a JSON request body; refuses other content types, empty bodies and bad JSON with 4xx. */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const contentType = req.headers.get("content-type");
  if (contentType) {
    const mime = (contentType.split(";")[0] ?? "").trim().toLowerCase();
    if (mime !== "application/json" && !mime.endsWith("+json")) {
      void req.body?.cancel().catch(() => {});
      throw new ApiError("unsupported_media_type", `Unsupported Content-Type '${mime}': send the request body as application/json.`);
    }
  }
  const text = await readBodyText(req, limit);
  if (!text.trim()) throw new ApiError("invalid_request", "Invalid JSON payload received. The request body is empty; expected a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : "syntax error";
    throw new ApiError("invalid_request", `Invalid JSON payload received. ${detail}`);
  }
}

/** `true`/`false`/absent → boolean; anything else is a 400 naming the parameter. */
export function queryBool(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  const v = value.toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new ApiError("invalid_request", `Invalid value at '${name}': expected true or false.`);
}
