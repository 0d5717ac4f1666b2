// Google's ADK for TypeScript (`@google/adk` 2.0.0, `new Gemini({ useInteractionsApi: true })`,
// which runs on `@google/genai` 2.x) against the engine, through ADK's own Runner and sessions.
// Standalone: ADK's own configuration (GOOGLE_GEMINI_BASE_URL, read by its genai 2.x client).
// Proxy: a Gemini subclass hands ADK a genai 2.x client whose fetch reaches the proxy in-process.
// What ADK does not offer over the Interactions API is recorded here too (docs/clients.md):
// no `store: false`, no background runs or agents, and `outputSchema` is not sent.
import { FunctionTool, Gemini, InMemoryRunner, LlmAgent, LogLevel, setLogLevel, StreamingMode, type Event } from "@google/adk";
import { GoogleGenAI as GenAI2 } from "genai2";
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { TARGET_NAMES, useTargets, type Target } from "./support";

const MODEL = "gemini-3.5-flash";
setLogLevel(LogLevel.WARN);

function textOf(events: Event[]): string {
  const final = events.filter((e) => !e.partial && e.content?.role === "model" && e.content.parts?.some((p) => p.text));
  return (final.at(-1)?.content?.parts ?? []).map((p) => p.text ?? "").join("");
}

describe.each(TARGET_NAMES)("ADK Gemini({ useInteractionsApi }) → engine (%s)", (name) => {
  const targets = useTargets();
  const target = (): Target => targets[name]();
  afterAll(() => {
    vi.unstubAllGlobals();
    delete process.env.GOOGLE_GEMINI_BASE_URL;
  });

  function model(): Gemini {
    const t = target();
    if (t.name === "standalone") {
      // ADK's genai 2.x client reads the base URL from the environment (Node only); the global
      // fetch is wrapped only to record what ADK sent.
      process.env.GOOGLE_GEMINI_BASE_URL = t.root;
      vi.stubGlobal("fetch", t.fetch);
      return new Gemini({ model: MODEL, apiKey: "local", useInteractionsApi: true });
    }
    const client = new GenAI2({ apiKey: "local", httpOptions: { baseUrl: t.root, apiVersion: "v1beta", fetch: t.fetch } as never });
    class ProxiedGemini extends Gemini {
      override get apiClient() {
        return client as unknown as Gemini["apiClient"];
      }
    }
    return new ProxiedGemini({ model: MODEL, apiKey: "local", useInteractionsApi: true });
  }

  const calls: string[] = [];
  const weather = new FunctionTool({
    name: "get_weather",
    description: "Get the current weather for a city",
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      calls.push(city);
      return { city, temp_c: 18 };
    },
  });

  async function session(agent: LlmAgent) {
    const runner = new InMemoryRunner({ agent, appName: "clients" });
    const s = await runner.sessionService.createSession({ appName: "clients", userId: "u" });
    return async (text: string, streamingMode = StreamingMode.NONE) => {
      const out: Event[] = [];
      for await (const ev of runner.runAsync({ userId: "u", sessionId: s.id, newMessage: { role: "user", parts: [{ text }] }, runConfig: { streamingMode } })) {
        expect(ev.errorMessage, ev.errorMessage).toBeUndefined();
        out.push(ev);
      }
      return out;
    };
  }

  it("chains a session's turns with previous_interaction_id, plain and streamed", async () => {
    const say = await session(new LlmAgent({ name: "helper", model: model(), instruction: "You are a helpful assistant." }));
    const first = textOf(await say("My name is Ada and I live in Lisbon."));
    // ADK's preamble "You are an agent. Your internal name is …" is not a persona to play.
    expect(first).toMatch(/Ada/);
    expect(first).not.toMatch(/Speaking as/);
    const streamed = await say("Do you remember where I live?", StreamingMode.SSE);
    const partial = streamed.filter((e) => e.partial).map((e) => e.content?.parts?.[0]?.text ?? "").join("");
    expect(partial).toMatch(/Lisbon/);
    expect(textOf(streamed)).toBe(partial);
    const posts = target().sent.filter((s) => s.method === "POST");
    const last = posts.at(-1)!.body as { previous_interaction_id?: string; stream?: boolean; input: unknown[] };
    expect(last.previous_interaction_id).toMatch(/^int_/);
    expect(last.stream).toBe(true);
    expect(last.input).toHaveLength(1); // only the new user turn: the rest is server-side state
  });

  it("runs a full tool loop: the call, the executed tool, the answer", async () => {
    calls.length = 0;
    const say = await session(new LlmAgent({ name: "weather", model: model(), instruction: "Answer weather questions.", tools: [weather] }));
    const events = await say("What's the weather in Paris?");
    expect(calls).toEqual(["Paris"]);
    expect(events.some((e) => e.content?.parts?.some((p) => p.functionCall?.name === "get_weather"))).toBe(true);
    expect(textOf(events)).toMatch(/temp_c/);
    const resultPost = target().sent.filter((s) => s.method === "POST").at(-1)!.body as { input: { type: string }[] };
    expect(resultPost.input.map((s) => s.type)).toEqual(["function_call", "function_result"]);
  });

  it("does not send outputSchema over the Interactions API (an ADK limitation, recorded)", async () => {
    const agent = new LlmAgent({ name: "person", model: model(), outputSchema: z.object({ name: z.string() }) as never });
    const say = await session(agent);
    await say("Invent a person.");
    const post = target().sent.filter((s) => s.method === "POST").at(-1)!.body as Record<string, unknown>;
    expect(post.response_format).toBeUndefined();
  });
});
