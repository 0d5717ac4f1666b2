"use client";
// Lazy Monaco editor: `ssr: false` must live in a client component (App Router); the Monaco
// bundle is fetched only when a view actually renders an editor.
import dynamic from "next/dynamic";
import type { EditorProps } from "./editor-props";
import { EditorPlaceholder } from "./editor-placeholder";

export type { EditorProps } from "./editor-props";

const MonacoView = dynamic(() => import("./monaco-view"), {
  ssr: false,
  loading: () => <EditorPlaceholder height="100%" label="Editor" message="Loading editor…" />,
});

export default function CodeEditor(props: EditorProps) {
  const height = props.height ?? 240;
  return (
    <div style={{ minHeight: height }}>
      <MonacoView {...props} height={height} />
    </div>
  );
}
