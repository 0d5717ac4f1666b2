import type { ReactNode } from "react";
import { cn } from "./cn";

export const inputClass =
  "w-full rounded-lg border border-line bg-raised px-2.5 py-1.5 text-sm text-fg placeholder:text-faint " +
  "focus:border-accent focus:outline-none focus:ring-2 focus:ring-ring disabled:opacity-50";

/** A labelled block: the label text is the control's accessible name via htmlFor. */
export function Field({ label, htmlFor, hint, error, children, className, aside }: {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  error?: ReactNode;
  children: ReactNode;
  className?: string;
  aside?: ReactNode;
}) {
  return (
    <div className={cn("space-y-1", className)}>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={htmlFor} className="text-xs font-medium text-muted">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {error ? (
        <p className="text-xs text-err" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-faint">{hint}</p>
      ) : null}
    </div>
  );
}
