// MCP servers as tools: the engine is an MCP client (the official @modelcontextprotocol/sdk),
// connecting with Streamable HTTP and falling back to the older HTTP+SSE transport, always through
// the egress policy (createEgressFetch). Every step is bounded by a timeout, and every failure —
// bad URL, refused address, a server that is down or answers garbage, a tool error — comes back as
// a value with a message that says what failed, never as a throw that would fail the run.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createEgressFetch, defaultToolEgress, type EgressOptions } from "./egress";

export interface McpServerSpec {
  name?: string;
  url: string;
  headers?: Record<string, string>;
  allowed_tools?: { mode?: string; tools?: string[] }[];
}

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface McpOptions {
  /** Per-request timeout (connect, list, call). Default 10 s. */
  timeoutMs?: number;
  egress?: EgressOptions;
  signal?: AbortSignal;
}

export class McpFailure extends Error {
  constructor(
    readonly stage: "url" | "connect" | "list" | "call",
    message: string,
  ) {
    super(message);
    this.name = "McpFailure";
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const CLIENT_INFO = { name: "interactions-playground-engine", version: "0.1.0" };

/** The server's URL, parsed; only http(s) (refused before any connection is tried). */
export function mcpUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new McpFailure("url", `'${url.slice(0, 200)}' is not a valid URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new McpFailure("url", `an MCP server URL must be http or https, not ${u.protocol}`);
  return u;
}

function reason(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
    return `${e.message}${cause}`.replace(/\s+/g, " ").slice(0, 500);
  }
  return String(e).slice(0, 500);
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    signal?.addEventListener("abort", () => reject(signal.reason ?? new Error("aborted")), { once: true });
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A connected client (Streamable HTTP, else SSE); close() never throws. */
export async function connectMcp(server: Pick<McpServerSpec, "url" | "headers">, opts: McpOptions = {}): Promise<{ client: Client; transport: string; close: () => Promise<void> }> {
  const url = mcpUrl(server.url);
  const ms = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetch = createEgressFetch({ timeoutMs: ms, maxBytes: 8 * 1024 * 1024, ...(opts.egress ?? defaultToolEgress()) });
  const requestInit: RequestInit = { headers: { ...(server.headers ?? {}) } };
  const attempts: [string, () => Transport][] = [
    ["Streamable HTTP", () => new StreamableHTTPClientTransport(url, { requestInit, fetch, reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 } })],
    ["SSE", () => new SSEClientTransport(url, { requestInit, fetch, eventSourceInit: { fetch } })],
  ];
  const failures: string[] = [];
  for (const [name, make] of attempts) {
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    const transport = make();
    try {
      await withTimeout(client.connect(transport, { timeout: ms, signal: opts.signal }), ms, `connecting (${name})`, opts.signal);
      return {
        client,
        transport: name,
        close: async () => {
          await withTimeout(client.close(), 2000, "closing").catch(() => {});
        },
      };
    } catch (e) {
      failures.push(`${name}: ${reason(e)}`);
      await withTimeout(client.close(), 2000, "closing").catch(() => {});
      if (opts.signal?.aborted) break;
    }
  }
  throw new McpFailure("connect", `could not connect to the MCP server at ${url.origin}${url.pathname} (${failures.join("; ")})`);
}

async function listAll(client: Client, ms: number, signal?: AbortSignal): Promise<McpToolInfo[]> {
  const out: McpToolInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await client.listTools(cursor ? { cursor } : {}, { timeout: ms, signal });
    for (const t of res.tools) out.push({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: (t.inputSchema ?? { type: "object" }) as Record<string, unknown> });
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** For the configurator's "Test connection": the server's tools, or a McpFailure saying why not. */
export async function listMcpTools(server: Pick<McpServerSpec, "url" | "headers">, opts: McpOptions = {}): Promise<McpToolInfo[]> {
  const conn = await connectMcp(server, opts);
  try {
    return await listAll(conn.client, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts.signal);
  } catch (e) {
    throw new McpFailure("list", `the MCP server did not list its tools: ${reason(e)}`);
  } finally {
    await conn.close();
  }
}

/**
 * Which of a server's tools the request allows. `allowed_tools` entries (reference §5.1) each name
 * tools (none named = all of them) with a mode: "none" removes them, any other mode allows them;
 * "any" also means the simulator must call one of them. No entries = every tool, mode auto.
 */
export function filterAllowedTools(tools: McpToolInfo[], allowed: McpServerSpec["allowed_tools"]): { tools: McpToolInfo[]; mustCall: boolean } {
  if (!allowed?.length) return { tools, mustCall: false };
  const allow = new Set<string>();
  const deny = new Set<string>();
  let all = false;
  let mustCall = false;
  for (const entry of allowed) {
    const mode = (entry.mode ?? "auto").toLowerCase();
    const names = entry.tools;
    if (mode === "none") {
      for (const n of names ?? tools.map((t) => t.name)) deny.add(n);
      continue;
    }
    if (mode === "any") mustCall = true;
    if (!names) all = true;
    else for (const n of names) allow.add(n);
  }
  const kept = tools.filter((t) => !deny.has(t.name) && (all || allow.has(t.name)));
  return { tools: kept, mustCall: mustCall && kept.length > 0 };
}

export interface McpCallOutcome {
  /** function_result-shaped content: text/image/audio items. */
  content: ({ type: "text"; text: string } | { type: "image" | "audio"; data: string; mime_type: string })[];
  isError: boolean;
}

type RawContent = { type: string; text?: string; data?: string; mimeType?: string; resource?: { uri?: string; text?: string; mimeType?: string }; uri?: string; name?: string };

/** MCP tool-result content → the wire's function-result content. */
export function toResultContent(raw: unknown, structured?: unknown): McpCallOutcome["content"] {
  const items = Array.isArray(raw) ? (raw as RawContent[]) : [];
  const out: McpCallOutcome["content"] = [];
  for (const c of items) {
    if (c.type === "text" && typeof c.text === "string") out.push({ type: "text", text: c.text });
    else if ((c.type === "image" || c.type === "audio") && typeof c.data === "string") out.push({ type: c.type, data: c.data, mime_type: c.mimeType ?? "application/octet-stream" });
    else if (c.type === "resource" && c.resource) out.push({ type: "text", text: c.resource.text ?? `[resource ${c.resource.uri ?? ""}]` });
    else if (c.type === "resource_link") out.push({ type: "text", text: `[resource link ${c.name ?? ""} ${c.uri ?? ""}]`.trim() });
    else out.push({ type: "text", text: JSON.stringify(c) });
  }
  if (!out.length && structured !== undefined) out.push({ type: "text", text: JSON.stringify(structured) });
  return out;
}

export async function callMcpTool(client: Client, name: string, args: Record<string, unknown>, opts: McpOptions = {}): Promise<McpCallOutcome> {
  const ms = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const res = await withTimeout(client.callTool({ name, arguments: args }, undefined, { timeout: ms, signal: opts.signal }), ms, `calling ${name}`, opts.signal);
    return { content: toResultContent(res.content, res.structuredContent), isError: res.isError === true };
  } catch (e) {
    throw new McpFailure("call", `calling ${name} failed: ${reason(e)}`);
  }
}
