"use client";
// Before send: what the service would reject in the assembled request (the rules table, with the
// service's messages), and what is legal but likely a mistake. The user can send anyway.
import { useMemo, useState } from "react";
import { lintRequest, type Finding } from "@/lib/client/configurator/lint";
import type { ParseResult, PlannedRequest, TurnView } from "@/lib/client/turn-model";
import { cn } from "@/components/ui/cn";

export function useRequestLint(preview: ParseResult<PlannedRequest>, turns: TurnView[]) {
  const [sendAnyway, setSendAnyway] = useState(false);
  const findings = useMemo(() => {
    if (!preview.ok) return [] as Finding[];
    const prevId = preview.value.body.previous_interaction_id;
    const prev = typeof prevId === "string" ? turns.find((t) => t.interactionId === prevId)?.request : null;
    return lintRequest(preview.value.body, { previousRequest: prev ?? null });
  }, [preview, turns]);
  const errors = findings.filter((f) => f.level === "error");
  const blocked = errors.length > 0 && !sendAnyway;
  /** Wrap a send: refuse (with the reason) while the linter finds errors and "Send anyway" is off. */
  const guard = <A extends unknown[]>(send: (...a: A) => Promise<string | null>) =>
    async (...a: A): Promise<string | null> => {
      if (blocked) return `The service would reject this request (${errors.length} problem${errors.length === 1 ? "" : "s"} above). Fix it, or tick “Send anyway”.`;
      const r = await send(...a);
      if (!r) setSendAnyway(false);
      return r;
    };
  return { findings, errors, sendAnyway, setSendAnyway, guard };
}

export function RequestLint({ findings, sendAnyway, onSendAnyway }: { findings: Finding[]; sendAnyway: boolean; onSendAnyway: (v: boolean) => void }) {
  if (!findings.length) return null;
  const errors = findings.filter((f) => f.level === "error");
  return (
    <section aria-label="Request check" className={cn("mb-2 space-y-1 rounded-lg border px-3 py-2 text-xs", errors.length ? "border-err/40 bg-err-soft/50" : "border-warn/40 bg-warn-soft/40")}>
      <ul className="space-y-1">
        {findings.map((f) => (
          <li key={f.rule + f.path} className={f.level === "error" ? "text-err" : "text-warn"}>
            <span className="font-semibold">{f.level === "error" ? "Would be rejected" : "Warning"}</span>
            {f.path ? <span className="font-mono"> · {f.path}</span> : null}: {f.message}
          </li>
        ))}
      </ul>
      {errors.length ? (
        <label className="flex items-center gap-2 text-muted">
          <input type="checkbox" checked={sendAnyway} onChange={(e) => onSendAnyway(e.target.checked)} />
          Send anyway
        </label>
      ) : null}
    </section>
  );
}
