import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldEvents, toInteraction } from "@/lib/interactions/fold";
import type { InteractionEvent } from "@/lib/interactions/types";
import { collectRun } from "@/lib/engine/simulator/collect";
import { assertWellFormed } from "@/lib/engine/simulator/test-support";
import { createOpenAIAdapter, toChatMessages } from "./openai";
import type { ModelRequest } from "./types";
import { startOpenAIStandIn } from "@/e2e/support/stand-in-openai.mjs";

// The loopback OpenAI-compatible stand-in (shared with the backend tests and e2e): each test queues
// how the next request is answered; the key is checked but not enforced (some tests send none).
type Handler = (req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse) => void;
let standIn: Awaited<ReturnType<typeof startOpenAIStandIn>>;
let baseUrl: string;
let handlers: Handler[];
let seen: { url: string; authorized: boolean; body: Record<string, unknown> }[];

function sse(res: ServerResponse, chunks: unknown[], opts: { done?: boolean } = {}) {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
  if (opts.done !== false) res.write("data: [DONE]\n\n");
  res.end();
}

beforeAll(async () => {
  standIn = await startOpenAIStandIn({ key: "sk-local", requireKey: false });
  baseUrl = standIn.baseUrl;
  handlers = standIn.queue;
  seen = standIn.requests;
});
afterAll(() => standIn.close());

const delta = (d: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ index: 0, delta: d, finish_reason: finish }] });

function req(over: Partial<ModelRequest>): ModelRequest {
  return { model: "openai:test-model", kind: "model", history: [], input: [{ type: "user_input", content: [{ type: "text", text: "Hi" }] }], paceMs: 0, ...over };
}

async function run(over: Partial<ModelRequest>, signal = new AbortController().signal) {
  const adapter = createOpenAIAdapter({ baseUrl, apiKey: "sk-local" });
  const { events, result } = await collectRun(adapter.run(req(over), signal));
  assertWellFormed(events);
  return { events, result, steps: toInteraction(foldEvents(events as InteractionEvent[])).steps };
}

describe("OpenAI-compatible adapter", () => {
  it("streams reasoning and text into thought and model_output steps, with the server's usage", async () => {
    handlers.push((_r, _b, res) =>
      sse(res, [
        delta({ role: "assistant", reasoning_content: "Thinking about " }),
        delta({ reasoning_content: "a greeting." }),
        delta({ content: "Hello" }),
        delta({ content: " world" }, "stop"),
        { choices: [], usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21, completion_tokens_details: { reasoning_tokens: 4 } } },
      ]),
    );
    const { steps, result } = await run({});
    expect(steps).toEqual([
      { type: "thought", summary: [{ type: "text", text: "Thinking about a greeting." }] },
      { type: "model_output", content: [{ type: "text", text: "Hello world" }] },
    ]);
    expect(result).toEqual({ status: "completed", usage: { total_input_tokens: 12, total_output_tokens: 5, total_thought_tokens: 4, total_tokens: 21 } });
    const last = seen[seen.length - 1]!;
    expect(last.url).toBe("/v1/chat/completions");
    expect(last.authorized).toBe(true);
    expect(last.body).toMatchObject({ model: "test-model", stream: true, messages: [{ role: "user", content: "Hi" }] });
  });

  it("maps history, tools and generation config into the chat request", async () => {
    handlers.push((_r, _b, res) => sse(res, [delta({ content: "ok" }, "stop")]));
    await run({
      system_instruction: "Be brief.",
      history: [
        { type: "user_input", content: [{ type: "text", text: "Weather in Paris?" }, { type: "image", mime_type: "image/png", data: "AAAA" }] },
        { type: "thought", signature: "sig" },
        { type: "function_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } },
      ],
      input: [{ type: "function_result", call_id: "call_1", name: "get_weather", result: { sky: "sunny" } }],
      tools: [
        { type: "function", name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } } } },
        { type: "google_search" },
      ],
      generation_config: { tool_choice: "any", max_output_tokens: 50, seed: 7, stop_sequences: ["END"] },
      response_format: { type: "text", mime_type: "application/json", schema: { type: "object" } },
    });
    const body = seen[seen.length - 1]!.body;
    expect(body.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }, { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: '{"sky":"sunny"}' },
    ]);
    expect(body.tools).toEqual([
      { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } } } } },
    ]);
    expect(body).toMatchObject({ tool_choice: "required", max_tokens: 50, seed: 7, stop: ["END"], response_format: { type: "json_schema", json_schema: { name: "response", schema: { type: "object" } } } });
  });

  it("streams parallel tool calls as function_call steps with argument fragments; requires_action", async () => {
    handlers.push((_r, _b, res) =>
      sse(res, [
        delta({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] }),
        delta({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: '{"tz":' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Pa' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: 'ris"}' } }] }),
        delta({ tool_calls: [{ index: 1, function: { arguments: '"Europe/Paris"}' } }] }, "tool_calls"),
      ]),
    );
    const { steps, result, events } = await run({});
    expect(steps).toEqual([
      { type: "function_call", id: "call_a", name: "get_weather", arguments: { city: "Paris" } },
      { type: "function_call", id: "call_b", name: "get_time", arguments: { tz: "Europe/Paris" } },
    ]);
    expect(events.filter((e) => e.event_type === "step.delta").every((e) => e.event_type === "step.delta" && e.delta.type === "arguments_delta")).toBe(true);
    expect(result.status).toBe("requires_action");
    expect(result.usage.total_output_tokens).toBeGreaterThan(0); // estimated by the simulator's rule when the server sends none
  });

  it("ends incomplete on finish_reason length", async () => {
    handlers.push((_r, _b, res) => sse(res, [delta({ content: "cut" }, "length")]));
    expect((await run({})).result.status).toBe("incomplete");
  });

  it("reports an upstream HTTP error as failed, with the server's message", async () => {
    handlers.push((_r, _b, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"error":{"message":"model not found"}}');
    });
    const { result } = await run({});
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("upstream_error");
    expect(result.error?.message).toContain("404");
    expect(result.error?.message).toContain("model not found");
  });

  it("reports an unreachable server as failed", async () => {
    const adapter = createOpenAIAdapter({ baseUrl: "http://127.0.0.1:9/v1" });
    const { result } = await collectRun(adapter.run(req({}), new AbortController().signal));
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("upstream_unavailable");
  });

  it("stops promptly when aborted mid-stream", async () => {
    let held: ServerResponse | undefined;
    handlers.push((_r, _b, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify(delta({ content: "partial" }))}\n\n`);
      held = res; // never finishes
    });
    const ac = new AbortController();
    const adapter = createOpenAIAdapter({ baseUrl });
    const gen = adapter.run(req({}), ac.signal);
    const first = await gen.next();
    expect(first.value).toMatchObject({ event_type: "step.start" });
    await gen.next(); // the "partial" delta
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 20);
    await expect(gen.next()).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - t0).toBeLessThan(1000); // generous: abort must interrupt the read, not wait for the stream
    held?.end();
  });

  it("accepts only openai:<model> ids", () => {
    const adapter = createOpenAIAdapter({ baseUrl });
    expect(adapter.accepts("openai:gpt-4o-mini")).toBe(true);
    expect(adapter.accepts("openai:")).toBe(false);
    expect(adapter.accepts("gemini-3.5-flash")).toBe(false);
  });

  it("merges consecutive model output and calls into one assistant message", () => {
    const msgs = toChatMessages({
      history: [
        { type: "user_input", content: [{ type: "text", text: "q" }] },
        { type: "model_output", content: [{ type: "text", text: "Let me check." }] },
        { type: "function_call", id: "c1", name: "a", arguments: {} },
        { type: "function_call", id: "c2", name: "b", arguments: { x: 1 } },
      ],
      input: [],
    });
    expect(msgs).toHaveLength(2);
    expect(msgs[1]).toMatchObject({ role: "assistant", content: "Let me check.", tool_calls: [{ id: "c1" }, { id: "c2" }] });
  });
});
