import { describe, expect, it } from "vitest";
import type { InteractionEvent } from "@/lib/interactions/types";
import { eventJson } from "./event-json";

const ID = "evt_AbCdEfGhIj_1z";
const reference = (e: unknown) => JSON.stringify({ ...(e as object), event_id: ID });
const delta = (text: unknown, index: unknown = 0) => ({ event_type: "step.delta", index, delta: { type: "text", text } });

describe("eventJson", () => {
  it("is JSON.stringify({ ...event, event_id }) for text deltas with any text", () => {
    const texts = ["", "plain", ' "quoted" ', "back\\slash", "new\nline\ttab\r", "\u0000\u001f\u007f", "ünïcödé ✓ 🌉", "\ud800 lone", "lone \udfff", "</script>", "\u2028\u2029"];
    for (const t of texts) expect(eventJson(delta(t) as InteractionEvent, ID)).toBe(reference(delta(t)));
    for (const i of [0, 1, 7, 123456, -0, 1e21]) expect(eventJson(delta("x", i) as InteractionEvent, ID)).toBe(reference(delta("x", i)));
  });

  it("takes the general road, with the same result, for every other shape", () => {
    class WithToJson {
      event_type = "step.delta";
      index = 0;
      delta = { type: "text", text: "a" };
      toJSON() {
        return { replaced: true };
      }
    }
    const cases: unknown[] = [
      { event_type: "step.delta", index: 0, delta: { type: "text", text: "a", annotations: [{ type: "url_citation", url: "https://x" }] } },
      { event_type: "step.delta", delta: { type: "text", text: "a" }, index: 0 }, // other key order
      { index: 0, event_type: "step.delta", delta: { type: "text", text: "a" } },
      { event_type: "step.delta", index: 0, delta: { text: "a", type: "text" } },
      { event_type: "step.delta", index: 0, delta: { type: "text", text: "a" }, extra: undefined },
      { event_type: "step.delta", index: 0.5, delta: { type: "text", text: "a" } },
      { event_type: "step.delta", index: Number.NaN, delta: { type: "text", text: "a" } },
      { event_type: "step.delta", index: 0, delta: { type: "text", text: 5 } },
      { event_type: "step.delta", index: 0, delta: { type: "text", text: "a", toJSON: () => "swapped" } },
      { event_type: "step.delta", index: 0, delta: { type: "thought_summary", content: { type: "text", text: "t" } } },
      { event_type: "step.delta", index: 0, delta: null },
      { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } },
      { event_type: "step.stop", index: 3 },
      { event_type: "interaction.status_update", interaction_id: "int_1", status: "completed", usage: { total_tokens: 3 } },
      { event_type: "step.delta", index: 0, event_id: "theirs", delta: { type: "text", text: "a" } },
      Object.assign(Object.create({ inherited: 1 }), delta("a")),
    ];
    for (const c of cases) expect(eventJson(c as InteractionEvent, ID)).toBe(reference(c));
    // An object with its own toJSON is sent as JSON.stringify sends it, the id added.
    expect(eventJson(new WithToJson() as unknown as InteractionEvent, ID)).toBe(`{"replaced":true,"event_id":"${ID}"}`);
  });

  it("keeps an event's own event_id member in its place, with our id as the value", () => {
    const e = { event_type: "step.stop", event_id: "theirs", index: 1 };
    expect(eventJson(e as InteractionEvent, ID)).toBe(`{"event_type":"step.stop","event_id":"${ID}","index":1}`);
  });
});
