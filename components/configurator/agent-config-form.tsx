"use client";
// The form for one agent_config (the SDK's DeepResearchAgentConfig / AntigravityAgentConfig /
// DynamicAgentConfig): typed fields, a JSON editor (Monaco, lazy) for dynamic, and the exact wire
// object or the error under it. Used by the session's agent settings and by the agent builder.
import { useId } from "react";
import JsonEditor from "@/components/editor/json-editor";
import { Field, inputClass } from "@/components/ui/field";
import { Toggle } from "@/components/ui/toggle";
import { cn } from "@/components/ui/cn";
import { JsonBlock } from "@/components/session/markdown";
import { agentConfigOf, THINKING_SUMMARIES, VISUALIZATIONS, type AgentConfigDraft, type AgentConfigType } from "@/lib/client/configurator/agents";

const TYPE_LABELS: Record<AgentConfigType, string> = { "deep-research": "deep-research", antigravity: "antigravity", dynamic: "dynamic (free JSON)" };

export function AgentConfigForm({
  value,
  onChange,
  allowed,
  agentId,
  label,
  modelId,
}: {
  value: AgentConfigDraft;
  onChange: (patch: Partial<AgentConfigDraft>) => void;
  /** The types the agent runs. */
  allowed: AgentConfigType[];
  agentId?: string;
  /** Prefix of the controls' names ("Session" / "Builder"), so two forms on a page stay distinct. */
  label: string;
  modelId: string;
}) {
  const ids = { type: useId(), ts: useId(), vis: useId(), model: useId(), max: useId() };
  const wire = agentConfigOf(value, agentId);
  return (
    <div className="space-y-2">
      <Toggle label={`${label} agent_config`} hint="Sent with agent turns; a custom agent's saved fields are overridden field by field." checked={value.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} />
      {value.enabled ? (
        <div className="space-y-2 rounded-lg border border-line bg-raised p-2.5">
          <Field label={`${label} agent_config type`} htmlFor={ids.type}>
            <select id={ids.type} value={value.type} onChange={(e) => onChange({ type: e.target.value as AgentConfigType })} className={inputClass}>
              {(["deep-research", "antigravity", "dynamic"] as const).map((t) => (
                <option key={t} value={t} disabled={!allowed.includes(t)}>
                  {TYPE_LABELS[t]}
                  {allowed.includes(t) ? "" : " (not for this agent)"}
                </option>
              ))}
            </select>
          </Field>
          {value.type === "deep-research" ? (
            <div className="grid gap-2 sm:grid-cols-3">
              <Toggle
                label="Collaborative planning"
                hint="The agent proposes a plan and waits for your confirmation."
                checked={value.deepResearch.collaborativePlanning}
                onChange={(e) => onChange({ deepResearch: { ...value.deepResearch, collaborativePlanning: e.target.checked } })}
              />
              <Field label="Thinking summaries" htmlFor={ids.ts}>
                <select
                  id={ids.ts}
                  value={value.deepResearch.thinkingSummaries}
                  onChange={(e) => onChange({ deepResearch: { ...value.deepResearch, thinkingSummaries: e.target.value as AgentConfigDraft["deepResearch"]["thinkingSummaries"] } })}
                  className={inputClass}
                >
                  {THINKING_SUMMARIES.map((t) => (
                    <option key={t} value={t}>
                      {t || "default"}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Visualization" htmlFor={ids.vis}>
                <select
                  id={ids.vis}
                  value={value.deepResearch.visualization}
                  onChange={(e) => onChange({ deepResearch: { ...value.deepResearch, visualization: e.target.value as AgentConfigDraft["deepResearch"]["visualization"] } })}
                  className={inputClass}
                >
                  {VISUALIZATIONS.map((t) => (
                    <option key={t} value={t}>
                      {t || "default"}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          ) : value.type === "antigravity" ? (
            <div className="grid gap-2 sm:grid-cols-2">
              <Field label="Reasoning model" htmlFor={ids.model} hint="Blank: the agent's default.">
                <input id={ids.model} value={value.antigravity.model} spellCheck={false} placeholder="gemini-3.5-pro" onChange={(e) => onChange({ antigravity: { ...value.antigravity, model: e.target.value } })} className={cn(inputClass, "font-mono")} />
              </Field>
              <Field label="Max total tokens" htmlFor={ids.max} hint="An int64: sent as a string.">
                <input id={ids.max} inputMode="numeric" value={value.antigravity.maxTotalTokens} placeholder="e.g. 200000" onChange={(e) => onChange({ antigravity: { ...value.antigravity, maxTotalTokens: e.target.value } })} className={cn(inputClass, "font-mono")} />
              </Field>
            </div>
          ) : (
            <div className="overflow-hidden rounded-lg border border-line">
              <JsonEditor value={value.dynamicJson} onChange={(v) => onChange({ dynamicJson: v })} ariaLabel={`${label} dynamic agent_config JSON`} height={120} path={`${modelId}.agent-config.json`} />
            </div>
          )}
          {wire.ok ? (
            wire.value ? (
              <div aria-label={`${label} agent_config sent`}>
                <JsonBlock value={wire.value} />
              </div>
            ) : null
          ) : (
            <p role="alert" className="text-xs text-err">
              {wire.error}
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}
