"use client";
// Markdown, code and JSON blocks of the session pane. The renderer (react-markdown, GFM and a
// highlight.js subset: ./markdown-renderer.tsx) is fetched with the first turn that shows markdown,
// not with the page; until it arrives the text shows as it is, in the same box.
import { lazy, memo, Suspense } from "react";
import { cn } from "@/components/ui/cn";

const MarkdownRenderer = lazy(() => import("./markdown-renderer"));

/** Markdown as the model wrote it. Raw HTML is not rendered (react-markdown escapes it). */
export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <Suspense fallback={<div className={cn("md whitespace-pre-wrap text-sm", className)}>{text}</div>}>
      <MarkdownRenderer text={text} className={className} />
    </Suspense>
  );
});

/** A fenced code block, highlighted by the same pipeline. The fence outgrows any backtick run inside. */
export function CodeBlock({ code, language, className }: { code: string; language?: string; className?: string }) {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return <Markdown className={cn("[&_pre]:my-0", className)} text={`${fence}${language ?? ""}\n${code}\n${fence}`} />;
}

export function JsonBlock({ value, className }: { value: unknown; className?: string }) {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  return <CodeBlock code={text} language="json" className={className} />;
}
