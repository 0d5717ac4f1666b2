// MCP header values never reach the record: the stored request has them masked, and an upstream
// that echoes them (in JSON or in a stream) has them scrubbed from every row — turns and raw lines.
import { describe, expect, it } from "vitest";
import { createEngine } from "@/lib/engine/engine";
import { createGeminiBackend, createLocalBackend } from "@/lib/proxy/backends";
import { createProxyHandler } from "@/lib/proxy/handler";
import { deferAfterEach, startStandIn } from "@/lib/proxy/testing";
import { createRecorder } from "./recorder";
import { AppStore } from "./store";

const TOKEN = "mcp-hdr-7c1e5a9f0b3d";
const ORIGIN = "http://127.0.0.1:3000";
const defer = deferAfterEach();
const tools = [{ type: "mcp_server", name: "crm", url: "http://127.0.0.1:9/mcp", headers: { Authorization: `Bearer ${TOKEN}`, "X-Api-Key": `${TOKEN}-2` } }];

/** Every text cell of every row of the app store. */
function everyCell(store: AppStore): string {
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.map((t) => JSON.stringify(store.db.prepare(`SELECT * FROM "${t.name}"`).all())).join("\n");
}

async function setup() {
  // An upstream that echoes the request's tools verbatim: the worst case for a secret.
  const s = await startStandIn(async (_req, res, raw) => {
    const body = JSON.parse(raw) as { tools: unknown; stream?: boolean };
    const interaction = { id: body.stream ? "int_echo_stream" : "int_echo_json", object: "interaction", status: "completed", tools: body.tools, steps: [{ type: "model_output", content: [{ type: "text", text: `token was Bearer ${TOKEN}` }] }] };
    if (body.stream) {
      res.setHeader("content-type", "text/event-stream");
      res.write(`event: interaction.created\ndata: ${JSON.stringify({ event_type: "interaction.created", event_id: "e1", interaction: { ...interaction, status: "in_progress", steps: undefined } })}\n\n`);
      res.write(`event: interaction.completed\ndata: ${JSON.stringify({ event_type: "interaction.completed", event_id: "e2", interaction: { id: interaction.id, status: "completed" } })}\n\n`);
      res.end("data: [DONE]\n\n");
    } else {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(interaction));
    }
  });
  defer(() => s.close());
  const store = new AppStore(":memory:");
  defer(() => store.close());
  const engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
  defer(() => engine.close());
  const recorder = createRecorder(store, { flushMs: 5 });
  const proxy = createProxyHandler({
    backends: {
      gemini: createGeminiBackend({ baseUrl: () => s.url, key: () => "test-key-0123456789", connectTimeoutMs: () => 2_000 }),
      local: createLocalBackend({ engine: () => engine }),
    },
    recorder,
    env: { MAX_BODY_BYTES: 1024 * 1024 },
  });
  const post = (backend: string, body: unknown) =>
    proxy(
      new Request(`${ORIGIN}/api/backends/${backend}/v1beta/interactions`, {
        method: "POST",
        headers: { host: "127.0.0.1:3000", "content-type": "application/json", "x-playground-session": "sess_secret" },
        body: JSON.stringify(body),
      }),
    );
  return { store, recorder, post };
}

describe("recorder and MCP headers", () => {
  it("keeps header values out of every record row, for the engine and for an upstream that echoes them", async () => {
    const { store, recorder, post } = await setup();
    const local = await post("local", { model: "gemini-3.5-flash", input: "hello", tools });
    const localText = await local.text();
    expect(local.status).toBe(200);
    expect(localText).not.toContain(TOKEN);
    for (const stream of [false, true]) {
      const res = await post("gemini", { model: "gemini-3.5-flash", input: "hello", tools, stream });
      expect(res.status).toBe(200);
      await res.text();
    }
    await new Promise((r) => setTimeout(r, 50));
    recorder.flushAll();
    const cells = everyCell(store);
    expect(cells).toContain("int_echo_json");
    expect(cells).toContain("int_echo_stream");
    expect(cells).toContain("mcp_server");
    expect(cells).toContain("[redacted]");
    expect(cells).not.toContain(TOKEN);
  });
});
