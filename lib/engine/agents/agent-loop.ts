// The agent loop for agent interactions: a real loop over the run's workspace, streamed step by
// step as it happens. It plans (a thought), runs simulated google_search pairs (deep-research and
// the other families; no network, each says so), runs every fenced ```python / ```bash block of
// the task verbatim in the sandbox, computes any arithmetic with Python it writes itself (run for
// real), lists the workspace's files (a script, run for real), writes its report to
// workspace/report.md (a script, run for real) and answers with the report and the real outputs.
// The system instruction's documented effects (persona openings, upper-case, concision:
// simulator/style.ts) apply to the answer. Deterministic except for what the code itself prints.
import type { CodeRun, ModelAdapter, ModelRequest, ModelYield, ModelResult, Step } from "@/lib/engine/model/types";
import { fencedBlocks, runStatus, type FencedBlock } from "@/lib/engine/managed/code-exec";
import { findArithmetic } from "@/lib/engine/simulator/arithmetic";
import { pythonFor, searchPair, type ToolPair } from "@/lib/engine/simulator/builtins";
import { composeAnswer, requestDigest } from "@/lib/engine/simulator/compose";
import { readConversation } from "@/lib/engine/simulator/conversation";
import { Emitter } from "@/lib/engine/simulator/emit";
import { applyLength, fillerSentences } from "@/lib/engine/simulator/length";
import { throwIfAborted } from "@/lib/engine/simulator/pace";
import { createRng } from "@/lib/engine/simulator/prng";
import { applyStyle, readStyle, styleLead, type Style } from "@/lib/engine/simulator/style";
import { capitalise, quote } from "@/lib/engine/simulator/text";
import { countInputTokens } from "@/lib/engine/simulator/tokens";
import { createHash } from "node:crypto";
import { runServerTools } from "@/lib/engine/tools/server-tools";

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
  return Buffer.concat([Buffer.from("sim-agent-v2:"), digest.subarray(0, 24)]).toString("base64");
}

/** The task without its fenced blocks (so numbers inside code are not read as arithmetic). */
function withoutFences(text: string): string {
  return text.replace(/^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, " ");
}

function stripFences(step: Step): Step {
  if (step.type !== "user_input" || !Array.isArray(step.content)) return step;
  return { ...step, content: step.content.map((c) => (c.type === "text" && typeof c.text === "string" ? { ...c, text: withoutFences(c.text) } : c)) };
}

/** Python the agent writes to list the workspace (run for real). */
export const LIST_FILES_PY = [
  "import os",
  "for root, dirs, files in os.walk('.'):",
  "    dirs.sort()",
  "    for name in sorted(files):",
  "        path = os.path.join(root, name)[2:]",
  "        print(f'{path}\\t{os.path.getsize(path)} bytes')",
].join("\n");

/** Bash the agent writes to save its report (run for real); the delimiter never occurs in the report. */
export function writeReportSh(report: string): string {
  let tag = "REPORT_EOF";
  while (report.includes(tag)) tag += "_";
  return `cat > report.md <<'${tag}'\n${report}\n${tag}\necho "wrote report.md ($(wc -c < report.md) bytes)"`;
}

function fence(text: string): string {
  const body = text.replace(/\n$/, "");
  let ticks = "```";
  while (body.includes(ticks)) ticks += "`";
  return `${ticks}\n${body || "(no output)"}\n${ticks}`;
}

function describeRun(what: string, r: CodeRun): string {
  return `- ${what} (${runStatus(r)}):\n\n${fence(r.output)}`;
}

/** The answer as the system instruction asks: a persona's opening as its own line, one sentence when brief, the case asked for. */
function styleAnswer(report: string, brief: string, style: Style): string {
  if (style.brief) return applyStyle(brief, style);
  const opening = styleLead(style);
  const text = opening ? `${opening}\n\n${report}` : report;
  return style.case === "upper" ? text.toUpperCase() : style.case === "lower" ? text.toLowerCase() : text;
}

export async function* runAgent(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelYield, ModelResult, void> {
  throwIfAborted(signal);
  const agent = req.model;
  const config = req.agent_config ?? {};
  const rng = createRng("agent-v2", agent, requestDigest(req));
  const task = readConversation(req).latestText.trim();
  // The prose is read without the code blocks (they run; their text is not the topic).
  const conv = readConversation({ history: req.history, input: req.input.map(stripFences) });
  const parts = composeAnswer(conv, rng);
  const topic = parts.topic;
  const em = new Emitter(() => req.paceMs, signal, rng, Infinity);
  const inputTokens = countInputTokens(req);
  const emitSummary = config.thinking_summaries !== "none";
  const style = readStyle(req.system_instruction);
  const ws = req.workspace;

  const blocks: FencedBlock[] = task ? fencedBlocks(task) : [];
  const prose = withoutFences(task);
  // Deep research always searches (simulated); the other loops skip it when the task is code to run.
  const searches = blocks.length && !/^deep-research-/.test(agent) ? 0 : searchCount(agent);
  const queries = task && searches ? queriesFor(topic, searches) : [];
  const arith = prose.trim() ? findArithmetic(prose, { lenient: true }) : null;
  const steps = [
    ...queries.map((q) => `search for ${quote(q)} (simulated)`),
    ...blocks.map((b, i) => `run ${b.language} block ${i + 1} of the task in the sandbox`),
    ...(arith ? [`compute ${arith.expr} with Python`] : []),
    ...(ws ? ["list the workspace's files", "write the report to workspace/report.md"] : []),
    "answer with the report",
  ];

  // Collaborative planning: the first turn only proposes the plan; the next turn runs it.
  const hadOutput = conv.all.slice(0, conv.all.length - conv.latest.length).some((s) => s.type === "model_output");
  if (config.collaborative_planning === true && !hadOutput) {
    const summary = [`(Simulated agent.) Drafting a plan for ${quote(task || topic, 100)} to confirm with the user.`];
    yield* em.thought(summary, signatureFor([agent, "plan", task]), emitSummary);
    const plan = [
      `Here is my research plan for ${capitalise(topic)} (local simulator — searches are simulated, code runs in a local sandbox):`,
      "",
      ...steps.map((s, i) => `${i + 1}. ${capitalise(s)}.`),
      "",
      "Reply to confirm, or tell me what to change.",
    ].join("\n");
    yield* em.text(styleAnswer(plan, "Here is my plan; reply to confirm.", style));
    return { status: "completed", usage: em.usage(inputTokens) };
  }

  const declared = (req.tools ?? []).map((t) => (t.type === "function" && t.name ? `function ${t.name}` : t.type));
  const summary = [
    `(Simulated agent.) Plan for ${quote(task || "the empty task", 100)}: ${steps.join("; ")}.`,
    ...(declared.length ? [`Tools declared: ${declared.join(", ")} (the simulated loop runs code itself and calls no other tool).`] : []),
    ws
      ? `Searches are simulated (no network); code runs for real in a sandbox${ws.environmentId ? ` in environment ${ws.environmentId}` : ""}.`
      : "Searches are simulated (no network); this run has no workspace, so no code runs.",
  ];
  yield* em.thought(summary, signatureFor([agent, task, summary.join("\n")]), emitSummary);

  // The engine's own tools (MCP servers, url_context, file_search) run for real, as for models.
  const server = await runServerTools(req, signal);
  for (const p of server.pairs) yield* em.toolPair(p);
  const pairs: ToolPair[] = queries.map((q) => searchPair(q, rng));
  for (const p of pairs) yield* em.toolPair(p);

  const ran: string[] = [];
  let failures = 0;
  for (const [i, b] of blocks.entries()) {
    const r = yield* em.codeExecution(ws, b.language, b.code, signal);
    if (r.isError) failures++;
    ran.push(describeRun(`${capitalise(b.language)} block ${i + 1} of the task`, r));
  }
  let computed: string | undefined;
  if (arith) {
    const r = yield* em.codeExecution(ws, "python", pythonFor(arith.expr, false), signal);
    if (r.isError) failures++;
    computed = r.isError ? undefined : r.output.trim();
    ran.push(describeRun(`Computed ${arith.expr}`, r));
  }
  let listing: CodeRun | undefined;
  if (ws) listing = yield* em.codeExecution(ws, "python", LIST_FILES_PY, signal);

  // The report.
  const cannotAnswer = parts.notes.some((n) => n.startsWith("Nothing to recall or compute"));
  const core =
    (cannotAnswer || !parts.sentences.length) && !blocks.length && !arith
      ? [`The local simulator cannot research ${topic}; what follows is placeholder text.`]
      : parts.sentences.length
        ? parts.sentences
        : [`Ran what the task asked about ${topic}.`];
  const findings: string[] = [];
  if (queries.length) findings.push(`- Searched for ${queries.map((q) => quote(q)).join(", ")}: no results, because the search is simulated.`);
  if (arith && computed !== undefined) findings.push(`- ${arith.expr} = ${computed} (computed by Python in the sandbox).`);
  else if (arith && arith.error) findings.push(`- ${arith.expr} has no value: ${arith.error}.`);
  const known = [...new Set(parts.facts.map((f) => (f.relation === "attr" ? f.subject : f.relation)))];
  if (known.length) findings.push(`- From this conversation: ${known.slice(0, 8).join(", ")}.`);
  if (!findings.length && !ran.length) findings.push("- No task text was given.");
  const body = parts.length ? applyLength(core, parts.length, topic, rng) : [...core, ...fillerSentences(topic, rng, blocks.length ? 1 : 3, false)].join(" ");
  const files = listing && !listing.isError ? listing.output.trim() : "";
  const reportLines = [
    `# Report: ${capitalise(topic)}`,
    "",
    `_Agent run by the local simulator: the searches are simulated (no network), so this report contains no outside facts; ${ws ? "code ran for real in a sandbox" : "no code ran (this run had no workspace)"}._`,
    "",
    "## Findings",
    ...server.sentences.map((t) => `- ${t}`),
    ...findings,
    ...(ran.length ? ["", "## Code runs", ...ran] : []),
    ...(ws ? ["", "## Workspace files", files ? fence(files) : "(empty)"] : []),
    "",
    "## Answer",
    body,
  ];
  const report = reportLines.join("\n");
  let saved: CodeRun | undefined;
  if (ws) saved = yield* em.codeExecution(ws, "bash", writeReportSh(report), signal);
  const savedNote = saved ? (saved.isError ? `\n\n_Could not save the report to workspace/report.md: ${saved.output.trim()}_` : "\n\n_This report is also saved as workspace/report.md._") : "";
  const brief = ran.length
    ? `Ran ${ran.length} code step${ran.length === 1 ? "" : "s"} in the sandbox (${failures ? `${failures} failed` : "all succeeded"})${saved && !saved.isError ? " and saved the report as workspace/report.md" : ""}.`
    : `${body.split(/(?<=[.!?])\s/)[0] ?? body}`;
  yield* em.text(styleAnswer(report + savedNote, brief, style));
  return { status: "completed", usage: em.usage(inputTokens) };
}

export function createAgentAdapter(): ModelAdapter {
  return { accepts: isSimulatedAgent, deterministic: true, run: runAgent };
}
