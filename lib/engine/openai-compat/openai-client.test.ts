// The official `openai` client (6.49.0) pointed at the engine's OpenAI compatibility path
// `…/v1beta/openai/`, in-process (fetch → engine) and over a socket (standalone server).
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../engine";
import { startStandalone, type StandaloneEngine } from "../testing";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MODEL = "gemini-3.5-flash";

let engine: Engine;
let standalone: StandaloneEngine;
let dir: string;
beforeAll(async () => {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
  dir = mkdtempSync(join(tmpdir(), "openai-compat-"));
  standalone = await startStandalone({ ENGINE_DB: join(dir, "e.db"), SIM_PACE_MS: "0" });
});
afterAll(async () => {
  engine.close();
  await standalone.stop();
  rmSync(dir, { recursive: true, force: true });
});

const clients = {
  "in-process": () =>
    new OpenAI({ apiKey: "local", baseURL: "http://engine.local/v1beta/openai/", maxRetries: 0, fetch: (input, init) => engine.fetch(new Request(input as RequestInfo, init)) }),
  standalone: () => new OpenAI({ apiKey: "local", baseURL: `${standalone.url}/v1beta/openai/`, maxRetries: 0 }),
};

describe.each(Object.keys(clients) as (keyof typeof clients)[])("openai client → engine compatibility path (%s)", (name) => {
  const ai = () => clients[name]();

  it("answers messages with a system message, and keeps nothing", async () => {
    const r = await ai().chat.completions.create({
      model: MODEL,
      messages: [
        { role: "system", content: "You are a pirate." },
        { role: "user", content: "My name is Ada." },
        { role: "assistant", content: "Hello Ada." },
        { role: "user", content: "What is my name?" },
      ],
    });
    expect(r.object).toBe("chat.completion");
    expect(r.choices[0]!.message.content).toMatch(/^Arr, matey!.*Ada/);
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + r.usage!.completion_tokens);
    if (name === "in-process") expect(engine.store.countInteractions()).toBe(0);
  });

  it("calls tools, takes the tool result and answers", async () => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
    ];
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: "user", content: "What's the weather in Paris and London?" }];
    const r1 = await ai().chat.completions.create({ model: MODEL, messages, tools });
    const msg = r1.choices[0]!.message;
    expect(r1.choices[0]!.finish_reason).toBe("tool_calls");
    const calls = msg.tool_calls!.filter((c) => c.type === "function");
    expect(calls.map((c) => JSON.parse(c.function.arguments).city)).toEqual(["Paris", "London"]);
    messages.push(msg, ...calls.map((c) => ({ role: "tool" as const, tool_call_id: c.id, content: JSON.stringify({ temp_c: 20 }) })));
    const r2 = await ai().chat.completions.create({ model: MODEL, messages, tools });
    expect(r2.choices[0]!.finish_reason).toBe("stop");
    expect(r2.choices[0]!.message.content).toMatch(/temp_c/);
  });

  it("returns JSON matching a response_format json_schema", async () => {
    const schema = { type: "object", properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } }, required: ["name", "age"], additionalProperties: false };
    const r = await ai().chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "Invent a person." }],
      response_format: { type: "json_schema", json_schema: { name: "person", schema, strict: true } },
    });
    const obj = JSON.parse(r.choices[0]!.message.content!);
    expect(Object.keys(obj)).toEqual(["name", "age"]);
    expect(Number.isInteger(obj.age)).toBe(true);
  });

  it("streams content, tool calls and a usage chunk with stream_options.include_usage", async () => {
    const stream = await ai().chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "Write about the sea in two sentences." }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const ch of stream) {
      text += ch.choices[0]?.delta.content ?? "";
      finish = ch.choices[0]?.finish_reason ?? finish;
      if (ch.usage) usage = ch.usage;
    }
    expect(text.split(/[.!?](?=\s|$)/).filter((s) => s.trim())).toHaveLength(2);
    expect(finish).toBe("stop");
    expect(usage!.completion_tokens).toBeGreaterThan(0);

    const toolStream = ai().chat.completions.stream({
      model: MODEL,
      messages: [{ role: "user", content: "What's the weather in Rome?" }],
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
    });
    const final = await toolStream.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "Rome" });
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("lists models and answers errors in OpenAI's shape", async () => {
    const list = await ai().models.list();
    expect(list.data.map((m) => m.id)).toContain(`models/${MODEL}`);
    expect((await ai().models.retrieve(MODEL)).id).toBe(`models/${MODEL}`);
    await expect(ai().models.retrieve("no-such-model")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const bad = ai().chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] });
    await expect(bad).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(bad).rejects.toMatchObject({ status: 400, type: "invalid_request_error", message: expect.stringMatching(/Unknown model 'no-such-model'/) });
    await expect(
      ai().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }], n: 2 }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/n must be 1/) });
    await expect(
      ai().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }], logit_bias: { "1": 2 } }),
    ).rejects.toMatchObject({ status: 400, param: "logit_bias" });
  });
});
