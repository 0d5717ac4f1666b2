// The browser client's streamed create against the in-process engine (the SDK's own HTTP path,
// with `fetch` routed to the engine): per-call headers reach the engine on the create only.
import { GoogleGenAI } from "@google/genai";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "@/lib/engine/engine";
import { TERMINAL_STATUSES, type InteractionEvent } from "@/lib/interactions/types";
import { createStreaming, getStream } from "./interactions-client";
import { planNextRequest, DEFAULT_SETTINGS, userInputStep } from "./turn-model";

let engine: Engine | undefined;
afterEach(() => engine?.close());

function client(engine: Engine, seen: { url: string; fault: string | null }[]) {
  return new GoogleGenAI({
    apiKey: "placeholder",
    httpOptions: {
      baseUrl: "http://engine.local",
      apiVersion: "v1beta",
      headers: { "x-playground-session": "s1" },
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        const req = new Request(input, init);
        seen.push({ url: req.url, fault: req.headers.get("x-engine-fault") });
        return engine.fetch(req);
      },
    } as never,
  });
}

async function collect(stream: AsyncIterable<InteractionEvent>): Promise<InteractionEvent[]> {
  const out: InteractionEvent[] = [];
  for await (const ev of stream) out.push(ev);
  return out;
}

describe("createStreaming with the fault switch", () => {
  it("a planned drop-after=6 cuts the create after 6 events; the resume (no header) completes it", async () => {
    engine = createEngine({ dbPath: ":memory:", paceMs: 1 });
    const seen: { url: string; fault: string | null }[] = [];
    const ai = client(engine, seen);
    const plan = planNextRequest({
      settings: { ...DEFAULT_SETTINGS, dropAfterEvents: "6" },
      target: "gemini-3.5-flash",
      history: [],
      input: [userInputStep("Write 200 words about rivers.")],
    });
    if (!plan.ok) throw new Error(plan.error);

    const cut = await collect(await createStreaming(ai, plan.value.body, new AbortController().signal, plan.value.headers));
    expect(cut).toHaveLength(6);
    expect(cut.some((e) => e.event_type === "interaction.completed")).toBe(false);
    expect(seen[0]?.fault).toBe("drop-after=6");

    const first = cut[0] as { interaction?: { id?: string } };
    const id = first.interaction?.id ?? "";
    const last = (cut.at(-1) as { event_id?: string }).event_id ?? null;
    const tail = await collect(await getStream(ai, id, last, new AbortController().signal));
    expect(seen[1]?.url).toContain(`last_event_id=${last}`);
    expect(seen[1]?.fault).toBeNull();
    const end = tail.find((e) => e.event_type === "interaction.status_update" && TERMINAL_STATUSES.has((e as { status?: string }).status ?? ""));
    expect(end).toMatchObject({ status: "completed" });
    expect(tail.at(-1)?.event_type).toBe("interaction.completed");
  });

  it("without headers the create streams to its end", async () => {
    engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
    const seen: { url: string; fault: string | null }[] = [];
    const events = await collect(
      await createStreaming(client(engine, seen), { model: "gemini-3.5-flash", input: "Hi", stream: true }, new AbortController().signal),
    );
    expect(events.at(-1)?.event_type).toBe("interaction.completed");
    expect(seen[0]?.fault).toBeNull();
  });
});
