"use client";
// Before send: what the service would reject in the assembled request (the rules table, with the
// service's messages), and what is legal but likely a mistake. The user can send anyway.
import { useEffect, useMemo, useState } from "react";
import type { Finding } from "@/lib/client/configurator/lint";
import type { ParseResult, PlannedRequest, TurnView } from "@/lib/client/turn-model";
import { cn } from "@/components/ui/cn";

// The linter (the shared rules table and zod behind it) is not part of the first page: it loads
// as soon as the next request holds anything it could fault, at the user's first key, click or
// drop anywhere on the page, and at the latest when they send (the guard waits for it).
type Linter = typeof import("@/lib/client/configurator/lint");
let linter: Linter | null = null;
let loading: Promise<Linter> | null = null;
function loadLinter(): Promise<Linter> {
  return (loading ??= import("@/lib/client/configurator/lint").then((m) => (linter = m)));
}

/** Keys a new session's default request holds, none of which the rules can fault once the plan has built it. */
const PLAIN_KEYS = new Set(["model", "agent", "input", "store", "stream", "background"]);
function needsLinter(preview: ParseResult<PlannedRequest>, turns: TurnView[]): boolean {
  if (turns.length > 0 || !preview.ok) return turns.length > 0;
  const { body } = preview.value;
  return Object.keys(body).some((k) => !PLAIN_KEYS.has(k)) || (Array.isArray(body.input) && body.input.length > 1);
}
const INTERACTIONS = ["pointerdown", "keydown", "drop"] as const;

function findingsOf(m: Linter, preview: ParseResult<PlannedRequest>, turns: TurnView[]): Finding[] {
  if (!preview.ok) return [];
  const prevId = preview.value.body.previous_interaction_id;
  const prev = typeof prevId === "string" ? turns.find((t) => t.interactionId === prevId)?.request : null;
  return m.lintRequest(preview.value.body, { previousRequest: prev ?? null });
}

export function useRequestLint(preview: ParseResult<PlannedRequest>, turns: TurnView[]) {
  const [sendAnyway, setSendAnyway] = useState(false);
  const [lint, setLint] = useState<Linter | null>(linter);
  const needed = needsLinter(preview, turns);
  useEffect(() => {
    if (lint) return;
    let live = true;
    const load = () => void loadLinter().then((m) => live && setLint(m));
    const onFirst = () => {
      for (const e of INTERACTIONS) window.removeEventListener(e, onFirst, true);
      load();
    };
    if (needed) load();
    else for (const e of INTERACTIONS) window.addEventListener(e, onFirst, true);
    return () => {
      live = false;
      for (const e of INTERACTIONS) window.removeEventListener(e, onFirst, true);
    };
  }, [lint, needed]);
  const findings = useMemo(() => (lint ? findingsOf(lint, preview, turns) : ([] as Finding[])), [lint, preview, turns]);
  const errors = findings.filter((f) => f.level === "error");
  /** Wrap a send: refuse (with the reason) while the linter finds errors and "Send anyway" is off. */
  const guard = <A extends unknown[]>(send: (...a: A) => Promise<string | null>) =>
    async (...a: A): Promise<string | null> => {
      let errs = errors;
      if (!lint) {
        const m = await loadLinter();
        setLint(m);
        errs = findingsOf(m, preview, turns).filter((f) => f.level === "error");
      }
      if (errs.length > 0 && !sendAnyway) return `The service would reject this request (${errs.length} problem${errs.length === 1 ? "" : "s"} above). Fix it, or tick “Send anyway”.`;
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
