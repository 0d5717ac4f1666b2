// OpenAI's error shape for the compatibility path: `{"error":{"message","type","param","code"}}`
// with the HTTP status, which the `openai` client turns into BadRequestError, NotFoundError, …
// Engine errors (ApiError, in the Interactions envelope) are re-expressed in this shape.
import { ApiError } from "@/lib/interactions/errors";

export type OpenAiErrorType = "invalid_request_error" | "authentication_error" | "permission_error" | "not_found_error" | "rate_limit_error" | "server_error";

export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: OpenAiErrorType,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "OpenAiError";
  }
}

function typeForStatus(status: number): OpenAiErrorType {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

export function toOpenAiError(err: unknown): OpenAiError {
  if (err instanceof OpenAiError) return err;
  if (err instanceof ApiError) return new OpenAiError(err.httpStatus, err.message, typeForStatus(err.httpStatus), null, err.code);
  console.error("[engine] unexpected error on the OpenAI compatibility path:", err);
  return new OpenAiError(500, "Internal error in the local engine.", "server_error");
}

export function openAiErrorResponse(err: unknown): Response {
  const e = toOpenAiError(err);
  return new Response(JSON.stringify({ error: { message: e.message, type: e.type, param: e.param, code: e.code } }), {
    status: e.status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}
