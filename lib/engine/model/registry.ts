// Which adapter serves a model or agent id. Models: gemini-* / gemma-* and "local-sim" run on the
// simulator; "openai:<model>" on the OpenAI-compatible backend when OPENAI_BASE_URL is set.
// Agents: the built-in ids (deep-research-*, antigravity-*) and "local-sim-agent" run the agent
// loop on the simulator. Anything else resolves to null and the engine refuses it.
import { createAgentAdapter, isSimulatedAgent, SIMULATED_AGENT_RES, SIMULATOR_AGENT_ID } from "@/lib/engine/agents/agent-loop";
import { checkSchemaSupported } from "@/lib/engine/simulator/schema";
import { createSimulatorAdapter, isSimulatedModel, SIMULATED_MODEL_RE, SIMULATOR_MODEL_ID } from "@/lib/engine/simulator/simulator";
import { createOpenAIAdapter, OPENAI_PREFIX } from "./openai";
import type { ModelAdapter } from "./types";
import type { IdPattern, KnownId } from "@/lib/contract/app-api";

export { checkSchemaSupported };

/**
 * Which ids beyond the listed ones run on the simulator, as the catalog reports them (the same
 * expressions resolveAdapter uses), so the browser labels exactly those ids "Simulator".
 */
export function simulatedIdPatterns(): { models: IdPattern[]; agents: IdPattern[] } {
  const p = (re: RegExp): IdPattern => ({ source: re.source, flags: re.flags });
  return { models: [p(SIMULATED_MODEL_RE)], agents: SIMULATED_AGENT_RES.map(p) };
}

export type { KnownId };

export const DEFAULT_PACE_MS = 15;
const MAX_PACE_MS = 10_000;

/** Milliseconds between streamed chunks: env SIM_PACE_MS (default 15; 0 = as fast as possible). */
export function defaultPaceMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SIM_PACE_MS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_PACE_MS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) return DEFAULT_PACE_MS;
  return Math.min(MAX_PACE_MS, Math.floor(n));
}

export const KNOWN_MODELS: readonly KnownId[] = [
  { id: SIMULATOR_MODEL_ID, label: "Local simulator", simulated: true },
  { id: "gemini-3.5-flash", label: "Gemini 3.5 Flash (simulated)", simulated: true },
  { id: "gemini-3.5-flash-lite", label: "Gemini 3.5 Flash-Lite (simulated)", simulated: true },
  { id: "gemini-3-flash-preview", label: "Gemini 3 Flash Preview (simulated)", simulated: true },
  { id: "gemini-3.1-pro-preview", label: "Gemini 3.1 Pro Preview (simulated)", simulated: true },
  { id: "gemini-3.1-flash-lite", label: "Gemini 3.1 Flash-Lite (simulated)", simulated: true },
  { id: "gemini-2.5-flash", label: "Gemini 2.5 Flash (simulated)", simulated: true },
  { id: "gemini-2.5-pro", label: "Gemini 2.5 Pro (simulated)", simulated: true },
  { id: "gemini-flash-latest", label: "Gemini Flash latest (simulated)", simulated: true },
  { id: "gemma-4-31b-it", label: "Gemma 4 31B IT (simulated)", simulated: true },
];

export const KNOWN_AGENTS: readonly KnownId[] = [
  { id: SIMULATOR_AGENT_ID, label: "Local simulated agent", simulated: true },
  { id: "deep-research-preview-04-2026", label: "Deep Research Preview 04-2026 (simulated)", simulated: true },
  { id: "deep-research-max-preview-04-2026", label: "Deep Research Max Preview 04-2026 (simulated)", simulated: true },
  { id: "deep-research-pro-preview-12-2025", label: "Deep Research Pro Preview 12-2025 (simulated)", simulated: true },
  { id: "antigravity-preview-09-2026", label: "Antigravity Preview 09-2026 (simulated)", simulated: true },
  { id: "antigravity-preview-05-2026", label: "Antigravity Preview 05-2026 (simulated)", simulated: true },
];

/**
 * KNOWN_MODELS plus the OpenAI-compatible models named in OPENAI_MODELS (comma-separated) when
 * OPENAI_BASE_URL is set — for a model picker that shows what this process can actually run.
 */
export function listKnownModels(env: Record<string, string | undefined> = process.env): KnownId[] {
  const out = [...KNOWN_MODELS];
  if (env.OPENAI_BASE_URL) {
    for (const m of (env.OPENAI_MODELS ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
      out.push({ id: `${OPENAI_PREFIX}${m}`, label: `${m} (OpenAI-compatible)`, simulated: false });
    }
  }
  return out;
}

let simulator: ModelAdapter | undefined;
let agents: ModelAdapter | undefined;
let openai: { key: string; adapter: ModelAdapter } | undefined;

export function resolveAdapter(id: string, kind: "model" | "agent", env: Record<string, string | undefined> = process.env): ModelAdapter | null {
  if (typeof id !== "string" || !id) return null;
  if (kind === "agent") {
    if (!isSimulatedAgent(id)) return null;
    return (agents ??= createAgentAdapter());
  }
  if (isSimulatedModel(id)) return (simulator ??= createSimulatorAdapter());
  if (id.startsWith(OPENAI_PREFIX) && id.length > OPENAI_PREFIX.length) {
    const baseUrl = env.OPENAI_BASE_URL?.trim();
    if (!baseUrl) return null;
    const key = `${baseUrl}\u0000${env.OPENAI_API_KEY ?? ""}`;
    if (!openai || openai.key !== key) openai = { key, adapter: createOpenAIAdapter({ baseUrl, apiKey: env.OPENAI_API_KEY || undefined }) };
    return openai.adapter;
  }
  return null;
}
