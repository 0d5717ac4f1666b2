"use client";
// Run settings: how the next turn is sent. Persisted in localStorage (zustand); known backends,
// models and agents come from GET /api/backends (react-query).
import { useId, useState } from "react";
import JsonEditor from "@/components/editor/json-editor";
import { BACKEND_IDS, type BackendId } from "@/lib/contract/backend-id";
import { defaultTarget, isSimulated, knownIds, useBackends, useEngineFaults, useHealth } from "@/lib/client/queries";
import { useSettings } from "@/lib/client/settings-store";
import { DROP_AFTER_MAX, FAULT_PRESETS_LABEL, parseDropAfter, parseFaultPresets, parseTools, type ThinkingLevel, type ThinkingSummaries } from "@/lib/client/turn-model";
import { useUi } from "@/lib/client/ui-store";
import { SimulatorBadge } from "@/components/ui/badge";
import { Button, IconButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, inputClass } from "@/components/ui/field";
import { XIcon } from "@/components/ui/icons";
import { Toggle } from "@/components/ui/toggle";
import { ConfiguratorSummary } from "@/components/configurator/configurator-summary";
import { ApiKeyField } from "./api-key-field";
import { OpenAIServerField } from "./openai-server-field";
import { VertexField } from "./vertex-field";
import { EngineFaults } from "./engine-faults";
import { FaultsOnBadge } from "./faults-badge";

const BACKEND_LABELS: Record<BackendId, string> = { local: "Local engine", gemini: "Gemini API", openai: "OpenAI-compatible", vertex: "Vertex AI" };
import { HealthDot } from "./health-dot";

const TOOL_EXAMPLES: { label: string; tool: Record<string, unknown> }[] = [
  {
    label: "Function",
    tool: {
      type: "function",
      name: "get_weather",
      description: "Get the current weather for a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
        required: ["city"],
      },
    },
  },
  { label: "Code execution", tool: { type: "code_execution" } },
  { label: "Google Search", tool: { type: "google_search" } },
  { label: "URL context", tool: { type: "url_context" } },
];

function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="space-y-3 border-b border-line px-4 py-4 last:border-b-0">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-[11px] font-semibold tracking-wider text-muted uppercase">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** Testing (local engine only), collapsible (open at first); "Faults on" beside its title while any fault is on. */
function TestingSection({ children }: { children: React.ReactNode }) {
  const s = useSettings();
  const faults = useEngineFaults();
  const anyOn = !!faults.data?.active.length || !!s.dropAfterEvents.trim() || !!s.faultPresets.trim();
  const [open, setOpen] = useState<boolean | null>(null);
  const expanded = open ?? true;
  const bodyId = useId();
  return (
    <section className="space-y-3 border-b border-line px-4 py-4">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-[11px] font-semibold tracking-wider text-muted uppercase">
          <button type="button" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setOpen(!expanded)} className="inline-flex items-center gap-1 uppercase hover:text-fg">
            <span aria-hidden="true" className={cn("inline-block transition-transform", expanded && "rotate-90")}>
              ›
            </span>
            Testing
          </button>
        </h3>
        {anyOn ? <FaultsOnBadge /> : null}
      </div>
      <div id={bodyId} hidden={!expanded} className="space-y-3">
        {children}
      </div>
    </section>
  );
}

export function RunSettingsPanel() {
  const s = useSettings();
  const backends = useBackends();
  const closeNarrow = useUi((u) => u.closeNarrow);
  const ids = {
    backend: useId(),
    target: useId(),
    list: useId(),
    system: useId(),
    level: useId(),
    summaries: useId(),
    max: useId(),
    stops: useId(),
    seed: useId(),
    drop: useId(),
    faults: useId(),
  };
  const kind = s.targetKind;
  const known = knownIds(backends.data, s.backend, kind);
  const fallback = defaultTarget(backends.data, s.backend, kind);
  const value = kind === "agent" ? s.agent : s.model;
  const effective = value.trim() || fallback;
  const upstreamEngine = useHealth(s.backend).data?.engine === true;
  const simulated = isSimulated(backends.data, s.backend, effective, upstreamEngine);
  const tools = parseTools(s.toolsJson);
  const dropAfter = parseDropAfter(s.dropAfterEvents);
  const faultPresets = parseFaultPresets(s.faultPresets);
  const backendInfo = backends.data?.backends.find((b) => b.id === s.backend);

  function addTool(tool: Record<string, unknown>) {
    const cur = parseTools(s.toolsJson);
    const list = cur.ok ? cur.value : [];
    s.set({ toolsJson: JSON.stringify([...list, tool], null, 2) });
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-line px-4 py-3">
        <h2 className="text-sm font-semibold">Run settings</h2>
        <Button size="sm" variant="ghost" className="ml-auto" onClick={() => s.reset()} title="Restore the default run settings">
          Reset
        </Button>
        <IconButton size="sm" aria-label="Close run settings" className="lg:hidden" onClick={() => closeNarrow("settings")}>
          <XIcon size={14} />
        </IconButton>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <Section title="Backend">
          <Field
            label="Backend"
            htmlFor={ids.backend}
            aside={<HealthDot backend={s.backend} withText />}
            hint={
              backendInfo && !backendInfo.configured
                ? s.backend === "openai"
                  ? "Not configured: set the server's base URL below."
                  : s.backend === "vertex"
                    ? "Not configured: set a Vertex project (and a credential) below."
                    : "Not configured: add a Gemini API key below."
                : s.backend === "local"
                  ? "The embedded engine, in-process. No key, no network."
                  : s.backend === "openai"
                    ? "The embedded engine over your OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio …)."
                    : s.backend === "vertex"
                      ? "Google's Interactions API on Vertex AI through the playground's proxy, which sends the token."
                      : "Google's Interactions API through the playground's proxy."
            }
          >
            <select
              id={ids.backend}
              value={s.backend}
              onChange={(e) => s.setBackend(e.target.value as BackendId)}
              className={inputClass}
            >
              {BACKEND_IDS.map((b) => {
                const info = backends.data?.backends.find((x) => x.id === b);
                return (
                  <option key={b} value={b}>
                    {info?.label ?? BACKEND_LABELS[b]}
                    {info && !info.configured ? " (not configured)" : ""}
                  </option>
                );
              })}
            </select>
          </Field>

          <div role="radiogroup" aria-label="Run a model or an agent" className="grid grid-cols-2 gap-1 rounded-lg bg-sunken p-1">
            {(["model", "agent"] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="radio"
                aria-checked={kind === k}
                onClick={() => s.set({ targetKind: k })}
                className={cn(
                  "rounded-md py-1 text-xs font-medium capitalize transition-colors",
                  kind === k ? "bg-raised text-fg shadow-card" : "text-muted hover:text-fg",
                )}
              >
                {k}
              </button>
            ))}
          </div>

          <Field
            label={kind === "agent" ? "Agent" : "Model"}
            htmlFor={ids.target}
            aside={simulated ? <SimulatorBadge /> : null}
            hint={
              simulated
                ? "The embedded engine's deterministic simulator — no key needed."
                : value.trim()
                  ? "Any id the backend accepts; pick a known one or type your own."
                  : `Blank uses ${fallback || "the backend default"}.`
            }
          >
            <input
              id={ids.target}
              list={ids.list}
              value={value}
              placeholder={fallback || (kind === "agent" ? "agent id" : "model id")}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => s.set(kind === "agent" ? { agent: e.target.value } : { model: e.target.value })}
              className={cn(inputClass, "font-mono")}
            />
            <datalist id={ids.list}>
              {known.map((m) => (
                <option key={m.id} value={m.id}>
                  {s.backend === "local" ? m.label : m.label.replace(/\s*\(simulated\)$/, "")}
                </option>
              ))}
            </datalist>
          </Field>
        </Section>

        <Section title="Instructions">
          <Field label="System instruction" htmlFor={ids.system} hint="Re-sent with every turn (not inherited through previous_interaction_id).">
            <textarea
              id={ids.system}
              rows={3}
              value={s.systemInstruction}
              placeholder="You are a helpful assistant."
              onChange={(e) => s.set({ systemInstruction: e.target.value })}
              className={cn(inputClass, "resize-y")}
            />
          </Field>
        </Section>

        <Section title="Generation config">
          {kind === "agent" ? <p className="text-xs text-faint">Agents take no generation_config; these apply to model runs.</p> : null}
          <div className="grid grid-cols-2 gap-3">
            <Field label="Thinking level" htmlFor={ids.level}>
              <select
                id={ids.level}
                value={s.thinkingLevel}
                onChange={(e) => s.set({ thinkingLevel: e.target.value as ThinkingLevel })}
                className={inputClass}
              >
                <option value="">default</option>
                <option value="minimal">minimal</option>
                <option value="low">low</option>
                <option value="medium">medium</option>
                <option value="high">high</option>
              </select>
            </Field>
            <Field label="Thinking summaries" htmlFor={ids.summaries}>
              <select
                id={ids.summaries}
                value={s.thinkingSummaries}
                onChange={(e) => s.set({ thinkingSummaries: e.target.value as ThinkingSummaries })}
                className={inputClass}
              >
                <option value="">default</option>
                <option value="auto">auto</option>
                <option value="none">none</option>
              </select>
            </Field>
            <Field label="Max output tokens" htmlFor={ids.max}>
              <input
                id={ids.max}
                inputMode="numeric"
                value={s.maxOutputTokens}
                placeholder="default"
                onChange={(e) => s.set({ maxOutputTokens: e.target.value })}
                className={inputClass}
              />
            </Field>
            <Field label="Seed" htmlFor={ids.seed}>
              <input
                id={ids.seed}
                inputMode="numeric"
                value={s.seed}
                placeholder="random"
                onChange={(e) => s.set({ seed: e.target.value })}
                className={inputClass}
              />
            </Field>
          </div>
          <Field label="Stop sequences" htmlFor={ids.stops} hint="One per line.">
            <textarea
              id={ids.stops}
              rows={2}
              value={s.stopSequences}
              onChange={(e) => s.set({ stopSequences: e.target.value })}
              className={cn(inputClass, "resize-y font-mono")}
            />
          </Field>
        </Section>

        <Section title="Request">
          <div className="space-y-3">
            <Toggle
              label="Store"
              hint={s.store ? "Turns chain with previous_interaction_id." : "Not stored: each turn re-sends the whole transcript."}
              checked={s.store}
              onChange={(e) => s.set({ store: e.target.checked })}
            />
            <Toggle
              label="Stream"
              hint="Server-sent events, rendered as they arrive."
              checked={s.stream}
              onChange={(e) => s.set({ stream: e.target.checked })}
            />
            <Toggle
              label="Background"
              hint={s.stream ? "Create returns at once; the pane attaches to the run's stream." : "Create returns at once; the pane polls until it ends."}
              checked={s.background}
              onChange={(e) => s.set({ background: e.target.checked })}
            />
            {s.background && !s.store ? (
              <p role="alert" className="text-xs text-err">
                Background runs need Store on.
              </p>
            ) : null}
          </div>
        </Section>

        {s.backend === "local" ? (
          <TestingSection>
            <Field
              label="Drop stream after N events"
              htmlFor={ids.drop}
              error={dropAfter.ok ? null : dropAfter.error}
              hint={
                <>
                  Engine only: cuts the stream like a dropped connection, to try Resume.
                  {s.dropAfterEvents.trim() && (!s.stream || s.background) ? " Applies to streamed turns (Stream on, Background off)." : null}
                </>
              }
            >
              <input
                id={ids.drop}
                type="number"
                inputMode="numeric"
                min={1}
                max={DROP_AFTER_MAX}
                step={1}
                value={s.dropAfterEvents}
                placeholder="off"
                aria-invalid={!dropAfter.ok}
                onChange={(e) => s.set({ dropAfterEvents: e.target.value })}
                className={inputClass}
              />
            </Field>
            <Field
              label={FAULT_PRESETS_LABEL}
              htmlFor={ids.faults}
              error={faultPresets.ok ? null : faultPresets.error}
              hint="Engine only: the live service's known failures on every create, e.g. early-404=5s, chain-501, content-filter, rate-limit=2, interleave-args, stuck (list in docs/engine.md)."
            >
              <input
                id={ids.faults}
                type="text"
                value={s.faultPresets}
                placeholder="off"
                spellCheck={false}
                aria-invalid={!faultPresets.ok}
                onChange={(e) => s.set({ faultPresets: e.target.value })}
                className={inputClass}
              />
            </Field>
            <EngineFaults />
          </TestingSection>
        ) : null}

        <Section title="Configurator">
          <ConfiguratorSummary />
        </Section>

        <Section title="Tools" aside={tools.ok && tools.value.length ? <span className="text-xs text-faint">{tools.value.length} tool{tools.value.length === 1 ? "" : "s"}</span> : null}>
          <div className="flex flex-wrap gap-1">
            {TOOL_EXAMPLES.map((t) => (
              <Button key={t.label} size="sm" variant="secondary" onClick={() => addTool(t.tool)} aria-label={`Add ${t.label} tool`}>
                + {t.label}
              </Button>
            ))}
          </div>
          <div className={cn("overflow-hidden rounded-lg border", tools.ok ? "border-line" : "border-err")}>
            <JsonEditor value={s.toolsJson} onChange={(v) => s.set({ toolsJson: v })} language="json" ariaLabel="Tools JSON" height={200} />
          </div>
          {tools.ok ? (
            <p className="text-xs text-faint">The `tools` array, re-sent with every turn.</p>
          ) : (
            <p role="alert" className="text-xs text-err">
              {tools.error}
            </p>
          )}
        </Section>

        <Section title="Gemini API key">
          <ApiKeyField />
        </Section>

        <Section title="OpenAI-compatible server">
          <OpenAIServerField />
        </Section>

        <Section title="Vertex AI">
          <VertexField />
        </Section>
      </div>
    </div>
  );
}
