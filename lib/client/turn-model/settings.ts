// Run settings: the form's state (`RunSettings`), its defaults, and the fields of a create request
// derived from it (tools, generation_config, the engine's fault-switch header). Pure.
import type { BackendId } from "@/lib/contract/app-api";

export type TargetKind = "model" | "agent";
export type ThinkingLevel = "" | "minimal" | "low" | "medium" | "high";
export type ThinkingSummaries = "" | "auto" | "none";

export interface RunSettings {
  backend: BackendId;
  targetKind: TargetKind;
  model: string;
  agent: string;
  systemInstruction: string;
  thinkingLevel: ThinkingLevel;
  thinkingSummaries: ThinkingSummaries;
  /** Kept as typed text so a half-typed number is not lost; validated when a request is built. */
  maxOutputTokens: string;
  /** One stop sequence per line. */
  stopSequences: string;
  seed: string;
  store: boolean;
  stream: boolean;
  background: boolean;
  /** The `tools` array as JSON text (edited in Monaco). */
  toolsJson: string;
  /**
   * Testing, local engine only: cut each streamed create after this many events (the engine's
   * `x-engine-fault: drop-after=N`), to try Resume. Typed text; empty = off.
   */
  dropAfterEvents: string;
  /**
   * Testing, local engine only: more fault presets for every create (`x-engine-fault`, e.g.
   * `early-404=5s,chain-501`; docs/engine.md "Fault presets"). Empty = off.
   */
  faultPresets: string;
}

export const DEFAULT_SETTINGS: RunSettings = {
  backend: "local",
  targetKind: "model",
  model: "",
  agent: "",
  systemInstruction: "",
  thinkingLevel: "",
  thinkingSummaries: "",
  maxOutputTokens: "",
  stopSequences: "",
  seed: "",
  store: true,
  stream: true,
  background: false,
  toolsJson: "[]",
  dropAfterEvents: "",
  faultPresets: "",
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The Tools box: empty means no tools; otherwise it must be a JSON array of objects with a `type`. */
export function parseTools(json: string): ParseResult<Record<string, unknown>[]> {
  const text = json.trim();
  if (!text) return { ok: true, value: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Tools JSON does not parse: ${(e as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: "Tools JSON must be an array, e.g. [{\"type\": \"google_search\"}]" };
  for (const [i, t] of parsed.entries()) {
    if (!t || typeof t !== "object" || Array.isArray(t)) return { ok: false, error: `tools[${i}] must be an object` };
    if (typeof (t as { type?: unknown }).type !== "string") return { ok: false, error: `tools[${i}] needs a string "type"` };
  }
  return { ok: true, value: parsed as Record<string, unknown>[] };
}

function parseIntField(label: string, text: string, min: number): ParseResult<number | undefined> {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  if (!/^-?\d+$/.test(t)) return { ok: false, error: `${label} must be a whole number` };
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < min) return { ok: false, error: `${label} must be a whole number ≥ ${min}` };
  return { ok: true, value: n };
}

/** generation_config from the settings, with only the fields the user set (undefined when none). */
export function buildGenerationConfig(s: RunSettings): ParseResult<Record<string, unknown> | undefined> {
  const cfg: Record<string, unknown> = {};
  if (s.thinkingLevel) cfg.thinking_level = s.thinkingLevel;
  if (s.thinkingSummaries) cfg.thinking_summaries = s.thinkingSummaries;
  const max = parseIntField("Max output tokens", s.maxOutputTokens, 1);
  if (!max.ok) return max;
  if (max.value !== undefined) cfg.max_output_tokens = max.value;
  const seed = parseIntField("Seed", s.seed, -2147483648);
  if (!seed.ok) return seed;
  if (seed.value !== undefined) cfg.seed = seed.value;
  const stops = s.stopSequences
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.length > 0);
  if (stops.length) cfg.stop_sequences = stops;
  return { ok: true, value: Object.keys(cfg).length ? cfg : undefined };
}

// ---------------------------------------------------------------------------------------------
// Fault injection (the embedded engine's fault switch, docs/engine.md "Fault switch")

export const ENGINE_FAULT_HEADER = "x-engine-fault";
export const DROP_AFTER_MAX = 100_000;
export const DROP_AFTER_LABEL = "Drop stream after N events";

/** The "Drop stream after N events" box: empty = off, else a whole number from 1 to DROP_AFTER_MAX. */
export function parseDropAfter(text: string): ParseResult<number | undefined> {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > DROP_AFTER_MAX) {
    return { ok: false, error: `${DROP_AFTER_LABEL} must be a whole number from 1 to ${DROP_AFTER_MAX} (or empty for off)` };
  }
  return { ok: true, value: n };
}

/**
 * Extra headers for the next create request (never for a resume or an attach): the fault switch,
 * only when it can apply — the local engine (Google's service must never see it) and a streamed
 * create (stream on, background off). A malformed value only blocks a send it would apply to.
 */
export function createHeaders(s: Pick<RunSettings, "backend" | "stream" | "background" | "dropAfterEvents"> & Partial<Pick<RunSettings, "faultPresets">>): ParseResult<Record<string, string>> {
  if (s.backend !== "local") return { ok: true, value: {} };
  const parts: string[] = [];
  if (s.stream && !s.background) {
    const n = parseDropAfter(s.dropAfterEvents);
    if (!n.ok) return n;
    if (n.value !== undefined) parts.push(`drop-after=${n.value}`);
  }
  const presets = parseFaultPresets(s.faultPresets ?? "");
  if (!presets.ok) return presets;
  if (presets.value) parts.push(presets.value);
  return { ok: true, value: parts.length ? { [ENGINE_FAULT_HEADER]: parts.join(",") } : {} };
}

export const FAULT_PRESETS_LABEL = "Fault presets";

/** The "Fault presets" box: a comma-separated list of `name` / `name=value` items (the engine checks the names). */
export function parseFaultPresets(text: string): ParseResult<string> {
  const t = text.trim().replace(/\s*,\s*/g, ",");
  if (!t) return { ok: true, value: "" };
  if (!/^[a-z0-9-]+(?:=[a-z0-9.]+)?(?:,[a-z0-9-]+(?:=[a-z0-9.]+)?)*$/i.test(t)) {
    return { ok: false, error: `${FAULT_PRESETS_LABEL} must be a comma-separated list such as early-404=5s,chain-501` };
  }
  return { ok: true, value: t };
}
