"use client";
// The Monaco editor itself. Only ever imported through next/dynamic (code-editor.tsx,
// json-editor.tsx), so monaco-editor stays out of the first-load bundle of every view.
import Editor from "@monaco-editor/react";
import { useEffect, useState, useSyncExternalStore } from "react";
import type { EditorProps } from "./editor-props";
import { setupMonaco } from "./setup-monaco";
import { EditorPlaceholder } from "./editor-placeholder";

function subscribeTheme(onChange: () => void): () => void {
  const obs = new MutationObserver(onChange);
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => obs.disconnect();
}
const isDark = () => document.documentElement.classList.contains("dark");

export default function MonacoView({ value, onChange, readOnly = false, language = "plaintext", ariaLabel, height = 240, path }: EditorProps) {
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const dark = useSyncExternalStore(subscribeTheme, isDark, () => false);

  useEffect(() => {
    let alive = true;
    setupMonaco().then(
      () => alive && setState("ready"),
      () => alive && setState("failed"),
    );
    return () => {
      alive = false;
    };
  }, []);

  if (state !== "ready") {
    return <EditorPlaceholder height={height} label={ariaLabel} message={state === "failed" ? "Editor failed to load" : "Loading editor…"} />;
  }
  return (
    <div className="overflow-hidden rounded border border-neutral-300 dark:border-neutral-700" style={{ height }} data-editor-label={ariaLabel}>
      <Editor
        height="100%"
        language={language}
        path={path}
        value={value}
        theme={dark ? "vs-dark" : "light"}
        onChange={(v) => onChange?.(v ?? "")}
        loading={<EditorPlaceholder height="100%" label={ariaLabel} message="Loading editor…" />}
        options={{
          ariaLabel,
          readOnly,
          domReadOnly: readOnly,
          // A plain <textarea> input (not Chromium's EditContext) keeps the aria-label on a
          // focusable textbox that assistive tech and tests can find by name.
          editContext: false,
          minimap: { enabled: false },
          fontSize: 13,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          wordWrap: "on",
          tabSize: 2,
          renderLineHighlight: readOnly ? "none" : "line",
          fixedOverflowWidgets: true,
        }}
      />
    </div>
  );
}
