// Agents in the configurator: the agent_config form's draft → the wire `agent_config` (the SDK's
// DeepResearchAgentConfig / AntigravityAgentConfig / DynamicAgentConfig), and the custom-agent
// builder's draft ↔ the `POST /agents` body (and back, for "edit" = delete and re-create, since the
// API has no update). Pure: unit-tested without a browser.
import { AGENT_CONFIG_TYPES, configTypesFor, type AgentConfigType } from "@/lib/interactions/agent-config";
import { REDACTED_HEADER_VALUE } from "@/lib/interactions/tool-secrets";
import type { ParseResult } from "@/lib/client/turn-model";

export { AGENT_CONFIG_TYPES, configTypesFor, type AgentConfigType };

export const THINKING_SUMMARIES = ["", "auto", "none"] as const;
export const VISUALIZATIONS = ["", "auto", "off"] as const;

export interface AgentConfigDraft {
  /** Send `agent_config` with agent turns. */
  enabled: boolean;
  type: AgentConfigType;
  deepResearch: {
    collaborativePlanning: boolean;
    thinkingSummaries: (typeof THINKING_SUMMARIES)[number];
    visualization: (typeof VISUALIZATIONS)[number];
  };
  /** max_total_tokens is an int64: typed text, sent as a decimal string. */
  antigravity: { model: string; maxTotalTokens: string };
  /** A JSON object; `type: "dynamic"` is added (or must already say so). */
  dynamicJson: string;
}

export const DEFAULT_AGENT_CONFIG: AgentConfigDraft = {
  enabled: false,
  type: "deep-research",
  deepResearch: { collaborativePlanning: false, thinkingSummaries: "", visualization: "" },
  antigravity: { model: "", maxTotalTokens: "" },
  dynamicJson: "{}",
};

const INT64_MAX = BigInt("9223372036854775807");

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** A whole number 1…2^63−1 as the API's int64 string form ("250000"), or an error. */
export function int64String(label: string, text: string): ParseResult<string | undefined> {
  const t = text.trim().replace(/[_,\s]/g, "");
  if (!t) return { ok: true, value: undefined };
  if (!/^\d+$/.test(t)) return { ok: false, error: `${label} must be a whole number` };
  const n = BigInt(t);
  if (n < BigInt(1) || n > INT64_MAX) return { ok: false, error: `${label} must be between 1 and ${INT64_MAX} (an int64)` };
  return { ok: true, value: n.toString() };
}

/**
 * The wire agent_config of the draft, or undefined when it is off. `agentId`, when known, is
 * checked against the types that agent runs (the engine's rule; the live service refuses a
 * mismatch too), so a bad pairing shows before send.
 */
export function agentConfigOf(d: AgentConfigDraft, agentId?: string): ParseResult<Record<string, unknown> | undefined> {
  if (!d.enabled) return { ok: true, value: undefined };
  if (agentId) {
    const allowed = configTypesFor(agentId);
    if (!allowed.includes(d.type)) return { ok: false, error: `agent_config type '${d.type}' does not fit agent '${agentId}'; it takes ${allowed.map((t) => `'${t}'`).join(" or ")}` };
  }
  if (d.type === "deep-research") {
    const out: Record<string, unknown> = { type: "deep-research" };
    if (d.deepResearch.collaborativePlanning) out.collaborative_planning = true;
    if (d.deepResearch.thinkingSummaries) out.thinking_summaries = d.deepResearch.thinkingSummaries;
    if (d.deepResearch.visualization) out.visualization = d.deepResearch.visualization;
    return { ok: true, value: out };
  }
  if (d.type === "antigravity") {
    const out: Record<string, unknown> = { type: "antigravity" };
    if (d.antigravity.model.trim()) out.model = d.antigravity.model.trim();
    const max = int64String("max_total_tokens", d.antigravity.maxTotalTokens);
    if (!max.ok) return max;
    if (max.value !== undefined) out.max_total_tokens = max.value;
    return { ok: true, value: out };
  }
  let parsed: unknown;
  try {
    parsed = d.dynamicJson.trim() ? JSON.parse(d.dynamicJson) : {};
  } catch (e) {
    return { ok: false, error: `Dynamic agent_config is not valid JSON: ${(e as Error).message}` };
  }
  if (!isPlainObject(parsed)) return { ok: false, error: "Dynamic agent_config must be a JSON object" };
  if (parsed.type !== undefined && parsed.type !== "dynamic") return { ok: false, error: `Dynamic agent_config has type '${String(parsed.type)}'; leave it out or write "dynamic"` };
  return { ok: true, value: { ...parsed, type: "dynamic" } };
}

/** The draft a wire agent_config reads back as (a custom agent's saved config, for editing). */
export function agentConfigDraftOf(config: unknown): AgentConfigDraft {
  const d = structuredClone(DEFAULT_AGENT_CONFIG);
  if (!isPlainObject(config)) return d;
  d.enabled = true;
  if (config.type === "deep-research") {
    d.type = "deep-research";
    d.deepResearch.collaborativePlanning = config.collaborative_planning === true;
    if (config.thinking_summaries === "auto" || config.thinking_summaries === "none") d.deepResearch.thinkingSummaries = config.thinking_summaries;
    if (config.visualization === "auto" || config.visualization === "off") d.deepResearch.visualization = config.visualization;
  } else if (config.type === "antigravity") {
    d.type = "antigravity";
    d.antigravity.model = typeof config.model === "string" ? config.model : "";
    d.antigravity.maxTotalTokens = typeof config.max_total_tokens === "string" || typeof config.max_total_tokens === "number" ? String(config.max_total_tokens) : "";
  } else {
    d.type = "dynamic";
    const { type: _type, ...rest } = config;
    void _type;
    d.dynamicJson = JSON.stringify(rest, null, 2);
  }
  return d;
}

// ---- the custom-agent builder ----------------------------------------------------------------

export const AGENT_ID_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const BUILDER_TOOL_TYPES = ["code_execution", "google_search", "url_context"] as const;
export type BuilderToolType = (typeof BUILDER_TOOL_TYPES)[number];

export interface BuilderFile {
  /** Stable React key. */
  key: string;
  /** Path in the workspace: `AGENTS.md`, `skills/review/SKILL.md`. */
  target: string;
  /** Text as typed, or base64 for an uploaded binary file. */
  content: string;
  encoding?: "base64";
}

export interface AgentBuilderDraft {
  /** Empty: the service picks one (`agent-…`). */
  id: string;
  baseAgent: string;
  description: string;
  systemInstruction: string;
  tools: Record<BuilderToolType, boolean>;
  /** More tools (function, mcp_server) as a JSON array; empty = none. */
  extraToolsJson: string;
  files: BuilderFile[];
  /** Domains the agent's code may reach, one per line; empty = no network. */
  allowlist: string;
  agentConfig: AgentConfigDraft;
}

export const DEFAULT_BUILDER: AgentBuilderDraft = {
  id: "",
  baseAgent: "local-sim-agent",
  description: "",
  systemInstruction: "",
  tools: { code_execution: false, google_search: false, url_context: false },
  extraToolsJson: "",
  files: [],
  allowlist: "",
  agentConfig: DEFAULT_AGENT_CONFIG,
};

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);
const cleanTarget = (t: string) => t.trim().replace(/^\/?workspace\//, "");

/** The `POST /agents` body the builder's draft makes. */
export function builderToCreateBody(d: AgentBuilderDraft): ParseResult<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  const id = d.id.trim();
  if (id) {
    if (!AGENT_ID_PATTERN.test(id)) return { ok: false, error: "Agent id: 1–63 characters, lower-case letters, digits and '-', starting with a letter" };
    body.id = id;
  }
  if (!d.baseAgent.trim()) return { ok: false, error: "Choose a base agent" };
  body.base_agent = d.baseAgent.trim();
  if (d.description.trim()) body.description = d.description.trim();
  if (d.systemInstruction.trim()) body.system_instruction = d.systemInstruction;

  const tools: Record<string, unknown>[] = BUILDER_TOOL_TYPES.filter((t) => d.tools[t]).map((type) => ({ type }));
  if (d.extraToolsJson.trim()) {
    let extra: unknown;
    try {
      extra = JSON.parse(d.extraToolsJson);
    } catch (e) {
      return { ok: false, error: `More tools is not valid JSON: ${(e as Error).message}` };
    }
    if (!Array.isArray(extra) || !extra.every((t) => isPlainObject(t) && typeof t.type === "string"))
      return { ok: false, error: "More tools must be a JSON array of tool objects, each with a \"type\"" };
    for (const t of extra as Record<string, unknown>[]) {
      if (isPlainObject(t.headers) && Object.values(t.headers).includes(REDACTED_HEADER_VALUE))
        return { ok: false, error: `MCP server '${String(t.name ?? t.url ?? "")}': header values come back as ${REDACTED_HEADER_VALUE}; type the real values again before saving` };
    }
    tools.push(...(extra as Record<string, unknown>[]));
  }
  if (tools.length) body.tools = tools;

  const cfg = agentConfigOf(d.agentConfig, body.base_agent as string);
  if (!cfg.ok) return cfg;
  if (cfg.value) body.agent_config = cfg.value;

  const seen = new Set<string>();
  const sources: Record<string, unknown>[] = [];
  for (const f of d.files) {
    const target = cleanTarget(f.target);
    if (!target) return { ok: false, error: "Every environment file needs a path (e.g. AGENTS.md)" };
    if (target.split("/").some((s) => s === ".." || s === "")) return { ok: false, error: `File path '${f.target}': no '..' or empty segments` };
    if (seen.has(target)) return { ok: false, error: `Two files have the path '${target}'` };
    seen.add(target);
    sources.push({ type: "inline", target, content: f.content, ...(f.encoding ? { encoding: f.encoding } : {}) });
  }
  const domains = [...new Set(lines(d.allowlist).map((l) => l.toLowerCase()))];
  if (sources.length || domains.length) {
    body.base_environment = {
      type: "remote",
      ...(sources.length ? { sources } : {}),
      ...(domains.length ? { network: { allowlist: domains.map((domain) => ({ domain })) } } : {}),
    };
  }
  return { ok: true, value: body };
}

let fileKey = 0;
export const newFileKey = () => `f${Date.now().toString(36)}${(fileKey++).toString(36)}`;

/** A saved agent (GET /agents) as a builder draft, to edit and re-create. */
export function builderDraftOf(agent: Record<string, unknown>): AgentBuilderDraft {
  const d = structuredClone(DEFAULT_BUILDER);
  d.id = typeof agent.id === "string" ? agent.id : "";
  d.baseAgent = typeof agent.base_agent === "string" ? agent.base_agent : d.baseAgent;
  d.description = typeof agent.description === "string" ? agent.description : "";
  d.systemInstruction = typeof agent.system_instruction === "string" ? agent.system_instruction : "";
  const extra: unknown[] = [];
  for (const t of Array.isArray(agent.tools) ? agent.tools : []) {
    const type = isPlainObject(t) ? t.type : undefined;
    if ((BUILDER_TOOL_TYPES as readonly unknown[]).includes(type) && Object.keys(t as object).length === 1) d.tools[type as BuilderToolType] = true;
    else extra.push(t);
  }
  d.extraToolsJson = extra.length ? JSON.stringify(extra, null, 2) : "";
  if (agent.agent_config !== undefined) d.agentConfig = agentConfigDraftOf(agent.agent_config);
  const env = agent.base_environment;
  if (isPlainObject(env)) {
    for (const s of Array.isArray(env.sources) ? env.sources : []) {
      if (!isPlainObject(s) || typeof s.content !== "string") continue;
      d.files.push({ key: newFileKey(), target: typeof s.target === "string" ? s.target : "", content: s.content, ...(s.encoding === "base64" ? { encoding: "base64" as const } : {}) });
    }
    const net = env.network;
    if (isPlainObject(net) && Array.isArray(net.allowlist)) d.allowlist = net.allowlist.map((e) => (isPlainObject(e) ? String(e.domain ?? "") : "")).filter(Boolean).join("\n");
  }
  return d;
}

/** What the builder cannot carry over from a saved agent (said next to "Edit"). */
export function builderLosses(agent: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof agent.base_environment === "string") out.push(`its base environment is an existing environment (${agent.base_environment}), which the builder does not re-attach`);
  const env = agent.base_environment;
  if (isPlainObject(env) && Array.isArray(env.sources) && env.sources.some((s) => !isPlainObject(s) || typeof s.content !== "string"))
    out.push("non-inline environment sources are dropped");
  if (isPlainObject(env) && env.env !== undefined) out.push("environment variables are dropped");
  return out;
}

/** Base64 of bytes (an uploaded file for an inline source). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
