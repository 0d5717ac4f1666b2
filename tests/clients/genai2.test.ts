// The official `@google/genai` 2.x (what ADK and older apps pin; installed as `genai2` beside the
// 3.x the app uses) against the engine with its own API: plain and streamed create, chaining,
// an inline transcript with store: false, a function-call round trip, response_format and an
// agent in the background. Its default API version is v1beta (3.x defaults to v1).
import { GoogleGenAI } from "genai2";
import { describe, expect, it } from "vitest";
import { TARGET_NAMES, useTargets, type Target } from "./support";
import { collectStream } from "@/lib/engine/testing";

const MODEL = "gemini-3.5-flash";

describe.each(TARGET_NAMES)("@google/genai 2.x → engine (%s)", (name) => {
  const targets = useTargets();
  const target = (): Target => targets[name]();
  const ai = () => new GoogleGenAI({ apiKey: "local", httpOptions: { baseUrl: target().root, fetch: target().fetch } as never });

  it("creates, streams and chains on v1beta", async () => {
    const c = ai();
    const t1 = await c.interactions.create({ model: MODEL, input: "Hi, my name is Ada." });
    expect(t1.status).toBe("completed");
    expect(target().sent.at(-1)!.path).toMatch(/\/v1beta\/interactions$/);
    const stream = await c.interactions.create({ model: MODEL, input: "What is my name?", previous_interaction_id: t1.id, stream: true });
    const { text, id } = await collectStream(stream);
    expect(text).toMatch(/Ada/);
    expect((await c.interactions.get(id)).output_text).toBe(text);
  });

  it("sends an inline transcript with store: false; the id is then not found", async () => {
    const c = ai();
    const r = await c.interactions.create({
      model: MODEL,
      store: false,
      input: [
        { type: "user_input", content: [{ type: "text", text: "I live in Porto." }] },
        { type: "model_output", content: [{ type: "text", text: "Noted." }] },
        { type: "user_input", content: [{ type: "text", text: "Where do I live?" }] },
      ],
    });
    expect(r.output_text).toMatch(/Porto/);
    await expect(c.interactions.get(r.id)).rejects.toMatchObject({ status: 404 });
  });

  it("round-trips a function call and returns JSON for a response_format", async () => {
    const c = ai();
    const tools = [{ type: "function" as const, name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
    const t1 = await c.interactions.create({ model: MODEL, input: "What's the weather in Rome?", tools });
    expect(t1.status).toBe("requires_action");
    const call = t1.steps?.find((s) => s.type === "function_call") as unknown as { id: string; name: string; arguments: { city: string } };
    expect(call.arguments.city).toBe("Rome");
    const t2 = await c.interactions.create({
      model: MODEL,
      previous_interaction_id: t1.id,
      tools,
      input: [{ type: "function_result", call_id: call.id, name: call.name, result: { temp_c: 24 } }],
    });
    expect(t2.status).toBe("completed");
    expect(t2.output_text).toMatch(/24/);
    const schema = { type: "object", properties: { city: { type: "string" }, rainy: { type: "boolean" } }, required: ["city", "rainy"] };
    const t3 = await c.interactions.create({ model: MODEL, input: "Describe Rome.", response_format: { type: "text", mime_type: "application/json", schema } });
    expect(Object.keys(JSON.parse(t3.output_text ?? "{}"))).toEqual(["city", "rainy"]);
  });

  it("runs an agent in the background, polled with get", async () => {
    const c = ai();
    const r = await c.interactions.create({ agent: "deep-research-preview-04-2026", input: "Research wind power", background: true });
    expect(r.status).toBe("in_progress");
    let got = await c.interactions.get(r.id);
    for (let i = 0; i < 200 && got.status === "in_progress"; i++) {
      await new Promise((res) => setTimeout(res, 10));
      got = await c.interactions.get(r.id);
    }
    expect(got.status).toBe("completed");
    expect(got.output_text).toMatch(/Report/);
  });
});
