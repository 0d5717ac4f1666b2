// Wire types of the Interactions API, as loose structural types. The exact shapes are in
// ../shared/reference/interactions-api.md (from @google/genai 3.1.0); these stay open (index
// signatures) so that fields we do not model pass through untouched instead of being dropped.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface Content {
  type: string; // text | image | audio | document | video
  text?: string;
  data?: string;
  uri?: string;
  mime_type?: string;
  annotations?: Record<string, unknown>[];
  [k: string]: unknown;
}

export interface Step {
  type: string; // user_input | model_output | thought | function_call | function_result | ...
  content?: Content[];
  summary?: Content[];
  signature?: string;
  id?: string;
  call_id?: string;
  name?: string;
  arguments?: unknown;
  result?: unknown;
  is_error?: boolean;
  [k: string]: unknown;
}

export interface Usage {
  total_input_tokens?: number;
  total_output_tokens?: number;
  total_thought_tokens?: number;
  total_cached_tokens?: number;
  total_tool_use_tokens?: number;
  total_tokens?: number;
  [k: string]: unknown;
}

export type InteractionStatus =
  | "queued"
  | "in_progress"
  | "requires_action"
  | "requires_continuation"
  | "completed"
  | "failed"
  | "cancelled"
  | "incomplete"
  | "budget_exceeded";

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  "requires_action",
  "requires_continuation",
  "completed",
  "failed",
  "cancelled",
  "incomplete",
  "budget_exceeded",
]);

/** Statuses a new turn may chain from with previous_interaction_id. */
export const CHAINABLE_STATUSES: ReadonlySet<string> = new Set(["completed", "requires_action", "incomplete"]);

export interface Interaction {
  id: string;
  status: InteractionStatus | string;
  object?: string;
  model?: string;
  agent?: string;
  steps: Step[];
  previous_interaction_id?: string;
  usage?: Usage;
  created?: string;
  updated?: string;
  errors?: { code?: string; message?: string }[];
  [k: string]: unknown;
}

export interface StepDelta {
  type: string; // text | thought_summary | thought_signature | arguments_delta | text_annotation_delta | image | ...
  [k: string]: unknown;
}

/** One SSE event of an interaction stream (reference §7.2). */
export type InteractionEvent =
  | { event_type: "interaction.created"; event_id?: string; interaction: Partial<Interaction> }
  | {
      event_type: "interaction.status_update";
      event_id?: string;
      interaction_id?: string;
      status: string;
      usage?: Usage;
      continuation_token?: string;
    }
  | { event_type: "step.start"; event_id?: string; index: number; step: Step }
  | { event_type: "step.delta"; event_id?: string; index: number; delta: StepDelta; metadata?: Record<string, unknown> }
  | { event_type: "step.stop"; event_id?: string; index: number; step_usage?: Usage; usage?: Usage }
  | { event_type: "interaction.completed"; event_id?: string; interaction: Partial<Interaction> }
  | { event_type: "error"; event_id?: string; error?: { code?: string; message?: string } };

export type InteractionEventType = InteractionEvent["event_type"];
