// MCP servers as tools, against a real MCP server (the SDK's server classes, Streamable HTTP on
// loopback): listing, a schema-valid call whose real result reaches the step and the answer,
// allowed_tools, failures as is_error results, and the bearer token never coming back.
import { GoogleGenAI } from "@google/genai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Interaction, Step } from "@/lib/interactions/types";
import { REDACTED_HEADER_VALUE } from "@/lib/interactions/tool-secrets";
import { validateValue } from "@/lib/engine/simulator/schema";
import { createEngine, type Engine } from "../engine";
import { BASE, call, readSse } from "../testing";
import { filterAllowedTools, listMcpTools, McpFailure } from "./mcp";
import { closedPort, startMcpServer, startPageServer, type TestServer } from "./test-servers";

const TOKEN = "tok-5ecret-mcp-header-9d2b";
const forecastSchema = {
  type: "object",
  properties: { city: { type: "string", description: "City name" }, days: { type: "integer", minimum: 1, maximum: 7 } },
  required: ["city"],
};
const calls: Record<string, unknown>[] = [];

let mcp: TestServer;
let garbage: TestServer;
let engine: Engine;
let downUrl: string;

beforeAll(async () => {
  mcp = await startMcpServer(
    [
      {
        name: "get_forecast",
        description: "Weather forecast for a city",
        inputSchema: forecastSchema,
        run: (args) => {
          calls.push(args);
          return { text: `Forecast for ${String(args.city)}: sunny, 21°C, light wind` };
        },
      },
      { name: "whoami", description: "Echo the caller's credentials", inputSchema: { type: "object", properties: {} }, run: (_a, h) => ({ text: `you sent ${h.authorization}` }) },
      { name: "explode_tool", description: "Always fails", inputSchema: { type: "object", properties: {} }, run: () => ({ text: "database offline", isError: true }) },
      { name: "broken_schema", description: "A tool with a bad schema", inputSchema: { type: "object", properties: { x: { type: "no-such-type" } }, required: ["x"] }, run: () => ({ text: "never" }) },
    ],
    { token: TOKEN },
  );
  downUrl = `http://127.0.0.1:${await closedPort()}/mcp`;
  garbage = await startPageServer({ "/mcp": (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>not an MCP server</html>") });
});
afterAll(async () => {
  await mcp.close();
  await garbage.close();
});
beforeEach(() => {
  calls.length = 0;
  engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
});
afterEach(() => engine.close());

const server = (extra: Record<string, unknown> = {}) => ({ type: "mcp_server", name: "weather", url: mcp.url, headers: { Authorization: `Bearer ${TOKEN}` }, ...extra });
const create = (body: Record<string, unknown>) => call(engine, "POST", "/v1beta/interactions", { body: { model: "gemini-3.5-flash", ...body } });
const byType = (steps: Step[], type: string) => steps.filter((s) => s.type === type);
const answer = (i: Interaction) => byType(i.steps, "model_output").map((s) => JSON.stringify(s.content)).join(" ");

describe("listMcpTools", () => {
  it("lists the server's tools over Streamable HTTP with the given headers", async () => {
    const tools = await listMcpTools({ url: mcp.url, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(tools.map((t) => t.name)).toEqual(["get_forecast", "whoami", "explode_tool", "broken_schema"]);
    expect(tools[0]!.inputSchema).toMatchObject(forecastSchema);
  });
  it("says what failed: wrong token, server down, garbage, bad scheme", async () => {
    await expect(listMcpTools({ url: mcp.url })).rejects.toThrow(/could not connect to the MCP server.*401/);
    await expect(listMcpTools({ url: downUrl })).rejects.toBeInstanceOf(McpFailure);
    await expect(listMcpTools({ url: `${garbage.url}/mcp` })).rejects.toThrow(/could not connect/);
    await expect(listMcpTools({ url: "ftp://example.com/mcp" })).rejects.toThrow(/must be http or https/);
  });
});

describe("filterAllowedTools", () => {
  const tools = ["a", "b", "c"].map((name) => ({ name, inputSchema: { type: "object" } }));
  it("keeps named tools, removes mode none, flags mode any", () => {
    expect(filterAllowedTools(tools, undefined)).toEqual({ tools, mustCall: false });
    expect(filterAllowedTools(tools, [{ tools: ["b"] }]).tools.map((t) => t.name)).toEqual(["b"]);
    expect(filterAllowedTools(tools, [{ mode: "any" }, { mode: "none", tools: ["a"] }])).toMatchObject({ mustCall: true });
    expect(filterAllowedTools(tools, [{ mode: "any" }, { mode: "none", tools: ["a"] }]).tools.map((t) => t.name)).toEqual(["b", "c"]);
  });
});

describe("mcp_server tool on the engine", () => {
  it("calls the tool the input names with schema-valid arguments; the real result is in the step and the answer", async () => {
    const res = await create({ input: "Use get_forecast for Paris please.", tools: [server()] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Interaction;
    expect(body.status).toBe("completed");
    const [callStep] = byType(body.steps, "mcp_server_tool_call");
    const [result] = byType(body.steps, "mcp_server_tool_result");
    expect(callStep).toMatchObject({ name: "get_forecast", server_name: "weather", arguments: { city: "Paris" } });
    expect(validateValue(forecastSchema, callStep!.arguments).valid).toBe(true);
    expect(calls).toEqual([callStep!.arguments]);
    expect(result).toMatchObject({ call_id: callStep!.id, name: "get_forecast", server_name: "weather", result: [{ type: "text", text: "Forecast for Paris: sunny, 21°C, light wind" }] });
    expect(result!.is_error).toBeUndefined();
    expect(answer(body)).toContain("Forecast for Paris: sunny, 21°C");
  });

  it("matches a tool by its description, and calls nothing the input does not ask for", async () => {
    const hit = (await (await create({ input: "What is the weather forecast in Lisbon?", tools: [server()] })).json()) as Interaction;
    expect(byType(hit.steps, "mcp_server_tool_call")).toMatchObject([{ name: "get_forecast", arguments: { city: "Lisbon" } }]);
    const miss = (await (await create({ input: "Tell me a joke about cats.", tools: [server()] })).json()) as Interaction;
    expect(byType(miss.steps, "mcp_server_tool_call")).toEqual([]);
  });

  it("honours allowed_tools", async () => {
    const body = (await (await create({ input: "Use get_forecast for Paris.", tools: [server({ allowed_tools: [{ tools: ["whoami"] }] })] })).json()) as Interaction;
    expect(byType(body.steps, "mcp_server_tool_call")).toEqual([]);
    expect(calls).toEqual([]);
    const forced = (await (await create({ input: "Tell me a joke.", tools: [server({ allowed_tools: [{ mode: "any", tools: ["get_forecast"] }] })] })).json()) as Interaction;
    expect(byType(forced.steps, "mcp_server_tool_call")).toMatchObject([{ name: "get_forecast" }]);
  });

  it("a tool error, an invalid input schema, a server that is down or answers garbage: is_error results, never a 5xx", async () => {
    const failing = (await (await create({ input: "run explode_tool", tools: [server()] })).json()) as Interaction;
    expect(byType(failing.steps, "mcp_server_tool_result")).toMatchObject([{ is_error: true, result: [{ text: "database offline" }] }]);
    expect(answer(failing)).toContain("reported an error: database offline");

    const broken = (await (await create({ input: "call broken_schema now", tools: [server()] })).json()) as Interaction;
    const [br] = byType(broken.steps, "mcp_server_tool_result");
    expect(br).toMatchObject({ is_error: true });
    expect(JSON.stringify(br!.result)).toMatch(/input schema is invalid/);

    for (const url of [downUrl, `${garbage.url}/mcp`]) {
      const t0 = Date.now();
      const res = await create({ input: "Use get_forecast for Paris.", tools: [{ type: "mcp_server", name: "down", url }] });
      expect(res.status).toBe(200);
      const down = (await res.json()) as Interaction;
      expect(down.status).toBe("completed");
      expect(byType(down.steps, "mcp_server_tool_result")).toMatchObject([{ is_error: true, server_name: "down" }]);
      expect(JSON.stringify(down.steps)).toMatch(/could not connect to the MCP server/);
      expect(Date.now() - t0).toBeLessThan(15_000);
    }
  });

  it("refuses a non-http(s) URL with a 400 in the envelope", async () => {
    const res = await create({ input: "hi", tools: [{ type: "mcp_server", name: "x", url: "file:///etc/passwd" }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/http or https/) } });
    const unknown = await create({ input: "hi", tools: [{ type: "mcp_server", url: mcp.url, token: "x" }] });
    expect(unknown.status).toBe(400);
  });

  it("never echoes a header value: create, GET, stream, export", async () => {
    const tools = [server()];
    const created = await create({ input: "Use whoami and get_forecast for Paris.", tools });
    const text = await created.text();
    const id = (JSON.parse(text) as Interaction).id;
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text).tools[0].headers).toEqual({ Authorization: REDACTED_HEADER_VALUE });
    // the server did receive it, and what it echoed back is masked in the step and the answer
    expect(mcp.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(text).toContain(`you sent ${REDACTED_HEADER_VALUE}`);

    const got = await (await call(engine, "GET", `/v1beta/interactions/${id}?include_input=true`)).text();
    expect(got).toContain("Forecast for Paris");
    expect(got).not.toContain(TOKEN);
    const replay = await readSse(await call(engine, "GET", `/v1beta/interactions/${id}?stream=true`));
    expect(replay.raw).toContain("mcp_server_tool_result");
    expect(replay.raw).not.toContain(TOKEN);
    const live = await readSse(await create({ input: "Use get_forecast for Oslo.", tools, stream: true }));
    expect(live.raw).toContain("Forecast for Oslo");
    expect(live.raw).not.toContain(TOKEN);
    const bg = (await (await create({ input: "Use get_forecast for Rome.", tools, background: true })).json()) as Interaction;
    expect(JSON.stringify(bg)).not.toContain(TOKEN);
    const exported = await (await call(engine, "GET", "/admin/export")).text();
    expect(exported).toContain("Forecast for Paris");
    expect(exported).not.toContain(TOKEN);
  });

  it("agents use MCP tools the same way", async () => {
    const res = await call(engine, "POST", "/v1beta/interactions", { body: { agent: "local-sim-agent", input: "Use get_forecast for Paris.", tools: [server()] } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as Interaction;
    expect(byType(body.steps, "mcp_server_tool_result")).toMatchObject([{ name: "get_forecast", result: [{ text: "Forecast for Paris: sunny, 21°C, light wind" }] }]);
    expect(answer(body)).toContain("Forecast for Paris");
    expect(text).not.toContain(TOKEN);
  });

  it("works from the official @google/genai client", async () => {
    const ai = new GoogleGenAI({ apiKey: "local", httpOptions: { baseUrl: BASE, fetch: (input: RequestInfo | URL, init?: RequestInit) => engine.fetch(new Request(input, init)) } as never });
    const out = await ai.interactions.create({ model: "gemini-3.5-flash", input: "Use get_forecast for Madrid.", tools: [server() as never] });
    const steps = out.steps as Step[];
    expect(steps.map((s) => s.type)).toEqual(expect.arrayContaining(["mcp_server_tool_call", "mcp_server_tool_result", "model_output"]));
    expect(JSON.stringify(out)).toContain("Forecast for Madrid");
    expect(JSON.stringify(out)).not.toContain(TOKEN);
  });
});
