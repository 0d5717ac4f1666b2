import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildTimeline, classifyLine, formatMs, formatOffset, splitSseLines, type RecordedLine } from "./timeline";

const FIXTURES = fileURLToPath(new URL("../../tests/fixtures/sse/", import.meta.url));
const T0 = 1_750_000_000_000;

/** Record a fixture as the proxy would: one line per entry, `step` ms apart, first line `first` ms after the request. */
function record(name: string, { first = 100, step = 10 } = {}): RecordedLine[] {
  const body = readFileSync(FIXTURES + name, "utf8");
  return splitSseLines(body).map((line, i) => ({ seq: i + 1, t_ms: T0 + first + i * step, line }));
}

describe("classifyLine", () => {
  it("tells events, [DONE], comments, fields, blanks, bare and invalid lines apart", () => {
    const at = (line: string) => classifyLine({ seq: 1, t_ms: T0 + 5, line }, T0);
    expect(at('data: {"event_type":"step.delta","index":2,"delta":{"type":"text","text":"x"},"event_id":"e3"}')).toMatchObject({
      kind: "event",
      eventType: "step.delta",
      index: 2,
      eventId: "e3",
      detail: "text",
      offsetMs: 5,
    });
    expect(at("data: [DONE]").kind).toBe("done");
    expect(at(": keep-alive").kind).toBe("comment");
    expect(at("event: message").kind).toBe("field");
    expect(at("").kind).toBe("blank");
    expect(at("data: not json").kind).toBe("invalid");
    expect(at('{"error":{"code":"prohibited_content","message":"blocked"}}')).toMatchObject({ kind: "bare", isError: true, detail: "prohibited_content" });
    expect(at("hello").kind).toBe("bare");
    expect(at('data:{"event_type":"interaction.status_update","status":"requires_action"}')).toMatchObject({
      kind: "event",
      detail: "requires_action",
    });
  });

  it("never gives a negative offset", () => {
    expect(classifyLine({ seq: 1, t_ms: T0 - 50, line: "data: [DONE]" }, T0).offsetMs).toBe(0);
  });
});

describe("buildTimeline on the fixture streams", () => {
  it("text-with-thought: TTFT at the first content delta, tokens/s over the generation window", () => {
    const events = record("text-with-thought.sse");
    const tl = buildTimeline({ events, created_ms: T0, first_event_ms: T0 + 100, completed_ms: null, interaction: null });
    // lines: 0 created, 1 blank, 2 status, 3 blank, 4 step.start, 5 blank, 6 thought_summary delta (first token) ...
    expect(tl.metrics.firstEventMs).toBe(100);
    expect(tl.metrics.ttftMs).toBe(160);
    expect(tl.metrics.eventCount).toBe(12);
    expect(tl.metrics.sawTerminal).toBe(true);
    // usage from interaction.completed: 9 output + 12 thought
    expect(tl.metrics.outputTokens).toBe(21);
    // last content event = step.stop index 1 at line 20 → 300 ms; window 160→300 = 140 ms
    expect(tl.metrics.tokensPerSecond).toBeCloseTo((21 * 1000) / 140, 1);
    // no completed_ms: total = last non-blank line ([DONE], line 24)
    expect(tl.metrics.totalMs).toBe(340);
    const types = tl.entries.filter((e) => e.kind === "event").map((e) => e.eventType);
    expect(types[0]).toBe("interaction.created");
    expect(types.at(-1)).toBe("interaction.completed");
    expect(tl.entries.some((e) => e.kind === "done")).toBe(true);
  });

  it("prefers the recorded interaction's usage and completed_ms", () => {
    const events = record("text-with-thought.sse");
    const tl = buildTimeline({
      events,
      created_ms: T0,
      first_event_ms: T0 + 100,
      completed_ms: T0 + 1000,
      interaction: { id: "int_fx_text", status: "completed", steps: [], usage: { total_output_tokens: 50 } },
    });
    expect(tl.metrics.outputTokens).toBe(50);
    expect(tl.metrics.totalMs).toBe(1000);
    expect(tl.metrics.overallTokensPerSecond).toBe(50);
  });

  it("parallel-function-calls: arguments_delta counts as the first token; ends requires_action", () => {
    const tl = buildTimeline({ events: record("parallel-function-calls.sse"), created_ms: T0, first_event_ms: null, completed_ms: null, interaction: null });
    const first = tl.entries.find((e) => e.offsetMs === tl.metrics.ttftMs && e.kind === "event");
    // p3 is a thought_signature delta (not content); first content delta is p7 (arguments_delta)
    expect(first?.eventId).toBe("p7");
    expect(first?.detail).toBe("arguments_delta");
    expect(tl.entries.filter((e) => e.detail === "requires_action").length).toBeGreaterThan(0);
    expect(tl.metrics.sawTerminal).toBe(true);
  });

  it("error-bare-json-line: the bare line is shown and flagged as an error", () => {
    const tl = buildTimeline({ events: record("error-bare-json-line.sse"), created_ms: T0, first_event_ms: null, completed_ms: null, interaction: null });
    const bare = tl.entries.filter((e) => e.kind === "bare");
    expect(bare).toHaveLength(1);
    expect(bare[0]?.isError).toBe(true);
    expect(bare[0]?.detail).toBe("prohibited_content");
    expect(tl.metrics.ttftMs).toBeNull();
    expect(tl.metrics.tokensPerSecond).toBeNull();
    expect(tl.metrics.sawTerminal).toBe(true);
  });

  it("error-midstream: error event flagged and terminal", () => {
    const tl = buildTimeline({ events: record("error-midstream.sse"), created_ms: T0, first_event_ms: null, completed_ms: null, interaction: null });
    const err = tl.entries.find((e) => e.eventType === "error");
    expect(err).toMatchObject({ isError: true, detail: "prohibited_content", eventId: "x3" });
    expect(tl.metrics.sawTerminal).toBe(true);
  });

  it("dropped-no-terminal: no terminal seen, TTFT still known, usage from nothing", () => {
    const tl = buildTimeline({ events: record("dropped-no-terminal.sse"), created_ms: T0, first_event_ms: null, completed_ms: null, interaction: null });
    expect(tl.metrics.sawTerminal).toBe(false);
    expect(tl.metrics.ttftMs).toBe(140);
    expect(tl.metrics.outputTokens).toBeNull();
    expect(tl.metrics.tokensPerSecond).toBeNull();
  });

  it("text deltas' metadata.total_usage is used when nothing else reports usage", () => {
    const events = record("text-with-thought.sse").filter((l) => !l.line.includes("interaction.completed"));
    const tl = buildTimeline({ events, created_ms: T0, first_event_ms: null, completed_ms: null, interaction: null });
    expect(tl.metrics.outputTokens).toBe(9);
  });

  it("every fixture yields one entry per line, seq-ordered, without throwing", () => {
    for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith(".sse"))) {
      const events = record(f);
      const shuffled = [...events].reverse();
      const tl = buildTimeline({ events: shuffled, created_ms: T0, first_event_ms: null, completed_ms: null, interaction: null });
      expect(tl.entries.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
      const dataLines = events.filter((e) => e.line.startsWith("data:") && e.line !== "data: [DONE]").length;
      expect(tl.metrics.eventCount, f).toBe(dataLines);
    }
  });

  it("a non-streamed turn (no lines) falls back to the record's times", () => {
    const tl = buildTimeline({
      events: [],
      created_ms: T0,
      first_event_ms: T0 + 40,
      completed_ms: T0 + 2000,
      interaction: { id: "i", status: "completed", steps: [], usage: { total_output_tokens: 30, total_thought_tokens: 10 } },
    });
    expect(tl.metrics).toMatchObject({ firstEventMs: 40, ttftMs: null, totalMs: 2000, outputTokens: 40, tokensPerSecond: null, overallTokensPerSecond: 20 });
  });
});

describe("formatting", () => {
  it("formats durations and offsets", () => {
    expect(formatMs(null)).toBe("—");
    expect(formatMs(1234.4)).toBe("1,234 ms");
    expect(formatMs(12_345)).toBe("12.3 s");
    expect(formatOffset(5)).toBe("+5 ms");
  });
  it("splits SSE bodies on any newline", () => {
    expect(splitSseLines("a\r\n\r\nb\n")).toEqual(["a", "", "b"]);
  });
});
