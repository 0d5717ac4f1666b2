"use client";
import { memo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import { cn } from "@/components/ui/cn";

const components: Components = {
  a: ({ href, title, children }) => (
    <a href={href} title={title} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
};

const remarkPlugins = [remarkGfm];
// Highlight fenced code whose language is named; no auto-detection (slow, and often wrong).
const rehypePlugins = [[rehypeHighlight, { detect: false }]] as Parameters<typeof ReactMarkdown>[0]["rehypePlugins"];

/** Markdown as the model wrote it. Raw HTML is not rendered (react-markdown escapes it). */
export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cn("md text-sm", className)}>
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
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
