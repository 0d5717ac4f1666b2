"use client";
// The OpenAI-compatible server of the `openai` backend: base URL and (optional) key, kept on the
// server (PUT /api/settings). The key is only ever shown masked; the typed value is cleared once sent.
import { useId, useState } from "react";
import { useSaveOpenAI, useServerSettings } from "@/lib/client/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export function OpenAIServerField() {
  const urlId = useId();
  const keyId = useId();
  const settings = useServerSettings();
  const save = useSaveOpenAI();
  const [url, setUrl] = useState("");
  const [key, setKey] = useState("");
  const o = settings.data?.openai;
  const body = { ...(url.trim() ? { openai_base_url: url.trim() } : {}), ...(key.trim() ? { openai_api_key: key.trim() } : {}) };
  const dirty = Object.keys(body).length > 0;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {settings.isPending ? (
          <span className="text-muted">Checking…</span>
        ) : o?.configured ? (
          <>
            <Badge tone="ok">Server configured</Badge>
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
        ) : (
          <Badge tone="warn">No OpenAI-compatible server</Badge>
        )}
      </div>
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!dirty) return;
          save.mutate(body, {
            onSuccess: () => {
              setUrl("");
              setKey("");
            },
          });
        }}
      >
        <label htmlFor={urlId} className="sr-only">
          OpenAI-compatible base URL
        </label>
        <input
          id={urlId}
          type="url"
          spellCheck={false}
          autoComplete="off"
          placeholder={o?.base_url ? "Replace base URL…" : "http://127.0.0.1:11434/v1"}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          className={`${inputClass} font-mono`}
        />
        <label htmlFor={keyId} className="sr-only">
          OpenAI-compatible API key
        </label>
        <input
          id={keyId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={o?.masked ? "Replace key…" : "API key (optional)"}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          className={inputClass}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="md" disabled={!dirty || save.isPending}>
            Save server
          </Button>
          {o?.base_url_source === "settings" || o?.key_source === "settings" ? (
            <Button type="button" size="sm" variant="ghost" className="text-err" disabled={save.isPending} onClick={() => save.mutate(null)}>
              Remove saved server
            </Button>
          ) : null}
        </div>
      </form>
      {save.isError ? (
        <p role="alert" className="text-xs text-err">
          {save.error.message}
        </p>
      ) : null}
      <p className="text-xs text-faint">
        Used by the <span className="font-mono">openai</span> backend: the embedded engine runs the Interactions API over this chat server. Kept on the
        playground server; the browser never holds the key.
      </p>
    </div>
  );
}
