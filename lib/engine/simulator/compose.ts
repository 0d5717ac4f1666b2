// The simulator's planner: from the request, decide every step this turn will produce (thought,
// simulated built-in tool pairs, function calls, the answer text) before anything is streamed.
// Pure and deterministic: the same request (and seed) always gives the same plan.
import { createHash } from "node:crypto";
import type { GenerationConfig, ModelRequest, Tool } from "@/lib/engine/model/types";
import type { Content } from "@/lib/interactions/types";
import { findArithmetic, formatNumber, type Arithmetic } from "./arithmetic";
import { codePair, searchPair, type ToolPair } from "./builtins";
import { readConversation, type Conversation } from "./conversation";
import { describeQuery, extractFacts, factsInClause, findStatement, isQuestion, isRecallShaped, isRecap, lookup, parseQuery, splitClauses, swapPerson, systemAsUserText, type Fact } from "./facts";
import { generateValue } from "./generate";
import { applyLength, extractTopic, parseLengthRequest, type LengthSpec } from "./length";
import { createRng, hashString, type Rng } from "./prng";
import { validateValue } from "./schema";
import { applyStyle, readStyle } from "./style";
import { planFunctionCalls, type PlannedCall } from "./tools";
import { base64Size, capitalise, describeBytes, quote } from "./text";
import { resultText } from "./tokens";

export interface ThoughtPlan {
  summary: string[];
  signature: string;
  emitSummary: boolean;
}

export interface Plan {
  thought?: ThoughtPlan;
  builtins: ToolPair[];
  calls: PlannedCall[];
  /** The model_output text (styled, cut at stop sequences); undefined when the turn only calls functions. */
  text?: string;
  /** True when `text` is JSON for a response_format schema. */
  json: boolean;
  /** Why the text was cut (for tests and the thought summary). */
  stoppedAt?: string;
  rng: Rng;
}

export interface AnswerParts {
  sentences: string[];
  notes: string[];
  computed?: number;
  arithmetic?: Arithmetic;
  unanswered: string[];
  facts: Fact[];
  length: LengthSpec | null;
  topic: string;
}

const v = <T,>(rng: Rng, items: readonly T[]): T => rng.pick(items);

/** The subject as a reply says it: person swapped, a leading article lower-cased ("The meeting" → "the meeting"). */
function subjectForReply(subject: string): string {
  return swapPerson(subject).replace(/^(The|A|An|Your|My|This|That)\b/, (w) => w.toLowerCase());
}

/** One clause per fact, for a recap. */
function factPhrase(f: Fact): string {
  switch (f.relation) {
    case "name":
      return `your name is ${f.value}`;
    case "home":
      return `you live in ${f.value}`;
    case "origin":
      return `you're from ${f.value}`;
    case "workplace":
      return `you work at ${f.value}`;
    case "job":
      return `you work as ${/^[aeiou]/i.test(f.value) ? "an" : "a"} ${f.value}`;
    case "age":
      return `you are ${f.value}`;
    case "likes":
      return `you ${f.verb} ${f.value}`;
    case "note":
      return `to remember “${f.value}”`;
    case "said":
      return f.value;
    case "attr":
      return `${subjectForReply(f.subject)} ${f.verb} ${f.value}`;
  }
}

/** The latest fact per relation/key, in the order first stated. */
function latestFacts(facts: Fact[]): Fact[] {
  const byKey = new Map<string, Fact>();
  for (const f of facts) {
    const k = f.relation === "attr" || f.relation === "note" || f.relation === "likes" ? `${f.relation}:${f.key}:${f.relation === "attr" ? "" : f.value}` : f.relation;
    byKey.delete(k);
    byKey.set(k, f);
  }
  return [...byKey.values()];
}

function recap(conv: Conversation, facts: Fact[]): string[] {
  const n = conv.priorUserTexts.length;
  const out = [n ? `Before this message you sent me ${n} message${n === 1 ? "" : "s"} in this conversation.` : "This is your first message in this conversation."];
  const known = latestFacts(facts).slice(-12);
  if (known.length) out.push(`You told me: ${known.map(factPhrase).join("; ")}.`);
  else if (n) out.push(`You haven't told me any facts about yourself; your last message was ${quote(conv.priorUserTexts[n - 1]!)}.`);
  return out;
}

function renderFact(f: Fact, rng: Rng): string {
  const val = f.value;
  switch (f.relation) {
    case "name":
      return v(rng, [`Your name is ${val}.`, `You told me your name is ${val}.`, `Your name is ${val} — you told me so in this conversation.`]);
    case "home":
      return v(rng, [`You live in ${val}.`, `You told me you live in ${val}.`, `You said you live in ${val}.`]);
    case "origin":
      return v(rng, [`You're from ${val}.`, `You told me you're from ${val}.`, `You said you come from ${val}.`]);
    case "workplace":
      return v(rng, [`You work at ${val}.`, `You told me you work at ${val}.`]);
    case "job":
      return v(rng, [`You work as ${/^[aeiou]/i.test(val) ? "an" : "a"} ${val}.`, `You told me you work as ${/^[aeiou]/i.test(val) ? "an" : "a"} ${val}.`]);
    case "age":
      return v(rng, [`You are ${val} years old.`, `You told me you're ${val}.`]);
    case "likes":
      return v(rng, [`You ${f.verb} ${val}.`, `You told me you ${f.verb} ${val}.`]);
    case "note":
      return v(rng, [`You asked me to remember: ${val}.`, `You told me to remember this: ${val}.`]);
    case "said":
      return v(rng, [`You told me that ${val}.`, `You said that ${val}.`]);
    case "attr": {
      const s = subjectForReply(f.subject);
      return v(rng, [`${capitalise(s)} ${f.verb} ${val}.`, `You told me ${s} ${f.verb} ${val}.`, `${capitalise(s)} ${f.verb} ${val}, as you told me.`]);
    }
  }
}

function ackFact(f: Fact, rng: Rng): string {
  const val = f.value;
  switch (f.relation) {
    case "name":
      return v(rng, [`Nice to meet you, ${val}.`, `Hello, ${val} — I'll remember your name.`, `Got it: your name is ${val}.`]);
    case "home":
      return v(rng, [`Noted: you live in ${val}.`, `Got it — you live in ${val}.`, `I'll remember that you live in ${val}.`]);
    case "origin":
      return v(rng, [`Noted: you're from ${val}.`, `Got it — you come from ${val}.`]);
    case "workplace":
      return v(rng, [`Noted: you work at ${val}.`, `Got it — you work at ${val}.`]);
    case "job":
      return v(rng, [`Noted: you work as ${/^[aeiou]/i.test(val) ? "an" : "a"} ${val}.`, `Got it — you're ${/^[aeiou]/i.test(val) ? "an" : "a"} ${val}.`]);
    case "age":
      return v(rng, [`Noted: you are ${val}.`, `Got it — you're ${val} years old.`]);
    case "likes":
      return v(rng, [`Noted: you ${f.verb} ${val}.`, `Got it — you ${f.verb} ${val}.`]);
    case "note":
      return v(rng, [`Noted: ${val}.`, `I'll remember this: ${val}.`]);
    case "said":
      return v(rng, [`Noted: ${val}.`, `Got it — ${val}.`]);
    case "attr": {
      const s = subjectForReply(f.subject);
      return v(rng, [`Noted: ${s} ${f.verb} ${val}.`, `Got it — ${s} ${f.verb} ${val}.`, `I'll remember that ${s} ${f.verb} ${val}.`]);
    }
  }
}

function mediaLine(c: Content): string {
  const kind = c.type === "image" ? "an image" : c.type === "audio" ? "an audio clip" : c.type === "video" ? "a video" : c.type === "document" ? "a document" : `a ${c.type} item`;
  const bits: string[] = [];
  if (typeof c.mime_type === "string") bits.push(c.mime_type);
  if (typeof c.data === "string") bits.push(describeBytes(base64Size(c.data)));
  else if (typeof c.uri === "string") bits.push(`from ${c.uri}`);
  return `I received ${kind}${bits.length ? ` (${bits.join(", ")})` : ""} — the simulator cannot see its contents.`;
}

const GREETING = /^(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|greetings)\b/i;
const THANKS = /^(?:thanks|thank you|cheers|much appreciated)\b/i;
const SELF = /\b(?:who|what) are you\b|\bare you (?:a |an )?(?:real|human|gemini|ai|bot|model|simulator|robot)\b|\bwhat can you do\b/i;

const CAPABILITIES = [
  "I can recall facts you tell me in this conversation (try “my name is Ada”, then “what is my name?”), do simple arithmetic, call the functions you declare, and write text of a requested length.",
  "What I can do: remember what you tell me and recall it in later turns, compute simple arithmetic like “what is 12 * 7?”, call declared functions, and write a requested number of words or sentences.",
];

/** The prose answer's sentences, before length shaping and style. */
export function composeAnswer(conv: Conversation, rng: Rng, opts: { hasSearch?: boolean; system?: string; toolSentences?: string[] } = {}): AnswerParts {
  // Facts about the user in the system instruction count as stated before the first turn.
  const systemText = opts.system?.trim() ? systemAsUserText(opts.system) : undefined;
  const facts = extractFacts(systemText ? [systemText, ...conv.userTexts] : conv.userTexts);
  const priorTexts = systemText ? [systemText, ...conv.priorUserTexts] : conv.priorUserTexts;
  const length = parseLengthRequest(conv.latestText);
  const topic = extractTopic(conv.latestText, length);
  const sentences: string[] = [];
  const notes: string[] = [];
  const unanswered: string[] = [];
  let computed: number | undefined;
  let arithmetic: Arithmetic | undefined;

  // 1. function results
  for (const r of conv.functionResults) {
    const name = (typeof r.name === "string" && r.name) || (typeof r.call_id === "string" ? conv.callsById.get(r.call_id)?.name : undefined) || "the";
    let text = resultText(r.result);
    if (text.length > 2000) text = `${text.slice(0, 1999)}…`;
    sentences.push(r.is_error === true ? `The ${name} tool reported an error: ${text}` : `The ${name} tool returned: ${text}`);
    notes.push(`Using the result of ${name}.`);
  }
  if (conv.functionResults.length) {
    const asked = conv.priorUserTexts[conv.priorUserTexts.length - 1];
    if (asked) sentences.push(v(rng, [`That is the answer to ${quote(asked, 120)}.`, `You asked ${quote(asked, 120)}; the tool's result above answers it.`]));
    sentences[0] = sentences[0]!.replace(/([^.!?…])$/, "$1.");
  }

  // 1b. what the engine's own tools (MCP servers, url_context, file_search) returned this turn
  if (opts.toolSentences?.length) {
    sentences.push(...opts.toolSentences);
    notes.push("Answering from the tool results.");
  }

  // 2. media
  for (const c of conv.latestMedia) sentences.push(mediaLine(c));
  if (conv.latestMedia.length) notes.push(`The input holds ${conv.latestMedia.length} media item(s), which the simulator cannot see.`);

  // 3. the text, clause by clause
  const clauses = splitClauses(conv.latestText);
  let acked = 0;
  clauses.forEach((clause, i) => {
    const bare = clause.replace(/[.!?]+$/, "").trim();
    if (i === 0 && GREETING.test(bare)) {
      sentences.push(v(rng, ["Hello! I'm the local simulator — a deterministic stand-in for a Gemini model.", "Hi! This is the local simulator, not a real model.", "Hello there! You're talking to the local simulator."]));
      const rest = bare.replace(GREETING, "").replace(/^[\s,!.]+/, "");
      if (!rest) return;
    }
    if (THANKS.test(bare)) {
      sentences.push(v(rng, ["You're welcome.", "Glad to help.", "Any time."]));
      return;
    }
    if (SELF.test(bare)) {
      sentences.push("I'm the local simulator of the embedded Interactions engine: a deterministic program, not a real model.");
      sentences.push(v(rng, CAPABILITIES));
      return;
    }
    if (isRecap(bare)) {
      sentences.push(...recap(conv, facts));
      notes.push("Recapping the conversation.");
      return;
    }
    // "what's 2 + 2 and what's my name?" → two parts
    const question = isQuestion(clause);
    const parts = question ? clause.split(/,?\s+and\s+(?=(?:what|what's|where|who|how|when|which|do|did)\b)/i) : [clause];
    let handled = false;
    for (const part of parts) {
      const arith = findArithmetic(part);
      if (arith) {
        handled = true;
        arithmetic = arith;
        if (arith.error) sentences.push(`${arith.expr} has no value: ${arith.error}.`);
        else {
          computed = arith.value;
          const val = formatNumber(arith.value);
          sentences.push(v(rng, [`${arith.expr} = ${val}.`, `${arith.expr} is ${val}.`, `The answer is ${val} (${arith.expr}).`]));
        }
        notes.push(`Computing ${arith.expr}.`);
        continue;
      }
      if (!question) continue;
      handled = true;
      const q = parseQuery(part);
      if (q?.kind === "history") {
        const prev = conv.priorUserTexts[conv.priorUserTexts.length - 1];
        sentences.push(prev ? v(rng, [`Earlier you said: ${quote(prev)}.`, `Your previous message was ${quote(prev)}.`]) : "This is the first thing you've said in this conversation.");
        notes.push("Looking back at the previous user message.");
        continue;
      }
      if (q?.kind === "recap") {
        sentences.push(...recap(conv, facts));
        notes.push("Recapping the conversation.");
        continue;
      }
      if (q?.kind === "relation" && q.relation === "likes") {
        const likes = latestFacts(facts).filter((f) => f.relation === "likes");
        if (likes.length) {
          sentences.push(`You told me you ${likes.map((f) => `${f.verb} ${f.value}`).join(" and ")}.`);
          notes.push(`Recalling ${describeQuery(q)} from the conversation.`);
          continue;
        }
      }
      const fact = q ? lookup(facts, q) : undefined;
      if (q && fact) {
        sentences.push(renderFact(fact, rng));
        notes.push(`Recalling ${describeQuery(q)} from the conversation.`);
        continue;
      }
      // "What music do I love?" after "I love jazz": a favourite nobody named, answered by the likes.
      if (q?.kind === "subject" && /\bfavou?rite\b/.test(q.key)) {
        const likes = latestFacts(facts).filter((f) => f.relation === "likes");
        if (likes.length) {
          sentences.push(`You told me you ${likes.map((f) => `${f.verb} ${f.value}`).join(" and ")}.`);
          notes.push(`Recalling ${describeQuery(q)} from the conversation.`);
          continue;
        }
      }
      // No fact answers it: the earlier statement sharing the most words with the question does.
      if ((!q || q.kind === "subject") && isRecallShaped(part)) {
        const said = findStatement(priorTexts, part);
        if (said) {
          sentences.push(v(rng, [`You told me that ${swapPerson(said)}.`, `Earlier you said that ${swapPerson(said)}.`]));
          notes.push("Recalling the earlier statement that matches the question.");
          continue;
        }
      }
      const recallShaped =
        q && q.kind === "subject"
          ? /^(?:my|your)\b/i.test(q.subject) || (!opts.hasSearch && /^the\b/i.test(q.subject) && q.subject.split(/\s+/).length <= 3)
          : !!q;
      if (q && recallShaped) {
        sentences.push(`You haven't told me ${describeQuery(q)} in this conversation, so I can't recall it.`);
        notes.push(`Nothing in the conversation says ${describeQuery(q)}.`);
        continue;
      }
      unanswered.push(part.trim());
    }
    if (handled) return;
    const stated = factsInClause(clause);
    if (stated.length) {
      for (const f of stated) sentences.push(ackFact(f, rng));
      acked += stated.length;
      notes.push(`Remembering ${stated.map((f) => (f.relation === "attr" ? subjectForReply(f.subject) : f.relation)).join(", ")}.`);
    }
  });
  if (acked && sentences.length === acked && !length) sentences.push(v(rng, ["Ask me about it in a later turn and I'll recall it.", "I'll keep that for the rest of this conversation."]));

  const answeredByTools = !!opts.toolSentences?.length;
  if (unanswered.length && !opts.hasSearch && !answeredByTools) {
    for (const q of unanswered.slice(0, 3))
      sentences.push(
        v(rng, [
          `I'm the local simulator, not a real model: I can't answer ${quote(q)}.`,
          `I can't answer ${quote(q)}: I'm the local simulator, a deterministic program rather than a real model.`,
          `As the local simulator (not a real model), I have no way to answer ${quote(q)}.`,
        ]),
      );
    if (!length) sentences.push(v(rng, CAPABILITIES));
    notes.push("Nothing to recall or compute for the question.");
  }
  if (!sentences.length && !length && !(unanswered.length && opts.hasSearch)) {
    const asked = conv.latestText.trim();
    if (!asked) sentences.push(conv.latest.length ? "I received no text in this turn." : "There is no input to answer.");
    else {
      sentences.push(
        v(rng, [
          `I'm the local simulator, not a real model: I can't answer ${quote(asked)}.`,
          `I can't answer ${quote(asked)}: I'm the local simulator, a deterministic program rather than a real model.`,
          `As the local simulator (not a real model), I have no way to answer ${quote(asked)}.`,
        ]),
      );
      sentences.push(v(rng, CAPABILITIES));
    }
    notes.push("Nothing to recall or compute.");
  }
  if (length) notes.push(`Length requested: ${length.phrase}.`);
  return { sentences, notes, computed, arithmetic, unanswered, facts, length, topic };
}

/** The JSON text format requested, if any: { schema? } — or the non-text formats asked for. */
export function readResponseFormat(rf: unknown): { json?: { schema?: unknown }; other: string[] } {
  const list = Array.isArray(rf) ? rf : rf && typeof rf === "object" ? [rf] : [];
  const other: string[] = [];
  let json: { schema?: unknown } | undefined;
  for (const f of list) {
    if (!f || typeof f !== "object") continue;
    const fmt = f as Record<string, unknown>;
    const type = typeof fmt.type === "string" ? fmt.type : "text";
    if (type === "text") {
      if (!json && (fmt.mime_type === "application/json" || fmt.schema !== undefined)) json = fmt.schema !== undefined ? { schema: fmt.schema } : {};
    } else other.push(type);
  }
  return { json, other };
}

function thinkingPlan(req: ModelRequest, conv: Conversation, notes: string[], facts: Fact[], rng: Rng): ThoughtPlan | undefined {
  const level = req.generation_config?.thinking_level;
  if (!level || level === "minimal") return undefined;
  const lines: string[] = [];
  if (conv.latestText) lines.push(`(Simulated thinking.) The user wrote ${quote(conv.latestText, 100)}.`);
  else if (conv.functionResults.length) lines.push(`(Simulated thinking.) The input holds ${conv.functionResults.length} function result(s).`);
  else lines.push("(Simulated thinking.) The input holds no text.");
  const kinds = [...new Set(facts.map((f) => (f.relation === "attr" ? swapPerson(f.subject) : f.relation)))];
  lines.push(kinds.length ? `Facts known from the conversation: ${kinds.slice(0, 8).join(", ")}.` : "There are no facts from earlier turns to draw on.");
  lines.push(...notes);
  lines.push(v(rng, ["This plan comes from the local simulator's deterministic planner, not from real reasoning.", "These notes are the simulator's fixed rules at work, not real reasoning."]));
  const count = level === "low" ? 2 : level === "medium" ? 3 : lines.length;
  const summary = lines.slice(0, Math.max(2, count));
  if (level !== "high" && !summary.some((l) => /simulat/i.test(l))) summary.push(lines[lines.length - 1]!);
  const digest = createHash("sha256").update(`${req.model}\u0000${level}\u0000${summary.join("\n")}\u0000${conv.latestText}`).digest();
  const signature = Buffer.concat([Buffer.from("sim-thought-v1:"), digest.subarray(0, 24)]).toString("base64");
  const summaries = req.generation_config?.thinking_summaries;
  return { summary, signature, emitSummary: summaries !== "none" };
}

function cutAtStopSequences(text: string, stops: unknown): { text: string; stoppedAt?: string } {
  if (!Array.isArray(stops)) return { text };
  let at = -1;
  let which: string | undefined;
  for (const s of stops) {
    if (typeof s !== "string" || !s) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (at < 0 || i < at)) {
      at = i;
      which = s;
    }
  }
  return at >= 0 ? { text: text.slice(0, at), stoppedAt: which } : { text };
}

function hasTool(tools: Tool[] | undefined, type: string): boolean {
  return (tools ?? []).some((t) => t.type === type);
}

/**
 * Seed material: everything the wording depends on. Output limits and thinking settings are left
 * out, so a turn cut by max_output_tokens or a stop sequence is a prefix of the uncut one.
 */
export function requestDigest(req: ModelRequest): number {
  const skip = new Set(["max_output_tokens", "stop_sequences", "thinking_level", "thinking_summaries", "seed"]);
  const g: GenerationConfig = Object.fromEntries(Object.entries(req.generation_config ?? {}).filter(([k]) => !skip.has(k)));
  const material = JSON.stringify([req.history, req.input, req.system_instruction ?? null, req.tools ?? null, req.response_format ?? null, g]);
  return hashString(material);
}

/** What the engine's own tools did before planning (lib/engine/tools/server-tools.ts). */
export interface ServerToolSteps {
  pairs: ToolPair[];
  sentences: string[];
  notes: string[];
}

export function planTurn(req: ModelRequest, server?: ServerToolSteps): Plan {
  const seed = req.generation_config?.seed;
  const rng = createRng("sim-v1", typeof seed === "number" ? seed : 0, requestDigest(req));
  const conv = readConversation(req);
  const hasSearch = hasTool(req.tools, "google_search");
  const parts = composeAnswer(conv, rng, { hasSearch, system: req.system_instruction, toolSentences: server?.sentences });
  const notes = [...(server?.notes ?? []), ...parts.notes];

  // Function calls (never on a turn that only carries function results).
  let calls: PlannedCall[] = [];
  if (conv.latestText) {
    calls = planFunctionCalls({ tools: req.tools, config: req.generation_config, input: conv.latestText, facts: parts.facts, topic: parts.topic, rng });
    if (calls.length) {
      for (let i = notes.length - 1; i >= 0; i--) if (/^Nothing to recall/.test(notes[i]!)) notes.splice(i, 1);
      for (const c of calls) notes.push(`Calling ${c.name} because ${c.reason}.`);
    }
  }

  // Simulated built-in tools the request declared.
  const builtins: ToolPair[] = [...(server?.pairs ?? [])];
  // Code execution runs in the same turn as function calls (as on the live service); search only
  // when the turn answers in text.
  if (conv.latestText) {
    if (hasTool(req.tools, "code_execution")) {
      const arith = parts.arithmetic ?? findArithmetic(conv.latestText, { lenient: true }) ?? undefined;
      if (arith) {
        builtins.push(codePair(arith, rng));
        if (!parts.arithmetic && !arith.error) {
          parts.computed = arith.value;
          parts.sentences.unshift(`${arith.expr} = ${formatNumber(arith.value)}.`);
        }
        notes.push(req.workspace ? `Running ${arith.expr} as Python in the local sandbox.` : `Running ${arith.expr} through simulated code execution.`);
      }
    }
    if (!calls.length && hasSearch && parts.unanswered.length) {
      for (const q of parts.unanswered.slice(0, 3)) builtins.push(searchPair(q.replace(/\?+$/, ""), rng));
      for (const q of parts.unanswered.slice(0, 3))
        parts.sentences.push(`The simulated Google Search for ${quote(q)} had no network access, so I can't answer it — I'm the local simulator, not a real model.`);
      notes.push("Searching (simulated, no network).");
    }
  }

  const format = readResponseFormat(req.response_format);
  const style = readStyle(req.system_instruction);
  if (parts.length) style.brief = false;
  let text: string | undefined;
  let json = false;
  if (!calls.length) {
    if (format.json) {
      json = true;
      const answer = parts.sentences.join(" ");
      const schema = format.json.schema ?? { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
      const { value } = generateValue(schema, { mode: "output", text: conv.latestText, facts: parts.facts, topic: parts.topic, answer, computed: parts.computed, rng });
      const check = validateValue(schema, value);
      if (!check.valid) notes.push(`Warning: the generated JSON does not validate (${check.errors.join("; ")}).`);
      text = JSON.stringify(value);
      notes.unshift("The answer must be JSON matching the response schema.");
    } else {
      let prose = parts.length ? applyLength(parts.sentences, parts.length, parts.topic, rng) : parts.sentences.join(" ");
      if (format.other.length) prose = `The simulator cannot produce ${format.other.join("/")} output, so it answers in text. ${prose}`;
      text = applyStyle(prose, style);
    }
  }
  const thought = thinkingPlan(req, conv, notes, parts.facts, rng);
  let stoppedAt: string | undefined;
  if (text !== undefined) {
    const cut = cutAtStopSequences(text, req.generation_config?.stop_sequences);
    text = cut.text;
    stoppedAt = cut.stoppedAt;
  }
  return { thought, builtins, calls, text, json, stoppedAt, rng };
}
