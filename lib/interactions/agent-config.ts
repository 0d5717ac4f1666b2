// Which `agent_config` types an agent id runs, shared by the engine (which refuses a mismatch with
// 400) and the configurator (which offers only the forms that fit). The SDK's types:
// DeepResearchAgentConfig, AntigravityAgentConfig, DynamicAgentConfig (genai.d.ts).

export const AGENT_CONFIG_TYPES = ["deep-research", "antigravity", "dynamic"] as const;
export type AgentConfigType = (typeof AGENT_CONFIG_TYPES)[number];

/** The agent_config types each built-in family runs; `dynamic` is open-ended and fits every loop. */
export function configTypesFor(baseAgent: string): AgentConfigType[] {
  if (/^deep-research-/.test(baseAgent)) return ["deep-research", "dynamic"];
  if (/^antigravity-/.test(baseAgent)) return ["antigravity", "dynamic"];
  return ["deep-research", "antigravity", "dynamic"];
}
