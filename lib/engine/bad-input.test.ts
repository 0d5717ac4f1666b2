// Bad requests get a 4xx in the API's envelope — never a 500, never a hang — and the message
// says what is wrong (reference §12 E13/E14/E16).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "./engine";
import { normalizeInput, parseCreateBody } from "./create-request";
import { createSyntheticAdapter } from "./synthetic-adapter";
import { call } from "./testing";

let engine: Engine;
beforeAll(() => {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0, adapters: [createSyntheticAdapter()], keepAliveMs: 0, maxBodyBytes: 20 * 1024 * 1024 });
});
afterAll(() => engine.close());

interface Envelope {
  error: { code: string; message: string; status: string };
}

async function expectError(res: Response, status: number, code: string, message?: RegExp): Promise<Envelope> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as Envelope;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.status).toBe("string");
  if (message) expect(body.error.message).toMatch(message);
  return body;
}

const post = (body: unknown, headers?: Record<string, string>) => call(engine, "POST", "/v1beta/interactions", { body, headers });
const base = { model: "synthetic-echo", input: "hi" };

describe("malformed requests", () => {
  it("malformed JSON → 400 naming the syntax error", async () => {
    await expectError(
      await call(engine, "POST", "/v1/interactions", { rawBody: '{"model": "synthetic-echo", "input": ', headers: { "content-type": "application/json" } }),
      400,
      "invalid_request",
      /Invalid JSON payload/,
    );
  });

  it("empty body and non-object bodies → 400", async () => {
    await expectError(await call(engine, "POST", "/v1/interactions", { rawBody: "", headers: { "content-type": "application/json" } }), 400, "invalid_request", /empty/);
    for (const body of [[], "text", 42, null]) {
      await expectError(await post(body), 400, "invalid_request", /JSON object/);
    }
  });

  it("a non-JSON content type → 415 that says to send JSON", async () => {
    await expectError(
      await call(engine, "POST", "/v1/interactions", { rawBody: "model=x", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      415,
      "unsupported_media_type",
      /application\/json/,
    );
  });

  it("a body over the limit → 413 (declared or streamed)", async () => {
    const big = JSON.stringify({ ...base, input: "a".repeat(20 * 1024 * 1024 + 10) });
    await expectError(
      await call(engine, "POST", "/v1/interactions", { rawBody: big, headers: { "content-type": "application/json" } }),
      413,
      "payload_too_large",
      /limit/,
    );
    // Without a Content-Length: counted while reading.
    const chunk = new TextEncoder().encode("a".repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 22) c.enqueue(chunk);
        else c.close();
      },
    });
    const res = await engine.fetch(
      new Request("http://engine.local/v1/interactions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    await expectError(res, 413, "payload_too_large");
  });
});

describe("schema", () => {
  it("wrong types name the field", async () => {
    await expectError(await post({ ...base, stream: "yes" }), 400, "invalid_request", /'stream'/);
    await expectError(await post({ ...base, generation_config: { max_output_tokens: "ten" } }), 400, "invalid_request", /generation_config\.max_output_tokens/);
    await expectError(await post({ ...base, tools: "none" }), 400, "invalid_request", /'tools'/);
    await expectError(await post({ model: 5, input: "x" }), 400, "invalid_request", /'model'/);
    await expectError(await post({ ...base, input: 7 }), 400, "invalid_request", /'input'/);
    await expectError(await post({ ...base, labels: { a: 1 } }), 400, "invalid_request", /labels\.a/);
  });

  it("unknown fields are refused by name, at any level we model", async () => {
    await expectError(await post({ ...base, temperature: 0.3 }), 400, "invalid_request", /Unknown name "temperature"/);
    await expectError(await post({ ...base, environment_id: "env_1" }), 400, "invalid_request", /Unknown name "environment_id"/);
    await expectError(await post({ ...base, generation_config: { presence_penalty: 0.5 } }), 400, "invalid_request", /Unknown name "presence_penalty" at 'generation_config'/);
    await expectError(await post({ ...base, frequency_penalty: 0.5 }), 400, "invalid_request", /Unknown name "frequency_penalty"/);
    await expectError(
      await post({ ...base, tools: [{ type: "function", name: "f", strict: true }] }),
      400,
      "invalid_request",
      /Unknown name "strict" at 'tools\[0\]'/,
    );
    // top_k is accepted (E16).
    expect((await post({ ...base, generation_config: { top_k: 40 } })).status).toBe(200);
  });

  it("model or agent is required; not both; agents take no generation_config", async () => {
    await expectError(await post({ input: "x" }), 400, "invalid_request", /'model' or 'agent' is required/);
    await expectError(await post({ model: "synthetic-echo", agent: "a", input: "x" }), 400, "invalid_request", /not both/);
    await expectError(await post({ agent_config: { type: "dynamic" }, input: "x" }), 400, "invalid_request", /'agent' is required/);
    await expectError(await post({ agent: "synthetic-echo", input: "x", generation_config: {} }), 400, "invalid_request", /generation_config/);
    await expectError(await post({ model: "synthetic-echo", input: "x", agent_config: { type: "dynamic" } }), 400, "invalid_request", /agent_config/);
  });

  it("unknown model → 400 naming it; unknown agent → 404 naming it", async () => {
    await expectError(await post({ model: "gpt-nonexistent", input: "x" }), 400, "invalid_request", /Unknown model 'gpt-nonexistent'/);
    await expectError(await post({ agent: "no-such-agent", input: "x" }), 404, "not_found", /Agent 'no-such-agent' was not found/);
    // Also for streamed creates: a JSON error, not a stream.
    const res = await post({ model: "gpt-nonexistent", input: "x", stream: true });
    await expectError(res, 400, "invalid_request");
  });

  it("function_result needs name, call_id and result; no extra fields", async () => {
    const fr = { type: "function_result", call_id: "c1", name: "f", result: "ok" };
    expect((await post({ ...base, input: [fr] })).status).toBe(200);
    await expectError(await post({ ...base, input: [{ ...fr, name: undefined }] }), 400, "invalid_request", /input\[0\]\.name/);
    await expectError(await post({ ...base, input: [{ ...fr, call_id: undefined }] }), 400, "invalid_request", /input\[0\]\.call_id/);
    await expectError(await post({ ...base, input: [{ type: "function_result", call_id: "c1", name: "f" }] }), 400, "invalid_request", /result/);
    await expectError(await post({ ...base, input: [{ ...fr, extra: 1 }] }), 400, "invalid_request", /Unknown name "extra" at 'input\[0\]'/);
  });

  it("turn lists and the generateContent schema get a message that says what to send", async () => {
    await expectError(await post({ ...base, input: [{ role: "user", parts: [{ text: "hi" }] }] }), 400, "invalid_request", /step_list/);
    await expectError(await post({ ...base, input: { role: "user", parts: [{ text: "hi" }] } }), 400, "invalid_request", /step_list/);
    await expectError(await post({ model: "synthetic-echo", contents: [{ role: "user", parts: [{ text: "hi" }] }] }), 400, "invalid_request", /input/);
  });

  it("required: [] in a tool schema → 400", async () => {
    await expectError(
      await post({ ...base, tools: [{ type: "function", name: "f", parameters: { type: "object", properties: { a: { type: "object", required: [] } } } }] }),
      400,
      "invalid_request",
      /tools\[0\]\.parameters\.properties\.a\.required/,
    );
  });

  it("other bad values: empty input, unknown step type, background without store, continuation tokens, query flags", async () => {
    await expectError(await post({ ...base, input: "" }), 400, "invalid_request", /empty/);
    await expectError(await post({ ...base, input: [] }), 400, "invalid_request", /empty/);
    await expectError(await post({ ...base, input: [{ type: "mystery_step" }] }), 400, "invalid_request", /input\[0\]\.type/);
    await expectError(await post({ model: "synthetic-echo" }), 400, "invalid_request", /input is required/);
    await expectError(await post({ ...base, background: true, store: false }), 400, "invalid_request", /store/);
    await expectError(await post({ ...base, continuation_token: "tok" }), 400, "invalid_request", /continuation_token/);
    await expectError(await post({ ...base, labels: { sim_pace_ms: "-1" } }), 400, "invalid_request", /sim_pace_ms/);
    await expectError(await call(engine, "GET", "/v1/interactions/int_x?last_event_id=e1"), 400, "invalid_request", /stream=true/);
  });

  it("never answers 500 to a pile of odd bodies", async () => {
    const odd: unknown[] = [
      { model: "" },
      { model: "synthetic-echo", input: { type: "image" } },
      { model: "synthetic-echo", input: [{ type: "text" }] },
      { model: "synthetic-echo", input: [{ type: "text", text: "a" }, { type: "user_input" }] },
      { model: "synthetic-echo", input: "x", tools: [{}] },
      { model: "synthetic-echo", input: "x", tools: [{ type: "teleport" }] },
      { model: "synthetic-echo", input: "x", response_format: { type: "hologram" } },
      { model: "synthetic-echo", input: "x", previous_interaction_id: "" },
      { model: "synthetic-echo", input: "x", safety_settings: [{ category: "x" }] },
      { model: "synthetic-echo", input: "x", generation_config: { tool_choice: { allowed_tools: { bogus: 1 } } } },
      { model: "synthetic-echo", input: [{ type: "function_call", id: "c", name: "f", arguments: [] }] },
      { ["__proto__"]: { polluted: true }, model: "synthetic-echo", input: "x" },
    ];
    for (const body of odd) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      const env = (await res.json()) as Envelope;
      expect(env.error.code).toBe("invalid_request");
    }
  });
});

describe("input normalisation", () => {
  it("string | Content | Content[] | Step[] → steps", () => {
    expect(normalizeInput("hi")).toEqual([{ type: "user_input", content: [{ type: "text", text: "hi" }] }]);
    expect(normalizeInput({ type: "text", text: "hi" })).toEqual([{ type: "user_input", content: [{ type: "text", text: "hi" }] }]);
    expect(normalizeInput([{ type: "text", text: "a" }, { type: "image", data: "AA==", mime_type: "image/png" }])).toEqual([
      { type: "user_input", content: [{ type: "text", text: "a" }, { type: "image", data: "AA==", mime_type: "image/png" }] },
    ]);
    const transcript = [
      { type: "user_input", content: [{ type: "text", text: "q" }] },
      { type: "model_output", content: [{ type: "text", text: "a" }] },
      { type: "user_input", content: [{ type: "text", text: "q2" }] },
    ];
    expect(normalizeInput(transcript)).toEqual(transcript);
    expect(normalizeInput({ type: "function_result", call_id: "c", name: "f", result: { temp: 21 } })).toEqual([
      { type: "function_result", call_id: "c", name: "f", result: { temp: 21 } },
    ]);
  });

  it("reads function_result blocks inside user_input content (the AI SDK's shape) as function_result steps", () => {
    const fr = { type: "function_result", call_id: "c1", name: "get_weather", result: "{\"t\":21}" };
    expect(
      normalizeInput([
        { type: "user_input", content: [{ type: "text", text: "q" }] },
        { type: "function_call", id: "c1", name: "get_weather", arguments: { city: "Paris" } },
        { type: "user_input", content: [fr, { type: "text", text: "and then?" }] },
      ]),
    ).toEqual([
      { type: "user_input", content: [{ type: "text", text: "q" }] },
      { type: "function_call", id: "c1", name: "get_weather", arguments: { city: "Paris" } },
      fr,
      { type: "user_input", content: [{ type: "text", text: "and then?" }] },
    ]);
    // Lifted blocks are validated as steps: a result without a name is still refused (E14).
    expect(() => normalizeInput([{ type: "user_input", content: [{ type: "function_result", call_id: "c1", result: "x" }] }])).toThrow(/input\[0\]\.name/);
  });

  it("parseCreateBody defaults store=true, background=false, stream=false", () => {
    const r = parseCreateBody({ model: "m", input: "x" });
    expect(r).toMatchObject({ kind: "model", target: "m", store: true, background: false, stream: false });
    expect(parseCreateBody({ agent: "a", input: "x", agent_config: { type: "dynamic", x: 1 } }).kind).toBe("agent");
  });
});
