import { describe, expect, it } from "vitest";
import type { ModelRequest } from "@/lib/engine/model/types";
import { foldEvents, toInteraction } from "@/lib/interactions/fold";
import type { InteractionEvent } from "@/lib/interactions/types";
import { collectRun } from "@/lib/engine/simulator/collect";
import { assertWellFormed, chat, user } from "@/lib/engine/simulator/test-support";
import { countTokens } from "@/lib/engine/simulator/tokens";
import { sandboxWorkspace } from "@/lib/engine/managed/code-exec";
import { defaultSandbox } from "@/lib/engine/managed/default-sandbox";
import { createEphemeralWorkspace } from "@/lib/engine/sandbox";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isSimulatedAgent, runAgent } from "./agent-loop";

/** A real sandboxed workspace in a temp dir. */
async function workspace() {
  const { dir, dispose } = await createEphemeralWorkspace("agent-loop-test-");
  return { dir, dispose, ws: sandboxWorkspace({ sandbox: defaultSandbox, dir, env: {}, files: () => [] }) };
}

function agentRequest(over: Partial<ModelRequest>): ModelRequest {
  return { model: "deep-research-preview-04-2026", kind: "agent", history: [], input: [], paceMs: 0, ...over };
}

async function runIt(over: Partial<ModelRequest>, signal = new AbortController().signal) {
  const { events, result } = await collectRun(runAgent(agentRequest(over), signal));
  const steps = toInteraction(foldEvents(events as InteractionEvent[])).steps;
  return { events, result, steps };
}

describe("agent loop", () => {
  it("plans, searches (simulated), computes with real Python, lists files and saves the report, with wire-shaped steps", async () => {
    const w = await workspace();
    try {
      const { events, steps, result } = await runIt({ input: [user("Research the history of suspension bridges and compute 1410 + 1280 + 1991")], workspace: w.ws });
      assertWellFormed(events);
      expect(steps.map((s) => s.type)).toEqual([
        "thought",
        ...Array(3).fill(["google_search_call", "google_search_result"]).flat(),
        ...Array(3).fill(["code_execution_call", "code_execution_result"]).flat(),
        "model_output",
      ]);
      for (let i = 1; i < 13; i += 2) {
        expect(steps[i]!.id).toMatch(/^(gs|ce)_[a-z0-9]+$/);
        expect(steps[i + 1]!.call_id).toBe(steps[i]!.id);
      }
      expect(steps[1]!.arguments).toEqual({ queries: ["history of suspension bridges"] });
      expect((steps[2]!.result as { search_suggestions: string }[])[0]!.search_suggestions).toContain("Simulated search");
      expect(steps[7]!.arguments).toEqual({ language: "python", code: "print(1410 + 1280 + 1991)" });
      expect(steps[8]!.result).toBe("4681\n");
      expect(steps[8]!.is_error).toBeUndefined();
      expect(steps[9]!.arguments).toMatchObject({ language: "python" });
      expect(steps[11]!.arguments).toMatchObject({ language: "bash" });
      expect(steps[12]!.result).toMatch(/^wrote report\.md \(\d+ bytes\)/);
      expect(steps[0]!.summary?.[0]?.text).toContain("Simulated agent");
      const report = steps[13]!.content?.[0]?.text ?? "";
      expect(report).toContain("# Report: History of suspension bridges");
      expect(report).toContain("1410 + 1280 + 1991 = 4681 (computed by Python in the sandbox)");
      expect(report).toMatch(/simulated/i);
      expect(report).toContain("saved as workspace/report.md");
      // The file holds the report (the answer adds the note that it was saved).
      expect(readFileSync(join(w.dir, "report.md"), "utf8")).toBe(report.slice(0, report.indexOf("\n\n_This report is also saved")) + "\n");
      expect(result.status).toBe("completed");
      expect(result.usage.total_output_tokens).toBeGreaterThanOrEqual(countTokens(report));
      const u = result.usage;
      expect(u.total_tokens).toBe(u.total_input_tokens! + u.total_output_tokens! + u.total_thought_tokens! + u.total_tool_use_tokens!);
    } finally {
      await w.dispose();
    }
  });

  it("runs fenced blocks verbatim and reports real failures", async () => {
    const w = await workspace();
    try {
      const task = "Run these:\n```python\nimport sys\nprint('out', 6 * 7)\nprint('err', file=sys.stderr)\n```\n```bash\necho before; exit 3\n```";
      const { steps } = await runIt({ model: "local-sim-agent", input: [user(task)], workspace: w.ws });
      const codes = steps.filter((s) => s.type === "code_execution_call").map((s) => s.arguments as { language: string; code: string });
      expect(codes[0]).toEqual({ language: "python", code: "import sys\nprint('out', 6 * 7)\nprint('err', file=sys.stderr)" });
      expect(codes[1]).toEqual({ language: "bash", code: "echo before; exit 3" });
      const results = steps.filter((s) => s.type === "code_execution_result");
      expect(results[0]!.result).toBe("out 42\nerr\n");
      expect(results[0]!.is_error).toBeUndefined();
      expect(results[1]!.result).toBe("before\nExit status 3.\n");
      expect(results[1]!.is_error).toBe(true);
      expect(steps.some((s) => s.type === "google_search_call")).toBe(false); // local-sim-agent does not search for a code task
      const report = steps[steps.length - 1]!.content?.[0]?.text ?? "";
      expect(report).toContain("out 42");
      expect(report).toContain("exit status 3");
    } finally {
      await w.dispose();
    }
  });

  it("honours the system instruction: persona opening, upper case, concision", async () => {
    const a = await runIt({ input: [user("Research tea")], system_instruction: "You are a pirate. Answer in upper case." });
    const text = a.steps[a.steps.length - 1]!.content?.[0]?.text ?? "";
    expect(text.startsWith("ARR, MATEY!\n\n# REPORT: TEA")).toBe(true);
    const b = await runIt({ input: [user("Research tea")], system_instruction: "Be concise." });
    const brief = b.steps[b.steps.length - 1]!.content?.[0]?.text ?? "";
    expect(brief.split(/(?<=[.!?])\s/).length).toBe(1);
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
    expect(report).toMatch(/name is Ada/);
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
