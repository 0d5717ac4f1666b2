// The model-adapter contract: given the conversation so far and this turn's settings, yield the
// generated steps as wire-shaped step events and return how the turn ended. The engine adds
// event ids, interaction.created / status_update / completed, stores every event and folds them.
import type { Content, Step, StepDelta, Usage } from "@/lib/interactions/types";

export interface FunctionTool {
  type: "function";
  name?: string;
  description?: string;
  parameters?: Record<string, unknown>;
}
export type Tool = FunctionTool | { type: string; [k: string]: unknown };

export interface GenerationConfig {
  max_output_tokens?: number;
  seed?: number;
  stop_sequences?: string[];
  thinking_level?: "minimal" | "low" | "medium" | "high";
  thinking_summaries?: "auto" | "none";
  tool_choice?: "auto" | "any" | "none" | "validated" | { allowed_tools?: { mode?: string; tools?: string[] } };
  [k: string]: unknown;
}

export interface ModelRequest {
  /** Model id (e.g. "gemini-3.5-flash", "local-sim") or, for agents, the agent id. */
  model: string;
  kind: "model" | "agent";
  /** Every earlier turn's steps in order (user_input, model_output, thought, function_call, function_result, ...). */
  history: Step[];
  /** This turn's input, normalised to steps (user_input and/or function_result steps). */
  input: Step[];
  system_instruction?: string;
  tools?: Tool[];
  generation_config?: GenerationConfig;
  response_format?: unknown;
  agent_config?: Record<string, unknown>;
  /** Milliseconds between streamed chunks; 0 = as fast as possible. */
  paceMs: number;
  /** Where code runs for real (agent runs; model runs with code_execution). */
  workspace?: RunWorkspace;
}

/** Step events without event ids; `index` counts this turn's generated steps from 0. */
export type ModelEvent =
  | { event_type: "step.start"; index: number; step: Step }
  | { event_type: "step.delta"; index: number; delta: StepDelta }
  | { event_type: "step.stop"; index: number };

/**
 * What a run yields: one event, or a batch of events that were ready at once (the runner appends
 * a batch in order, exactly as if its events had been yielded one by one). A streaming adapter
 * that produces many events without waiting (the simulator at pace 0) yields batches, so the run
 * costs one promise per batch instead of a few per event.
 */
export type ModelYield = ModelEvent | readonly ModelEvent[];

export interface ModelResult {
  status: "completed" | "requires_action" | "incomplete" | "failed";
  usage: Usage;
  error?: { code: string; message: string };
}

export interface ModelAdapter {
  /** Returns true when this adapter serves the given model id. */
  accepts(model: string): boolean;
  /**
   * True when the same request always yields the same events (the simulator, the simulated agent
   * loop): a run cut off by a crash can then be replayed from its stored events after a restart.
   * Adapters over external model servers leave it unset; their unfinished runs end `failed`.
   */
  deterministic?: boolean;
  /** Yields step events (singly or in batches); returns the outcome. Must stop promptly (and throw/return) when `signal` aborts. */
  run(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelYield, ModelResult, void>;
}

export type { Content, Step, StepDelta, Usage };

/** A finished code run in the sandbox, as the code_execution_result reports it. */
export interface CodeRun {
  /** stdout, then stderr, then a line naming a non-zero exit or the limit that was hit. */
  output: string;
  isError: boolean;
  exitCode: number | null;
  limitHit: string | null;
  durationMs: number;
}

/**
 * The workspace a run's code executes in (lib/engine/managed): an environment's for agent runs,
 * an ephemeral one for model runs with code_execution. Absent: no code runs at all.
 */
export interface RunWorkspace {
  /** The environment's id; undefined for an ephemeral workspace. */
  environmentId?: string;
  /** Run code in the sandbox with /workspace as its working directory. Never throws for the code's own failures. */
  run(language: "python" | "bash", code: string, signal: AbortSignal): Promise<CodeRun>;
  /** Regular files in the workspace now (`workspace/…` paths). */
  files(): { path: string; size_bytes: number }[];
  /** The bytes of one regular file (`workspace/…` path), or null when absent, not a file or over maxBytes. For file_search. */
  read?(path: string, maxBytes: number): Uint8Array | null;
}
