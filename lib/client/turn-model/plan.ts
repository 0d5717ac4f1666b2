// The next create request, given the run settings and the turns so far: chain with
// previous_interaction_id, or replay the transcript when store is off. Pure.
import type { Step } from "@/lib/interactions/types";
import { buildGenerationConfig, createHeaders, DROP_AFTER_LABEL, ENGINE_FAULT_HEADER, parseTools, type ParseResult, type RunSettings } from "./settings";
import { isChainable, type CreateBody, type TurnView } from "./view";

/** Where a forked session starts: the interaction it chains from and the transcript up to it. */
export interface ForkBase {
  fromSessionId: string;
  fromInteractionId: string;
  fromTurn: number;
  /** Backend the base interaction lives on (an id only chains on its own backend). */
  backend: string;
  /** The base interaction was stored (chainable by id). */
  stored: boolean;
  /** Replayable steps up to and including the base turn (used when store is off). */
  steps: Step[];
}

const REPLAYABLE: ReadonlySet<string> = new Set(["user_input", "model_output", "function_call", "function_result"]);

/**
 * The steps of a turn that a stateless (store:false) request replays: its input, its outputs and
 * calls; thought steps only as their signature (thinking models reject a replayed call whose
 * signature is missing — reference §12 E15), never their summaries.
 */
export function replayableSteps(turn: Pick<TurnView, "inputSteps" | "steps">): Step[] {
  const out: Step[] = [];
  for (const s of [...turn.inputSteps, ...turn.steps]) {
    if (s.type === "thought") {
      if (typeof s.signature === "string" && s.signature) out.push({ type: "thought", signature: s.signature });
      continue;
    }
    if (!REPLAYABLE.has(s.type)) continue;
    switch (s.type) {
      case "model_output":
        if (s.content?.length) out.push({ type: "model_output", content: s.content });
        break;
      case "function_call": {
        const call: Step = { type: "function_call", id: s.id ?? "", name: s.name ?? "", arguments: s.arguments ?? {} };
        if (typeof s.signature === "string") call.signature = s.signature;
        out.push(call);
        break;
      }
      default:
        out.push(structuredClone(s));
    }
  }
  return out;
}

export type RequestMode = "fresh" | "chain" | "transcript";

export interface PlannedRequest {
  body: CreateBody;
  mode: RequestMode;
  /** Shown to the user when the request is not a plain chain (e.g. transcript replay, fault switch on). */
  note: string | null;
  /** Extra headers for the create call only (the engine's fault switch); absent when none. */
  headers?: Record<string, string>;
}

/** What the next turn is planned from: everything but its new input. */
export interface PlanContext {
  settings: RunSettings;
  /** The model or agent id to send (the settings' value or the backend's default). */
  target: string;
  history: TurnView[];
  fork?: ForkBase | null;
}

export interface PlanInput extends PlanContext {
  /** This turn's new input steps. */
  input: Step[];
}

/**
 * The next turn planned once, before its input is known: the request without `input`, and the
 * earlier steps to put in front of the input (transcript replay). The session pane computes it once
 * per change of settings or history, shows its note and mode as the preview, and a send reuses it
 * through `requestFor` — so what the preview says is exactly what is sent.
 */
export interface TurnPlan {
  /** The create body without `input`. */
  body: CreateBody;
  mode: RequestMode;
  /** Earlier steps re-sent before the new input (mode "transcript"); empty otherwise. */
  prior: Step[];
  note: string | null;
  headers?: Record<string, string>;
}

export function planTurn(p: PlanContext): ParseResult<TurnPlan> {
  const { settings: s } = p;
  const target = p.target.trim();
  if (!target) return { ok: false, error: s.targetKind === "agent" ? "Choose an agent first" : "Choose a model first" };
  if (s.background && !s.store) return { ok: false, error: "Background runs need Store on (the API keeps background results only when stored)" };
  const tools = parseTools(s.toolsJson);
  if (!tools.ok) return tools;
  const gen = buildGenerationConfig(s);
  if (!gen.ok) return gen;
  const headers = createHeaders(s);
  if (!headers.ok) return headers;

  const body: CreateBody = {};
  if (s.targetKind === "agent") body.agent = target;
  else body.model = target;

  const chainable = p.history.filter(isChainable);
  const last = chainable[chainable.length - 1];
  let mode: RequestMode = "fresh";
  let note: string | null = null;
  let prior: Step[] = [];

  // An interaction id only means something to the backend that made it.
  const base = last
    ? { id: last.interactionId, stored: last.store, backend: last.backend }
    : p.fork
      ? { id: p.fork.fromInteractionId, stored: p.fork.stored, backend: p.fork.backend }
      : null;
  if (s.store && base?.id && base.stored && base.backend === s.backend) {
    mode = "chain";
    body.previous_interaction_id = base.id;
  } else {
    prior = [...(p.fork?.steps ?? []), ...chainable.flatMap(replayableSteps)];
    if (prior.length) {
      mode = "transcript";
      const why = !s.store
        ? "Store is off"
        : base && base.backend !== s.backend
          ? `The previous turn ran on the ${base.backend} backend`
          : "The previous turn was not stored";
      note = `${why}: the next turn re-sends the whole transcript (${prior.length} earlier steps) as steps instead of previous_interaction_id.`;
    }
  }

  // Not inherited through previous_interaction_id (reference §12 E8): send them on every turn.
  if (s.systemInstruction.trim()) body.system_instruction = s.systemInstruction;
  if (tools.value.length) body.tools = tools.value;
  if (gen.value && s.targetKind === "model") body.generation_config = gen.value;
  body.store = s.store;
  if (s.background) body.background = true;
  else if (s.stream) body.stream = true;
  const fault = headers.value[ENGINE_FAULT_HEADER];
  if (!fault) return { ok: true, value: { body, mode, prior, note } };
  const faultNote = /^drop-after=\d+$/.test(fault)
    ? `Testing: the stream will be cut after ${Number(s.dropAfterEvents.trim())} events (${DROP_AFTER_LABEL}).`
    : `Testing: sent with x-engine-fault: ${fault}.`;
  return { ok: true, value: { body, mode, prior, note: note ? `${faultNote} ${note}` : faultNote, headers: headers.value } };
}

/** The create request of a planned turn for this new input (the plan itself is not changed). */
export function requestFor(plan: TurnPlan, input: Step[]): ParseResult<PlannedRequest> {
  if (!input.length) return { ok: false, error: "Nothing to send" };
  const { body: planned, mode, prior, note, headers } = plan;
  // Keys in the order a request reads: target, chain, input, then the config.
  const { model, agent, previous_interaction_id, ...config } = planned;
  const body: CreateBody = agent !== undefined ? { agent } : { model };
  if (previous_interaction_id !== undefined) body.previous_interaction_id = previous_interaction_id;
  body.input = [...prior, ...input];
  Object.assign(body, config);
  return { ok: true, value: headers ? { body, mode, note, headers } : { body, mode, note } };
}

/** Plan and build in one step (tests, scripts): `requestFor(planTurn(p), p.input)`. */
export function planNextRequest(p: PlanInput): ParseResult<PlannedRequest> {
  if (!p.input.length && p.target.trim()) return { ok: false, error: "Nothing to send" };
  const plan = planTurn(p);
  return plan.ok ? requestFor(plan.value, p.input) : plan;
}
