// Saved MCP server entries: header values go in and never come out (every response's JSON is
// checked), updates keep or replace values, Test connection lists tools through the engine's MCP
// client against a loopback MCP server that requires the saved header, and says why it failed.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { closedPort, startMcpServer, type TestServer } from "@/lib/engine/tools/test-servers";
import { createMcpServersApi, maskHeaderValue, reachOf } from "./mcp-servers";

const TOKEN = "mcp-secret-7d2e91c04b3f9c";
const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const tool = { name: "get_forecast", description: "Weather forecast", inputSchema: { type: "object", properties: { city: { type: "string" } } }, run: () => ({ text: "sunny" }) };

function setup(opts: { allowLoopback?: boolean } = {}) {
  const db = new Database(":memory:");
  const api = createMcpServersApi({ db: () => db, egress: () => ({ allowLoopback: opts.allowLoopback ?? true }), timeoutMs: 3_000 });
  const bodies: string[] = [];
  /** Every response's text is kept, to assert the secret is in none of them. */
  const call = async (p: Promise<Response>) => {
    const res = await p;
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  return { db, api, call, bodies };
}
const req = (method: string, body?: unknown) =>
  new Request("http://127.0.0.1/api/mcp-servers", { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe("MCP server entries: headers kept on the server", () => {
  it("create, list, get, update and delete never answer a header value", async () => {
    const { api, call, bodies, db } = setup();
    const created = await call(api.create(req("POST", { name: "weather", url: "http://127.0.0.1:9/mcp", headers: [{ name: "Authorization", value: `Bearer ${TOKEN}` }, { name: "X-Short", value: "abc12345" }] })));
    expect(created.status).toBe(201);
    const id = created.json!.id as string;
    expect(created.json).toMatchObject({ name: "weather", reach: "loopback", headers: [{ name: "Authorization", masked: `••••••${TOKEN.slice(-4)}` }, { name: "X-Short", masked: "••••••" }] });

    expect((await call(api.list())).json).toMatchObject({ servers: [{ id, name: "weather" }] });
    expect((await call(api.get(req("GET"), ctx(id)))).status).toBe(200);

    // Keep Authorization's value (no value given), replace X-Short, rename the entry.
    const updated = await call(api.update(req("PUT", { name: "weather2", headers: [{ name: "Authorization" }, { name: "X-Short", value: "replaced-value-0000" }] }), ctx(id)));
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ name: "weather2", headers: [{ name: "Authorization" }, { name: "X-Short", masked: "••••••0000" }] });
    const stored = db.prepare("SELECT headers_json FROM mcp_servers").get() as { headers_json: string };
    expect(JSON.parse(stored.headers_json)).toEqual([{ name: "Authorization", value: `Bearer ${TOKEN}` }, { name: "X-Short", value: "replaced-value-0000" }]);

    // Keeping a header that has no saved value is refused in the envelope.
    const bad = await call(api.update(req("PUT", { headers: [{ name: "X-New" }] }), ctx(id)));
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "invalid_request" } });
    expect(String((bad.json!.error as { message: string }).message)).toContain('"X-New" has no saved value');

    expect((await call(api.remove(req("DELETE"), ctx(id)))).status).toBe(204);
    expect((await call(api.get(req("GET"), ctx(id)))).status).toBe(404);

    for (const b of bodies) {
      expect(b).not.toContain(TOKEN);
      expect(b).not.toContain("abc12345");
      expect(b).not.toContain("replaced-value-0000");
    }
  });

  it("refuses bad input with 400s and a taken name with 409, in the envelope", async () => {
    const { api, call } = setup();
    for (const body of [
      { name: "", url: "http://x/mcp" },
      { name: "has space", url: "http://x/mcp" },
      { name: "a", url: "ftp://x/mcp" },
      { name: "a", url: "http://x/mcp", headers: [{ name: "Bad Name", value: "v" }] },
      { name: "a", url: "http://x/mcp", headers: [{ name: "X", value: "v\r\nInjected: 1" }] },
      { name: "a", url: "http://x/mcp", headers: [{ name: "X", value: "1" }, { name: "x", value: "2" }] },
      { name: "a", url: "http://x/mcp", extra: true },
    ]) {
      const r = await call(api.create(req("POST", body)));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect((await call(api.create(req("POST", { name: "dup", url: "http://x/mcp" })))).status).toBe(201);
    const dup = await call(api.create(req("POST", { name: "dup", url: "http://y/mcp" })));
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ error: { code: "conflict" } });
  });

  it("masks long values to their last 4 characters and short ones entirely", () => {
    expect(maskHeaderValue("Bearer 0123456789abcdef")).toBe("••••••cdef");
    expect(maskHeaderValue("short-value")).toBe("••••••");
  });

  it("says where a URL's host is, for the backend reachability note", () => {
    expect(reachOf("http://localhost:3000/mcp")).toBe("loopback");
    expect(reachOf("http://127.0.0.1:9/mcp")).toBe("loopback");
    expect(reachOf("http://[::1]:9/mcp")).toBe("loopback");
    expect(reachOf("http://192.168.1.20/mcp")).toBe("private");
    expect(reachOf("http://10.0.0.5/mcp")).toBe("private");
    expect(reachOf("http://nas.local/mcp")).toBe("private");
    expect(reachOf("http://devbox/mcp")).toBe("private");
    expect(reachOf("https://mcp.example.com/mcp")).toBe("public");
  });
});

describe("Test connection: the engine's MCP client, the egress policy", () => {
  it("lists the tools of a loopback MCP server with the saved header, and the header never comes back", async () => {
    const mcp = await startMcpServer([{ ...tool, description: `Weather forecast (your token is ${TOKEN})` }], { token: TOKEN });
    servers.push(mcp);
    const { api, call, bodies } = setup();
    const id = (await call(api.create(req("POST", { name: "weather", url: mcp.url, headers: [{ name: "Authorization", value: `Bearer ${TOKEN}` }] })))).json!.id as string;
    const res = await call(api.test(req("POST"), ctx(id)));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ tools: [{ name: "get_forecast", input_schema: { type: "object" } }] });
    expect(mcp.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    for (const b of bodies) expect(b).not.toContain(TOKEN);
  });

  it("says the credentials were refused when the header is wrong", async () => {
    const mcp = await startMcpServer([tool], { token: TOKEN });
    servers.push(mcp);
    const { api, call } = setup();
    const id = (await call(api.create(req("POST", { name: "weather", url: mcp.url, headers: [{ name: "Authorization", value: "Bearer wrong-token-000000" }] })))).json!.id as string;
    const res = await call(api.test(req("POST"), ctx(id)));
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: { code: "unauthenticated" } });
    expect((res.json!.error as { message: string }).message).toMatch(/refused the credentials/);
    expect(res.text).not.toContain("wrong-token-000000");
  });

  it("says the server is unreachable when nothing listens", async () => {
    const port = await closedPort();
    const { api, call } = setup();
    const id = (await call(api.create(req("POST", { name: "down", url: `http://127.0.0.1:${port}/mcp` })))).json!.id as string;
    const res = await call(api.test(req("POST"), ctx(id)));
    expect(res.status).toBe(503);
    expect((res.json!.error as { message: string }).message).toMatch(/unreachable/);
  });

  it("says the egress policy refused the address, without contacting it", async () => {
    const mcp = await startMcpServer([tool]);
    servers.push(mcp);
    const { api, call } = setup({ allowLoopback: false });
    const id = (await call(api.create(req("POST", { name: "weather", url: mcp.url })))).json!.id as string;
    const res = await call(api.test(req("POST"), ctx(id)));
    expect(res.status).toBe(403);
    expect((res.json!.error as { message: string }).message).toMatch(/egress policy refuses this address/);
    expect(mcp.requests).toHaveLength(0);
  });

  it("answers 404 for an entry that is not saved", async () => {
    const { api, call } = setup();
    const res = await call(api.test(req("POST"), ctx("mcp_nope")));
    expect(res.status).toBe(404);
  });
});
