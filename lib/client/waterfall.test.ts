import { describe, expect, it } from "vitest";
import type { InteractionEvent } from "@/lib/interactions/types";
import { buildWaterfall, timedEventsFromLines } from "./waterfall";

const ev = (e: Record<string, unknown>) => e as unknown as InteractionEvent;

describe("buildWaterfall", () => {
  it("gives queued time, one bar per step with type, label and duration, and the total", () => {
    const w = buildWaterfall(
      [
        { t_ms: 1_000, event: ev({ event_type: "interaction.created", interaction: { id: "a", status: "queued" } }) },
        { t_ms: 1_100, event: ev({ event_type: "interaction.status_update", status: "in_progress" }) },
        { t_ms: 1_200, event: ev({ event_type: "step.start", index: 0, step: { type: "thought" } }) },
        { t_ms: 1_500, event: ev({ event_type: "step.stop", index: 0 }) },
        { t_ms: 1_500, event: ev({ event_type: "step.start", index: 1, step: { type: "code_execution_call", arguments: { code: "17 * 23" } } }) },
        { t_ms: 1_550, event: ev({ event_type: "step.stop", index: 1 }) },
        { t_ms: 1_600, event: ev({ event_type: "step.start", index: 2, step: { type: "function_call", name: "get_weather" } }) },
        { t_ms: 2_000, event: ev({ event_type: "interaction.completed", interaction: { id: "a", status: "requires_action" } }) },
      ],
      900,
    );
    expect(w.queued_ms).toBe(300);
    expect(w.bars.map((b) => [b.index, b.type, b.label, b.start_ms, b.end_ms])).toEqual([
      [0, "thought", "", 1_200, 1_500],
      [1, "code_execution_call", "17 * 23", 1_500, 1_550],
      // never stopped: closed by the terminal event
      [2, "function_call", "get_weather", 1_600, 2_000],
    ]);
    expect(w.end_ms).toBe(2_000);
    expect(w.status).toBe("requires_action");
  });

  it("leaves open steps open while the run goes on, and reads recorded SSE lines", () => {
    const events = timedEventsFromLines([
      { t_ms: 5, line: ": keep-alive" },
      { t_ms: 10, line: 'data: {"event_type":"step.start","index":0,"step":{"type":"model_output"}}' },
      { t_ms: 11, line: "data: [DONE]" },
    ]);
    expect(events).toHaveLength(1);
    const w = buildWaterfall(events, 0);
    expect(w.bars[0]?.end_ms).toBeNull();
    expect(w.end_ms).toBeNull();
  });
});
