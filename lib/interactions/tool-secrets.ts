// MCP server headers (often a bearer token) are secrets: the engine needs them to call the server,
// but nothing that echoes a request's `tools` may carry them back — not a create response, a GET,
// a stream event, an export or the app's record. One redaction, shared by the engine and the
// recorder, so both agree on the marker and on which values count.

/** What a redacted header value reads as, wherever `tools` is echoed. */
export const REDACTED_HEADER_VALUE = "[redacted]";

type ToolLike = { type?: unknown; headers?: unknown; [k: string]: unknown };

function isMcpWithHeaders(t: unknown): t is ToolLike & { headers: Record<string, unknown> } {
  const tool = t as ToolLike | null;
  return !!tool && typeof tool === "object" && tool.type === "mcp_server" && !!tool.headers && typeof tool.headers === "object" && !Array.isArray(tool.headers);
}

/** A copy of `tools` with every mcp_server header value replaced by the marker (names kept, so a user sees which headers were sent). */
export function redactToolSecrets<T>(tools: T): T {
  if (!Array.isArray(tools) || !tools.some(isMcpWithHeaders)) return tools;
  return tools.map((t) =>
    isMcpWithHeaders(t) ? { ...t, headers: Object.fromEntries(Object.keys(t.headers).map((k) => [k, REDACTED_HEADER_VALUE])) } : t,
  ) as T;
}

/** A request body with its tools redacted (other fields untouched; the same object when nothing is secret). */
export function redactRequestSecrets<T>(body: T): T {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const tools = (body as { tools?: unknown }).tools;
  const redacted = redactToolSecrets(tools);
  return redacted === tools ? body : ({ ...body, tools: redacted } as T);
}

/**
 * The header values of a request's mcp_server tools, to redact from free text (an upstream or an
 * error message that repeats one). Also the part after "Bearer " alone, since that is what a server
 * would quote back. Very short values are skipped: they would mask ordinary words.
 */
export function toolSecretValues(body: unknown): string[] {
  const tools = body && typeof body === "object" ? (body as { tools?: unknown }).tools : undefined;
  if (!Array.isArray(tools)) return [];
  const out = new Set<string>();
  for (const t of tools) {
    if (!isMcpWithHeaders(t)) continue;
    for (const v of Object.values(t.headers)) {
      if (typeof v !== "string") continue;
      const value = v.trim();
      if (value.length >= 6) out.add(value);
      const token = value.replace(/^(?:bearer|basic|token)\s+/i, "");
      if (token !== value && token.length >= 6) out.add(token);
    }
  }
  // Longest first, so a value is masked whole before a part of it could be.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Text with every given value masked (for messages the engine writes from a server's answer). */
export function maskSecretValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED_HEADER_VALUE);
  return out;
}
