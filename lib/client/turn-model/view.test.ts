import { describe, expect, it } from "vitest";
import { emptyFold } from "@/lib/interactions/fold";
import { foldFixture, live, record } from "@/tests/support/turns";
import { mergeTurns, normalizeInput, pendingCalls, splitRequestInput, unfinishedReason, viewFromLive, viewFromRecord, type TurnView } from "./view";

describe("turn views", () => {
  it("normalizes every input form to steps", () => {
    expect(normalizeInput("Hi")).toEqual([{ type: "user_input", content: [{ type: "text", text: "Hi" }] }]);
    expect(normalizeInput({ type: "text", text: "Hi" })).toEqual([{ type: "user_input", content: [{ type: "text", text: "Hi" }] }]);
    expect(normalizeInput([{ type: "text", text: "a" }, { type: "image", data: "x", mime_type: "image/png" }])).toHaveLength(1);
    expect(splitRequestInput({ input: [{ type: "function_result", call_id: "c", result: "r" }], previous_interaction_id: "i" }).newInput).toHaveLength(1);
  });

  it("renders a live fold and the stored record of the same stream alike", () => {
    const fold = foldFixture("text-with-thought.sse");
    const lv = viewFromLive(live(fold));
    expect(lv.status).toBe("completed");
    expect(lv.terminal).toBe(true);
    expect(lv.steps.map((s) => s.type)).toEqual(["thought", "model_output"]);
    expect(lv.steps[1]?.content?.[0]?.text).toBe("Hello there! How can I help today?");
    expect(lv.usage?.total_tokens).toBe(25);
    const stored = viewFromRecord(
      record({ interaction_id: lv.interactionId!, interaction: { ...fold.interaction, steps: lv.steps }, last_event_id: lv.lastEventId }),
    );
    expect(stored.steps).toEqual(lv.steps);
    expect(stored.inputSteps).toEqual(lv.inputSteps);
    expect(stored.status).toBe(lv.status);
  });

  it("flags a dropped stream and lists pending calls of a requires_action turn", () => {
    const dropped = viewFromLive(live(foldFixture("dropped-no-terminal.sse")));
    expect(dropped.terminal).toBe(false);
    expect(unfinishedReason(dropped)).toBe("Stream ended without a terminal event");
    expect(dropped.lastEventId).toBe("d4");
    expect(unfinishedReason({ ...dropped, running: true })).toBeNull();

    const calls = viewFromLive(live(foldFixture("parallel-function-calls.sse")));
    expect(calls.status).toBe("requires_action");
    expect(pendingCalls(calls).map((s) => [s.id, s.name, s.arguments])).toEqual([
      ["call_a", "get_weather", { city: "Paris", unit: "celsius" }],
      ["call_b", "get_time", { timezone: "Europe/Paris" }],
    ]);
    expect(pendingCalls({ ...calls, status: "completed" })).toEqual([]);
  });

  it("shows a mid-stream error as a failed turn", () => {
    const v = viewFromLive(live(foldFixture("error-midstream.sse")));
    expect(v.status).toBe("failed");
    expect(v.error?.code).toBe("prohibited_content");
    expect(unfinishedReason(v)).toBeNull();
  });

  it("lays live runs over stored turns", () => {
    const s1 = viewFromRecord(record({ interaction_id: "int_1" }));
    const s2 = viewFromRecord(record({ interaction_id: "int_2", terminal: false, status: "in_progress", interaction: null, event_count: 3 }));
    const l2: TurnView = { ...s2, live: true, running: false, terminal: true, status: "completed", eventCount: 9, key: "local-2" };
    const l3: TurnView = { ...s1, key: "local-3", interactionId: null, live: true, running: true, createdMs: 5000 };
    const merged = mergeTurns([s1, s2], [l3, l2]);
    expect(merged.map((t) => t.key)).toEqual(["int_1", "local-2", "local-3"]);
    // once the record holds the end, the stored view wins
    const s2done = viewFromRecord(record({ interaction_id: "int_2" }));
    expect(mergeTurns([s1, s2done], [l2]).map((t) => t.key)).toEqual(["int_1", "int_2"]);
  });
});

describe("a refused create (no interaction id)", () => {
  const failedRecord = () =>
    viewFromRecord(
      record({
        interaction_id: "rec_0b5e1d2c-0000-4000-8000-000000000001",
        status: "failed",
        interaction: null,
        http_status: 400,
        error: { code: "invalid_request", message: "bad tools" },
        request: { model: "local-sim", input: [{ type: "user_input", content: [{ type: "text", text: "hi" }] }], store: true, stream: true },
      }),
    );

  it("is not an interaction id: no chaining, but the record id stays inspectable", () => {
    const v = failedRecord();
    expect(v.interactionId).toBeNull();
    expect(v.recordId).toMatch(/^rec_/);
    expect(v.error).toMatchObject({ httpStatus: 400, message: "bad tools" });
  });

  it("shows once: the stored copy replaces this tab's live copy of the same request", () => {
    const stored = failedRecord();
    const lv = viewFromLive(
      live(emptyFold(), {
        key: "local-9",
        request: { model: "local-sim", input: [{ type: "user_input", content: [{ type: "text", text: "hi" }] }], store: true, stream: true },
        error: { httpStatus: 400, message: "bad tools" },
      }),
    );
    expect(lv.interactionId).toBeNull();
    expect(mergeTurns([], [lv]).map((t) => t.key)).toEqual(["local-9"]); // before the record refetch
    expect(mergeTurns([stored], [lv]).map((t) => t.key)).toEqual([stored.key]);
    // A different request that also failed is another turn.
    const other = { ...lv, key: "local-10", request: { ...lv.request, input: "other" } };
    expect(mergeTurns([stored], [lv, other]).map((t) => t.key)).toEqual([stored.key, "local-10"]);
  });
});
