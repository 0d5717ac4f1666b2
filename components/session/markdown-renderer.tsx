"use client";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { cn } from "@/components/ui/cn";

const components: Components = {
  a: ({ href, title, children }) => (
    <a href={href} title={title} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
};

const remarkPlugins = [remarkGfm];
// Highlight fenced code whose language is named; no auto-detection (slow, and often wrong). Only
// the languages the pane shows (code execution: python/bash; JSON; what models most often write),
// not highlight.js's `common` set — a fence in any other language renders as plain code.
export const HIGHLIGHT_LANGUAGES = { bash, css, diff, javascript, json, markdown, python, shell, sql, typescript, xml, yaml };
const rehypePlugins = [[rehypeHighlight, { detect: false, languages: HIGHLIGHT_LANGUAGES }]] as Parameters<typeof ReactMarkdown>[0]["rehypePlugins"];

/**
 * Markdown as the model wrote it. Raw HTML is not rendered (react-markdown escapes it). Loaded
 * lazily through ./markdown.tsx (the markdown stack is the largest part of the pane's code and a
 * new session shows no markdown).
 */
export default function MarkdownRenderer({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cn("md text-sm", className)}>
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
