// Vercel's AI SDK (`ai` 6 + `@ai-sdk/google` 3, `google.interactions()`) against the engine, with
// the AI SDK's own API only: what passes here is what an AI SDK user sees. Before this suite the
// tool loop failed: the AI SDK sends tool results as `function_result` blocks inside a
// `user_input` step's content, which the engine answered with 400 "unsupported type"; the engine
// now reads them as the equivalent `function_result` steps (docs/clients.md).
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { generateText, Output, stepCountIs, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TARGET_NAMES, useTargets, type Target } from "./support";

const MODEL = "gemini-3.5-flash";

describe.each(TARGET_NAMES)("AI SDK google.interactions() → engine (%s)", (name) => {
  const targets = useTargets();
  const target = (): Target => targets[name]();
  const google = () => createGoogleGenerativeAI({ apiKey: "local", baseURL: `${target().root}/v1beta`, fetch: target().fetch });
  const getJson = async (id: string) => target().fetch(`${target().root}/v1beta/interactions/${id}`);

  it("generates, then chains with previousInteractionId", async () => {
    const g = google();
    const first = await generateText({ model: g.interactions(MODEL), prompt: "My name is Ada and I live in Lisbon." });
    expect(first.text).toMatch(/Ada/);
    const id = first.providerMetadata?.google?.interactionId as string;
    expect(id).toMatch(/^int_/);
    const second = await generateText({
      model: g.interactions(MODEL),
      prompt: "Where do I live?",
      providerOptions: { google: { previousInteractionId: id } },
    });
    expect(second.text).toMatch(/Lisbon/);
    const last = target().sent.at(-1)!;
    expect(last.path).toBe("/v1beta/interactions".replace(/^/, target().name === "proxy" ? "/api/backends/local" : ""));
    expect(last.body).toMatchObject({ model: MODEL, previous_interaction_id: id });
  });

  it("streams text that equals the stored output", async () => {
    const g = google();
    const r = streamText({ model: g.interactions(MODEL), prompt: "Write about the sea in three sentences." });
    let text = "";
    for await (const chunk of r.textStream) text += chunk;
    expect(text.split(/[.!?](?=\s|$)/).filter((s) => s.trim()).length).toBe(3);
    const id = (await r.providerMetadata)?.google?.interactionId as string;
    const stored = (await (await getJson(id)).json()) as { status: string; steps: { type: string; content?: { text?: string }[] }[] };
    expect(stored.status).toBe("completed");
    expect(stored.steps.filter((s) => s.type === "model_output").flatMap((s) => s.content ?? []).map((c) => c.text).join("")).toBe(text);
  });

  it("sends inline history with store: false, and nothing is stored", async () => {
    const g = google();
    const r = await generateText({
      model: g.interactions(MODEL),
      providerOptions: { google: { store: false } },
      messages: [
        { role: "user", content: "My favourite city is Reykjavik. Please remember it." },
        { role: "assistant", content: "Noted." },
        { role: "user", content: "Which city did I say is my favourite?" },
      ],
    });
    expect(r.text).toMatch(/Reykjavik/);
    expect(target().sent.at(-1)!.body).toMatchObject({ store: false });
    const id = r.providerMetadata?.google?.interactionId as string | undefined;
    if (id) expect((await getJson(id)).status).toBe(404);
  });

  it("runs a full tool loop with executed tools (function_result blocks inside user_input)", async () => {
    const g = google();
    const calls: string[] = [];
    const tools = {
      get_weather: tool({
        description: "Get the current weather for a city",
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => {
          calls.push(city);
          return { city, temp_c: 21, sky: "clear" };
        },
      }),
    };
    const r = await generateText({ model: g.interactions(MODEL), prompt: "What's the weather in Paris?", tools, stopWhen: stepCountIs(3) });
    expect(calls).toEqual(["Paris"]);
    expect(r.steps).toHaveLength(2);
    expect(r.text).toMatch(/temp_c/);
    // The shape that used to be refused: the tool result rides inside a user_input step.
    const resultTurn = target().sent.at(-1)!.body as { input: { type: string; content?: { type: string }[] }[] };
    expect(resultTurn.input.some((s) => s.type === "user_input" && s.content?.some((c) => c.type === "function_result"))).toBe(true);

    // Streamed, the same loop.
    const s = streamText({ model: g.interactions(MODEL), prompt: "What's the weather in Oslo?", tools, stopWhen: stepCountIs(3) });
    let text = "";
    for await (const chunk of s.textStream) text += chunk;
    expect(calls).toEqual(["Paris", "Oslo"]);
    expect(text).toMatch(/Oslo/);
  });

  it("returns structured output that matches the schema", async () => {
    const g = google();
    const schema = z.object({ name: z.string(), age: z.number().int().min(0), tags: z.array(z.string()) });
    const r = await generateText({ model: g.interactions(MODEL), prompt: "Invent a person.", output: Output.object({ schema }) });
    expect(schema.safeParse(r.output).success).toBe(true);
    expect(target().sent.at(-1)!.body).toMatchObject({ response_format: [{ type: "text", mime_type: "application/json" }] });
  });

  it("runs an agent in the background and polls it to the report", async () => {
    const g = google();
    const r = await generateText({
      model: g.interactions({ agent: "deep-research-preview-04-2026" }),
      prompt: "Research tidal energy",
      providerOptions: { google: { background: true, pollingTimeoutMs: 20_000 } },
    });
    expect(r.text).toMatch(/Report/);
    expect(target().sent.find((s) => s.method === "POST")?.body).toBeDefined();
    expect(target().sent.some((s) => s.method === "GET")).toBe(true);
  });
});
