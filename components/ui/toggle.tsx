import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A native checkbox drawn as a switch. Its accessible name is exactly `label` (the hint is a
 * description, not part of the name), and it keeps the checkbox role (tests select
 * `checkbox "Store"`) unless `asSwitch` asks for role="switch".
 */
export function Toggle({
  label,
  hint,
  asSwitch,
  className,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: ReactNode; hint?: ReactNode; asSwitch?: boolean }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={cn("flex items-start gap-2.5 text-sm", className)}>
      <label htmlFor={id} className="relative mt-0.5 inline-flex h-5 w-9 shrink-0 cursor-pointer">
        <input
          id={id}
          type="checkbox"
          role={asSwitch ? "switch" : undefined}
          aria-describedby={hint ? hintId : undefined}
          className="peer sr-only"
          {...rest}
        />
        <span className="absolute inset-0 rounded-full bg-line-strong transition-colors peer-checked:bg-accent peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-disabled:opacity-50" />
        <span className="absolute top-0.5 left-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform peer-checked:translate-x-4" />
      </label>
      <div className="min-w-0">
        <label htmlFor={id} className="cursor-pointer font-medium text-fg select-none">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="text-xs text-muted">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
