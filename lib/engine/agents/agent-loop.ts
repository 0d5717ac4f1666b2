// The agent loop for agent interactions, run on the simulator: a planning thought, simulated
// google_search call/result pairs (no network; each says so), a simulated code_execution pair when
// the task holds arithmetic (evaluated by the simulator's parser, never executed), then a
// model_output report. Deterministic and paced like the model.
import type { ModelAdapter, ModelEvent, ModelRequest, ModelResult } from "@/lib/engine/model/types";
import { findArithmetic, formatNumber } from "@/lib/engine/simulator/arithmetic";
import { codePair, searchPair, type ToolPair } from "@/lib/engine/simulator/builtins";
import { composeAnswer, requestDigest } from "@/lib/engine/simulator/compose";
import { readConversation } from "@/lib/engine/simulator/conversation";
import { Emitter } from "@/lib/engine/simulator/emit";
import { applyLength, fillerSentences } from "@/lib/engine/simulator/length";
import { throwIfAborted } from "@/lib/engine/simulator/pace";
import { createRng } from "@/lib/engine/simulator/prng";
import { capitalise, quote } from "@/lib/engine/simulator/text";
import { countInputTokens } from "@/lib/engine/simulator/tokens";
import { createHash } from "node:crypto";

export const SIMULATOR_AGENT_ID = "local-sim-agent";

/** Built-in agent ids (reference §8.1) and the local one. */
/** Agent ids (besides SIMULATOR_AGENT_ID) the simulated agent loop runs; reported in the catalog. */
export const SIMULATED_AGENT_RES: readonly RegExp[] = [/^deep-research-[\w.-]+$/, /^antigravity-[\w.-]+$/];

export function isSimulatedAgent(agent: string): boolean {
  return agent === SIMULATOR_AGENT_ID || SIMULATED_AGENT_RES.some((re) => re.test(agent));
}

/** How many searches each agent family runs. */
export function searchCount(agent: string): number {
  if (/^deep-research-max-/.test(agent)) return 4;
  if (/^deep-research-/.test(agent)) return 3;
  if (/^antigravity-/.test(agent)) return 1;
  return 2;
}

function queriesFor(topic: string, n: number): string[] {
  const base = [topic, `${topic} overview`, `${topic} recent developments`, `${topic} key facts and figures`];
  return base.slice(0, n);
}

function signatureFor(parts: string[]): string {
  const digest = createHash("sha256").update(parts.join("\u0000")).digest();
  return Buffer.concat([Buffer.from("sim-agent-v1:"), digest.subarray(0, 24)]).toString("base64");
}

export async function* runAgent(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent, ModelResult, void> {
  throwIfAborted(signal);
  const agent = req.model;
  const config = req.agent_config ?? {};
  const rng = createRng("agent-v1", agent, requestDigest(req));
  const conv = readConversation(req);
  const parts = composeAnswer(conv, rng);
  const task = conv.latestText.trim();
  const topic = parts.topic;
  const em = new Emitter(req.paceMs, signal, rng, Infinity);
  const inputTokens = countInputTokens(req);
  const emitSummary = config.thinking_summaries !== "none";

  const queries = task ? queriesFor(topic, searchCount(agent)) : [];
  const arith = task ? findArithmetic(task, { lenient: true }) : null;
  const steps = [
    ...queries.map((q) => `search for ${quote(q)}`),
    ...(arith ? [`compute ${arith.expr}`] : []),
    "write the report",
  ];

  // Collaborative planning: the first turn only proposes the plan; the next turn runs it.
  const hadOutput = conv.all.slice(0, conv.all.length - conv.latest.length).some((s) => s.type === "model_output");
  if (config.collaborative_planning === true && !hadOutput) {
    const summary = [`(Simulated agent.) Drafting a plan for ${quote(task || topic, 100)} to confirm with the user.`];
    yield* em.thought(summary, signatureFor([agent, "plan", task]), emitSummary);
    const plan = [
      `Here is my research plan for ${capitalise(topic)} (local simulator — no network access):`,
      "",
      ...steps.map((s, i) => `${i + 1}. ${capitalise(s)}.`),
      "",
      "Reply to confirm, or tell me what to change.",
    ].join("\n");
    yield* em.text(plan);
    return { status: "completed", usage: em.usage(inputTokens) };
  }

  const summary = [
    `(Simulated agent.) Plan for ${quote(task || "the empty task", 100)}: ${steps.join("; ")}.`,
    "The searches and any code execution are simulated by the local simulator: no network, no code is run.",
  ];
  yield* em.thought(summary, signatureFor([agent, task, summary.join("\n")]), emitSummary);

  const pairs: ToolPair[] = queries.map((q) => searchPair(q, rng));
  for (const p of pairs) yield* em.toolPair(p);
  if (arith) yield* em.toolPair(codePair(arith, rng));

  // The report.
  const cannotAnswer = parts.notes.some((n) => n.startsWith("Nothing to recall or compute"));
  const core = cannotAnswer || !parts.sentences.length ? [`The local simulator cannot research ${topic}; what follows is placeholder text.`] : parts.sentences;
  const findings: string[] = [];
  if (queries.length) findings.push(`- Searched for ${queries.map((q) => quote(q)).join(", ")}: no results, because the search is simulated.`);
  if (arith) findings.push(arith.error ? `- ${arith.expr} has no value: ${arith.error}.` : `- Computed ${arith.expr} = ${formatNumber(arith.value)} (simulated code execution).`);
  const known = [...new Set(parts.facts.map((f) => (f.relation === "attr" ? f.subject : f.relation)))];
  if (known.length) findings.push(`- From this conversation: ${known.slice(0, 8).join(", ")}.`);
  if (!findings.length) findings.push("- No task text was given.");
  const body = parts.length ? applyLength(core, parts.length, topic, rng) : [...core, ...fillerSentences(topic, rng, 3, false)].join(" ");
  const report = [
    `# Report: ${capitalise(topic)}`,
    "",
    "_Simulated agent run by the local simulator: the searches had no network access, so this report contains no outside facts._",
    "",
    "## Findings",
    ...findings,
    "",
    "## Answer",
    body,
  ].join("\n");
  yield* em.text(report);
  return { status: "completed", usage: em.usage(inputTokens) };
}

export function createAgentAdapter(): ModelAdapter {
  return { accepts: isSimulatedAgent, run: runAgent };
}
