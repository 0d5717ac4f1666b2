import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyEvent, emptyFold, FoldBuffer, foldEvents, foldFromInteraction, toInteraction, type FoldState } from "./fold";
import { createStreamReader } from "./sse";
import type { InteractionEvent } from "./types";

const FIXTURES = join(process.cwd(), "tests/fixtures/sse");

function readFixture(name: string, chunkSize = 0) {
  const text = readFileSync(join(FIXTURES, name), "utf8");
  const events: InteractionEvent[] = [];
  const bare: string[] = [];
  let done = false;
  const r = createStreamReader({
    onEvent: (e) => events.push(e),
    onDone: () => (done = true),
    onBareLine: (l) => bare.push(l),
  });
  if (chunkSize > 0) for (let i = 0; i < text.length; i += chunkSize) r.feed(text.slice(i, i + chunkSize));
  else r.feed(text);
  r.end();
  return { events, bare, done, state: foldEvents(events) };
}

function textOf(state: FoldState, index: number): string {
  return (state.steps[index]?.content ?? []).map((c) => c.text ?? "").join("");
}

describe("fold over the shared SSE fixtures", () => {
  it("text-with-thought: thought with summary + signature, then text", () => {
    const { state, done } = readFixture("text-with-thought.sse");
    const i = toInteraction(state);
    expect(done).toBe(true);
    expect(i.steps).toHaveLength(2);
    expect(i.steps[0]).toMatchObject({ type: "thought", signature: "CpQBAbc123==" });
    expect(i.steps[0]?.summary?.[0]?.text).toBe("The user greets me; answer briefly.");
    expect(textOf(state, 1)).toBe("Hello there! How can I help today?");
    expect(i.status).toBe("completed");
    expect(i.usage?.total_tokens).toBe(25);
    expect(state.terminal).toBe(true);
    expect(state.lastEventId).toBe("t12");
  });

  it("parallel-function-calls: fragments routed by index, never by last started", () => {
    const { state } = readFixture("parallel-function-calls.sse");
    expect(state.steps[0]).toMatchObject({ type: "thought", signature: "SIGforCalls==" });
    expect(state.steps[1]).toMatchObject({ type: "function_call", id: "call_a", name: "get_weather", arguments: { city: "Paris", unit: "celsius" } });
    expect(state.steps[2]).toMatchObject({ type: "function_call", id: "call_b", name: "get_time", arguments: { timezone: "Europe/Paris" } });
    expect(state.interaction.status).toBe("requires_action");
  });

  it("resumed-mid-step: appends to what was folded, or keeps an orphan", () => {
    // Alone: an orphan model_output at index 1, no crash.
    const alone = readFixture("resumed-mid-step.sse").state;
    expect(alone.orphans).toEqual([1]);
    expect(textOf(alone, 1)).toBe("\u2026and the third river is the Danube.");
    expect(alone.interaction.status).toBe("completed");
    // On top of an earlier fold that saw step.start for index 1.
    let s = emptyFold({ id: "int_fx_resume" });
    s = applyEvent(s, { event_type: "step.start", index: 0, step: { type: "thought" } });
    s = applyEvent(s, { event_type: "step.stop", index: 0 });
    s = applyEvent(s, { event_type: "step.start", index: 1, step: { type: "model_output", content: [] } });
    s = applyEvent(s, { event_type: "step.delta", index: 1, delta: { type: "text", text: "The Rhine, the Rhône " }, event_id: "r7" });
    const resumed = foldEvents(readFixture("resumed-mid-step.sse").events, s);
    expect(resumed.orphans).toEqual([]);
    expect(textOf(resumed, 1)).toBe("The Rhine, the Rhône \u2026and the third river is the Danube.");
    expect(resumed.interaction.status).toBe("completed");
  });

  it("background-agent: 8 steps, code result, one citation, usage", () => {
    const { state } = readFixture("background-agent.sse");
    const i = toInteraction(state);
    expect(i.steps.map((s) => s.type)).toEqual([
      "thought",
      "google_search_call",
      "google_search_result",
      "url_context_call",
      "url_context_result",
      "code_execution_call",
      "code_execution_result",
      "model_output",
    ]);
    expect(i.steps[6]?.result).toBe("4681\n");
    const text = i.steps[7]?.content ?? [];
    expect(text).toHaveLength(1);
    expect(text[0]?.annotations).toHaveLength(1);
    expect(text[0]?.annotations?.[0]).toMatchObject({ type: "url_citation", url: "https://example.org/bridges" });
    expect(text[0]?.text).toBe("# Suspension bridges\n\nThe longest spans grew steadily (total of three spans: 4681 m).");
    expect(i.usage).toMatchObject({ total_thought_tokens: 450, total_tool_use_tokens: 120 });
    expect(i.status).toBe("completed");
  });

  it("error-midstream: failed with prohibited_content", () => {
    const { state } = readFixture("error-midstream.sse");
    expect(state.interaction.status).toBe("failed");
    expect(state.error?.code).toBe("prohibited_content");
    expect(state.terminal).toBe(true);
  });

  it("error-bare-json-line: surfaced, and the turn is not successful", () => {
    const { state, bare, done } = readFixture("error-bare-json-line.sse");
    expect(bare).toHaveLength(1);
    expect(done).toBe(false);
    expect(state.interaction.status).not.toBe("completed");
    expect(state.interaction.status).toBe("failed");
    expect(state.error?.code).toBe("prohibited_content");
  });

  it("dropped-no-terminal: partial text kept, not terminal, resumable from d4", () => {
    const { state, done } = readFixture("dropped-no-terminal.sse");
    expect(done).toBe(false);
    expect(state.terminal).toBe(false);
    expect(textOf(state, 0)).toBe("Once upon a time, a lighthouse keeper");
    expect(state.lastEventId).toBe("d4");
    expect(state.interaction.status).toBe("in_progress");
  });

  it("every fixture folds the same when fed one byte at a time", () => {
    for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith(".sse"))) {
      const whole = readFixture(f).state;
      const bytewise = readFixture(f, 1).state;
      expect(toInteraction(bytewise), f).toEqual(toInteraction(whole));
      expect(bytewise.terminal, f).toBe(whole.terminal);
    }
  });
});

describe("fold semantics", () => {
  it("never mutates its input", () => {
    const s0 = emptyFold({ id: "int_1" });
    const s1 = applyEvent(s0, { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } });
    const snapshot = JSON.stringify(s1);
    applyEvent(s1, { event_type: "step.delta", index: 0, delta: { type: "text", text: "x" } });
    expect(JSON.stringify(s1)).toBe(snapshot);
    expect(s0.steps).toHaveLength(0);
  });

  it("interaction.completed does not erase streamed steps; a stored interaction round-trips", () => {
    const { state } = readFixture("text-with-thought.sse");
    const stored = toInteraction(state);
    const again = toInteraction(foldFromInteraction(stored));
    expect(again).toEqual(stored);
  });

  it("media deltas start new content items; text after media starts a new text item", () => {
    let s = emptyFold();
    s = applyEvent(s, { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } });
    s = applyEvent(s, { event_type: "step.delta", index: 0, delta: { type: "text", text: "a" } });
    s = applyEvent(s, { event_type: "step.delta", index: 0, delta: { type: "image", data: "AAA", mime_type: "image/png" } });
    s = applyEvent(s, { event_type: "step.delta", index: 0, delta: { type: "text", text: "b" } });
    expect(s.steps[0]?.content?.map((c) => c.type)).toEqual(["text", "image", "text"]);
  });

  it("user input steps go in front only when asked", () => {
    const { state } = readFixture("text-with-thought.sse");
    const withInput = toInteraction(state, [{ type: "user_input", content: [{ type: "text", text: "Hi" }] }]);
    expect(withInput.steps[0]?.type).toBe("user_input");
    expect(withInput.steps).toHaveLength(3);
  });
});

describe("FoldBuffer (text deltas folded in runs)", () => {
  it("gives exactly the per-event fold on every fixture, read at every point", () => {
    for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith(".sse"))) {
      const { events } = readFixture(name);
      const buf = new FoldBuffer();
      let s = emptyFold();
      events.forEach((e, i) => {
        buf.push(e);
        s = applyEvent(s, e);
        if (i % 3 === 0) expect(buf.state, `${name} after event ${i}`).toEqual(s); // reads mid-run settle it
      });
      expect(buf.state, name).toEqual(s);
    }
  });

  it("merges runs per step index, keeps the last event id and counts every event; an orphan run starts one text item", () => {
    const d = (index: number, text: string, event_id?: string) =>
      ({ event_type: "step.delta", index, delta: { type: "text", text }, ...(event_id ? { event_id } : {}) }) as InteractionEvent;
    const events = [
      { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } } as InteractionEvent,
      d(0, "a", "e1"),
      d(0, "b", "e2"),
      d(0, "c"),
      d(1, "x", "e4"), // a step never started: an orphan, like the per-event fold makes it
      d(1, "y"),
      d(0, "d", "e6"),
    ];
    const buf = new FoldBuffer();
    events.forEach((e, i) => buf.push(e, i === 3 ? "given" : undefined));
    const want = foldEvents(events.map((e, i) => (i === 3 ? { ...e, event_id: "given" } : e)));
    expect(buf.state).toEqual(want);
    expect(buf.state.eventCount).toBe(7);
    expect(buf.state.lastEventId).toBe("e6");
    expect(textOf(buf.state, 0)).toBe("abcd");
    expect(buf.state.orphans).toEqual([1]);
  });
});
