"use client";
// Under an error card or a failed turn: likely causes, the fix, the request field at fault (with a
// button that opens the inspector on the turn), and the public report for a known fault.
import { explainError, type ErrorLike } from "@/lib/contract/explain-error";

export function ErrorExplainer({ error, onInspect }: { error: ErrorLike; onInspect?: () => void }) {
  const x = explainError(error);
  if (!x) return null;
  return (
    <details className="mt-1.5 text-xs text-fg" open>
      <summary className="cursor-pointer font-medium text-err">Why: {x.title}</summary>
      <ul className="mt-1 list-disc space-y-0.5 pl-4 text-muted">
        {x.causes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <p className="mt-1">
        <span className="font-medium">Fix:</span> {x.fix}
      </p>
      <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
        {x.field ? (
          <span>
            Field at fault: <code className="font-mono">{x.field}</code>
          </span>
        ) : null}
        {onInspect ? (
          <button type="button" onClick={onInspect} className="underline underline-offset-2 hover:text-accent">
            Open the request in the inspector
          </button>
        ) : null}
        {x.report ? (
          <a href={x.report.url} target="_blank" rel="noreferrer noopener" className="underline underline-offset-2 hover:text-accent">
            Known fault: {x.report.label}
          </a>
        ) : null}
      </p>
    </details>
  );
}
