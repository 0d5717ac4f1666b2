import { describe, expect, it } from "vitest";
import type { Step } from "@/lib/interactions/types";
import { record, settings } from "@/tests/support/turns";
import { planNextRequest, planTurn, replayableSteps, requestFor } from "./plan";
import { functionResultSteps, userInputStep } from "./input";
import type { RunSettings } from "./settings";
import { viewFromRecord } from "./view";

describe("planNextRequest", () => {
  const turn1 = viewFromRecord(record({ interaction_id: "int_1" }));
  const input = [userInputStep("and then?")];

  it("starts fresh with the model, input, settings and stream flag", () => {
    const r = planNextRequest({
      settings: settings({ systemInstruction: "Be terse", toolsJson: '[{"type":"code_execution"}]', seed: "3" }),
      target: "local-sim",
      history: [],
      input,
    });
    expect(r).toEqual({
      ok: true,
      value: {
        mode: "fresh",
        note: null,
        body: {
          model: "local-sim",
          input,
          system_instruction: "Be terse",
          tools: [{ type: "code_execution" }],
          generation_config: { seed: 3 },
          store: true,
          stream: true,
        },
      },
    });
  });

  it("chains from the last chainable turn and re-sends tools, instruction and config", () => {
    const failed = viewFromRecord(record({ interaction_id: "int_2", status: "failed", interaction: { id: "int_2", status: "failed", steps: [] } }));
    const r = planNextRequest({
      settings: settings({ systemInstruction: "Be terse", toolsJson: '[{"type":"google_search"}]', thinkingLevel: "high" }),
      target: "local-sim",
      history: [turn1, failed],
      input,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mode).toBe("chain");
    expect(r.value.body).toMatchObject({
      previous_interaction_id: "int_1",
      input,
      system_instruction: "Be terse",
      tools: [{ type: "google_search" }],
      generation_config: { thinking_level: "high" },
    });
  });

  it("with store off sends the whole transcript as steps, and says so", () => {
    const t1 = viewFromRecord(
      record({
        interaction_id: "int_1",
        store: false,
        interaction: {
          id: "int_1",
          status: "requires_action",
          steps: [
            { type: "thought", summary: [{ type: "text", text: "secret plan" }], signature: "sig1" },
            { type: "function_call", id: "call_1", name: "f", arguments: { a: 1 } },
          ],
        },
        status: "requires_action",
      }),
    );
    const t2 = viewFromRecord(
      record({
        interaction_id: "int_2",
        store: false,
        request: { model: "m", input: [...replayableSteps(t1), ...functionResultSteps([{ callId: "call_1", name: "f", text: "ok", isError: false }])] },
        interaction: { id: "int_2", status: "completed", steps: [{ type: "model_output", content: [{ type: "text", text: "done" }] }] },
      }),
    );
    // the stored second turn shows only its new input (the function_result), not the replayed transcript
    expect(t2.inputSteps).toEqual([{ type: "function_result", call_id: "call_1", name: "f", result: "ok" }]);
    expect(t2.transcriptSteps).toBe(3);

    const r = planNextRequest({ settings: settings({ store: false }), target: "m", history: [t1, t2], input });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mode).toBe("transcript");
    expect(r.value.body.previous_interaction_id).toBeUndefined();
    expect(r.value.body.store).toBe(false);
    expect(r.value.body.input).toEqual([
      { type: "user_input", content: [{ type: "text", text: "hi" }] },
      { type: "thought", signature: "sig1" },
      { type: "function_call", id: "call_1", name: "f", arguments: { a: 1 } },
      { type: "function_result", call_id: "call_1", name: "f", result: "ok" },
      { type: "model_output", content: [{ type: "text", text: "done" }] },
      ...input,
    ]);
    expect(r.value.note).toMatch(/Store is off.*whole transcript \(5 earlier steps\)/);
  });

  it("falls back to the transcript when store is on but the last turn was not stored", () => {
    const t1 = viewFromRecord(record({ interaction_id: "int_1", store: false }));
    const r = planNextRequest({ settings: settings(), target: "m", history: [t1], input });
    expect(r.ok && r.value.mode).toBe("transcript");
    if (r.ok) expect(r.value.note).toMatch(/not stored/);
  });

  it("never chains to an interaction of another backend", () => {
    const r = planNextRequest({ settings: settings({ backend: "gemini" }), target: "gemini-3.5-flash", history: [turn1], input });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mode).toBe("transcript");
    expect(r.value.body.previous_interaction_id).toBeUndefined();
    expect(r.value.body.input).toEqual([...replayableSteps(turn1), ...input]);
    expect(r.value.note).toMatch(/ran on the local backend/);
  });

  it("chains a forked session's first turn from the fork point", () => {
    const fork = { fromSessionId: "s0", fromInteractionId: "int_9", fromTurn: 2, backend: "local", stored: true, steps: replayableSteps(turn1) };
    const r = planNextRequest({ settings: settings(), target: "m", history: [], input, fork });
    expect(r.ok && r.value.body.previous_interaction_id).toBe("int_9");
    const off = planNextRequest({ settings: settings({ store: false }), target: "m", history: [], input, fork });
    expect(off.ok && off.value.body.input).toEqual([...fork.steps, ...input]);
  });

  it("sends agents without generation_config, and background instead of stream", () => {
    const r = planNextRequest({
      settings: settings({ targetKind: "agent", thinkingLevel: "low", background: true }),
      target: "deep-research-preview-04-2026",
      history: [],
      input,
    });
    expect(r.ok && r.value.body).toEqual({ agent: "deep-research-preview-04-2026", input, store: true, background: true });
  });

  it("refuses bad settings with a readable reason", () => {
    const cases: [Partial<RunSettings>, string, RegExp][] = [
      [{}, "", /Choose a model/],
      [{ toolsJson: "{}" }, "m", /array/],
      [{ background: true, store: false }, "m", /Store on/],
      [{ seed: "x" }, "m", /Seed/],
    ];
    for (const [over, target, re] of cases) {
      const r = planNextRequest({ settings: settings(over), target, history: [], input });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(re);
    }
  });
});

describe("fault switch in the plan", () => {
  const input = [userInputStep("Write 200 words about rivers.")];

  it("planNextRequest carries the header and says so; without the setting there is none", () => {
    const r = planNextRequest({ settings: settings({ dropAfterEvents: "6" }), target: "m", history: [], input });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.headers).toEqual({ "x-engine-fault": "drop-after=6" });
    expect(r.value.body).not.toHaveProperty("x-engine-fault");
    expect(r.value.note).toMatch(/cut after 6 events/);

    const off = planNextRequest({ settings: settings(), target: "m", history: [], input });
    expect(off.ok && off.value.headers).toBeUndefined();
    const gemini = planNextRequest({ settings: settings({ backend: "gemini", dropAfterEvents: "6" }), target: "gemini-3.5-flash", history: [], input });
    expect(gemini.ok && gemini.value.headers).toBeUndefined();
    expect(gemini.ok && gemini.value.note).toBeNull();

    const bad = planNextRequest({ settings: settings({ dropAfterEvents: "0" }), target: "m", history: [], input });
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/Drop stream after N events/) });
  });
});

describe("plan once, build per send", () => {
  it("a plan made before the input is known builds the same request planNextRequest does", () => {
    const t1 = viewFromRecord(record({ interaction_id: "int_1", store: false }));
    for (const over of [{}, { store: false }, { dropAfterEvents: "4" }, { background: true, stream: false }]) {
      const ctx = { settings: settings({ systemInstruction: "Be terse", ...over }), target: "local-sim", history: [t1] };
      const plan = planTurn(ctx);
      expect(plan.ok).toBe(true);
      if (!plan.ok) continue;
      for (const input of [[userInputStep("one")], [userInputStep("two"), userInputStep("three")]]) {
        expect(requestFor(plan.value, input)).toEqual(planNextRequest({ ...ctx, input }));
      }
      // The plan is not changed by building from it.
      expect(plan.value.body).not.toHaveProperty("input");
    }
  });

  it("puts the transcript before the new input and keys in request order", () => {
    const t1 = viewFromRecord(record({ interaction_id: "int_1" }));
    const plan = planTurn({ settings: settings({ store: false, seed: "1" }), target: "m", history: [t1] });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.mode).toBe("transcript");
    const r = requestFor(plan.value, [userInputStep("next")]);
    if (!r.ok) throw new Error(r.error);
    expect(Object.keys(r.value.body)).toEqual(["model", "input", "generation_config", "store", "stream"]);
    expect((r.value.body.input as Step[]).map((s) => s.type)).toEqual(["user_input", "model_output", "user_input"]);
    expect(requestFor(plan.value, [])).toEqual({ ok: false, error: "Nothing to send" });
  });
});
