"use client";
// The agent catalog of the chosen backend (its built-ins and custom agents from GET /agents,
// through the proxy), "Use" to run the session on one (agent mode with that id), the
// agent_config the session's agent turns send, and edit / delete of custom agents.
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { builderDraftOf, builderLosses, configTypesFor } from "@/lib/client/configurator/agents";
import { useAgentBuilder } from "@/lib/client/configurator/agent-builder-store";
import { useConfigurator } from "@/lib/client/configurator/store";
import { useAgents, useDeleteAgent, type AgentResource } from "@/lib/client/managed-api";
import { defaultTarget, knownIds, useBackends } from "@/lib/client/queries";
import { useSettings } from "@/lib/client/settings-store";
import type { BackendId } from "@/lib/contract/backend-id";
import { AgentConfigForm } from "./agent-config-form";
import { ConfigSection } from "./section";

export interface CatalogEntry {
  id: string;
  description?: string;
  custom: boolean;
  baseAgent?: string;
  resource?: AgentResource;
}

/** GET /agents (built-ins first, then custom ones carrying base_agent) plus the built-ins /api/backends names. */
export function useAgentCatalog(backend: BackendId) {
  const agents = useAgents(backend);
  const backends = useBackends();
  const known = knownIds(backends.data, backend, "agent");
  const entries = useMemo(() => {
    const out = new Map<string, CatalogEntry>();
    for (const a of agents.data ?? []) {
      const custom = typeof a.base_agent === "string";
      out.set(a.id, { id: a.id, description: a.description, custom, ...(custom ? { baseAgent: a.base_agent, resource: a } : {}) });
    }
    for (const k of known) if (!out.has(k.id)) out.set(k.id, { id: k.id, description: k.label, custom: false });
    return [...out.values()];
  }, [agents.data, known]);
  return { entries, query: agents, fallback: defaultTarget(backends.data, backend, "agent") };
}

export function AgentsSection() {
  const run = useSettings(useShallow((s) => ({ backend: s.backend, targetKind: s.targetKind, agent: s.agent, set: s.set })));
  const { entries, query, fallback } = useAgentCatalog(run.backend);
  const agentConfig = useConfigurator((s) => s.agentConfig);
  const setAgentConfig = useConfigurator((s) => s.setAgentConfig);
  const remove = useDeleteAgent(run.backend);
  const loadBuilder = useAgentBuilder((s) => s.load);
  const current = run.targetKind === "agent" ? run.agent.trim() || fallback : "";
  const currentEntry = entries.find((e) => e.id === current);
  const allowed = configTypesFor(currentEntry?.baseAgent ?? current);

  const edit = (a: AgentResource) => {
    loadBuilder(builderDraftOf(a), a);
    document.getElementById("cfg-agent-builder")?.scrollIntoView({ block: "start" });
  };

  return (
    <ConfigSection title="Agent" id="cfg-agents" aside={<span className="text-xs text-faint">agents on the {run.backend} backend</span>}>
      <p className="text-xs text-muted">
        {current ? (
          <>
            The session runs agent <span className="font-mono text-fg">{current}</span>.
          </>
        ) : (
          <>The session runs a model; choose an agent below to switch it to agent mode.</>
        )}
      </p>
      {query.isError ? (
        <p role="alert" className="text-xs text-err">
          Could not list agents: {(query.error as Error).message}
        </p>
      ) : null}
      <ul aria-label="Agent catalog" className="divide-y divide-line rounded-lg border border-line">
        {query.isPending && !entries.length ? <li className="p-2.5 text-xs text-faint">Loading agents…</li> : null}
        {entries.map((e) => (
          <li key={e.id} aria-label={e.id} className="flex flex-wrap items-center gap-2 p-2.5">
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-1.5">
                <span className="truncate font-mono text-xs text-fg">{e.id}</span>
                {e.custom ? <Badge tone="accent">custom</Badge> : <Badge>built-in</Badge>}
                {e.id === current ? <Badge tone="info">in use</Badge> : null}
              </div>
              <p className="truncate text-xs text-faint">
                {e.custom ? `on ${e.baseAgent}` : null}
                {e.custom && e.description ? " · " : null}
                {e.description}
              </p>
            </div>
            <Button size="sm" variant={e.id === current ? "ghost" : "secondary"} disabled={e.id === current} aria-label={`Use ${e.id}`} onClick={() => run.set({ targetKind: "agent", agent: e.id })}>
              Use
            </Button>
            {e.resource ? (
              <>
                <Button size="sm" variant="ghost" aria-label={`Edit ${e.id}`} title={builderLosses(e.resource).join("; ") || "Load into the builder (saving deletes and re-creates it)"} onClick={() => edit(e.resource!)}>
                  <PencilIcon size={13} />
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Delete ${e.id}`}
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Delete agent ${e.id}? Interactions that ran on it stay.`)) remove.mutate(e.id);
                  }}
                >
                  <TrashIcon size={13} />
                </Button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {remove.isError ? (
        <p role="alert" className="text-xs text-err">
          Could not delete: {(remove.error as Error).message}
        </p>
      ) : null}
      <AgentConfigForm value={agentConfig} onChange={setAgentConfig} allowed={allowed} agentId={currentEntry?.baseAgent ?? (current || undefined)} label="Session" modelId="session" />
    </ConfigSection>
  );
}
