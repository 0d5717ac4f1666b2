"use client";
// The function-call round trip: a requires_action turn lists each pending call with a result form;
// "Send results" creates the next turn with function_result steps chained to this interaction.
import { useId, useState } from "react";
import type { Step } from "@/lib/interactions/types";
import type { FunctionResultDraft } from "@/lib/client/turn-model";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { SendIcon } from "@/components/ui/icons";
import { Toggle } from "@/components/ui/toggle";
import { JsonBlock } from "./markdown";

export function FunctionResultsForm({
  calls,
  disabled,
  onSubmit,
}: {
  calls: Step[];
  disabled?: boolean;
  onSubmit: (drafts: FunctionResultDraft[]) => Promise<string | null>;
}) {
  const baseId = useId();
  const [drafts, setDrafts] = useState<Record<string, { text: string; isError: boolean }>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = calls.map((c) => c.name ?? "");
  const labelFor = (c: Step) => {
    const name = c.name ?? "function";
    // Two calls of the same function: tell the fields apart by call id.
    return names.filter((n) => n === c.name).length > 1 ? `Result for ${name} (${c.id})` : `Result for ${name}`;
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const list: FunctionResultDraft[] = calls.map((c) => ({
      callId: c.id ?? "",
      name: c.name ?? "",
      text: drafts[c.id ?? ""]?.text ?? "",
      isError: drafts[c.id ?? ""]?.isError ?? false,
    }));
    const empty = list.find((d) => !d.text.trim());
    if (empty) {
      setError(`Enter a result for ${empty.name} (${empty.callId})`);
      return;
    }
    setBusy(true);
    setError(await onSubmit(list));
    setBusy(false);
  }

  return (
    <form onSubmit={submit} aria-label="Function results" className="space-y-3 rounded-lg border border-warn/40 bg-warn-soft/40 p-3">
      <div>
        <p className="text-sm font-medium">The model is waiting for {calls.length === 1 ? "a function result" : `${calls.length} function results`}</p>
        <p className="text-xs text-muted">
          Type what each function returned — a JSON object is sent as an object, anything else as text. The next turn chains
          from this interaction.
        </p>
      </div>
      {calls.map((c, i) => {
        const id = `${baseId}-${i}`;
        const d = drafts[c.id ?? ""] ?? { text: "", isError: false };
        const set = (patch: Partial<typeof d>) => setDrafts((all) => ({ ...all, [c.id ?? ""]: { ...d, ...patch } }));
        return (
          <div key={c.id ?? i} className="space-y-2 rounded-lg border border-line bg-raised p-2.5">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
              <span className="font-mono font-medium text-fg">{c.name}</span>
              <span className="font-mono text-faint">call_id {c.id}</span>
            </div>
            <details className="text-xs">
              <summary className="cursor-pointer text-muted">Arguments</summary>
              <JsonBlock value={c.arguments ?? {}} className="mt-1" />
            </details>
            <textarea
              id={id}
              aria-label={labelFor(c)}
              rows={3}
              value={d.text}
              placeholder={'{"temperature": 21, "unit": "celsius"}  or plain text'}
              onChange={(e) => set({ text: e.target.value })}
              className={`${inputClass} font-mono text-[13px]`}
            />
            <Toggle
              asSwitch
              label="is_error"
              aria-label={calls.length > 1 ? `is_error for ${c.name} (${c.id})` : "is_error"}
              hint="Mark this result as a failed call"
              checked={d.isError}
              onChange={(e) => set({ isError: e.target.checked })}
            />
          </div>
        );
      })}
      {error ? (
        <p role="alert" className="text-xs text-err">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={disabled || busy}>
          <SendIcon size={14} />
          Send results
        </Button>
      </div>
    </form>
  );
}
