// One error type with typed codes, in the live service's envelope (reference §12 E12):
//   {"error":{"code":"not_found","message":"…","status":"NOT_FOUND"}}
// The SDK reads only `message` and the HTTP status; `status` is kept beside the string code so
// clients written against the older {code:number,status} shape still find a familiar field.

export type ApiErrorCode =
  | "invalid_request"
  | "unauthenticated"
  | "permission_denied"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "resource_exhausted"
  | "prohibited_content"
  | "not_implemented"
  | "internal"
  | "unavailable"
  | "deadline_exceeded";

const HTTP: Record<ApiErrorCode, [number, string]> = {
  invalid_request: [400, "INVALID_ARGUMENT"],
  unauthenticated: [401, "UNAUTHENTICATED"],
  permission_denied: [403, "PERMISSION_DENIED"],
  not_found: [404, "NOT_FOUND"],
  method_not_allowed: [405, "UNIMPLEMENTED"],
  conflict: [409, "ABORTED"],
  payload_too_large: [413, "INVALID_ARGUMENT"],
  unsupported_media_type: [415, "INVALID_ARGUMENT"],
  rate_limited: [429, "RESOURCE_EXHAUSTED"],
  resource_exhausted: [429, "RESOURCE_EXHAUSTED"],
  prohibited_content: [400, "INVALID_ARGUMENT"],
  not_implemented: [501, "UNIMPLEMENTED"],
  internal: [500, "INTERNAL"],
  unavailable: [503, "UNAVAILABLE"],
  deadline_exceeded: [504, "DEADLINE_EXCEEDED"],
};

export interface ApiErrorBody {
  error: { code: string; message: string; status: string };
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly httpStatus: number;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.httpStatus = HTTP[code][0];
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, status: HTTP[this.code][1] } };
  }
  toResponse(headers?: HeadersInit): Response {
    return errorResponse(this.code, this.message, headers);
  }
}

export function errorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message, status: HTTP[code][1] } };
}

export function errorResponse(code: ApiErrorCode, message: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(errorBody(code, message)), { status: HTTP[code][0], headers: h });
}

export function httpStatusOf(code: ApiErrorCode): number {
  return HTTP[code][0];
}

/** Best-effort mapping of an HTTP status to our code (used by the proxy for non-envelope upstream errors). */
export function codeForHttpStatus(status: number): ApiErrorCode {
  if (status === 400) return "invalid_request";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "permission_denied";
  if (status === 404) return "not_found";
  if (status === 405) return "method_not_allowed";
  if (status === 409) return "conflict";
  if (status === 413) return "payload_too_large";
  if (status === 415) return "unsupported_media_type";
  if (status === 429) return "rate_limited";
  if (status === 501) return "not_implemented";
  if (status === 503) return "unavailable";
  if (status === 504) return "deadline_exceeded";
  return "internal";
}
