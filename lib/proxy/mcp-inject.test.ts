// The proxy injects saved MCP headers into a create's mcp_server tool: the value reaches the
// backend (a loopback stand-in that echoes the tools back), is absent from what the browser gets
// and from every row of the record (stored request masked), and a reference whose saved entry is
// not there as given is refused with a 400 in the envelope.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { savedHeaderSecrets } from "@/lib/app-api/mcp-servers";
import { McpServersStore } from "@/lib/app-api/mcp-servers-store";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";
import { createGeminiBackend } from "./backends";
import { createProxyHandler } from "./handler";
import { injectMcpHeaders } from "./mcp-inject";
import { deferAfterEach, startStandIn } from "./testing";

const TOKEN = "saved-mcp-token-51be0c7a93";
const URL_ = "http://127.0.0.1:9/mcp";
const defer = deferAfterEach();
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const dec = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as { tools: Record<string, unknown>[] };
const lookup = (entries: { name: string; url: string; headers: { name: string; value: string }[] }[]) => ({ byName: (n: string) => entries.find((e) => e.name === n) });
const entry = { name: "crm", url: URL_, headers: [{ name: "Authorization", value: `Bearer ${TOKEN}` }] };

describe("injectMcpHeaders", () => {
  it("sets the saved headers on the tool that names a saved entry with the same URL", () => {
    const r = injectMcpHeaders(enc({ model: "m", input: "x", tools: [{ type: "function", name: "f" }, { type: "mcp_server", name: "crm", url: URL_, allowed_tools: [{ tools: ["a"] }] }] }), lookup([entry]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(dec(r.body).tools[1]).toEqual({ type: "mcp_server", name: "crm", url: URL_, allowed_tools: [{ tools: ["a"] }], headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(r.secrets).toContain(TOKEN);
  });

  it("leaves bodies alone that name no saved entry, carry their own headers, or do not parse", () => {
    const l = lookup([entry]);
    for (const body of [
      enc({ tools: [{ type: "mcp_server", name: "other", url: URL_ }] }),
      enc({ tools: [{ type: "mcp_server", name: "crm", url: URL_, headers: { Authorization: "Bearer mine" } }] }),
      enc({ input: "no tools" }),
      new TextEncoder().encode('{"tools": [{"type": "mcp_server"'),
    ]) {
      const r = injectMcpHeaders(body, l);
      expect(r.ok && r.body).toBe(body);
    }
  });

  it("refuses a reference whose saved entry has another URL", () => {
    const r = injectMcpHeaders(enc({ tools: [{ type: "mcp_server", name: "crm", url: "http://127.0.0.1:10/mcp" }] }), lookup([entry]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain("Invalid value at 'tools[0]'");
    expect(r.message).not.toContain(TOKEN);
  });
});

describe("proxy + saved MCP entries", () => {
  async function setup() {
    // An upstream that echoes the tools it got: the worst case for a secret.
    const s = await startStandIn(async (_req, res, raw) => {
      const body = JSON.parse(raw) as { tools: unknown };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: "int_mcp_echo", object: "interaction", status: "completed", tools: body.tools, steps: [{ type: "model_output", content: [{ type: "text", text: `I was given Bearer ${TOKEN}` }] }] }));
    });
    defer(() => s.close());
    const app = new AppStore(":memory:");
    defer(() => app.close());
    const db = new Database(":memory:");
    const mcp = new McpServersStore(db);
    mcp.create(entry);
    const logs: string[] = [];
    const recorder = createRecorder(app, { flushMs: 5 });
    const proxy = createProxyHandler({
      backends: { gemini: createGeminiBackend({ baseUrl: () => s.url, key: () => "test-key-0123456789", connectTimeoutMs: () => 2_000 }) },
      recorder,
      env: { MAX_BODY_BYTES: 1024 * 1024 },
      log: (m) => logs.push(m),
      mcp: { lookup: () => mcp, secrets: () => savedHeaderSecrets(mcp.list()) },
    });
    const post = (body: unknown) =>
      proxy(new Request("http://127.0.0.1:3000/api/backends/gemini/v1beta/interactions", { method: "POST", headers: { host: "127.0.0.1:3000", "content-type": "application/json", "x-playground-session": "sess_mcp" }, body: JSON.stringify(body) }));
    return { s, app, recorder, post, logs };
  }

  it("the backend gets the header; the browser's answer, the logs and the record do not", async () => {
    const { s, app, recorder, post, logs } = await setup();
    const res = await post({ model: "gemini-3.5-flash", input: "hi", tools: [{ type: "mcp_server", name: "crm", url: URL_ }] });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(s.seen[0]!.body).tools[0].headers).toEqual({ Authorization: `Bearer ${TOKEN}` });
    expect(text).toContain("int_mcp_echo");
    expect(text).not.toContain(TOKEN);
    await new Promise((r) => setTimeout(r, 30));
    recorder.flushAll();
    const turn = app.db.prepare("SELECT request_json FROM turns").get() as { request_json: string } | undefined;
    expect(JSON.parse(turn!.request_json).tools[0].headers).toEqual({ Authorization: "[redacted]" });
    const tables = app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const cells = tables.map((t) => JSON.stringify(app.db.prepare(`SELECT * FROM "${t.name}"`).all())).join("\n");
    expect(cells).toContain("int_mcp_echo");
    expect(cells).not.toContain(TOKEN);
    expect(logs.join("\n")).not.toContain(TOKEN);
  });

  it("a reference to an entry saved under another URL is a 400 in the envelope, and nothing is forwarded", async () => {
    const { s, post } = await setup();
    const res = await post({ model: "gemini-3.5-flash", input: "hi", tools: [{ type: "mcp_server", name: "crm", url: "http://127.0.0.1:10/mcp" }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toMatch(/names a saved entry whose URL is/);
    expect(s.seen).toHaveLength(0);
  });
});
