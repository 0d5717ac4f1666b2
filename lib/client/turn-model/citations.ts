// Markdown for a model_output step: url_citation annotations (UTF-8 byte offsets) as numbered
// markers, and the Sources list. Pure.
import type { Step } from "@/lib/interactions/types";

export interface Citation {
  n: number;
  url: string;
  title?: string;
}

/** Annotation indices count UTF-8 bytes (reference §3); convert to a JS string offset. */
export function byteToCharIndex(text: string, byteIndex: number): number {
  const bytes = new TextEncoder().encode(text);
  const b = Math.max(0, Math.min(byteIndex, bytes.length));
  return new TextDecoder().decode(bytes.slice(0, b)).length;
}

/** Text with `[n](url)` markers at each url_citation's end, and the numbered source list. */
export function withCitations(text: string, annotations: Record<string, unknown>[] | undefined): { markdown: string; sources: Citation[] } {
  const cites = (annotations ?? []).filter((a) => a.type === "url_citation" && typeof a.url === "string");
  if (!cites.length) return { markdown: text, sources: [] };
  const sources: Citation[] = [];
  const byUrl = new Map<string, number>();
  const marks: { at: number; n: number; url: string }[] = [];
  for (const a of cites) {
    const url = a.url as string;
    let n = byUrl.get(url);
    if (n === undefined) {
      n = sources.length + 1;
      byUrl.set(url, n);
      sources.push({ n, url, title: typeof a.title === "string" ? a.title : undefined });
    }
    const end = typeof a.end_index === "number" ? byteToCharIndex(text, a.end_index) : text.length;
    if (!marks.some((m) => m.at === end && m.n === n)) marks.push({ at: end, n, url });
  }
  let out = text;
  for (const m of [...marks].sort((a, b) => b.at - a.at || b.n - a.n)) {
    out = `${out.slice(0, m.at)} [[${m.n}]](${m.url})${out.slice(m.at)}`;
  }
  return { markdown: out, sources };
}

/** A model_output step as markdown: its text (with citation markers) and a Sources list. */
export function stepToMarkdown(step: Step): string {
  const parts: string[] = [];
  const sources: Citation[] = [];
  for (const c of step.content ?? []) {
    if (c.type === "text") {
      const { markdown, sources: s } = withCitations(c.text ?? "", c.annotations);
      parts.push(markdown);
      for (const x of s) if (!sources.some((y) => y.url === x.url)) sources.push({ ...x, n: sources.length + 1 });
    } else if (c.uri) parts.push(`[${c.type}](${c.uri})`);
    else parts.push(`*[${c.type}${c.mime_type ? ` ${c.mime_type}` : ""}]*`);
  }
  let md = parts.join("");
  if (sources.length) md += `\n\nSources:\n${sources.map((s) => `${s.n}. [${s.title ?? s.url}](${s.url})`).join("\n")}`;
  return md;
}
