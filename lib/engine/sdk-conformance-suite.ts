// Conformance of the engine with the OFFICIAL @google/genai client, shared by the in-process run
// (httpOptions.fetch routed into engine.fetch) and the run over real HTTP against the standalone
// server. Everything goes through the SDK's public API, so what passes here is what a program
// written for Google's service sees. The model is the simulator (gemini-3.5-flash).
import Ajv from "ajv";
import { GoogleGenAI } from "@google/genai";
import { describe, expect, it } from "vitest";
import type { Interaction, InteractionEvent } from "@/lib/interactions/types";

export interface ConformanceTarget {
  /** Base URL the SDK is pointed at. */
  baseUrl: string;
  /** A fetch that reaches the engine (in-process) — or undefined to use the network. */
  fetch?: (req: Request) => Promise<Response>;
}

export type Part = "plain" | "stream" | "background" | "chain" | "store" | "functions" | "structured" | "thinking" | "incomplete" | "cancel" | "delete" | "resume" | "errors" | "versions" | "agents";

const MODEL = "gemini-3.5-flash";
const ajv = new Ajv({ strict: false, validateFormats: false });

interface Client {
  ai: GoogleGenAI;
  /** "METHOD /path?query" of every request the SDK sent. */
  sent: string[];
}

function client(target: ConformanceTarget, opts: { apiVersion?: string; paceMs?: number } = {}): Client {
  const sent: string[] = [];
  const route = target.fetch ?? ((req: Request) => fetch(req));
  const ai = new GoogleGenAI({
    apiKey: "local",
    ...(opts.apiVersion ? { apiVersion: opts.apiVersion } : {}),
    httpOptions: {
      baseUrl: target.baseUrl,
      headers: opts.paceMs !== undefined ? { "x-engine-pace-ms": String(opts.paceMs) } : {},
      fetch: async (input, init) => {
        const req = new Request(input as RequestInfo, init);
        const url = new URL(req.url);
        sent.push(`${req.method} ${url.pathname}${url.search}`);
        return route(req);
      },
    },
  });
  return { ai, sent };
}

type Ev = InteractionEvent & { event_id?: string };

async function collect(stream: AsyncIterable<unknown>): Promise<Ev[]> {
  const out: Ev[] = [];
  for await (const ev of stream) out.push(ev as Ev);
  return out;
}

function idOf(events: Ev[]): string {
  const first = events.find((e) => e.event_type === "interaction.created") as Extract<Ev, { event_type: "interaction.created" }> | undefined;
  return first?.interaction.id as string;
}

function deltaText(events: Ev[]): string {
  return events.map((e) => (e.event_type === "step.delta" && e.delta.type === "text" ? String(e.delta.text) : "")).join("");
}

function outputText(i: { steps?: Interaction["steps"] }): string {
  return (i.steps ?? [])
    .filter((s) => s.type === "model_output")
    .flatMap((s) => s.content ?? [])
    .map((c) => (c.type === "text" ? c.text : ""))
    .join("");
}

async function expectSdkError(p: Promise<unknown>, status: number, message?: RegExp): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, "expected the SDK to throw").toBeInstanceOf(Error);
  expect((err as { status?: number }).status).toBe(status);
  if (message) expect((err as Error).message).toMatch(message);
}

async function waitTerminal(ai: GoogleGenAI, id: string, timeoutMs = 15_000): Promise<Interaction> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = (await ai.interactions.get(id)) as unknown as Interaction;
    if (!["queued", "in_progress"].includes(got.status)) return got;
    if (Date.now() > end) throw new Error(`interaction ${id} still ${got.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function defineConformance(name: string, getTarget: () => ConformanceTarget, parts?: Part[]): void {
  const want = (p: Part) => !parts || parts.includes(p);
  describe(`@google/genai against the engine (${name})`, () => {
    if (want("plain"))
      it("plain create: 200 JSON, output_text, usage, id", async () => {
        const { ai, sent } = client(getTarget());
        const r = await ai.interactions.create({ model: MODEL, input: "What is 12 * 7?" });
        expect(sent).toEqual(["POST /v1/interactions"]);
        expect(r.id).toMatch(/^int_/);
        expect(r.status).toBe("completed");
        expect(r.output_text).toContain("84");
        expect(r.steps?.[0]?.type).not.toBe("user_input"); // create holds generated steps only
        expect(r.usage?.total_tokens).toBeGreaterThan(0);
        expect(r.usage?.total_tokens).toBe((r.usage?.total_input_tokens ?? 0) + (r.usage?.total_output_tokens ?? 0) + (r.usage?.total_thought_tokens ?? 0) + (r.usage?.total_tool_use_tokens ?? 0));
        const got = await ai.interactions.get(r.id);
        expect(got.steps?.[0]).toEqual({ type: "user_input", content: [{ type: "text", text: "What is 12 * 7?" }] });
        expect(got.usage).toMatchObject({ total_tokens: r.usage?.total_tokens, total_output_tokens: r.usage?.total_output_tokens });
      });

    if (want("stream"))
      it("streamed create: event order, unique ids, completed without steps, same text and usage as GET", async () => {
        const { ai } = client(getTarget());
        const events = await collect(await ai.interactions.create({ model: MODEL, input: "Explain how tides work in three sentences.", stream: true }));
        const types = events.map((e) => e.event_type);
        expect(types[0]).toBe("interaction.created");
        expect(types.at(-1)).toBe("interaction.completed");
        expect(types.filter((t) => t === "step.delta").length).toBeGreaterThan(3);
        const ids = events.map((e) => e.event_id);
        expect(ids.every((x) => typeof x === "string" && x.length > 0)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        const done = events.at(-1) as Extract<Ev, { event_type: "interaction.completed" }>;
        expect(done.interaction.status).toBe("completed");
        expect(done.interaction.steps).toBeUndefined();
        const got = (await ai.interactions.get(idOf(events))) as unknown as Interaction;
        expect(outputText(got)).toBe(deltaText(events));
        expect(deltaText(events)).toContain("tides");
        expect(got.usage).toEqual(done.interaction.usage);
      });

    if (want("background"))
      it("background create returns at once; polling reaches completed", async () => {
        const { ai } = client(getTarget(), { paceMs: 1 });
        const r = await ai.interactions.create({ model: MODEL, input: "Write an essay about lighthouses of at least 2,000 words.", background: true });
        expect(["queued", "in_progress"]).toContain(r.status);
        const done = await waitTerminal(ai, r.id);
        expect(done.status).toBe("completed");
        expect(outputText(done).split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(2000);
      });

    if (want("chain"))
      it("chaining: a fact from turn 1 is recalled in turn 2; settings are per turn", async () => {
        const { ai } = client(getTarget());
        const t1 = await ai.interactions.create({ model: MODEL, input: "Hi, my name is Ada and I live in Lisbon.", system_instruction: "Answer in French." });
        const t2 = await ai.interactions.create({ model: MODEL, input: "What is my name and where do I live?", previous_interaction_id: t1.id });
        expect(t2.output_text).toContain("Ada");
        expect(t2.output_text).toContain("Lisbon");
        const fresh = await ai.interactions.create({ model: MODEL, input: "What is my name?" });
        expect(fresh.output_text).not.toContain("Ada");
        const got = await ai.interactions.get(t2.id);
        expect(got.previous_interaction_id).toBe(t1.id);
        expect((got as unknown as Interaction).system_instruction).toBeUndefined();
        // A third turn still sees turn 1 through turn 2.
        const t3 = await ai.interactions.create({ model: MODEL, input: "Where do I live?", previous_interaction_id: t2.id });
        expect(t3.output_text).toContain("Lisbon");
      });

    if (want("store"))
      it("store=false: returned, but GET 404 and not chainable", async () => {
        const { ai } = client(getTarget());
        const r = await ai.interactions.create({ model: MODEL, input: "My name is Grace.", store: false });
        expect(r.status).toBe("completed");
        await expectSdkError(ai.interactions.get(r.id), 404, /not found/i);
        await expectSdkError(ai.interactions.create({ model: MODEL, input: "What is my name?", previous_interaction_id: r.id }), 404);
        await expectSdkError(ai.interactions.create({ model: MODEL, input: "x", background: true, store: false }), 400, /store/);
      });

    if (want("functions"))
      it("function-call round trip: requires_action with schema-valid arguments, then the result is used", async () => {
        const { ai } = client(getTarget());
        const parameters = {
          type: "object",
          properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
          required: ["city", "unit"],
        };
        const tools = [{ type: "function" as const, name: "get_weather", description: "Get the current weather for a city.", parameters }];
        const t1 = await ai.interactions.create({ model: MODEL, input: "What's the weather in Paris right now?", tools });
        expect(t1.status).toBe("requires_action");
        const call = t1.steps?.find((s) => s.type === "function_call") as { id: string; name: string; arguments: Record<string, unknown> } | undefined;
        expect(call?.name).toBe("get_weather");
        expect(ajv.validate(parameters, call?.arguments)).toBe(true);
        expect(call?.arguments.city).toBe("Paris");
        const t2 = await ai.interactions.create({
          model: MODEL,
          previous_interaction_id: t1.id,
          input: [{ type: "function_result", call_id: call?.id as string, name: "get_weather", result: { temperature: "21C", condition: "sunny" } }],
          tools,
        });
        expect(t2.status).toBe("completed");
        expect(t2.output_text).toMatch(/21|sunny/);
      });

    if (want("structured"))
      it("structured output: response_format with a schema gives JSON that validates", async () => {
        const { ai } = client(getTarget());
        const schema = {
          type: "object",
          properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 }, tags: { type: "array", items: { type: "string" }, maxItems: 3 } },
          required: ["name", "age", "tags"],
        };
        const r = await ai.interactions.create({
          model: MODEL,
          input: "My name is Ada and I am 36. Describe me as JSON.",
          response_format: { type: "text", mime_type: "application/json", schema },
        });
        expect(r.status).toBe("completed");
        const value = JSON.parse(r.output_text ?? "") as unknown;
        expect(ajv.validate(schema, value)).toBe(true);
        await expectSdkError(
          ai.interactions.create({ model: MODEL, input: "x", response_format: { type: "text", mime_type: "application/json", schema: { $ref: "#/x" } } }),
          400,
          /response_format\.schema/,
        );
      });

    if (want("thinking"))
      it("thinking: a thought step with a summary and a signature, thought tokens counted", async () => {
        const { ai } = client(getTarget());
        const r = await ai.interactions.create({ model: MODEL, input: "What is 15% of 200?", generation_config: { thinking_level: "high", thinking_summaries: "auto" } });
        const thought = r.steps?.[0] as { type: string; summary?: { type: string; text?: string }[]; signature?: string };
        expect(thought.type).toBe("thought");
        expect(thought.summary?.[0]?.text?.length).toBeGreaterThan(0);
        expect(typeof thought.signature).toBe("string");
        expect(r.usage?.total_thought_tokens).toBeGreaterThan(0);
        expect(r.output_text).toContain("30");
      });

    if (want("incomplete"))
      it("incomplete: max_output_tokens stops the answer with status incomplete, not an error", async () => {
        const { ai } = client(getTarget());
        const r = await ai.interactions.create({ model: MODEL, input: "Write 300 words about clouds.", generation_config: { max_output_tokens: 10 } });
        expect(r.status).toBe("incomplete");
        expect(r.usage?.total_output_tokens).toBeLessThanOrEqual(10);
      });

    if (want("cancel"))
      it("cancel of a long background run: cancelled within a second; a second cancel is a 400", async () => {
        const { ai } = client(getTarget(), { paceMs: 20 });
        const r = await ai.interactions.create({ model: MODEL, input: "Write an essay about rivers of at least 2,000 words.", background: true });
        await new Promise((res) => setTimeout(res, 100));
        const t0 = Date.now();
        const c = await ai.interactions.cancel(r.id);
        expect(Date.now() - t0).toBeLessThan(1000);
        expect(c.status).toBe("cancelled");
        const got = await ai.interactions.get(r.id);
        expect(got.status).toBe("cancelled");
        await expectSdkError(ai.interactions.cancel(r.id), 400, /cancel/);
      });

    if (want("delete"))
      it("delete then get → 404", async () => {
        const { ai } = client(getTarget());
        const r = await ai.interactions.create({ model: MODEL, input: "Remember that the code is 4417." });
        const d = await ai.interactions.delete(r.id);
        expect(d).toBeUndefined(); // the SDK returns undefined for a 200 {}
        await expectSdkError(ai.interactions.get(r.id), 404, /Requested entity was not found/);
        await expectSdkError(ai.interactions.delete(r.id), 404);
      });

    if (want("resume"))
      it("resume with last_event_id mid-stream returns exactly the tail", async () => {
        const { ai, sent } = client(getTarget());
        const full = await collect(await ai.interactions.create({ model: MODEL, input: "Describe autumn in 64 words.", stream: true }));
        const id = idOf(full);
        for (const k of [1, Math.floor(full.length / 2), full.length - 2]) {
          const x = full[k]?.event_id as string;
          const tail = await collect(await ai.interactions.get(id, { stream: true, last_event_id: x }));
          expect(tail).toEqual(full.slice(k + 1));
        }
        expect(sent.some((s) => s.includes(`last_event_id=`) && s.includes("stream=true"))).toBe(true);
        const again = await collect(await ai.interactions.get(id, { stream: true }));
        expect(again).toEqual(full);
      });

    if (want("errors"))
      it("error envelopes reach the SDK as typed errors with status and message", async () => {
        const { ai } = client(getTarget());
        await expectSdkError(ai.interactions.create({ model: "no-such-model", input: "x" }), 400, /Unknown model 'no-such-model'/);
        await expectSdkError(ai.interactions.create({ agent: "no-such-agent", input: "x" }), 404, /Agent 'no-such-agent' was not found/);
        await expectSdkError(ai.interactions.get("int_doesnotexist"), 404, /Requested entity was not found/);
        await expectSdkError(
          ai.interactions.create({ model: MODEL, input: [{ type: "function_result", call_id: "c1", result: "x" }] }),
          400,
          /name/,
        );
        await expectSdkError(ai.interactions.create({ model: MODEL, input: "x", previous_interaction_id: "int_gone" }), 404);
        // Unknown fields are refused by name (sent through the SDK's extra body).
        await expectSdkError(ai.interactions.create({ model: MODEL, input: "x" }, { body: { presence_penalty: 0.2 } }), 400, /presence_penalty/);
      });

    if (want("versions"))
      it("serves v1 (the SDK default) and v1beta/v1alpha paths", async () => {
        for (const v of ["v1beta", "v1alpha"]) {
          const { ai, sent } = client(getTarget(), { apiVersion: v });
          const r = await ai.interactions.create({ model: MODEL, input: "what is 2 + 2?" });
          expect(r.output_text).toContain("4");
          const got = await ai.interactions.get(r.id);
          expect(got.id).toBe(r.id);
          expect(sent[0]).toBe(`POST /${v}/interactions`);
          expect(sent[1]).toMatch(new RegExp(`^GET /${v}/interactions/${r.id}`));
        }
      });

    if (want("agents"))
      it("agent interaction in the background runs to a terminal state", async () => {
        const { ai } = client(getTarget(), { paceMs: 0 });
        const r = await ai.interactions.create({ agent: "deep-research-preview-04-2026", input: "Research the history of lighthouses.", background: true });
        expect(["queued", "in_progress"]).toContain(r.status);
        const done = await waitTerminal(ai, r.id);
        expect(done.status).toBe("completed");
        expect(done.agent).toBe("deep-research-preview-04-2026");
        expect(outputText(done).length).toBeGreaterThan(0);
      });
  });
}
