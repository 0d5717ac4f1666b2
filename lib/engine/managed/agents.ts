// Custom agents (`POST /{v}/agents`): a saved system instruction, tools, agent_config and base
// environment on top of a built-in agent. The merge rule when an interaction names one
// (docs/engine.md, "Custom agents"):
//   system_instruction  the agent's first, then the request's after a blank line
//   tools               the agent's, then the request's
//   agent_config        the agent's fields, overridden field by field by the request's
//   environment         the request's if it names one; a chained turn's parent's; else base_environment
//   loop                base_agent's (deep-research-*, antigravity-*, local-sim-agent)
import { z } from "zod";
import { ApiError } from "@/lib/interactions/errors";
import { toolSchema } from "@/lib/contract/request-rules";
import { randomBase62 } from "../ids";
import { inlineEnvironmentSchema } from "./environments";
import { configTypesFor } from "@/lib/interactions/agent-config";

export { configTypesFor };
import type { AgentRow, ManagedStore } from "./store";

export const DEFAULT_BASE_AGENT = "local-sim-agent";

const AGENT_TOOL_TYPES = new Set(["code_execution", "function", "google_search", "mcp_server", "url_context"]);

export const createAgentSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, "agent ids are 1–63 characters: lower-case letters, digits and '-', starting with a letter")
    .optional(),
  base_agent: z.string().min(1).optional(),
  description: z.string().max(10_000).optional(),
  system_instruction: z.string().max(100_000).optional(),
  tools: z.array(toolSchema).max(128).optional(),
  agent_config: z.looseObject({ type: z.string() }).optional(),
  base_environment: z.union([z.string().min(1), inlineEnvironmentSchema]).optional(),
});
export type CreateAgentBody = z.infer<typeof createAgentSchema>;

export interface CustomAgent extends CreateAgentBody {
  id: string;
  base_agent: string;
  created: string;
}

export function checkAgentConfig(baseAgent: string, config: { type?: unknown } | undefined, where: string): void {
  if (!config) return;
  const allowed: string[] = configTypesFor(baseAgent);
  if (typeof config.type !== "string" || !allowed.includes(config.type))
    throw new ApiError(
      "invalid_request",
      `Invalid value at '${where}.type': '${String(config.type)}' does not fit agent '${baseAgent}'; expected ${allowed.map((t) => `'${t}'`).join(" or ")}.`,
    );
}

export interface AgentsOptions {
  store: ManagedStore;
  now: () => Date;
  /** True for the ids the engine runs itself (built-in agents); custom ids may not shadow them. */
  isBuiltIn: (id: string) => boolean;
}

export class Agents {
  constructor(private readonly opts: AgentsOptions) {}

  create(body: CreateAgentBody): CustomAgent {
    const base = body.base_agent ?? DEFAULT_BASE_AGENT;
    if (!this.opts.isBuiltIn(base))
      throw new ApiError("invalid_request", `Invalid value at 'base_agent': '${base}' is not an agent the local engine runs (deep-research-*, antigravity-*, local-sim-agent).`);
    for (const [i, t] of (body.tools ?? []).entries())
      if (!AGENT_TOOL_TYPES.has(t.type)) throw new ApiError("invalid_request", `Invalid value at 'tools[${i}].type': agents take ${[...AGENT_TOOL_TYPES].join(", ")} tools, not '${t.type}'.`);
    checkAgentConfig(base, body.agent_config, "agent_config");
    const id = body.id ?? `agent-${randomBase62(12).toLowerCase()}`;
    if (this.opts.isBuiltIn(id)) throw new ApiError("invalid_request", `Agent id '${id}' is a built-in agent; choose another id.`);
    if (this.opts.store.getAgent(id)) throw new ApiError("invalid_request", `Agent '${id}' already exists; delete it first or choose another id.`);
    const now = this.opts.now();
    const agent: CustomAgent = { ...body, id, base_agent: base, created: now.toISOString() };
    const row: AgentRow = { id, json: JSON.stringify(agent), created_ms: now.getTime() };
    this.opts.store.insertAgent(row);
    return agent;
  }

  find(id: string): CustomAgent | undefined {
    const row = this.opts.store.getAgent(id);
    return row ? (JSON.parse(row.json) as CustomAgent) : undefined;
  }

  get(id: string): CustomAgent {
    const a = this.find(id);
    if (!a) throw new ApiError("not_found", `Agent '${id}' was not found.`);
    return a;
  }

  delete(id: string): void {
    if (!this.opts.store.deleteAgent(id)) throw new ApiError("not_found", `Agent '${id}' was not found.`);
  }

  list(after: [number, string], limit: number): { rows: CustomAgent[]; last?: [number, string] } {
    const rows = this.opts.store.listAgents(after, limit);
    const last = rows[rows.length - 1];
    return { rows: rows.map((r) => JSON.parse(r.json) as CustomAgent), last: last ? [last.created_ms, last.id] : undefined };
  }
}

export interface AgentRunSettings {
  system_instruction?: string;
  tools?: unknown[];
  agent_config?: Record<string, unknown>;
  environment?: unknown;
}

/** The merge rule (see the header). `req` holds the interaction's own fields. */
export function mergeAgent(agent: CustomAgent, req: AgentRunSettings): AgentRunSettings & { base_agent: string } {
  const si = [agent.system_instruction, req.system_instruction].filter((s): s is string => typeof s === "string" && s.trim() !== "");
  const tools = [...(agent.tools ?? []), ...(req.tools ?? [])];
  const config = agent.agent_config || req.agent_config ? { ...(agent.agent_config ?? {}), ...(req.agent_config ?? {}) } : undefined;
  return {
    base_agent: agent.base_agent,
    ...(si.length ? { system_instruction: si.join("\n\n") } : {}),
    ...(tools.length ? { tools } : {}),
    ...(config ? { agent_config: config } : {}),
    ...(req.environment !== undefined ? { environment: req.environment } : agent.base_environment !== undefined ? { environment: agent.base_environment } : {}),
  };
}
