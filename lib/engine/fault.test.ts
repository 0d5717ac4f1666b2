import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "./engine";
import { call, readSse, waitFor } from "./testing";

let engine: Engine | undefined;
afterEach(() => engine?.close());

const body = { model: "gemini-3.5-flash", input: "Write 120 words about rivers.", stream: true };

describe("fault switch: x-engine-fault: drop-after=N", () => {
  it("cuts a streamed create after N events (no terminal, no [DONE]); the run goes on and resumes exactly", async () => {
    engine = createEngine({ dbPath: ":memory:", paceMs: 2 });
    const cut = await readSse(await call(engine, "POST", "/v1beta/interactions", { body, headers: { "x-engine-fault": "drop-after=4" } }));
    expect(cut.events).toHaveLength(4);
    expect(cut.done).toBe(false);
    expect(cut.events.some((e) => e.event_type === "interaction.completed")).toBe(false);
    const id = (cut.events[0] as { interaction: { id: string } }).interaction.id;

    // The run was not stopped by the cut: it completes and is stored.
    await waitFor(async () => {
      const r = await call(engine!, "GET", `/v1beta/interactions/${id}`);
      return ((await r.json()) as { status: string }).status === "completed" || undefined;
    });
    const last = cut.events[3]?.event_id as string;
    const tail = await readSse(await call(engine, "GET", `/v1beta/interactions/${id}?stream=true&last_event_id=${last}`));
    const full = await readSse(await call(engine, "GET", `/v1beta/interactions/${id}?stream=true`));
    expect(tail.done).toBe(true);
    expect([...cut.events, ...tail.events].map((e) => e.event_id)).toEqual(full.events.map((e) => e.event_id));
  });

  it("applies to a streamed GET too, and refuses a malformed value with a 400 envelope", async () => {
    engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
    const res = await call(engine, "POST", "/v1beta/interactions", { body: { ...body, stream: false } });
    const { id } = (await res.json()) as { id: string };
    const cut = await readSse(await call(engine, "GET", `/v1beta/interactions/${id}?stream=true`, { headers: { "x-engine-fault": "drop-after=2" } }));
    expect(cut.events).toHaveLength(2);
    expect(cut.done).toBe(false);

    const bad = await call(engine, "POST", "/v1beta/interactions", { body, headers: { "x-engine-fault": "explode" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "invalid_request" });
  });
});
