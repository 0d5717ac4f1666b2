// Saved MCP headers, injected server-side into a create request's `mcp_server` tools before the
// proxy forwards it (docs/configurator.md, "MCP servers"). The browser never holds the values: the
// configurator sends `{type: "mcp_server", name, url, allowed_tools}` and this module adds the
// saved entry's headers on the way out.
//
// Matching, by the tool's `name` (entry names are unique):
// - no saved entry has that name → the tool is forwarded as it is (a header-less server, or one
//   typed with its own headers in the raw Tools JSON);
// - the tool carries non-empty `headers` of its own → forwarded as it is (explicit headers win);
// - a saved entry has that name and the same URL → its headers are set on the tool;
// - a saved entry has that name but another URL → refused (400): the request refers to an entry
//   that is not saved any more as it was (edited elsewhere, or a different server under the same
//   name), and sending it without its headers would fail in a less clear way at the MCP server.
//
// The injected values are returned so the proxy can redact them from what it answers and logs; the
// recorder masks them in the stored request (lib/interactions/tool-secrets.ts).
import "server-only";
import { toolSecretValues } from "@/lib/interactions/tool-secrets";

export interface SavedMcpEntry {
  name: string;
  url: string;
  headers: { name: string; value: string }[];
}

export interface SavedMcpLookup {
  byName(name: string): SavedMcpEntry | undefined;
}

export type InjectResult = { ok: true; body: Uint8Array; secrets: string[] } | { ok: false; message: string };

const MARKER = Buffer.from('"mcp_server"');

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a.trim() === b.trim();
  }
}

const hasOwnHeaders = (h: unknown) => !!h && typeof h === "object" && !Array.isArray(h) && Object.keys(h).length > 0;

/**
 * The body with saved headers set on each `mcp_server` tool that refers to a saved entry (the same
 * bytes when nothing refers to one), or why the request is refused. Never throws for bad JSON:
 * a body that does not parse is forwarded untouched, for the backend to report.
 */
export function injectMcpHeaders(body: Uint8Array, lookup: SavedMcpLookup): InjectResult {
  const unchanged: InjectResult = { ok: true, body, secrets: [] };
  if (Buffer.from(body.buffer, body.byteOffset, body.byteLength).indexOf(MARKER) < 0) return unchanged;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return unchanged;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return unchanged;
  const tools = (parsed as { tools?: unknown }).tools;
  if (!Array.isArray(tools)) return unchanged;
  let changed = false;
  const out: unknown[] = [];
  for (const [i, tool] of tools.entries()) {
    const t = tool as { type?: unknown; name?: unknown; url?: unknown; headers?: unknown } | null;
    if (!t || typeof t !== "object" || t.type !== "mcp_server" || typeof t.name !== "string" || hasOwnHeaders(t.headers)) {
      out.push(tool);
      continue;
    }
    const entry = lookup.byName(t.name);
    if (!entry) {
      out.push(tool);
      continue;
    }
    if (typeof t.url !== "string" || !sameUrl(t.url, entry.url)) {
      return {
        ok: false,
        message:
          `Invalid value at 'tools[${i}]': the MCP server "${t.name}" names a saved entry whose URL is ${entry.url}, but the request gives ${typeof t.url === "string" ? t.url.slice(0, 300) : "no URL"}. ` +
          `Pick the entry again in the configurator (it was changed or removed), or give this tool another name to send it without the saved headers.`,
      };
    }
    changed = true;
    out.push(entry.headers.length ? { ...t, headers: Object.fromEntries(entry.headers.map((h) => [h.name, h.value])) } : tool);
  }
  if (!changed) return unchanged;
  const next = { ...(parsed as Record<string, unknown>), tools: out };
  return { ok: true, body: new TextEncoder().encode(JSON.stringify(next)), secrets: toolSecretValues(next) };
}
