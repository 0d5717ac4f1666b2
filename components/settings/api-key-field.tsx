"use client";
// The Gemini key lives on the server (PUT /api/settings). The browser only ever sees the masked
// form; the typed value sits in this component's state until it is sent, then is cleared.
import { useId, useState } from "react";
import { useDeleteKey, useSaveKey, useServerSettings } from "@/lib/client/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export function ApiKeyField() {
  const id = useId();
  const settings = useServerSettings();
  const save = useSaveKey();
  const remove = useDeleteKey();
  const [key, setKey] = useState("");
  const g = settings.data?.gemini;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {settings.isPending ? (
          <span className="text-muted">Checking key…</span>
        ) : settings.isError ? (
          <span className="text-err">Could not read settings: {settings.error.message}</span>
        ) : g?.configured ? (
          <>
            <Badge tone="ok">Key configured</Badge>
            <span className="font-mono text-muted" aria-label="Masked key">
              {g.masked}
            </span>
            <span className="text-faint">{g.source === "env" ? "from GEMINI_API_KEY" : "saved in settings"}</span>
          </>
        ) : (
          <Badge tone="warn">No Gemini key</Badge>
        )}
      </div>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!key.trim()) return;
          save.mutate(key.trim(), { onSuccess: () => setKey("") });
        }}
      >
        <label htmlFor={id} className="sr-only">
          Gemini API key
        </label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={g?.configured ? "Replace key…" : "Paste a Gemini API key"}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          className={inputClass}
        />
        <Button type="submit" size="md" disabled={!key.trim() || save.isPending}>
          Save key
        </Button>
      </form>
      {g?.source === "settings" ? (
        <Button size="sm" variant="ghost" className="text-err" disabled={remove.isPending} onClick={() => remove.mutate()}>
          Remove saved key
        </Button>
      ) : null}
      {save.isError ? (
        <p role="alert" className="text-xs text-err">
          {save.error.message}
        </p>
      ) : null}
      <p className="text-xs text-faint">
        Kept on the playground server and injected by its proxy; the browser never holds it. Used by the <span className="font-mono">gemini</span> backend.
      </p>
    </div>
  );
}
