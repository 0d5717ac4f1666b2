// One turn mixing every kind of tool on the engine: an MCP server and a page (both served here on
// loopback), code execution, and a declared function — all their steps in one interaction.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Interaction } from "@/lib/interactions/types";
import { createEngine } from "../engine";
import { call } from "../testing";
import { startMcpServer, startPageServer, type TestServer } from "./test-servers";

let mcp: TestServer;
let pages: TestServer;
beforeAll(async () => {
  mcp = await startMcpServer([{ name: "get_forecast", description: "Weather forecast for a city", inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }, run: (a) => ({ text: `Forecast for ${String(a.city)}: sunny` }) }]);
  pages = await startPageServer({ "/tides": (_q, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><head><title>Tides</title></head><body><p>High tide at 06:42.</p></body></html>") });
});
afterAll(async () => {
  await mcp.close();
  await pages.close();
});

it("MCP, url_context, code_execution and a function call in one interaction", async () => {
  const engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
  try {
    const res = await call(engine, "POST", "/v1beta/interactions", {
      body: {
        model: "gemini-3.5-flash",
        input: `Use get_forecast for Paris, read ${pages.url}/tides, compute 12 * 7, and call lookup_order for order 42.`,
        tools: [
          { type: "function", name: "lookup_order", description: "Look up an order by id", parameters: { type: "object", properties: { order_id: { type: "integer" } }, required: ["order_id"] } },
          { type: "code_execution" },
          { type: "url_context" },
          { type: "mcp_server", name: "weather", url: mcp.url },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Interaction;
    expect(body.status).toBe("requires_action");
    expect(body.steps.map((s) => s.type)).toEqual([
      "mcp_server_tool_call",
      "mcp_server_tool_result",
      "url_context_call",
      "url_context_result",
      "code_execution_call",
      "code_execution_result",
      "function_call",
    ]);
    expect(body.steps[1]).toMatchObject({ result: [{ text: "Forecast for Paris: sunny" }] });
    expect(body.steps[3]).toMatchObject({ result: [{ status: "success" }] });
    // Real code runs in bubblewrap; where the machine can't start it, the result says so (is_error).
    const ce = body.steps[5]!;
    if (ce.is_error) expect(String(ce.result)).toMatch(/The code was not run/);
    else expect(String(ce.result)).toContain("84");
    expect(body.steps[6]).toMatchObject({ name: "lookup_order", arguments: { order_id: expect.any(Number) } });
  } finally {
    engine.close();
  }
});
