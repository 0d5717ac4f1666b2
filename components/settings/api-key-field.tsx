"use client";
// The Gemini key lives on the server (PUT /api/settings). The browser only ever sees the masked
// form; the typed value sits in the form's state until it is sent, then is cleared.
import { useDeleteKey, useSaveKey, useServerSettings } from "@/lib/client/queries";
import { SecretField } from "./secret-field";

export function ApiKeyField() {
  const settings = useServerSettings();
  const save = useSaveKey();
  const remove = useDeleteKey();
  const g = settings.data?.gemini;
  return (
    <SecretField
      state={{ pending: settings.isPending, error: settings.error?.message, configured: !!g?.configured }}
      configuredBadge="Key configured"
      missingBadge="No Gemini key"
      details={
        g?.configured ? (
          <>
            <span className="font-mono text-muted" aria-label="Masked key">
              {g.masked}
            </span>
            <span className="text-faint">{g.source === "env" ? "from GEMINI_API_KEY" : "saved in settings"}</span>
          </>
        ) : null
      }
      inline
      inputs={[{ name: "key", label: "Gemini API key", kind: "secret", placeholder: g?.configured ? "Replace key…" : "Paste a Gemini API key" }]}
      submitLabel="Save key"
      save={(v) => save.mutateAsync(v.key!)}
      saving={save.isPending}
      saveError={save.error?.message}
      remove={g?.source === "settings" ? { label: "Remove saved key", run: () => remove.mutate(), busy: remove.isPending } : null}
      note={
        <>
          Kept on the playground server and injected by its proxy; the browser never holds it. Used by the <span className="font-mono">gemini</span> backend.
        </>
      }
    />
  );
}
