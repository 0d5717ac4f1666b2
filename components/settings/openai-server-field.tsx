"use client";
// The OpenAI-compatible server of the `openai` backend: base URL and (optional) key, kept on the
// server (PUT /api/settings). The key is only ever shown masked; the typed value is cleared once sent.
import { useSaveOpenAI, useServerSettings } from "@/lib/client/queries";
import { SecretField } from "./secret-field";

export function OpenAIServerField() {
  const settings = useServerSettings();
  const save = useSaveOpenAI();
  const o = settings.data?.openai;
  return (
    <SecretField
      state={{ pending: settings.isPending, error: settings.error?.message, configured: !!o?.configured }}
      configuredBadge="Server configured"
      missingBadge="No OpenAI-compatible server"
      details={
        o?.configured ? (
          <>
            <span className="break-all font-mono text-muted" aria-label="OpenAI-compatible base URL">
              {o.base_url}
            </span>
            <span className="text-faint">{o.base_url_source === "env" ? "from OPENAI_BASE_URL" : "saved in settings"}</span>
            {o.masked ? (
              <span className="font-mono text-muted" aria-label="Masked OpenAI key">
                {o.masked}
              </span>
            ) : (
              <span className="text-faint">no key</span>
            )}
          </>
        ) : null
      }
      inputs={[
        { name: "openai_base_url", label: "OpenAI-compatible base URL", kind: "url", mono: true, placeholder: o?.base_url ? "Replace base URL…" : "http://127.0.0.1:11434/v1" },
        { name: "openai_api_key", label: "OpenAI-compatible API key", kind: "secret", placeholder: o?.masked ? "Replace key…" : "API key (optional)" },
      ]}
      submitLabel="Save server"
      save={(v) => save.mutateAsync(v)}
      saving={save.isPending}
      saveError={save.error?.message}
      remove={
        o?.base_url_source === "settings" || o?.key_source === "settings" ? { label: "Remove saved server", run: () => save.mutate(null), busy: save.isPending } : null
      }
      note={
        <>
          Used by the <span className="font-mono">openai</span> backend: the embedded engine runs the Interactions API over this chat server. Kept on the
          playground server; the browser never holds the key.
        </>
      }
    />
  );
}
