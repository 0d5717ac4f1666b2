"use client";
// The custom-agent builder: base agent, description, system instruction, tools, environment
// sources (inline files such as AGENTS.md and skill files, typed or uploaded), network allowlist
// and agent_config → POST /agents. Editing a saved agent deletes it and creates it again (the API
// has no update); if the new create is refused, the original is put back.
import { useEffect, useId, useState, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Toggle } from "@/components/ui/toggle";
import { cn } from "@/components/ui/cn";
import { JsonBlock } from "@/components/session/markdown";
import { agentConfigOf, BUILDER_TOOL_TYPES, builderToCreateBody, bytesToBase64, configTypesFor, type BuilderFile } from "@/lib/client/configurator/agents";
import { useAgentBuilder } from "@/lib/client/configurator/agent-builder-store";
import { managedApi, useCreateAgent, type AgentResource } from "@/lib/client/managed-api";
import { useSettings } from "@/lib/client/settings-store";
import { AgentConfigForm } from "./agent-config-form";
import { useAgentCatalog } from "./agents-section";
import { ConfigSection } from "./section";

// The names are the wire types, so they never collide with the Built-in tools toggles' names.
const TOOL_LABELS = { code_execution: "Code execution", google_search: "Google Search", url_context: "URL context" } as const;

/** Text files are kept as typed text; anything that is not valid UTF-8 goes inline as base64. */
async function fileToSource(file: File): Promise<Omit<BuilderFile, "key">> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (!text.includes("\u0000")) return { target: file.name, content: text };
  } catch {
    /* binary */
  }
  return { target: file.name, content: bytesToBase64(bytes), encoding: "base64" };
}

function FileRow({ file, n }: { file: BuilderFile; n: number }) {
  const setFile = useAgentBuilder((s) => s.setFile);
  const removeFile = useAgentBuilder((s) => s.removeFile);
  const ids = { path: useId(), content: useId() };
  const name = file.target.trim() || `file ${n}`;
  return (
    <div className="space-y-1.5 rounded-lg border border-line bg-raised p-2.5" role="group" aria-label={`Environment file ${name}`}>
      <div className="flex items-end gap-2">
        <Field label={`File ${n} path`} htmlFor={ids.path} className="flex-1">
          <input id={ids.path} value={file.target} placeholder="AGENTS.md" spellCheck={false} onChange={(e) => setFile(file.key, { target: e.target.value })} className={cn(inputClass, "font-mono")} />
        </Field>
        <Button size="sm" variant="ghost" aria-label={`Remove file ${name}`} onClick={() => removeFile(file.key)}>
          <TrashIcon size={13} />
        </Button>
      </div>
      {file.encoding === "base64" ? (
        <p className="text-xs text-faint">Binary upload, sent inline as base64 ({Math.floor((file.content.length * 3) / 4)} bytes).</p>
      ) : (
        <Field label={`File ${n} content`} htmlFor={ids.content}>
          <textarea id={ids.content} rows={4} value={file.content} spellCheck={false} onChange={(e) => setFile(file.key, { content: e.target.value })} className={cn(inputClass, "resize-y font-mono text-xs")} />
        </Field>
      )}
    </div>
  );
}

export function AgentBuilder() {
  const { draft, editing, set, addFile, reset } = useAgentBuilder();
  const backend = useSettings((s) => s.backend);
  const setRun = useSettings((s) => s.set);
  const { entries } = useAgentCatalog(backend);
  const create = useCreateAgent(backend);
  const [status, setStatus] = useState<{ ok: boolean; text: string; id?: string } | null>(null);
  const ids = { id: useId(), base: useId(), desc: useId(), si: useId(), extra: useId(), allow: useId(), upload: useId() };
  useEffect(() => void useAgentBuilder.persist.rehydrate(), []);

  const bases = entries.filter((e) => !e.custom);
  const body = builderToCreateBody(draft);
  // The agent_config form shows its own error; say the rest here.
  const configError = agentConfigOf(draft.agentConfig, draft.baseAgent);
  const bodyError = !body.ok && (configError.ok || configError.error !== body.error) ? body.error : null;

  async function onUpload(e: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(e.target.files ?? []);
    e.target.value = "";
    for (const f of files) addFile(await fileToSource(f));
  }

  async function save() {
    if (!body.ok) return;
    setStatus(null);
    const editedId = typeof editing?.id === "string" ? editing.id : null;
    try {
      if (editedId) await managedApi.deleteAgent(backend, editedId);
      let saved: AgentResource;
      try {
        saved = await create.mutateAsync(body.value);
      } catch (err) {
        if (editedId && editing) {
          const { created: _c, ...original } = editing;
          void _c;
          await managedApi.createAgent(backend, original).catch(() => {});
        }
        throw err;
      }
      reset();
      setStatus({ ok: true, text: `Saved agent ${saved.id}.`, id: saved.id });
    } catch (err) {
      setStatus({ ok: false, text: `Not saved: ${(err as Error).message}${editedId ? ` (agent ${editedId} was put back as it was)` : ""}` });
    }
  }

  return (
    <ConfigSection title={editing ? `Edit agent ${String(editing.id)}` : "Build a custom agent"} id="cfg-agent-builder" aside={<span className="text-xs text-faint">POST /agents on {backend}</span>}>
      {editing ? (
        <p className="text-xs text-warn">The API has no update: saving deletes agent {String(editing.id)} and creates it again with these settings.</p>
      ) : null}
      <div className="grid gap-2 sm:grid-cols-2">
        <Field label="Agent id" htmlFor={ids.id} hint="Blank: the service picks one. Lower-case letters, digits, '-'.">
          <input id={ids.id} value={draft.id} placeholder="repo-helper" spellCheck={false} onChange={(e) => set({ id: e.target.value })} className={cn(inputClass, "font-mono")} />
        </Field>
        <Field label="Base agent" htmlFor={ids.base}>
          <select id={ids.base} value={draft.baseAgent} onChange={(e) => set({ baseAgent: e.target.value })} className={cn(inputClass, "font-mono")}>
            {bases.some((b) => b.id === draft.baseAgent) ? null : <option value={draft.baseAgent}>{draft.baseAgent}</option>}
            {bases.map((b) => (
              <option key={b.id} value={b.id}>
                {b.id}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Agent description" htmlFor={ids.desc}>
        <input id={ids.desc} value={draft.description} placeholder="What it is for" onChange={(e) => set({ description: e.target.value })} className={inputClass} />
      </Field>
      <Field label="Agent system instruction" htmlFor={ids.si} hint="Comes first; a turn's own system instruction follows it.">
        <textarea id={ids.si} rows={3} value={draft.systemInstruction} onChange={(e) => set({ systemInstruction: e.target.value })} className={cn(inputClass, "resize-y")} />
      </Field>
      <fieldset className="space-y-1.5">
        <legend className="text-xs font-medium text-muted">Agent tools</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1.5">
          {BUILDER_TOOL_TYPES.map((t) => (
            <Toggle key={t} label={<><span className="sr-only">Agent tool </span><span className="font-mono">{t}</span></>} hint={TOOL_LABELS[t]} checked={draft.tools[t]} onChange={(e) => set({ tools: { ...draft.tools, [t]: e.target.checked } })} />
          ))}
        </div>
        <Field label="More agent tools (JSON array)" htmlFor={ids.extra} hint="function and mcp_server entries, as in tools[].">
          <textarea id={ids.extra} rows={2} value={draft.extraToolsJson} placeholder='[{"type":"function","name":"lookup"}]' spellCheck={false} onChange={(e) => set({ extraToolsJson: e.target.value })} className={cn(inputClass, "resize-y font-mono text-xs")} />
        </Field>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-xs font-medium text-muted">Environment files (inline sources: AGENTS.md, skills…)</legend>
        {draft.files.map((f, i) => (
          <FileRow key={f.key} file={f} n={i + 1} />
        ))}
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" onClick={() => addFile({ target: draft.files.some((f) => f.target === "AGENTS.md") ? "" : "AGENTS.md" })}>
            <PlusIcon size={12} /> Add file
          </Button>
          <label htmlFor={ids.upload} className="inline-flex h-7 cursor-pointer items-center rounded-md border border-line bg-raised px-2 text-xs hover:bg-sunken">
            Upload files
          </label>
          <input id={ids.upload} type="file" multiple className="sr-only" aria-label="Upload environment files" onChange={onUpload} />
        </div>
      </fieldset>
      <Field label="Network allowlist (one domain per line)" htmlFor={ids.allow} hint="Empty: the agent's code stays offline. e.g. api.example.com, *.googleapis.com">
        <textarea id={ids.allow} rows={2} value={draft.allowlist} spellCheck={false} onChange={(e) => set({ allowlist: e.target.value })} className={cn(inputClass, "resize-y font-mono text-xs")} />
      </Field>
      <AgentConfigForm value={draft.agentConfig} onChange={(p) => set({ agentConfig: { ...draft.agentConfig, ...p } })} allowed={configTypesFor(draft.baseAgent)} agentId={draft.baseAgent} label="Builder" modelId="builder" />
      {body.ok ? (
        <details>
          <summary className="cursor-pointer text-xs text-muted">The POST /agents body</summary>
          <JsonBlock value={body.value} />
        </details>
      ) : bodyError ? (
        <p role="alert" className="text-xs text-err">
          {bodyError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" size="sm" disabled={!body.ok || create.isPending} onClick={() => void save()}>
          {editing ? "Save changes (re-create)" : "Save agent"}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => { reset(); setStatus(null); }}>
          {editing ? "Cancel edit" : "Clear"}
        </Button>
        {status ? (
          <p role={status.ok ? "status" : "alert"} className={cn("text-xs", status.ok ? "text-ok" : "text-err")}>
            {status.text}
          </p>
        ) : null}
      </div>
      {status?.id ? (
        <Button size="sm" variant="secondary" onClick={() => setRun({ targetKind: "agent", agent: status.id! })}>
          Use the saved agent in the session
        </Button>
      ) : null}
    </ConfigSection>
  );
}
