// Runs with a workspace, in-process on the real sandbox: environments for agent turns (named,
// inline, "remote", inherited when chaining), manifests after every turn, the merge rule of a
// custom agent, model runs with code_execution on an ephemeral workspace, streaming step by step,
// and a sandbox that cannot start.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Step } from "@/lib/interactions/types";
import { createEngine, type Engine } from "../engine";
import { SandboxUnavailableError } from "../sandbox";
import { call, readSse, waitFor } from "../testing";

let engine: Engine;
beforeEach(() => {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
});
afterEach(() => engine.close());

async function create(body: Record<string, unknown>): Promise<{ id: string; status: string; environment_id?: string; steps: Step[] }> {
  const res = await call(engine, "POST", "/v1beta/interactions", { body });
  const j = (await res.json()) as { id: string; status: string; environment_id?: string; steps: Step[]; error?: unknown };
  expect(res.status, JSON.stringify(j.error)).toBe(200);
  return j;
}

const results = (steps: Step[]) => steps.filter((s) => s.type === "code_execution_result").map((s) => ({ result: s.result, is_error: s.is_error }));
const text = (steps: Step[]) => steps.filter((s) => s.type === "model_output").map((s) => s.content?.[0]?.text ?? "").join("");

describe("agent runs in environments", () => {
  it("every agent turn gets an environment; a chained turn keeps it; manifests diff between turns", async () => {
    const first = await create({ agent: "local-sim-agent", input: "```bash\necho one > a.txt\n```" });
    expect(first.environment_id).toMatch(/^env_/);
    const m1 = (await (await call(engine, "GET", `/v1beta/interactions/${first.id}/workspace`)).json()) as { environment_id: string; files: { path: string; size_bytes: number; sha256: string }[] };
    expect(m1.environment_id).toBe(first.environment_id);
    expect(m1.files.map((f) => f.path)).toEqual(["workspace/a.txt", "workspace/report.md"]);
    expect(m1.files[0]).toEqual({ path: "workspace/a.txt", size_bytes: 4, sha256: "2c8b08da5ce60398e1f19af0e5dccc744df274b826abe585eaba68c525434806" });

    const second = await create({ agent: "local-sim-agent", previous_interaction_id: first.id, input: "```bash\ncat a.txt; echo two >> a.txt; touch b.txt\n```" });
    expect(second.environment_id).toBe(first.environment_id);
    expect(results(second.steps)[0]).toEqual({ result: "one\n", is_error: undefined });
    const m2 = (await (await call(engine, "GET", `/v1beta/interactions/${second.id}/workspace`)).json()) as typeof m1;
    expect(m2.files.map((f) => f.path)).toEqual(["workspace/a.txt", "workspace/b.txt", "workspace/report.md"]);
    expect(m2.files[0]!.size_bytes).toBe(8);
    expect(m2.files[0]!.sha256).not.toBe(m1.files[0]!.sha256);
    // The manifest of the first turn is what it was then.
    expect(((await (await call(engine, "GET", `/v1beta/interactions/${first.id}/workspace`)).json()) as typeof m1).files).toEqual(m1.files);
    // The stored interaction carries the environment id too.
    expect(((await (await call(engine, "GET", `/v1beta/interactions/${second.id}`)).json()) as { environment_id: string }).environment_id).toBe(first.environment_id);

    const inline = await create({ agent: "local-sim-agent", environment: { type: "remote", sources: [{ target: "in.txt", content: "seed" }], env: { WHO: "ada" } }, input: "```bash\ncat in.txt; echo \" $WHO\"\n```" });
    expect(inline.environment_id).not.toBe(first.environment_id);
    expect(results(inline.steps)[0]!.result).toBe("seed ada\n");
    const remote = await create({ agent: "local-sim-agent", environment: "remote", input: "```bash\nls\n```" });
    expect(results(remote.steps)[0]!.result).toBe("");
    await expectBad({ agent: "local-sim-agent", environment: { type: "remote", sources: [{ target: "../x", content: "x" }] }, input: "x" }, 400, /'\.\.'/);
    await expectBad({ agent: "local-sim-agent", environment: { type: "local" }, input: "x" }, 400, /environment\.type/);
    await expectBad({ agent: "local-sim-agent", environment: "env_nope", input: "x" }, 404, /not found/);
    const m404 = await call(engine, "GET", `/v1beta/interactions/int_nope/workspace`);
    expect(m404.status).toBe(404);
  }, 30_000);

  it("a custom agent: system instruction merged (persona, upper case), agent_config overridden field by field, base environment used", async () => {
    const env = (await (await call(engine, "POST", "/v1beta/environments", { body: { sources: [{ target: "base.txt", content: "from base" }] } })).json()) as { id: string };
    const agent = await call(engine, "POST", "/v1beta/agents", {
      body: { id: "shouty-pirate", base_agent: "deep-research-preview-04-2026", system_instruction: "You are a pirate.", agent_config: { type: "deep-research", thinking_summaries: "none", collaborative_planning: true }, base_environment: env.id },
    });
    expect(agent.status).toBe(200);
    const run = await create({ agent: "shouty-pirate", system_instruction: "Answer in upper case.", agent_config: { type: "deep-research", collaborative_planning: false }, input: "```bash\ncat base.txt\n```" });
    expect(run.environment_id).toBe(env.id);
    expect(results(run.steps)[0]!.result).toBe("from base");
    expect(run.steps.some((s) => s.type === "google_search_call")).toBe(true); // deep research's loop, collaborative planning overridden off
    expect(run.steps.find((s) => s.type === "thought")?.summary).toBeUndefined(); // thinking_summaries from the agent
    expect(text(run.steps).slice(0, 22)).toBe("ARR, MATEY!\n\n# REPORT:");
    // A chained turn keeps the chain's environment (the base one seeded the first turn only).
    const chained = await create({ agent: "shouty-pirate", previous_interaction_id: run.id, input: "```bash\necho more >> base.txt; cat base.txt\n```" });
    expect(chained.environment_id).toBe(run.environment_id);
    expect(results(chained.steps)[0]!.result).toBe("from basemore\n");
    // The request names another environment: the base one is not used.
    const other = await create({ agent: "shouty-pirate", environment: "remote", input: "```bash\nls\n```" });
    expect(other.environment_id).not.toBe(env.id);
    await expectBad({ agent: "shouty-pirate", agent_config: { type: "antigravity" }, input: "x" }, 400, /agent_config\.type/);
  }, 30_000);

  it("streams step by step, also in the background", async () => {
    const res = await call(engine, "POST", "/v1beta/interactions", { body: { agent: "local-sim-agent", stream: true, input: "```python\nprint('streamed')\n```" } });
    const sse = await readSse(res);
    const starts = sse.events.filter((e) => e.event_type === "step.start").map((e) => (e as { step: Step }).step.type);
    expect(starts.slice(0, 3)).toEqual(["thought", "code_execution_call", "code_execution_result"]);
    const created = sse.events[0] as { interaction: { environment_id?: string } };
    expect(created.interaction.environment_id).toMatch(/^env_/);

    const bg = await create({ agent: "local-sim-agent", background: true, input: "```python\nimport time; time.sleep(0.3); print('late')\n```" });
    expect(["queued", "in_progress"]).toContain(bg.status);
    const live = await readSse(await call(engine, "GET", `/v1beta/interactions/${bg.id}?stream=true`));
    expect(live.events.some((e) => e.event_type === "step.start" && (e as { step: Step }).step.type === "code_execution_result" && (e as { step: Step }).step.result === "late\n")).toBe(true);
    const done = await waitFor(async () => {
      const j = (await (await call(engine, "GET", `/v1beta/interactions/${bg.id}`)).json()) as { status: string; steps: Step[] };
      return j.status === "completed" ? j : null;
    });
    expect(results(done!.steps)[0]!.result).toBe("late\n");
  }, 30_000);
});

describe("model runs with code_execution", () => {
  it("fenced blocks run on an ephemeral workspace, discarded afterwards, no environment_id", async () => {
    const root = join(engine.managed.environments.opts.root, "_ephemeral");
    const run = await create({ model: "gemini-3.5-flash", tools: [{ type: "code_execution" }], input: "Try this:\n```python\nopen('x.txt','w').write('hi')\nprint(open('x.txt').read())\n```\n```sh\nexit 7\n```" });
    expect(run.environment_id).toBeUndefined();
    expect(results(run.steps)).toEqual([
      { result: "hi\n", is_error: undefined },
      { result: "Exit status 7.\n", is_error: true },
    ]);
    expect(text(run.steps)).toContain("I ran your python block in the local sandbox (exit status 0). Output:\n\n```\nhi\n```");
    expect(text(run.steps)).toContain("exit status 7");
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
    // Arithmetic the simulator writes runs for real too.
    const arith = await create({ model: "gemini-3.5-flash", tools: [{ type: "code_execution" }], input: "What is 12 * 12?" });
    const callStep = arith.steps.find((s) => s.type === "code_execution_call");
    expect(callStep?.arguments).toEqual({ language: "python", code: "print(12 * 12)" });
    expect(results(arith.steps)).toEqual([{ result: "144\n", is_error: undefined }]);
    // Without code_execution nothing runs.
    const plain = await create({ model: "gemini-3.5-flash", input: "```python\nprint(1)\n```" });
    expect(plain.steps.some((s) => s.type === "code_execution_call")).toBe(false);
  }, 30_000);

  it("where the sandbox cannot start, the result is an error with the exact reason — never an unsandboxed run", async () => {
    engine.close();
    const reason = "Code execution is unavailable: bubblewrap (/usr/bin/bwrap) is not installed. Install bubblewrap (Debian/Ubuntu: `apt-get install -y bubblewrap`).";
    engine = createEngine({
      dbPath: ":memory:",
      paceMs: 0,
      sandbox: { runInSandbox: () => Promise.reject(new SandboxUnavailableError(reason)), describeLimitHit: () => null },
    });
    const run = await create({ model: "gemini-3.5-flash", tools: [{ type: "code_execution" }], input: "```python\nprint(1)\n```" });
    expect(results(run.steps)).toEqual([{ result: `The code was not run: ${reason}\n`, is_error: true }]);
  });
});

async function expectBad(body: Record<string, unknown>, status: number, message: RegExp): Promise<void> {
  const res = await call(engine, "POST", "/v1beta/interactions", { body });
  const j = (await res.json()) as { error?: { message: string } };
  expect([res.status, j.error?.message]).toEqual([status, expect.stringMatching(message)]);
}

describe("the merge rule", () => {
  it("instruction first then the request's, tools added, config field by field, environment unless named", async () => {
    const { mergeAgent } = await import("./agents");
    const agent = {
      id: "a",
      base_agent: "antigravity-preview-05-2026",
      created: "",
      system_instruction: "You are a cat.",
      tools: [{ type: "code_execution" as const }],
      agent_config: { type: "antigravity", model: "m1", max_total_tokens: "100" },
      base_environment: "env_base",
    };
    expect(mergeAgent(agent, { system_instruction: "Be brief.", tools: [{ type: "url_context" }], agent_config: { type: "antigravity", model: "m2" } })).toEqual({
      base_agent: "antigravity-preview-05-2026",
      system_instruction: "You are a cat.\n\nBe brief.",
      tools: [{ type: "code_execution" }, { type: "url_context" }],
      agent_config: { type: "antigravity", model: "m2", max_total_tokens: "100" },
      environment: "env_base",
    });
    expect(mergeAgent(agent, { environment: "env_other" }).environment).toBe("env_other");
  });
});
