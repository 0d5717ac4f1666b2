import { describe, expect, it } from "vitest";
import { parseTextDeltaJson, textDeltaJson } from "./delta-json";

const TEXTS = ["", "plain words", ' "quoted" ', "back\\slash", "new\nline\ttab\r", "\u0000\u001f\u007f", "ünïcödé ✓ 🌉", "\ud800 lone", "lone \udfff", "</script>", "\u2028\u2029", "{}[],:"];
const ID = "evt_AbCdEfGhIj_1z";

/** JSON.parse's answer, or "throws". Key order matters (the record stores what it folds), so compare serialised. */
const general = (s: string) => {
  try {
    return JSON.stringify(JSON.parse(s));
  } catch {
    return "throws";
  }
};

describe("text-delta JSON", () => {
  it("writes exactly JSON.stringify of the event", () => {
    for (const text of TEXTS) {
      for (const index of [0, 3, 123456789]) {
        expect(textDeltaJson(index, text, ID)).toBe(JSON.stringify({ event_type: "step.delta", index, delta: { type: "text", text }, event_id: ID }));
      }
    }
  });

  it("reads exactly what JSON.parse reads, or leaves it to JSON.parse", () => {
    const inputs = [
      ...TEXTS.map((t) => textDeltaJson(7, t, ID)),
      ...TEXTS.map((t) => JSON.stringify({ event_type: "step.delta", index: 0, delta: { type: "text", text: t } })),
      '{"event_type":"step.delta","index":01,"delta":{"type":"text","text":"a"},"event_id":"e"}',
      '{"event_type":"step.delta","index":-1,"delta":{"type":"text","text":"a"},"event_id":"e"}',
      '{"event_type":"step.delta","index":1.5,"delta":{"type":"text","text":"a"},"event_id":"e"}',
      '{"event_type":"step.delta","index":12345678901,"delta":{"type":"text","text":"a"},"event_id":"e"}',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a"},"event_id":"e","x":1}',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a"},"event_id":"e"} ',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a","annotations":[]},"event_id":"e"}',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a"},"event_id":"e\\"q"}',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"raw\ttab"},"event_id":"e"}',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a"},"event_id":"e"',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a"}}',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a"}}}',
      '{"event_type":"step.delta","index":0,"delta":{"type":"text","text":"a',
      '{"event_type":"step.delta","index":,"delta":{"type":"text","text":"a"}}',
      '{"event_type":"step.start","index":0,"step":{"type":"model_output"}}',
    ];
    let fast = 0;
    for (const s of inputs) {
      const got = parseTextDeltaJson(s);
      if (got === undefined) continue;
      fast++;
      expect(JSON.stringify(got)).toBe(general(s));
    }
    expect(fast).toBeGreaterThanOrEqual(12); // the plain texts took the fast road
    expect(parseTextDeltaJson(textDeltaJson(0, "plain", ID))).toEqual({ event_type: "step.delta", index: 0, delta: { type: "text", text: "plain" }, event_id: ID });
  });
});
