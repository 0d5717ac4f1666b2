import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { emptyFold, foldEvents, toInteraction } from "@/lib/interactions/fold";
import { createStreamReader } from "@/lib/interactions/sse";
import type { InteractionEvent, Step } from "@/lib/interactions/types";
import { createGeminiBackend, createLocalBackend } from "@/lib/proxy/backends";
import { createProxyHandler } from "@/lib/proxy/handler";
import { deferAfterEach, sleep, startStandIn, type StandIn, type StandInHandler } from "@/lib/proxy/testing";
import { createRecordApi } from "@/lib/app-api/record-api";
import { createRecorder, type BurstParser, type Recorder } from "./recorder";
import { parseBurst, type BurstJob, type BurstResult } from "./stream-parse";
import { AppStore } from "./store";

const FIXTURES = path.join(process.cwd(), "tests/fixtures/sse");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const ORIGIN = "http://127.0.0.1:3000";

const defer = deferAfterEach();

async function setup(handler: StandInHandler, opts: { flushMs?: number; store?: AppStore } = {}) {
  const s: StandIn = await startStandIn(handler);
  defer(() => s.close());
  const store = opts.store ?? new AppStore(":memory:");
  if (!opts.store) defer(() => store.close());
  const recorder = createRecorder(store, { flushMs: opts.flushMs ?? 5 });
  const proxy = createProxyHandler({
    backends: {
      gemini: createGeminiBackend({ baseUrl: () => s.url, key: () => "test-key-0123456789", connectTimeoutMs: () => 2_000 }),
      local: createLocalBackend({ engine: () => ({ fetch: async () => new Response("{}") }) }),
    },
    recorder,
    env: { MAX_BODY_BYTES: 1024 * 1024 },
  });
  return { s, store, recorder, proxy };
}

function post(body: unknown, session = "sess_a"): Request {
  return new Request(`${ORIGIN}/api/backends/gemini/v1beta/interactions`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", "content-type": "application/json", "x-playground-session": session },
    body: JSON.stringify(body),
  });
}

function get(p: string, session = "sess_a"): Request {
  return new Request(`${ORIGIN}/api/backends/gemini/v1beta${p}`, { headers: { host: "127.0.0.1:3000", "x-playground-session": session } });
}

/** Serve `text` as SSE, cut into pieces of `size` bytes (splitting lines and UTF-8 sequences). */
function sse(text: string, size = 37, pauseMs = 1): StandInHandler {
  return async (_req, res) => {
    res.setHeader("content-type", "text/event-stream");
    const bytes = Buffer.from(text, "utf8");
    for (let i = 0; i < bytes.length && !res.destroyed; i += size) {
      res.write(bytes.subarray(i, i + size));
      await sleep(pauseMs);
    }
    res.end();
  };
}

function jsonReply(status: number, body: unknown): StandInHandler {
  return (_req, res) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(body));
  };
}

/** What a reader that sees the whole text at once folds it to. */
function expectedFold(text: string) {
  const events: InteractionEvent[] = [];
  const reader = createStreamReader({ onEvent: (e) => events.push(e) });
  reader.feed(text);
  reader.end();
  return foldEvents(events);
}

const nonEmptyLines = (text: string) => text.split(/\r\n|\r|\n/).filter(Boolean);

async function drain(res: Response): Promise<string> {
  return Buffer.from(await res.arrayBuffer()).toString("utf8");
}

describe("streamed creates are recorded from the same bytes", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".sse"));
  it("has the fixtures", () => expect(files.length).toBeGreaterThanOrEqual(7));

  for (const file of files) {
    it(`${file}: raw lines and fold match a whole-stream fold`, async () => {
      const text = fixture(file);
      const { proxy, store, recorder } = await setup(sse(text));
      const res = await proxy(post({ model: "gemini-3.5-flash", input: `prompt for ${file}`, stream: true }));
      expect(res.status).toBe(200);
      expect(await drain(res)).toBe(text);
      await new Promise((r) => setImmediate(r));
      recorder.flushAll();
      const turns = store.listTurns({ sessionId: "sess_a" });
      expect(turns).toHaveLength(1);
      const turn = turns[0]!;
      const want = expectedFold(text);
      const expectedInteraction = toInteraction(want);
      if (!expectedInteraction.id) expectedInteraction.id = turn.interaction_id;
      expect(turn.interaction).toEqual(JSON.parse(JSON.stringify(expectedInteraction)));
      expect(turn.terminal).toBe(want.terminal);
      expect(turn.event_count).toBe(want.eventCount);
      expect(turn.last_event_id).toBe(want.lastEventId ?? null);
      expect(turn.stream).toBe(true);
      expect(turn.http_status).toBe(200);
      expect(turn.request).toEqual({ model: "gemini-3.5-flash", input: `prompt for ${file}`, stream: true });
      const events = store.getEvents(turn.interaction_id);
      expect(events.map((e) => e.line)).toEqual(nonEmptyLines(text));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      for (const e of events) expect(e.t_ms).toBeGreaterThanOrEqual(turn.created_ms);
      expect(turn.first_event_ms).not.toBeNull();
      expect(turn.completed_ms).toBeGreaterThanOrEqual(turn.first_event_ms!);
    });
  }
});

describe("fixture expectations (tests/fixtures/sse/README.md)", () => {
  async function record(file: string) {
    const { proxy, store, recorder } = await setup(sse(fixture(file), 53));
    await drain(await proxy(post({ model: "gemini-3.5-flash", input: "x", stream: true })));
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    return store.listTurns({ sessionId: "sess_a" })[0]!;
  }

  it("text-with-thought: thought + text, completed, 25 tokens", async () => {
    const t = await record("text-with-thought.sse");
    const steps = t.interaction!.steps;
    expect(steps.map((s) => s.type)).toEqual(["thought", "model_output"]);
    expect(steps[0]!.signature).toBe("CpQBAbc123==");
    expect(steps[0]!.summary?.[0]?.text).toBe("The user greets me; answer briefly.");
    expect(steps[1]!.content).toEqual([{ type: "text", text: "Hello there! How can I help today?" }]);
    expect(t.status).toBe("completed");
    expect(t.interaction!.usage?.total_tokens).toBe(25);
    expect(t.terminal).toBe(true);
    expect(t.model).toBe("gemini-3.5-flash");
  });

  it("parallel-function-calls: arguments routed by index; requires_action", async () => {
    const t = await record("parallel-function-calls.sse");
    const calls = t.interaction!.steps.filter((s) => s.type === "function_call");
    expect(calls).toEqual([
      { type: "function_call", id: "call_a", name: "get_weather", arguments: { city: "Paris", unit: "celsius" } },
      { type: "function_call", id: "call_b", name: "get_time", arguments: { timezone: "Europe/Paris" } },
    ]);
    expect(t.status).toBe("requires_action");
    expect(t.terminal).toBe(true);
  });

  it("error-midstream: failed with code prohibited_content", async () => {
    const t = await record("error-midstream.sse");
    expect(t.status).toBe("failed");
    expect(t.terminal).toBe(true);
    expect(t.error).toMatchObject({ code: "prohibited_content" });
  });

  it("error-bare-json-line: not successful, and the bare line is in the raw record", async () => {
    const t = await record("error-bare-json-line.sse");
    expect(t.status).not.toBe("completed");
    expect(t.status).toBe("failed");
    expect(t.error).toMatchObject({ code: "prohibited_content" });
  });

  it("dropped-no-terminal: partial text kept, terminal false, last event d4", async () => {
    const t = await record("dropped-no-terminal.sse");
    expect(t.terminal).toBe(false);
    expect(t.status).toBe("in_progress");
    expect(t.last_event_id).toBe("d4");
    expect(t.interaction!.steps[0]!.content?.[0]?.text).toBe("Once upon a time, a lighthouse keeper");
  });

  it("error-bare-json-line: the raw record holds the bare JSON line", async () => {
    const text = fixture("error-bare-json-line.sse");
    const { proxy, store, recorder } = await setup(sse(text, 11));
    await drain(await proxy(post({ model: "m", input: "x", stream: true })));
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    const t = store.listTurns()[0]!;
    const lines = store.getEvents(t.interaction_id).map((e) => e.line);
    expect(lines).toContain('{"error": {"code": "prohibited_content", "message": "The request was blocked by the content filter."}}');
  });

  it("resumed-mid-step: a resume continues the stored fold at the same step indices", async () => {
    const prefix = [
      `data: {"event_type":"interaction.created","interaction":{"id":"int_fx_resume","model":"gemini-3.5-flash","status":"in_progress"},"event_id":"r1"}`,
      `data: {"event_type":"step.start","index":0,"step":{"type":"thought"},"event_id":"r2"}`,
      `data: {"event_type":"step.delta","index":0,"delta":{"type":"thought_signature","signature":"SIG=="},"event_id":"r3"}`,
      `data: {"event_type":"step.stop","index":0,"event_id":"r4"}`,
      `data: {"event_type":"step.start","index":1,"step":{"type":"model_output","content":[]},"event_id":"r5"}`,
      `data: {"event_type":"step.delta","index":1,"delta":{"type":"text","text":"The Rhine, "},"event_id":"r6"}`,
      `data: {"event_type":"step.delta","index":1,"delta":{"type":"text","text":"the Rh\u00f4ne "},"event_id":"r7"}`,
    ]
      .map((l) => `${l}\n\n`)
      .join("");
    const resumed = fixture("resumed-mid-step.sse");
    const { proxy, store, recorder, s } = await setup(async (req, res) => {
      if (req.method === "POST") return sse(prefix)(req, res, "");
      return sse(resumed)(req, res, "");
    });
    await drain(await proxy(post({ model: "gemini-3.5-flash", input: "Name three rivers", stream: true })));
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    let t = store.getTurn("int_fx_resume")!;
    expect(t.terminal).toBe(false);
    expect(t.last_event_id).toBe("r7");

    const body = await drain(await proxy(get("/interactions/int_fx_resume?stream=true&last_event_id=r7")));
    expect(body).toBe(resumed);
    expect(s.seen[1]!.url).toBe("/v1beta/interactions/int_fx_resume?stream=true&last_event_id=r7");
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    t = store.getTurn("int_fx_resume")!;
    expect(store.listTurns()).toHaveLength(1);
    expect(t.terminal).toBe(true);
    expect(t.status).toBe("completed");
    expect(t.last_event_id).toBe("r10");
    expect(t.event_count).toBe(10);
    const steps = t.interaction!.steps as Step[];
    expect(steps).toHaveLength(2);
    expect(steps[0]).toEqual({ type: "thought", signature: "SIG==" });
    expect(steps[1]!.content).toEqual([{ type: "text", text: "The Rhine, the Rh\u00f4ne \u2026and the third river is the Danube." }]);
    expect(t.interaction!.usage?.total_tokens).toBe(120);
    // Raw lines appended after the first stream's, in one sequence.
    const events = store.getEvents("int_fx_resume");
    expect(events.map((e) => e.line)).toEqual([...nonEmptyLines(prefix), ...nonEmptyLines(resumed)]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    // The request of the create is kept.
    expect(t.request).toEqual({ model: "gemini-3.5-flash", input: "Name three rivers", stream: true });
  });

  it("resumed-mid-step on an id the record does not know: a new turn, the text kept on an orphan step", async () => {
    const text = fixture("resumed-mid-step.sse");
    const { proxy, store, recorder } = await setup(sse(text));
    expect(await drain(await proxy(get("/interactions/int_fx_resume?stream=true&last_event_id=r7", "sess_r")))).toBe(text);
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    const t = store.getTurn("int_fx_resume")!;
    expect(t.session_id).toBe("sess_r");
    expect(t.request).toEqual({});
    expect(t.status).toBe("completed");
    expect(t.terminal).toBe(true);
    expect(t.interaction!.steps).toEqual([{ type: "model_output", content: [{ type: "text", text: "\u2026and the third river is the Danube." }] }]);
  });

  it("background-agent: background create, then attach with GET ?stream=true", async () => {
    const text = fixture("background-agent.sse");
    const { proxy, store, recorder } = await setup(async (req, res) => {
      if (req.method === "POST") return jsonReply(200, { id: "int_fx_agent", agent: "deep-research-preview-04-2026", status: "in_progress", steps: [] })(req, res, "");
      return sse(text)(req, res, "");
    });
    const created = await proxy(post({ agent: "deep-research-preview-04-2026", input: "Research bridges", background: true }));
    expect((await created.json()).status).toBe("in_progress");
    let t = store.getTurn("int_fx_agent")!;
    expect(t.background).toBe(true);
    expect(t.status).toBe("in_progress");
    expect(t.terminal).toBe(false);
    expect(t.agent).toBe("deep-research-preview-04-2026");

    await drain(await proxy(get("/interactions/int_fx_agent?stream=true")));
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    t = store.getTurn("int_fx_agent")!;
    const steps = t.interaction!.steps;
    expect(steps.map((s) => s.type)).toEqual([
      "thought",
      "google_search_call",
      "google_search_result",
      "url_context_call",
      "url_context_result",
      "code_execution_call",
      "code_execution_result",
      "model_output",
    ]);
    expect(steps[6]!.result).toBe("4681\n");
    const annotations = steps[7]!.content?.flatMap((c) => c.annotations ?? []) ?? [];
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatchObject({ type: "url_citation" });
    expect(t.interaction!.usage).toMatchObject({ total_thought_tokens: 450, total_tool_use_tokens: 120 });
    expect(t.status).toBe("completed");
    expect(t.terminal).toBe(true);
    expect(t.background).toBe(true);
    expect(store.listTurns({ background: true }).map((x) => x.interaction_id)).toEqual(["int_fx_agent"]);
  });
});

describe("JSON operations", () => {
  it("records a JSON create, store:false included, and names the session after the first user text", async () => {
    const { proxy, store } = await setup(
      jsonReply(200, { id: "int_j1", status: "completed", model: "gemini-3.5-flash", steps: [{ type: "model_output", content: [{ type: "text", text: "Paris." }] }] }),
    );
    const input = "What is the capital of France? Please answer in one word and nothing else at all, thanks.";
    const res = await proxy(post({ model: "gemini-3.5-flash", input, store: false }, "sess_new"));
    expect((await res.json()).id).toBe("int_j1");
    const t = store.getTurn("int_j1")!;
    expect(t.store).toBe(false);
    expect(t.stream).toBe(false);
    expect(t.status).toBe("completed");
    expect(t.terminal).toBe(true);
    expect(t.session_id).toBe("sess_new");
    expect(t.interaction!.steps[0]!.content![0]!.text).toBe("Paris.");
    expect(t.first_event_ms).toBeNull();
    expect(t.completed_ms).toBeGreaterThanOrEqual(t.created_ms);
    const session = store.getSession("sess_new")!;
    expect(session.title).toBe(input.slice(0, 60));
    expect(session.turn_count).toBe(1);
    expect(store.listSessions("Paris").map((x) => x.id)).toEqual(["sess_new"]);
    expect(store.listSessions("capital").map((x) => x.id)).toEqual(["sess_new"]);
    expect(store.listSessions("Berlin")).toEqual([]);
  });

  it("records a refused create under a synthetic id with its error", async () => {
    const { proxy, store } = await setup(jsonReply(400, { error: { code: "invalid_request", message: "Unknown model: nope" } }));
    const res = await proxy(post({ model: "nope", input: "hi" }));
    expect(res.status).toBe(400);
    const [t] = store.listTurns({ sessionId: "sess_a" });
    expect(t!.interaction_id).toMatch(/^rec_/);
    expect(t!.status).toBe("failed");
    expect(t!.http_status).toBe(400);
    expect(t!.interaction).toBeNull();
    expect(t!.error).toEqual({ code: "invalid_request", message: "Unknown model: nope" });
  });

  it("GET replaces the interaction (input steps stripped); cancel updates status; delete keeps the record; errors change nothing", async () => {
    let mode = "create";
    const { proxy, store } = await setup((req, res) => {
      if (mode === "create") return jsonReply(200, { id: "int_b", status: "in_progress", steps: [] })(req, res, "");
      if (mode === "get")
        return jsonReply(200, {
          id: "int_b",
          status: "in_progress",
          steps: [
            { type: "user_input", content: [{ type: "text", text: "long job" }] },
            { type: "thought", summary: [{ type: "text", text: "working" }] },
          ],
        })(req, res, "");
      if (mode === "cancel") return jsonReply(200, { id: "int_b", status: "cancelled", steps: [{ type: "user_input", content: [] }, { type: "thought" }] })(req, res, "");
      if (mode === "delete") return jsonReply(200, {})(req, res, "");
      return jsonReply(404, { error: { code: "not_found", message: "Requested entity was not found." } })(req, res, "");
    });
    await (await proxy(post({ model: "m", input: "long job", background: true }))).text();
    mode = "get";
    await (await proxy(get("/interactions/int_b?include_input=true&stream=false"))).text();
    let t = store.getTurn("int_b")!;
    expect(t.interaction!.steps).toEqual([{ type: "thought", summary: [{ type: "text", text: "working" }] }]);
    expect(t.status).toBe("in_progress");
    mode = "cancel";
    const c = await proxy(new Request(`${ORIGIN}/api/backends/gemini/v1beta/interactions/int_b/cancel`, { method: "POST", headers: { host: "127.0.0.1:3000" } }));
    expect((await c.json()).status).toBe("cancelled");
    t = store.getTurn("int_b")!;
    expect(t.status).toBe("cancelled");
    expect(t.terminal).toBe(true);
    mode = "missing";
    expect((await proxy(get("/interactions/int_b"))).status).toBe(404);
    expect(store.getTurn("int_b")!.status).toBe("cancelled");
    mode = "delete";
    const d = await proxy(new Request(`${ORIGIN}/api/backends/gemini/v1beta/interactions/int_b`, { method: "DELETE", headers: { host: "127.0.0.1:3000" } }));
    expect(d.status).toBe(200);
    t = store.getTurn("int_b")!;
    expect(t.deleted_upstream).toBe(true);
    expect(t.status).toBe("cancelled");
    expect(t.request).toEqual({ model: "m", input: "long job", background: true });
  });

  it("a full replay (GET ?stream=true without last_event_id) never replaces a further-along record with a shorter one", async () => {
    const full = fixture("text-with-thought.sse");
    const cut = full.split("\n\n").slice(0, 4).join("\n\n") + "\n\n";
    let body = full;
    const { proxy, store, recorder } = await setup(async (req, res) => sse(body)(req, res, ""));
    await drain(await proxy(post({ model: "m", input: "hi", stream: true })));
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    const before = store.getTurn("int_fx_text")!;
    expect(before.status).toBe("completed");
    body = cut;
    await drain(await proxy(get("/interactions/int_fx_text?stream=true")));
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    const after = store.getTurn("int_fx_text")!;
    expect(after.interaction).toEqual(before.interaction);
    expect(after.status).toBe("completed");
    expect(store.getEvents("int_fx_text").length).toBe(nonEmptyLines(full).length + nonEmptyLines(cut).length);
  });
});

describe("the pipe never waits on the record", () => {
  it("batches writes: far fewer transactions than events", async () => {
    const n = 400;
    let text = `data: {"event_type":"interaction.created","interaction":{"id":"int_many","status":"in_progress"},"event_id":"m0"}\n\n`;
    text += `data: {"event_type":"step.start","index":0,"step":{"type":"model_output","content":[]}}\n\n`;
    for (let i = 0; i < n; i++) text += `data: {"event_type":"step.delta","index":0,"delta":{"type":"text","text":"w${i} "}}\n\n`;
    text += `data: {"event_type":"step.stop","index":0}\n\ndata: {"event_type":"interaction.completed","interaction":{"id":"int_many","status":"completed"}}\n\ndata: [DONE]\n\n`;
    const store = new AppStore(":memory:");
    defer(() => store.close());
    const appendSpy = vi.spyOn(store, "appendEvents");
    // One frame per write, 1 ms apart (~0.5 s): per-event writes would be ~400 transactions.
    const frames = text.split(/(?<=\n\n)/);
    const { proxy, recorder } = await setup(
      async (_req, res) => {
        res.setHeader("content-type", "text/event-stream");
        for (const f of frames) {
          res.write(f);
          await sleep(1);
        }
        res.end();
      },
      { flushMs: 50, store },
    );
    const t0 = Date.now();
    expect(await drain(await proxy(post({ model: "m", input: "x", stream: true })))).toBe(text);
    const elapsed = Date.now() - t0;
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    const t = store.getTurn("int_many")!;
    expect(t.interaction!.steps[0]!.content![0]!.text).toBe(Array.from({ length: n }, (_, i) => `w${i} `).join(""));
    expect(store.getEvents("int_many")).toHaveLength(n + 5);
    // At most one write per 50 ms window (plus the final one), whatever the machine's speed.
    expect(appendSpy.mock.calls.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 3);
    expect(appendSpy.mock.calls.length).toBeLessThan(n / 4);
  });

  it("keeps its own copy of each teed chunk: the record is the bytes as forwarded, whatever the upstream does with its buffers later", async () => {
    const text = fixture("text-with-thought.sse");
    const store = new AppStore(":memory:");
    defer(() => store.close());
    const recorder = createRecorder(store, { flushMs: 5 });
    const t = recorder.track({ op: { kind: "create" }, backend: "gemini", apiVersion: "v1beta", sessionId: "sess_a", request: { model: "m", input: "x" }, startedMs: Date.now() });
    t.response(200, true, Date.now());
    const buffers: Uint8Array[] = [];
    const bytes = Buffer.from(text, "utf8");
    for (let i = 0; i < bytes.length; i += 41) {
      const chunk = new Uint8Array(bytes.subarray(i, i + 41)); // its own buffer, as an upstream read is
      t.chunk(chunk, Date.now());
      buffers.push(chunk);
    }
    for (const b of buffers) b.fill(0x3f); // an upstream reusing its buffers: "????"
    t.end("complete", Date.now());
    recorder.flushAll();
    const want = expectedFold(text);
    const turns = store.listTurns({ sessionId: "sess_a" });
    expect(turns).toHaveLength(1);
    const turn = turns[0]!;
    expect(store.getEvents(turn.interaction_id).map((e) => e.line)).toEqual(nonEmptyLines(text));
    const expectedInteraction = toInteraction(want);
    if (!expectedInteraction.id) expectedInteraction.id = turn.interaction_id;
    expect(turn.interaction).toEqual(JSON.parse(JSON.stringify(expectedInteraction)));
  });

  it("the session is filed as soon as the stream starts, and a read of the record just after the end already has the turn", async () => {
    const text = fixture("text-with-thought.sse");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const { proxy, store, recorder } = await setup(async (_req, res) => {
      res.setHeader("content-type", "text/event-stream");
      const bytes = Buffer.from(text, "utf8");
      res.write(bytes.subarray(0, 200));
      await held; // the stream stays open until the test has looked
      res.end(bytes.subarray(200));
    });
    const api = createRecordApi({ store: () => store, settle: () => recorder.flushEnded() });
    const res = await proxy(post({ model: "m", input: "Tell me about herons", stream: true }, "sess_early"));
    await new Promise((r) => setImmediate(r));
    // Mid-stream: the session is listed (its turn's row follows once the stream is parsed).
    const mid = (await (await api.listSessions(new Request(`${ORIGIN}/api/sessions`))).json()) as { sessions: { id: string; title: string }[] };
    expect(mid.sessions.map((s) => s.id)).toEqual(["sess_early"]);
    expect(mid.sessions[0]!.title).toBe("Tell me about herons");
    release();
    expect(await drain(res)).toBe(text);
    // No wait: the recorder would parse 20 ms from now; the read settles it first.
    const got = await api.getSession(new Request(`${ORIGIN}/api/sessions/sess_early`), { params: Promise.resolve({ id: "sess_early" }) });
    const body = (await got.json()) as { turns: { terminal: boolean; interaction: unknown }[] };
    expect(body.turns).toHaveLength(1);
    expect(body.turns[0]!.terminal).toBe(true);
    expect(body.turns[0]!.interaction).toEqual(JSON.parse(JSON.stringify(toInteraction(expectedFold(text)))));
  });

  describe("a finished burst parsed elsewhere (the parse worker)", () => {
    // Large enough (about 30 KB) to be handed over; with a thought step, text and usage.
    const text = fixture("text-with-thought.sse").replace(
      /(data: \{"event_type":"step\.delta"[^\n]*\n\n)/,
      (m: string) => m + m.repeat(400),
    );
    /** A burst parser that answers after `delayMs` (with `answer`, default the real parse). */
    function fakeParser(delayMs: number, answer?: (job: Omit<BurstJob, "id">) => BurstResult | null) {
      const jobs: Omit<BurstJob, "id">[] = [];
      const parser: BurstParser = {
        available: () => true,
        parse: (job) => {
          jobs.push(job);
          return new Promise((r) => setTimeout(() => r(answer ? answer(job) : parseBurst({ ...job, id: 0 })), delayMs));
        },
      };
      return { parser, jobs };
    }
    function stream(recorder: Recorder, session: string) {
      const t = recorder.track({ op: { kind: "create" }, backend: "gemini", apiVersion: "v1beta", sessionId: session, request: { model: "m", input: "x" }, startedMs: Date.now() });
      t.response(200, true, Date.now());
      const bytes = Buffer.from(text, "utf8");
      for (let i = 0; i < bytes.length; i += 37) t.chunk(new Uint8Array(bytes.subarray(i, i + 37)), Date.now());
      t.end("complete", Date.now());
    }
    function expectRecorded(store: AppStore, session: string) {
      const turns = store.listTurns({ sessionId: session });
      expect(turns).toHaveLength(1);
      const turn = turns[0]!;
      expect(store.getEvents(turn.interaction_id).map((e) => e.line)).toEqual(nonEmptyLines(text));
      const want = toInteraction(expectedFold(text));
      if (!want.id) want.id = turn.interaction_id;
      expect(turn.interaction).toEqual(JSON.parse(JSON.stringify(want)));
      expect(turn.first_event_ms).not.toBeNull();
    }

    it("is recorded from the parser's answer, once, with the whole burst handed over", async () => {
      const store = new AppStore(":memory:");
      defer(() => store.close());
      const { parser, jobs } = fakeParser(5);
      const recorder = createRecorder(store, { flushMs: 5, burstParser: parser });
      stream(recorder, "sess_w");
      await vi.waitFor(() => expect(store.listTurns({ sessionId: "sess_w" })).toHaveLength(1), { timeout: 2_000 });
      expect(jobs).toHaveLength(1);
      expect(Buffer.from(jobs[0]!.bytes).toString("utf8")).toBe(text);
      expect(jobs[0]!.complete).toBe(true);
      expectRecorded(store, "sess_w");
    });

    it("a read before the answer parses the burst here, and the late answer changes nothing", async () => {
      const store = new AppStore(":memory:");
      defer(() => store.close());
      const spoiled = { pending: [{ t_ms: 1, line: "data: spoiled" }], fold: emptyFold({ id: "int_spoiled" }), firstEventMs: 1 };
      const { parser, jobs } = fakeParser(150, () => ({ id: 0, ...spoiled }));
      const recorder = createRecorder(store, { flushMs: 5, burstParser: parser });
      stream(recorder, "sess_r");
      await vi.waitFor(() => expect(jobs).toHaveLength(1), { timeout: 2_000 });
      recorder.flushEnded();
      expectRecorded(store, "sess_r");
      await sleep(250); // the parser answers now, after the turn was finished here
      expectRecorded(store, "sess_r");
      expect(store.getTurn("int_spoiled")).toBeNull();
    });

    it("a parser that cannot (null) leaves the burst to the recorder", async () => {
      const store = new AppStore(":memory:");
      defer(() => store.close());
      const { parser, jobs } = fakeParser(1, () => null);
      const recorder = createRecorder(store, { flushMs: 5, burstParser: parser });
      stream(recorder, "sess_n");
      await vi.waitFor(() => expect(store.listTurns({ sessionId: "sess_n" })).toHaveLength(1), { timeout: 2_000 });
      expect(jobs).toHaveLength(1);
      expectRecorded(store, "sess_n");
    });
  });

  it("a broken store does not break the stream", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void errors.push(a.map(String).join(" ")));
    const text = fixture("text-with-thought.sse");
    const store = new AppStore(":memory:");
    const { proxy, recorder } = await setup(sse(text), { store });
    store.close(); // every write now throws
    const res = await proxy(post({ model: "m", input: "x", stream: true }));
    expect(await drain(res)).toBe(text);
    await new Promise((r) => setImmediate(r));
    recorder.flushAll();
    expect(errors.length).toBeGreaterThan(0);
  });
});
