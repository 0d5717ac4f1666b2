import { describe, expect, it } from "vitest";
import type { ModelRequest } from "@/lib/engine/model/types";
import { foldEvents, toInteraction } from "@/lib/interactions/fold";
import type { InteractionEvent } from "@/lib/interactions/types";
import { collectRun } from "@/lib/engine/simulator/collect";
import { assertWellFormed, chat, user } from "@/lib/engine/simulator/test-support";
import { countTokens } from "@/lib/engine/simulator/tokens";
import { isSimulatedAgent, runAgent } from "./agent-loop";

function agentRequest(over: Partial<ModelRequest>): ModelRequest {
  return { model: "deep-research-preview-04-2026", kind: "agent", history: [], input: [], paceMs: 0, ...over };
}

async function runIt(over: Partial<ModelRequest>, signal = new AbortController().signal) {
  const { events, result } = await collectRun(runAgent(agentRequest(over), signal));
  const steps = toInteraction(foldEvents(events as InteractionEvent[])).steps;
  return { events, result, steps };
}

describe("agent loop", () => {
  it("plans, searches, computes and reports, with wire-shaped steps", async () => {
    const { events, steps, result } = await runIt({ input: [user("Research the history of suspension bridges and compute 1410 + 1280 + 1991")] });
    assertWellFormed(events);
    expect(steps.map((s) => s.type)).toEqual([
      "thought",
      "google_search_call",
      "google_search_result",
      "google_search_call",
      "google_search_result",
      "google_search_call",
      "google_search_result",
      "code_execution_call",
      "code_execution_result",
      "model_output",
    ]);
    for (let i = 1; i < 9; i += 2) {
      expect(steps[i]!.id).toMatch(/^(gs|ce)_[a-z0-9]+$/);
      expect(steps[i + 1]!.call_id).toBe(steps[i]!.id);
    }
    expect(steps[1]!.arguments).toEqual({ queries: ["history of suspension bridges"] });
    expect((steps[2]!.result as { search_suggestions: string }[])[0]!.search_suggestions).toContain("Simulated search");
    expect(steps[7]!.arguments).toMatchObject({ language: "python" });
    expect(String((steps[7]!.arguments as { code: string }).code)).toContain("print(1410 + 1280 + 1991)");
    expect(steps[8]!.result).toBe("4681\n");
    expect(steps[0]!.summary?.[0]?.text).toContain("Simulated agent");
    expect(typeof steps[0]!.signature).toBe("string");
    const report = steps[9]!.content?.[0]?.text ?? "";
    expect(report).toContain("# Report: History of suspension bridges");
    expect(report).toContain("4681");
    expect(report).toMatch(/simulated/i);
    expect(result.status).toBe("completed");
    expect(result.usage.total_output_tokens).toBeGreaterThanOrEqual(countTokens(report));
    expect(result.usage.total_tool_use_tokens).toBeGreaterThan(0);
    const u = result.usage;
    expect(u.total_tokens).toBe(u.total_input_tokens! + u.total_output_tokens! + u.total_thought_tokens! + u.total_tool_use_tokens!);
  });

  it("is deterministic", async () => {
    const a = await runIt({ input: [user("Research tea")] });
    const b = await runIt({ input: [user("Research tea")] });
    expect(b.events).toEqual(a.events);
  });

  it("runs fewer searches for antigravity and none of the code step without arithmetic", async () => {
    const { steps } = await runIt({ model: "antigravity-preview-05-2026", input: [user("Refactor the login page")] });
    expect(steps.map((s) => s.type)).toEqual(["thought", "google_search_call", "google_search_result", "model_output"]);
  });

  it("uses the conversation: recalls facts in the report", async () => {
    const { steps } = await runIt({ model: "local-sim-agent", history: chat("My name is Ada.", "Hi Ada."), input: [user("What is my name?")] });
    const report = steps[steps.length - 1]!.content?.[0]?.text ?? "";
    expect(report).toContain("Your name is Ada");
  });

  it("proposes a plan first with collaborative planning, and runs it on the next turn", async () => {
    const first = await runIt({ input: [user("Research coffee")], agent_config: { type: "deep-research", collaborative_planning: true } });
    expect(first.steps.map((s) => s.type)).toEqual(["thought", "model_output"]);
    expect(first.steps[1]!.content?.[0]?.text).toContain("Reply to confirm");
    const second = await runIt({
      history: [user("Research coffee"), ...first.steps],
      input: [user("Go ahead")],
      agent_config: { type: "deep-research", collaborative_planning: true },
    });
    expect(second.steps.some((s) => s.type === "google_search_call")).toBe(true);
  });

  it("leaves out the thought summary with thinking_summaries none", async () => {
    const { events } = await runIt({ input: [user("Research tea")], agent_config: { type: "deep-research", thinking_summaries: "none" } });
    expect(events.some((e) => e.event_type === "step.delta" && e.delta.type === "thought_summary")).toBe(false);
  });

  it("honours the length asked for", async () => {
    const { steps } = await runIt({ input: [user("Research glaciers in at least 1,000 words")] });
    const report = steps[steps.length - 1]!.content?.[0]?.text ?? "";
    expect(report.split(/\s+/).length).toBeGreaterThanOrEqual(1000);
  });

  it("is paced and stops promptly on abort", async () => {
    const ac = new AbortController();
    const gen = runAgent(agentRequest({ input: [user("Research glaciers in at least 2,000 words")], paceMs: 40 }), ac.signal);
    setTimeout(() => ac.abort(), 150);
    const t0 = performance.now();
    let n = 0;
    await expect(
      (async () => {
        for (;;) {
          const r = await gen.next();
          if (r.done) return;
          n++;
        }
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - t0).toBeLessThan(150 + 1000); // generous under CI load; the run is 2,000+ words long at 40 ms pace
    expect(n).toBeGreaterThan(0);
  });

  it("knows the built-in agent ids", () => {
    for (const id of ["deep-research-pro-preview-12-2025", "deep-research-preview-04-2026", "deep-research-max-preview-04-2026", "antigravity-preview-05-2026", "antigravity-preview-09-2026", "local-sim-agent"])
      expect(isSimulatedAgent(id)).toBe(true);
    expect(isSimulatedAgent("gemini-3.5-flash")).toBe(false);
    expect(isSimulatedAgent("customer-sentinel")).toBe(false);
  });
});
