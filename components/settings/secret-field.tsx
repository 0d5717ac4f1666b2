"use client";
// One form for a server-side credential (the Gemini key, the OpenAI-compatible server, Vertex AI):
// a status line (what the server has, masked), inputs whose typed values stay in this component's
// state until they are sent (PUT /api/settings) and are cleared once saved, a remove button for
// what was saved in Settings, the server's error, and a note. The browser never receives a secret.
import { useId, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";

export interface SecretInput {
  name: string;
  /** The accessible name. */
  label: string;
  kind: "secret" | "url" | "text" | "secret-text";
  placeholder: string;
  mono?: boolean;
}

export interface SecretFieldProps {
  /** Settings still loading, failed, or what the server holds. */
  state: { pending: boolean; error?: string | null; configured: boolean };
  configuredBadge: string;
  missingBadge: string;
  /** Shown after the badge when configured: masked values, where they come from. */
  details?: ReactNode;
  inputs: SecretInput[];
  submitLabel: string;
  /** Sends the non-empty typed values; resolves once saved (the inputs are then cleared). */
  save: (values: Record<string, string>) => Promise<unknown>;
  saving: boolean;
  saveError?: string | null;
  /** Offered when something is saved in Settings (env values cannot be removed here). */
  remove?: { label: string; run: () => void; busy: boolean } | null;
  note: ReactNode;
  /** Inputs side by side with the button (one short input) instead of stacked. */
  inline?: boolean;
}

export function SecretField(p: SecretFieldProps) {
  const base = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const filled = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
  const dirty = Object.keys(filled).length > 0;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {p.state.pending ? (
          <span className="text-muted">Checking…</span>
        ) : p.state.error ? (
          <span className="text-err">Could not read settings: {p.state.error}</span>
        ) : p.state.configured ? (
          <>
            <Badge tone="ok">{p.configuredBadge}</Badge>
            {p.details}
          </>
        ) : (
          <>
            <Badge tone="warn">{p.missingBadge}</Badge>
            {p.details}
          </>
        )}
      </div>
      <form
        className={p.inline ? "flex gap-2" : "space-y-2"}
        onSubmit={(e) => {
          e.preventDefault();
          if (!dirty) return;
          p.save(filled).then(
            () => setValues({}),
            () => {}, // the mutation's error is shown below
          );
        }}
      >
        {p.inputs.map((i) => {
          const id = `${base}-${i.name}`;
          const common = {
            id,
            spellCheck: false,
            autoComplete: "off",
            placeholder: i.placeholder,
            value: values[i.name] ?? "",
            className: cn(inputClass, i.mono && "font-mono"),
          };
          return (
            <div key={i.name} className={p.inline ? "min-w-0 flex-1" : undefined}>
              <label htmlFor={id} className="sr-only">
                {i.label}
              </label>
              {i.kind === "secret-text" ? (
                <textarea
                  {...common}
                  rows={3}
                  // Masked like a password while it is typed or pasted (Chromium, WebKit).
                  className={cn(common.className, "resize-y [-webkit-text-security:disc]")}
                  onChange={(e) => setValues((v) => ({ ...v, [i.name]: e.target.value }))}
                />
              ) : (
                <input
                  {...common}
                  type={i.kind === "secret" ? "password" : i.kind === "url" ? "url" : "text"}
                  onChange={(e) => setValues((v) => ({ ...v, [i.name]: e.target.value }))}
                />
              )}
            </div>
          );
        })}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="md" disabled={!dirty || p.saving}>
            {p.submitLabel}
          </Button>
          {p.remove && !p.inline ? (
            <Button type="button" size="sm" variant="ghost" className="text-err" disabled={p.remove.busy} onClick={p.remove.run}>
              {p.remove.label}
            </Button>
          ) : null}
        </div>
      </form>
      {p.remove && p.inline ? (
        <Button size="sm" variant="ghost" className="text-err" disabled={p.remove.busy} onClick={p.remove.run}>
          {p.remove.label}
        </Button>
      ) : null}
      {p.saveError ? (
        <p role="alert" className="text-xs text-err">
          {p.saveError}
        </p>
      ) : null}
      <p className="text-xs text-faint">{p.note}</p>
    </div>
  );
}
