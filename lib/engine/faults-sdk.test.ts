// Each fault preset with the official @google/genai client (3.x), in-process: what the SDK does
// under the live service's known failures — which call throws which class and status, what a
// stream yields, how retries behave (turned off where they would only add seconds).
import { GoogleGenAI } from "@google/genai";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "./engine";
import { call, sleep } from "./testing";
import { FAULT_PRESETS } from "./faults";

let engine: Engine;
afterEach(() => engine?.close());

const MODEL = "gemini-3.5-flash";

function sdk(fault?: string, opts: { onRequest?: (r: Request) => void } = {}) {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
  const ai = new GoogleGenAI({
    apiKey: "local",
    apiVersion: "v1beta",
    httpOptions: {
      baseUrl: "http://engine.local",
      headers: fault ? { "x-engine-fault": fault } : {},
      fetch: async (input, init) => {
        const req = new Request(input as RequestInfo, init);
        opts.onRequest?.(req);
        return engine.fetch(req);
      },
    },
  });
  return ai;
}

async function thrown(p: Promise<unknown>): Promise<{ status?: number; name: string; message: string; headers?: Headers }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status?: number; constructor: { name: string }; message: string; headers?: Headers };
    return { status: err.status, name: err.constructor.name, message: err.message, headers: err.headers };
  }
  throw new Error("expected the SDK to throw");
}

async function events(stream: AsyncIterable<unknown>): Promise<{ event_type: string; [k: string]: unknown }[]> {
  const out: { event_type: string; [k: string]: unknown }[] = [];
  for await (const e of stream) out.push(e as { event_type: string });
  return out;
}

describe("fault presets with the official SDK", () => {
  it("documents every preset", () => {
    expect(FAULT_PRESETS.map((p) => p.name)).toEqual(["drop-after", "early-404", "chain-501", "content-filter", "rate-limit", "interleave-args", "stuck", "cancel-404"]);
  });

  it("drop-after=N: the stream just ends — no terminal event, no throw", async () => {
    const ai = sdk("drop-after=3");
    const ev = await events(await ai.interactions.create({ model: MODEL, input: "Write 50 words about rivers.", stream: true }));
    expect(ev).toHaveLength(3);
    expect(ev.some((e) => e.event_type === "interaction.completed")).toBe(false);
  });

  it("early-404: GET throws NotFoundError (404) inside the window after a background create, then succeeds", async () => {
    const ai = sdk("early-404=150ms");
    const r = await ai.interactions.create({ agent: "deep-research-preview-04-2026", input: "Research tides", background: true });
    const err = await thrown(ai.interactions.get(r.id, undefined, { maxRetries: 0 }));
    expect(err).toMatchObject({ status: 404, name: "NotFoundError" });
    expect(err.message).toMatch(/Requested entity was not found/);
    await sleep(170);
    expect((await ai.interactions.get(r.id)).id).toBe(r.id);
  });

  it("chain-501: chaining after built-in tool use throws InternalServerError 501; a plain parent chains fine", async () => {
    let posts = 0;
    const ai = sdk("chain-501", { onRequest: (r) => void (r.method === "POST" && posts++) });
    const parent = await ai.interactions.create({ model: MODEL, input: "What is 6 * 7? Check it with code execution.", tools: [{ type: "code_execution" }] });
    expect(parent.steps?.some((s) => s.type === "code_execution_call")).toBe(true);
    posts = 0;
    const err = await thrown(ai.interactions.create({ model: MODEL, input: "And doubled?", previous_interaction_id: parent.id }, { maxRetries: 0 }));
    expect(err).toMatchObject({ status: 501, name: "InternalServerError" });
    expect(posts).toBe(1);
    // With retries on, the SDK retries a 5xx: one retry means two POSTs.
    posts = 0;
    await thrown(ai.interactions.create({ model: MODEL, input: "And doubled?", previous_interaction_id: parent.id }, { maxRetries: 1 }));
    expect(posts).toBe(2);
    const plain = await ai.interactions.create({ model: MODEL, input: "Hi" });
    expect((await ai.interactions.create({ model: MODEL, input: "Again", previous_interaction_id: plain.id })).status).toBe("completed");
  });

  it("content-filter: unstreamed → BadRequestError 400 prohibited_content; streamed → an error event (no throw); line → nothing parsed; never stored", async () => {
    const ai = sdk("content-filter");
    const err = await thrown(ai.interactions.create({ model: MODEL, input: "something filtered" }));
    expect(err).toMatchObject({ status: 400, name: "BadRequestError" });
    expect(err.message).toMatch(/content filter/);
    const ev = await events(await ai.interactions.create({ model: MODEL, input: "something filtered", stream: true }));
    expect(ev).toEqual([expect.objectContaining({ event_type: "error", error: expect.objectContaining({ code: "prohibited_content" }) })]);
    expect(engine.store.countInteractions()).toBe(0);

    const line = sdk("content-filter=line");
    const raw = await call(engine, "POST", "/v1beta/interactions", { body: { model: MODEL, input: "x", stream: true }, headers: { "x-engine-fault": "content-filter=line" } });
    expect(await raw.text()).toMatch(/^\{"error":\{"code":"prohibited_content"/);
    // The SDK's SSE reader skips a line without a field name: the stream yields nothing and ends.
    expect(await events(await line.interactions.create({ model: MODEL, input: "x", stream: true }))).toEqual([]);
    expect(engine.store.countInteractions()).toBe(0);
  });

  it("rate-limit: RateLimitError 429 resource_exhausted with retry-after; the SDK retries 429s when allowed", async () => {
    let posts = 0;
    const ai = sdk("rate-limit=0", { onRequest: (r) => void (r.method === "POST" && posts++) });
    const err = await thrown(ai.interactions.create({ model: MODEL, input: "Hi" }, { maxRetries: 0 }));
    expect(err).toMatchObject({ status: 429, name: "RateLimitError" });
    expect(err.headers?.get("retry-after")).toBe("0");
    expect(posts).toBe(1);
    posts = 0;
    await thrown(ai.interactions.create({ model: MODEL, input: "Hi" }, { maxRetries: 2 }));
    expect(posts).toBe(3);
    const res = await call(engine, "POST", "/v1beta/interactions", { body: { model: MODEL, input: "x" }, headers: { "x-engine-fault": "rate-limit=30s" } });
    expect(res.headers.get("retry-after")).toBe("30");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("resource_exhausted");
  });

  it("interleave-args: parallel calls open at once with interleaved argument fragments; per-index reassembly still parses", async () => {
    const ai = sdk("interleave-args");
    const tools = [{ type: "function" as const, name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
    const ev = await events(await ai.interactions.create({ model: MODEL, input: "What's the weather in Paris, London and Rome?", tools, stream: true }));
    const seq = ev.filter((e) => e.event_type.startsWith("step.")).map((e) => `${e.event_type}:${e.index}`);
    const firstStop = seq.findIndex((s) => s.startsWith("step.stop"));
    expect(seq.slice(0, firstStop).filter((s) => s.startsWith("step.start")).length).toBe(3);
    const args = new Map<number, string>();
    for (const e of ev) if (e.event_type === "step.delta") args.set(e.index as number, (args.get(e.index as number) ?? "") + ((e.delta as { arguments?: string }).arguments ?? ""));
    expect([...args.values()].map((a) => JSON.parse(a).city)).toEqual(["Paris", "London", "Rome"]);
    const deltaOrder = ev.filter((e) => e.event_type === "step.delta").map((e) => e.index);
    expect(deltaOrder.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it("stuck: GET keeps answering in_progress (a poller times out); cancel releases it", async () => {
    const ai = sdk("stuck");
    const r = await ai.interactions.create({ model: MODEL, input: "Hi", background: true });
    await sleep(30);
    expect((await ai.interactions.get(r.id)).status).toBe("in_progress");
    expect((await ai.interactions.get(r.id)).status).toBe("in_progress");
    const cancelled = await ai.interactions.cancel(r.id);
    expect(["completed", "cancelled"]).toContain(cancelled.status);
    expect((await ai.interactions.get(r.id)).status).toBe(cancelled.status);
  });

  it("cancel-404: cancel throws NotFoundError \"Method not found\"; the run is untouched", async () => {
    const ai = sdk("cancel-404");
    const r = await ai.interactions.create({ agent: "deep-research-preview-04-2026", input: "Research tides", background: true });
    const err = await thrown(ai.interactions.cancel(r.id, undefined, { maxRetries: 0 }));
    expect(err).toMatchObject({ status: 404, name: "NotFoundError" });
    expect(err.message).toMatch(/Method not found/);
  });

  it("per engine: PUT /admin/faults sets a list that applies without the header; bad lists are a 400", async () => {
    sdk();
    const put = await call(engine, "PUT", "/admin/faults", { body: { faults: "cancel-404,early-404=1s" } });
    expect(put.status).toBe(200);
    expect(((await call(engine, "GET", "/admin/faults").then((x) => x.json())) as { faults: string }).faults).toBe("cancel-404,early-404=1s");
    const created = (await (await call(engine, "POST", "/v1beta/interactions", { body: { model: MODEL, input: "Hi" } })).json()) as { id: string };
    expect((await call(engine, "GET", `/v1beta/interactions/${created.id}`)).status).toBe(404);
    const bad = await call(engine, "PUT", "/admin/faults", { body: { faults: "explode=1" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/unknown preset "explode".*Known presets/);
    await call(engine, "PUT", "/admin/faults", { body: { faults: "" } });
    expect((await call(engine, "GET", `/v1beta/interactions/${created.id}`)).status).toBe(404); // the window was set at create
  });
});
