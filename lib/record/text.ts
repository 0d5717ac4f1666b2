// Small pure helpers for the record: the user text of a create body (session titles, search) and
// the output text of an interaction (search), plus splitting a byte stream into SSE lines.
import type { Interaction, Step } from "@/lib/interactions/types";

function textsOf(value: unknown, out: string[], depth = 0): void {
  if (depth > 4 || value === null || value === undefined) return;
  if (typeof value === "string") {
    out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) textsOf(v, out, depth + 1);
    return;
  }
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o.type === "text" && typeof o.text === "string") out.push(o.text);
    else if (o.type === "user_input" || o.type === undefined) textsOf(o.content, out, depth + 1);
  }
}

/** The user's text in a create body's `input` (string, content list, or steps). */
export function userTextOf(request: unknown): string {
  if (!request || typeof request !== "object") return "";
  const out: string[] = [];
  textsOf((request as { input?: unknown }).input, out);
  return out.join("\n").trim();
}

export function outputTextOf(interaction: Interaction | null | undefined): string {
  if (!interaction || !Array.isArray(interaction.steps)) return "";
  const out: string[] = [];
  for (const s of interaction.steps as Step[]) {
    if (s.type !== "model_output" || !Array.isArray(s.content)) continue;
    for (const c of s.content) if (c.type === "text" && typeof c.text === "string") out.push(c.text);
  }
  return out.join("\n");
}

/** A session title from the first user text: one line, at most 60 characters. */
export function titleFrom(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return Array.from(one).slice(0, 60).join("");
}

/**
 * Splits decoded text into lines on CRLF, LF or CR (the SSE line terminators). A trailing CR is
 * held back until the next piece shows whether an LF follows. Empty lines (frame separators) are
 * not reported.
 */
export class LineSplitter {
  private buf = "";
  push(text: string, onLine: (line: string) => void): void {
    const s = this.buf + text;
    let start = 0;
    const re = /\r\n|\r|\n/g;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (m[0] === "\r" && m.index === s.length - 1) break; // maybe the first half of CRLF
      const line = s.slice(start, m.index);
      if (line) onLine(line);
      start = m.index + m[0].length;
    }
    this.buf = s.slice(start);
  }
  /**
   * The same lines as push(), joined by "\n", with their count (null when the piece completes
   * none): one string per chunk instead of one per line. Without a CR in sight that is a slice
   * and a collapse of the blank lines, no per-line work.
   */
  pushJoined(text: string): { text: string; count: number } | null {
    const s = this.buf + text;
    if (s.includes("\r")) {
      const out: string[] = [];
      this.push(text, (line) => out.push(line));
      return out.length ? { text: out.join("\n"), count: out.length } : null;
    }
    const end = s.lastIndexOf("\n");
    if (end === -1) {
      this.buf = s;
      return null;
    }
    this.buf = s.slice(end + 1);
    let body = s.slice(0, end);
    if (body.includes("\n\n")) body = body.replace(/\n{2,}/g, "\n");
    if (body.startsWith("\n")) body = body.slice(1);
    if (body.endsWith("\n")) body = body.slice(0, -1);
    if (!body) return null;
    let count = 1;
    for (let i = body.indexOf("\n"); i !== -1; i = body.indexOf("\n", i + 1)) count++;
    return { text: body, count };
  }

  end(onLine: (line: string) => void): void {
    const rest = this.buf.replace(/\r$/, "");
    this.buf = "";
    if (rest) onLine(rest);
  }
}
