"use client";
// Testing › Engine-wide faults: one switch per documented preset (lib/engine/faults.ts) with its
// parameter, a one-line description and the public report it reproduces. Each change sets the
// embedded engine's own list (PUT /api/testing/faults), which then applies to every request the
// `local` backend takes — from this tab, another tab, or curl — until turned off.
import { useId, useState } from "react";
import { composeFaults, splitFaults } from "@/lib/contract/fault-list";
import type { FaultPresetInfo } from "@/lib/contract/faults";
import { useEngineFaults, useSetEngineFaults } from "@/lib/client/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { Toggle } from "@/components/ui/toggle";

function ParamInput({ preset, value, disabled, onChange, onCommit }: { preset: FaultPresetInfo; value: string; disabled: boolean; onChange: (v: string) => void; onCommit: () => void }) {
  const p = preset.param!;
  const label = `${preset.name} ${p.label}`;
  if (p.kind === "choice") {
    return (
      <select aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} onBlur={onCommit} className={cn(inputClass, "h-7 py-0 text-xs")}>
        {p.optional ? <option value="">auto</option> : null}
        {(p.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      aria-label={label}
      value={value}
      disabled={disabled}
      inputMode={p.kind === "count" ? "numeric" : undefined}
      placeholder={p.default || (p.kind === "duration" ? "5s" : "N")}
      spellCheck={false}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onCommit}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          onCommit();
        }
      }}
      className={cn(inputClass, "h-7 py-0 font-mono text-xs")}
    />
  );
}

export function EngineFaults() {
  const q = useEngineFaults();
  const set = useSetEngineFaults();
  // Parameter values typed but not applied yet (a preset that is off keeps its value here).
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<boolean | null>(null);
  const listId = useId();
  const on = splitFaults(q.data?.faults ?? "");
  const valueOf = (p: FaultPresetInfo) => draft[p.name] ?? on[p.name] ?? p.param?.default ?? "";
  const apply = (next: Record<string, string>) => set.mutate(composeFaults(next));

  if (q.isPending) return <p className="text-xs text-muted">Reading the engine&apos;s faults…</p>;
  if (q.isError) return <p className="text-xs text-err">Could not read the engine&apos;s faults: {q.error.message}</p>;

  // Collapsed at first unless a fault is on.
  const expanded = open ?? q.data.active.length > 0;
  return (
    <div className="space-y-3 rounded-lg border border-line p-3" role="group" aria-label="Engine-wide faults">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <button type="button" aria-expanded={expanded} aria-controls={listId} onClick={() => setOpen(!expanded)} className="inline-flex items-center gap-1 font-medium text-muted hover:text-fg">
          <span aria-hidden="true" className={cn("inline-block transition-transform", expanded && "rotate-90")}>
            ›
          </span>
          Engine-wide faults
        </button>
        {q.data.active.length ? (
          <>
            <Badge tone="warn">On: {q.data.faults}</Badge>
            <Button
              size="sm"
              variant="ghost"
              className="text-err"
              disabled={set.isPending}
              onClick={() => {
                setOpen(true);
                apply({});
              }}
            >
              Turn all faults off
            </Button>
          </>
        ) : (
          <Badge>Off</Badge>
        )}
      </div>
      <div id={listId} hidden={!expanded} className="space-y-3">
      <p className="text-xs text-faint">Every request the local engine takes (any tab, curl) until turned off; the live service&apos;s known failures, on purpose.</p>
      {q.data.presets.map((p) => {
        const active = p.name in on;
        return (
          <div key={p.name} className="space-y-1">
            <Toggle
              label={<span className="font-mono text-xs">{p.name}</span>}
              hint={
                <span className="line-clamp-2 block" title={p.what}>
                  {p.what}
                </span>
              }
              checked={active}
              disabled={set.isPending}
              onChange={(e) => {
                setOpen(true); // stays open when the last fault goes off
                const next = { ...on };
                if (e.target.checked) next[p.name] = p.param ? valueOf(p) : "";
                else delete next[p.name];
                apply(next);
              }}
            />
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 pl-11 text-[11px] text-faint">
              {p.param ? (
                <span className="inline-flex items-center gap-1.5">
                  <span aria-hidden="true">{p.param.label}</span>
                  <span className={p.param.kind === "choice" ? "w-24" : "w-20"}>
                    <ParamInput
                      preset={p}
                      value={valueOf(p)}
                      disabled={set.isPending}
                      onChange={(v) => setDraft((d) => ({ ...d, [p.name]: v }))}
                      onCommit={() => {
                        if (active && draft[p.name] !== undefined && draft[p.name] !== on[p.name]) apply({ ...on, [p.name]: draft[p.name]! });
                      }}
                    />
                  </span>
                </span>
              ) : null}
              <span>
                {p.links.length ? (
                  <>
                    Reproduces{" "}
                    {p.links.map((l, i) => (
                      <span key={l.url}>
                        {i ? ", " : null}
                        <a href={l.url} target="_blank" rel="noreferrer noopener" className="underline underline-offset-2 hover:text-accent">
                          {l.label}
                        </a>
                      </span>
                    ))}
                  </>
                ) : (
                  p.report
                )}
              </span>
            </div>
          </div>
        );
      })}
      </div>
      {set.isError ? (
        <p role="alert" className="text-xs text-err">
          {set.error.message}
        </p>
      ) : null}
    </div>
  );
}
