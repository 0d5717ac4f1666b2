// Loopback servers for the tools' tests (unit and e2e): a real MCP server (the SDK's own server
// classes over Streamable HTTP, stateless) and a small page server. Test support only.
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

export interface TestMcpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  run: (args: Record<string, unknown>, headers: IncomingMessage["headers"]) => { text: string; isError?: boolean } | Promise<{ text: string; isError?: boolean }>;
}

/** The MCP tool the e2e specs serve: `get_forecast(city)` answers a fixed forecast. */
export const FORECAST_TOOL: TestMcpTool = {
  name: "get_forecast",
  description: "Weather forecast for a city",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  run: (a) => ({ text: `Forecast for ${String(a.city)}: sunny, 21°C` }),
};

export interface TestServer {
  url: string;
  port: number;
  /** Requests seen (method and path), for assertions. */
  requests: { method: string; path: string; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

function listen(server: HttpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function closer(server: HttpServer): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
}

/** An MCP server at http://127.0.0.1:PORT/mcp; with `token`, requests without `Authorization: Bearer <token>` get 401. */
export async function startMcpServer(tools: TestMcpTool[], opts: { token?: string; name?: string } = {}): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    if (!req.url?.startsWith("/mcp")) {
      res.writeHead(404).end("not found");
      return;
    }
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "unauthorized" }));
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    const server = new Server({ name: opts.name ?? "test-mcp", version: "1.0.0" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema as { type: "object" } })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const tool = tools.find((t) => t.name === request.params.name);
      if (!tool) return { content: [{ type: "text", text: `unknown tool ${request.params.name}` }], isError: true };
      const out = await tool.run((request.params.arguments ?? {}) as Record<string, unknown>, req.headers);
      return { content: [{ type: "text", text: out.text }], ...(out.isError ? { isError: true } : {}) };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  const port = await listen(http);
  return { url: `http://127.0.0.1:${port}/mcp`, port, requests, close: closer(http) };
}

/** A page server: path → handler (status, headers, body). Unknown paths answer 404. */
export async function startPageServer(routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const http = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    const route = routes[(req.url ?? "/").split("?")[0]!];
    if (route) route(req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  const port = await listen(http);
  return { url: `http://127.0.0.1:${port}`, port, requests, close: closer(http) };
}

/** A loopback port with nothing listening (a server that is down). */
export async function closedPort(): Promise<number> {
  const http = createServer();
  const port = await listen(http);
  await closer(http)();
  return port;
}
