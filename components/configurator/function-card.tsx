"use client";
// One function: name, description, parameters (JSON Schema with two-level validation), its mock,
// and the exact tools[] entry it sends.
import { useId, useMemo } from "react";
import JsonEditor from "@/components/editor/json-editor";
import { JsonBlock } from "@/components/session/markdown";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { functionToTool } from "@/lib/client/configurator/request";
import { checkFunctionParameters } from "@/lib/client/configurator/schema-check";
import { useConfigurator } from "@/lib/client/configurator/store";
import type { FunctionDraft, MockMode } from "@/lib/client/configurator/types";
import { SchemaEditor } from "./schema-editor";

const MOCK_MODES: { mode: MockMode; label: string; hint: string }[] = [
  { mode: "manual", label: "Manual", hint: "You type the result when the model calls it." },
  { mode: "fixed", label: "Fixed JSON", hint: "Always answers with this result." },
  { mode: "js", label: "JavaScript", hint: "(args) => result, run in a QuickJS sandbox (no network, DOM or storage; 1 s limit)." },
];

export function FunctionCard({ fn, index }: { fn: FunctionDraft; index: number }) {
  const update = useConfigurator((s) => s.updateFunction);
  const duplicate = useConfigurator((s) => s.duplicateFunction);
  const remove = useConfigurator((s) => s.removeFunction);
  const ids = { name: useId(), desc: useId(), fixed: useId() };
  const check = useMemo(() => checkFunctionParameters(fn.parametersJson, fn.name), [fn.parametersJson, fn.name]);
  const tool = functionToTool(fn);
  const label = fn.name || `function ${index + 1}`;
  const set = (patch: Partial<FunctionDraft>) => update(fn.id, patch);

  return (
    <article aria-label={`Function ${label}`} className="space-y-3 rounded-lg border border-line bg-raised p-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" htmlFor={ids.name} error={fn.name.trim() ? null : "A function needs a name"}>
          <input id={ids.name} value={fn.name} spellCheck={false} autoComplete="off" onChange={(e) => set({ name: e.target.value })} className={cn(inputClass, "font-mono")} />
        </Field>
        <Field label="Description" htmlFor={ids.desc}>
          <input id={ids.desc} value={fn.description} onChange={(e) => set({ description: e.target.value })} className={inputClass} placeholder="What it does — the model reads this" />
        </Field>
      </div>
      <div className="space-y-1">
        <p className="text-xs font-medium text-muted">Parameters (JSON Schema)</p>
        <SchemaEditor label={`Parameters of ${label}`} modelId={`fn-${fn.id}`} value={fn.parametersJson} onChange={(v) => set({ parametersJson: v })} check={check} />
      </div>

      <fieldset className="space-y-2">
        <legend className="text-xs font-medium text-muted">Result</legend>
        <div role="radiogroup" aria-label={`Mock for ${label}`} className="grid grid-cols-3 gap-1 rounded-lg bg-sunken p-1">
          {MOCK_MODES.map((m) => (
            <button
              key={m.mode}
              type="button"
              role="radio"
              aria-checked={fn.mock.mode === m.mode}
              title={m.hint}
              onClick={() => set({ mock: { ...fn.mock, mode: m.mode } })}
              className={cn("rounded-md py-1 text-xs font-medium", fn.mock.mode === m.mode ? "bg-raised text-fg shadow-card" : "text-muted hover:text-fg")}
            >
              {m.label}
            </button>
          ))}
        </div>
        <p className="text-xs text-faint">{MOCK_MODES.find((m) => m.mode === fn.mock.mode)?.hint}</p>
        {fn.mock.mode === "fixed" ? (
          <textarea
            id={ids.fixed}
            aria-label={`Fixed result for ${label}`}
            rows={3}
            value={fn.mock.fixedJson}
            onChange={(e) => set({ mock: { ...fn.mock, fixedJson: e.target.value } })}
            className={cn(inputClass, "font-mono text-[13px]")}
          />
        ) : null}
        {fn.mock.mode === "js" ? (
          <div className="overflow-hidden rounded-lg border border-line">
            <JsonEditor language="javascript" ariaLabel={`Mock code for ${label}`} value={fn.mock.code} onChange={(v) => set({ mock: { ...fn.mock, code: v } })} height={110} path={`mock-${fn.id}.js`} />
          </div>
        ) : null}
      </fieldset>

      <details className="text-xs">
        <summary className="cursor-pointer text-muted">tools[] entry sent</summary>
        {tool.ok ? <JsonBlock value={tool.value} className="mt-1" /> : <p role="alert" className="mt-1 text-err">{tool.error}</p>}
      </details>

      <div className="flex flex-wrap justify-end gap-1">
        <Button size="sm" variant="ghost" onClick={() => duplicate(fn.id)} aria-label={`Duplicate ${label}`}>
          Duplicate
        </Button>
        <Button size="sm" variant="ghost" className="text-err" onClick={() => remove(fn.id)} aria-label={`Remove ${label}`}>
          Remove
        </Button>
      </div>
    </article>
  );
}
