"use client";
// JSON flavour of the lazy Monaco editor (tools, request/response JSON, function results).
import CodeEditor from "./code-editor";
import type { EditorProps } from "./editor-props";

export type { EditorProps } from "./editor-props";

export default function JsonEditor({ language = "json", ...rest }: EditorProps) {
  return <CodeEditor language={language} {...rest} />;
}
