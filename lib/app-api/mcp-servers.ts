// App API for saved MCP server entries (/api/mcp-servers…): zod first, errors in the API's
// envelope, testable without Next (routes are one line each). Header values go in, are kept in
// APP_DB (McpServersStore) and never come out: every view masks them, every message is scrubbed
// of them. "Test connection" lists the server's tools with the engine's own MCP client
// (listMcpTools) through the engine's egress policy — the same code a local run uses.
import "server-only";
import type Database from "better-sqlite3";
import { McpServerCreate, McpServerUpdate, type McpReach, type McpServerView, type McpTestResult } from "@/lib/contract/mcp-servers";
import { defaultToolEgress, type EgressOptions } from "@/lib/engine/tools/egress";
import { listMcpTools, McpFailure, type McpOptions, type McpToolInfo } from "@/lib/engine/tools/mcp";
import { checkEgressUrl, classifyAddress, EgressError } from "@/lib/http/egress";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";
import { errorResponse } from "@/lib/interactions/errors";
import { maskSecretValues, toolSecretValues } from "@/lib/interactions/tool-secrets";
import { McpNameTaken, McpServersStore, type McpHeader, type McpServerRow } from "./mcp-servers-store";

export interface McpIdParams {
  params: Promise<{ id: string }>;
}

const DOTS = "••••••";

/** A header value as the UI shows it: the last 4 characters of a long value, else nothing at all. */
export function maskHeaderValue(value: string): string {
  return value.length >= 16 ? `${DOTS}${value.slice(-4)}` : DOTS;
}

/** Where the URL's host is, from the URL alone (no DNS): loopback, a private/local network, or public. */
export function reachOf(url: string): McpReach {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  } catch {
    return "public";
  }
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  const cls = classifyAddress(host);
  if (cls === "loopback") return "loopback";
  if (cls === "public") return "public";
  if (cls !== "invalid") return "private"; // private, link-local, metadata, reserved…: not on the internet
  // A name: single-label names and the local-only suffixes resolve on this network only.
  if (!host.includes(".") || /\.(local|internal|lan|home\.arpa|intranet|corp)$/.test(host)) return "private";
  return "public";
}

export function viewOf(row: McpServerRow): McpServerView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    headers: row.headers.map((h) => ({ name: h.name, masked: maskHeaderValue(h.value) })),
    reach: reachOf(row.url),
    created: row.created,
    updated: row.updated,
  };
}

/** Every saved header value (and the token after "Bearer "), to scrub from any text that leaves the server. */
export function savedHeaderSecrets(rows: readonly McpServerRow[]): string[] {
  return toolSecretValues({ tools: rows.map((r) => ({ type: "mcp_server", headers: Object.fromEntries(r.headers.map((h) => [h.name, h.value])) })) });
}

/** A failed test, in words a user can act on; the stage decides the HTTP status. */
export function describeTestFailure(e: unknown, entry: McpServerRow): { code: "invalid_request" | "unauthenticated" | "unavailable" | "permission_denied"; message: string } {
  const what = `MCP server "${entry.name}"`;
  if (e instanceof EgressError) {
    if (e.code === "refused") return { code: "permission_denied", message: `${what} was not contacted: the egress policy refuses this address (${e.message}). See docs/egress.md (ENGINE_TOOLS_ALLOW_LOOPBACK, ENGINE_ALLOW_PRIVATE_EGRESS).` };
    if (e.code === "dns") return { code: "unavailable", message: `${what} is unreachable: ${e.message}.` };
    return { code: "invalid_request", message: `${what} has an unusable URL: ${e.message}.` };
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof McpFailure && e.stage === "url") return { code: "invalid_request", message: `${what} has an unusable URL: ${msg}.` };
  if (/\b(401|403)\b|unauthori[sz]ed|forbidden/i.test(msg)) {
    return { code: "unauthenticated", message: `${what} refused the credentials (authentication failed): check its headers. Details: ${msg}` };
  }
  if (/refused .*(private|loopback|link-local|metadata|reserved|address)/i.test(msg)) {
    return { code: "permission_denied", message: `${what} was not contacted: the egress policy refuses this address. Details: ${msg}` };
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|timed out|fetch failed|failed:/i.test(msg)) {
    return { code: "unavailable", message: `${what} is unreachable (nothing answered at ${safeOrigin(entry.url)}). Details: ${msg}` };
  }
  return { code: "unavailable", message: `${what} did not work as an MCP server: ${msg}` };
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "its URL";
  }
}

export interface McpServersDeps {
  db: () => Database.Database;
  /** The engine's MCP client (tests may pass a stand-in; the app passes none). */
  listTools?: (server: { url: string; headers: Record<string, string> }, opts: McpOptions) => Promise<McpToolInfo[]>;
  egress?: () => EgressOptions;
  timeoutMs?: number;
}

export function createMcpServersApi(deps: McpServersDeps) {
  const store = () => new McpServersStore(deps.db());
  const secrets = () => savedHeaderSecrets(store().list());
  const listTools = deps.listTools ?? listMcpTools;
  const egress = deps.egress ?? defaultToolEgress;

  const idOf = async (ctx: McpIdParams) => {
    const { id } = await ctx.params;
    return typeof id === "string" && id.length > 0 && id.length <= 128 ? id : null;
  };
  const missing = (id: string | null) => errorResponse("not_found", `No saved MCP server "${(id ?? "").slice(0, 128)}".`);
  /** A store write whose name clash is a 409 in the envelope (anything else is rethrown). */
  const unlessTaken = (write: () => Response): Response => {
    try {
      return write();
    } catch (e) {
      if (e instanceof McpNameTaken) return errorResponse("conflict", e.message);
      throw e;
    }
  };

  return {
    list: () => handle(secrets, () => json({ servers: store().list().map(viewOf) })),

    create: (req: Request) =>
      handle(secrets, async () => {
        const body = await parseJsonBody(req, McpServerCreate, 256 * 1024);
        if (!body.ok) return body.response;
        return unlessTaken(() => json(viewOf(store().create(body.data)), 201));
      }),

    get: (_req: Request, ctx: McpIdParams) =>
      handle(secrets, async () => {
        const id = await idOf(ctx);
        const row = id ? store().get(id) : undefined;
        return row ? json(viewOf(row)) : missing(id);
      }),

    update: (req: Request, ctx: McpIdParams) =>
      handle(secrets, async () => {
        const id = await idOf(ctx);
        const s = store();
        const cur = id ? s.get(id) : undefined;
        if (!id || !cur) return missing(id);
        const body = await parseJsonBody(req, McpServerUpdate, 256 * 1024);
        if (!body.ok) return body.response;
        let headers: McpHeader[] | undefined;
        if (body.data.headers) {
          headers = [];
          for (const h of body.data.headers) {
            if (h.value !== undefined) {
              headers.push({ name: h.name, value: h.value });
              continue;
            }
            const kept = cur.headers.find((x) => x.name.toLowerCase() === h.name.toLowerCase());
            if (!kept) return errorResponse("invalid_request", `Invalid request body: headers: "${h.name}" has no saved value to keep; give it a value.`);
            headers.push({ name: h.name, value: kept.value });
          }
        }
        return unlessTaken(() => {
          const row = s.update(id, { name: body.data.name, url: body.data.url, headers });
          return row ? json(viewOf(row)) : missing(id);
        });
      }),

    remove: (_req: Request, ctx: McpIdParams) =>
      handle(secrets, async () => {
        const id = await idOf(ctx);
        return id && store().delete(id) ? new Response(null, { status: 204 }) : missing(id);
      }),

    /** Lists the server's tools through the engine's MCP client; a failure is an envelope saying why. */
    test: (req: Request, ctx: McpIdParams) =>
      handle(secrets, async () => {
        const id = await idOf(ctx);
        const row = id ? store().get(id) : undefined;
        if (!row) return missing(id);
        const headers = Object.fromEntries(row.headers.map((h) => [h.name, h.value]));
        const scrub = (t: string) => maskSecretValues(t, savedHeaderSecrets([row]));
        try {
          await checkEgressUrl(row.url, egress());
          const tools = await listTools({ url: row.url, headers }, { egress: egress(), timeoutMs: deps.timeoutMs ?? 10_000, signal: req.signal });
          const result: McpTestResult = { tools: tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.inputSchema })) };
          // A server may quote a header back anywhere in its listing: scrub the whole answer.
          return new Response(scrub(JSON.stringify(result)), { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
        } catch (e) {
          const f = describeTestFailure(e, row);
          return errorResponse(f.code, scrub(f.message));
        }
      }),
  };
}
