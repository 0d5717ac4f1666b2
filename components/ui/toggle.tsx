import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A native checkbox drawn as a switch. Keeps the checkbox role (tests select `checkbox "Store"`)
 * unless `asSwitch` asks for role="switch".
 */
export function Toggle({
  label,
  hint,
  asSwitch,
  className,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: ReactNode; hint?: ReactNode; asSwitch?: boolean }) {
  const id = useId();
  return (
    <label htmlFor={id} className={cn("group flex cursor-pointer items-start gap-2.5 text-sm select-none", className)}>
      <span className="relative mt-0.5 inline-flex h-5 w-9 shrink-0">
        <input id={id} type="checkbox" role={asSwitch ? "switch" : undefined} className="peer sr-only" {...rest} />
        <span className="absolute inset-0 rounded-full bg-line-strong transition-colors peer-checked:bg-accent peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-disabled:opacity-50" />
        <span className="absolute top-0.5 left-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform peer-checked:translate-x-4" />
      </span>
      <span className="min-w-0">
        <span className="font-medium text-fg">{label}</span>
        {hint ? <span className="block text-xs text-muted">{hint}</span> : null}
      </span>
    </label>
  );
}
