// The one fold: Interaction events in, Interaction out. Used by the engine (to build the stored
// object from the events it appended), by the proxy's recorder and by the session pane, so a
// streamed turn and a fetched turn can never disagree. Pure: `applyEvent` never mutates its input.
//
// `index` in step events counts the steps generated in this turn from 0 (the stream carries no
// user_input steps); callers that hold a stored GET (user_input steps in front) pass those in
// `inputSteps` and read `toInteraction(state)`.
import type { Content, Interaction, InteractionEvent, Step, StepDelta, Usage } from "./types";
import { TERMINAL_STATUSES } from "./types";

export interface FoldState {
  interaction: Interaction;
  /** Generated steps, by stream index (may have holes if a resume began mid-stream). */
  steps: (Step | undefined)[];
  /** Raw `arguments_delta` text per function_call index, until it parses. */
  partialArgs: Record<number, string>;
  /** Indices whose step.start we never saw (a resume that began mid-step). */
  orphans: number[];
  /** Indices started but not yet stopped. */
  open: number[];
  lastEventId?: string;
  eventCount: number;
  /** True once interaction.completed or an error event arrived. */
  terminal: boolean;
  error?: { code?: string; message?: string };
}

export function emptyFold(init?: Partial<Interaction>): FoldState {
  return {
    interaction: { id: "", status: "in_progress", ...init, steps: [] },
    steps: [],
    partialArgs: {},
    orphans: [],
    open: [],
    eventCount: 0,
    terminal: false,
  };
}

/** Rebuild a fold from a stored interaction whose `steps` are the generated steps only. */
export function foldFromInteraction(interaction: Interaction): FoldState {
  const s = emptyFold(interaction);
  s.steps = interaction.steps.map((st) => structuredClone(st));
  s.terminal = TERMINAL_STATUSES.has(interaction.status);
  return s;
}

const MEDIA = new Set(["image", "audio", "document", "video"]);

function orphanStepFor(delta: StepDelta): Step {
  switch (delta.type) {
    case "text":
    case "text_annotation_delta":
    case "image":
    case "audio":
    case "document":
    case "video":
      return { type: "model_output", content: [] };
    case "thought_summary":
    case "thought_signature":
      return { type: "thought", summary: [] };
    case "arguments_delta":
      return { type: "function_call", id: "", name: "", arguments: {} };
    default:
      // Tool deltas are named after their step type (code_execution_result, google_search_call, ...).
      return { type: delta.type };
  }
}

function applyDelta(step: Step, delta: StepDelta, index: number, state: FoldState): Step {
  const next: Step = { ...step };
  switch (delta.type) {
    case "text": {
      const content = [...(next.content ?? [])];
      const last = content[content.length - 1];
      const text = typeof delta.text === "string" ? delta.text : "";
      if (last && last.type === "text") content[content.length - 1] = { ...last, text: (last.text ?? "") + text };
      else content.push({ type: "text", text });
      next.content = content;
      break;
    }
    case "text_annotation_delta": {
      const content = [...(next.content ?? [])];
      let i = content.length - 1;
      while (i >= 0 && content[i]?.type !== "text") i--;
      const add = Array.isArray(delta.annotations) ? (delta.annotations as Record<string, unknown>[]) : [];
      if (i < 0) content.push({ type: "text", text: "", annotations: add });
      else {
        const item = content[i] as Content;
        content[i] = { ...item, annotations: [...(item.annotations ?? []), ...add] };
      }
      next.content = content;
      break;
    }
    case "thought_summary": {
      const add = delta.content as Content | undefined;
      if (!add) break;
      const summary = [...(next.summary ?? [])];
      const last = summary[summary.length - 1];
      if (add.type === "text" && last && last.type === "text") summary[summary.length - 1] = { ...last, text: (last.text ?? "") + (add.text ?? "") };
      else summary.push({ ...add });
      next.summary = summary;
      break;
    }
    case "thought_signature":
      if (typeof delta.signature === "string") next.signature = delta.signature;
      break;
    case "arguments_delta": {
      const buf = (state.partialArgs[index] ?? "") + (typeof delta.arguments === "string" ? delta.arguments : "");
      state.partialArgs = { ...state.partialArgs, [index]: buf };
      try {
        next.arguments = JSON.parse(buf);
      } catch {
        /* incomplete JSON: keep the last parsed value until more fragments arrive */
      }
      break;
    }
    default: {
      if (MEDIA.has(delta.type)) {
        next.content = [...(next.content ?? []), { ...delta } as Content];
        break;
      }
      // Tool call/result deltas carry whole values: copy them onto the step.
      for (const [k, v] of Object.entries(delta)) if (k !== "type") next[k] = v;
    }
  }
  return next;
}

function mergeInteraction(cur: Interaction, patch: Partial<Interaction>): Interaction {
  const merged: Interaction = { ...cur };
  for (const [k, v] of Object.entries(patch)) if (k !== "steps" && v !== undefined) merged[k] = v;
  return merged;
}

/** Apply one event. Unknown event types are counted and otherwise ignored. */
export function applyEvent(prev: FoldState, event: InteractionEvent | { event_type: string; [k: string]: unknown }): FoldState {
  const state: FoldState = { ...prev, eventCount: prev.eventCount + 1 };
  const eventId = (event as { event_id?: unknown }).event_id;
  if (typeof eventId === "string" && eventId) state.lastEventId = eventId;
  const ev = event as InteractionEvent;
  switch (ev.event_type) {
    case "interaction.created": {
      state.interaction = mergeInteraction(state.interaction, ev.interaction ?? {});
      const steps = ev.interaction?.steps;
      if (Array.isArray(steps) && steps.length && state.steps.length === 0) state.steps = steps.map((s) => structuredClone(s));
      break;
    }
    case "interaction.status_update": {
      const patch: Partial<Interaction> = { status: ev.status };
      if (ev.usage) patch.usage = ev.usage;
      if (ev.continuation_token) patch.continuation_token = ev.continuation_token;
      if (ev.interaction_id && !state.interaction.id) patch.id = ev.interaction_id;
      state.interaction = mergeInteraction(state.interaction, patch);
      break;
    }
    case "step.start": {
      const steps = [...state.steps];
      const step = structuredClone(ev.step ?? { type: "unknown" });
      if (step.type === "function_call" && step.arguments === undefined) step.arguments = {};
      steps[ev.index] = step;
      state.steps = steps;
      state.open = [...state.open.filter((i) => i !== ev.index), ev.index];
      break;
    }
    case "step.delta": {
      if (!ev.delta || typeof ev.index !== "number") break;
      const steps = [...state.steps];
      let cur = steps[ev.index];
      if (!cur) {
        cur = orphanStepFor(ev.delta);
        state.orphans = [...state.orphans, ev.index];
      }
      steps[ev.index] = applyDelta(cur, ev.delta, ev.index, state);
      state.steps = steps;
      break;
    }
    case "step.stop": {
      state.open = state.open.filter((i) => i !== ev.index);
      if (!state.steps[ev.index] && typeof ev.index === "number") {
        const steps = [...state.steps];
        steps[ev.index] = { type: "unknown" };
        state.steps = steps;
        state.orphans = [...state.orphans, ev.index];
      }
      break;
    }
    case "interaction.completed": {
      state.interaction = mergeInteraction(state.interaction, ev.interaction ?? {});
      const steps = ev.interaction?.steps;
      if (Array.isArray(steps) && steps.length && state.steps.every((s) => !s)) state.steps = steps.map((s) => structuredClone(s));
      state.terminal = true;
      state.open = [];
      break;
    }
    case "error": {
      state.error = ev.error ?? { message: "unknown error" };
      state.interaction = mergeInteraction(state.interaction, {
        status: "failed",
        errors: [...(state.interaction.errors ?? []), { ...(ev.error ?? {}) }],
      });
      state.terminal = true;
      state.open = [];
      break;
    }
    default:
      break;
  }
  return state;
}

export function foldEvents(events: Iterable<InteractionEvent | { event_type: string }>, init?: FoldState): FoldState {
  let s = init ?? emptyFold();
  for (const e of events) s = applyEvent(s, e);
  return s;
}

/**
 * A fold fed one event at a time, for long streams: a run of consecutive text deltas of the same
 * step is kept as a list of strings and applied as ONE delta (their concatenation) when the state
 * is read or another kind of event arrives. The result is exactly what `applyEvent` per event
 * gives (text deltas only ever append to the step's last text item, or start one; `eventCount`
 * and `lastEventId` are carried over), at one state copy per run instead of five objects per
 * delta. `eventId`: the event's id when it is not (yet) on the event object.
 */
export class FoldBuffer {
  private current: FoldState;
  private index = -1;
  private texts: string[] = [];
  private lastId: string | undefined;

  constructor(init: FoldState = emptyFold()) {
    this.current = init;
  }

  push(event: InteractionEvent | { event_type: string; [k: string]: unknown }, eventId?: string): void {
    const ev = event as InteractionEvent;
    const id = eventId ?? (ev as { event_id?: unknown }).event_id;
    if (ev.event_type === "step.delta" && typeof ev.index === "number" && ev.delta?.type === "text" && typeof ev.delta.text === "string") {
      if (this.texts.length && this.index !== ev.index) this.settle();
      this.index = ev.index;
      this.texts.push(ev.delta.text);
      if (typeof id === "string" && id) this.lastId = id;
      return;
    }
    this.settle();
    this.current = applyEvent(this.current, eventId === undefined ? ev : ({ ...ev, event_id: eventId } as InteractionEvent));
  }

  /** The fold of every event pushed so far. */
  get state(): FoldState {
    this.settle();
    return this.current;
  }

  /** Start over from another state (e.g. a stored fold). */
  set state(s: FoldState) {
    this.texts = [];
    this.lastId = undefined;
    this.current = s;
  }

  private settle(): void {
    const n = this.texts.length;
    if (n === 0) return;
    const text = n === 1 ? (this.texts[0] as string) : this.texts.join("");
    const merged = { event_type: "step.delta", index: this.index, delta: { type: "text", text }, ...(this.lastId ? { event_id: this.lastId } : {}) };
    this.texts = [];
    this.lastId = undefined;
    const next = applyEvent(this.current, merged as InteractionEvent);
    next.eventCount += n - 1; // applyEvent returns a fresh state object
    this.current = next;
  }
}

/** The Interaction a fold describes: generated steps only (holes dropped), as the create response has them. */
export function toInteraction(state: FoldState, inputSteps: Step[] = []): Interaction {
  const generated = state.steps.filter((s): s is Step => !!s);
  return { ...state.interaction, steps: [...inputSteps, ...generated] };
}

/** Usage sum helper shared by engine and UI (tokens/s etc.). */
export function outputTokens(u: Usage | undefined): number {
  return (u?.total_output_tokens ?? 0) + (u?.total_thought_tokens ?? 0);
}
