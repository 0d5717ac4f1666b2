// A session as a readable Markdown transcript (the header's "Export as Markdown"): each turn is
// headed with its interaction id, status, model or agent and usage, then the user's new input,
// the model's text, and function calls/results as fenced JSON. Pure: unit-tested beside it.
import type { Content, Step, Usage } from "@/lib/interactions/types";
import type { SessionDetail, Turn } from "@/lib/contract/app-api";
import { splitRequestInput } from "./turn-model";

/** A fence longer than any backtick run inside `text`. */
function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

function json(v: unknown): string {
  return fence(JSON.stringify(v ?? null, null, 2), "json");
}

function when(ms: number | string | undefined): string {
  if (ms === undefined || ms === "") return "—";
  const d = new Date(typeof ms === "number" ? ms : Number.isNaN(Number(ms)) ? ms : Number(ms));
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

function usageLine(u: Usage | undefined): string {
  if (!u) return "—";
  const parts: string[] = [];
  if (u.total_input_tokens !== undefined) parts.push(`${u.total_input_tokens} in`);
  if (u.total_output_tokens !== undefined) parts.push(`${u.total_output_tokens} out`);
  if (u.total_thought_tokens) parts.push(`${u.total_thought_tokens} thought`);
  if (u.total_cached_tokens) parts.push(`${u.total_cached_tokens} cached`);
  if (u.total_tokens !== undefined) parts.push(`${u.total_tokens} total`);
  return parts.length ? parts.join(", ") : "—";
}

function contentLines(content: Content[] | undefined): string[] {
  const out: string[] = [];
  for (const c of content ?? []) {
    if (c.type === "text") {
      if (c.text) out.push(c.text);
    } else {
      const size = typeof c.data === "string" ? `, ${Math.floor((c.data.length * 3) / 4)} bytes` : "";
      out.push(`*[${c.type}${c.mime_type ? ` ${c.mime_type}` : ""}${c.uri ? ` ${c.uri}` : ""}${size}]*`);
    }
  }
  return out;
}

function stepLines(step: Step, who: "user" | "model"): string[] {
  switch (step.type) {
    case "user_input":
    case "model_output": {
      const body = contentLines(step.content);
      return body.length ? [`**${who === "user" ? "User" : "Model"}:**`, "", body.join("\n\n")] : [];
    }
    case "thought": {
      const summary = contentLines(step.summary).join("\n\n");
      return summary ? ["**Thought summary:**", "", summary.replace(/^/gm, "> ")] : [];
    }
    case "function_call":
      return [`**Function call** \`${step.name ?? "?"}\` (id \`${step.id ?? "?"}\`):`, "", json(step.arguments ?? {})];
    case "function_result":
      return [
        `**Function result** \`${step.name ?? "?"}\` (call_id \`${step.call_id ?? "?"}\`)${step.is_error ? " — error" : ""}:`,
        "",
        json(step.result),
      ];
    default: {
      // Any other step (search, code execution, URL context, MCP…) as its JSON.
      const text = contentLines(step.content);
      return [`**${step.type}:**`, "", text.length ? text.join("\n\n") : json(step)];
    }
  }
}

function turnMarkdown(t: Turn, n: number): string {
  const inter = t.interaction;
  const target = t.agent ?? inter?.agent ?? t.model ?? inter?.model;
  const { newInput, transcript } = splitRequestInput(t.request);
  const lines: string[] = [
    `## Turn ${n} — \`${t.interaction_id}\``,
    "",
    `- Status: ${t.status}`,
    `- ${t.agent ?? inter?.agent ? "Agent" : "Model"}: ${target ?? "—"}`,
    `- Usage: ${usageLine(inter?.usage)}`,
    `- Backend: ${t.backend} (${t.api_version})${t.store ? "" : ", store off"}${t.background ? ", background" : ""}${t.stream ? ", streamed" : ""}`,
    `- Created: ${when(t.created_ms)}`,
  ];
  if (t.previous_interaction_id) lines.push(`- Previous interaction: \`${t.previous_interaction_id}\``);
  if (transcript) lines.push(`- Re-sent ${transcript} earlier steps as the transcript`);
  if (t.error) lines.push(`- Error: ${t.error.code ? `${t.error.code}: ` : ""}${t.error.message ?? "unknown"}`);
  for (const s of newInput) {
    const part = stepLines(s, "user");
    if (part.length) lines.push("", ...part);
  }
  for (const s of inter?.steps ?? []) {
    const part = stepLines(s, "model");
    if (part.length) lines.push("", ...part);
  }
  return lines.join("\n");
}

/** The whole session as Markdown. */
export function sessionToMarkdown(detail: SessionDetail, sessionId: string): string {
  const title = detail.session?.title?.trim() || "Untitled session";
  const head = [
    `# ${title.replace(/\n/g, " ")}`,
    "",
    `Session \`${detail.session?.id ?? sessionId}\` · ${detail.turns.length} ${detail.turns.length === 1 ? "turn" : "turns"} · exported ${when(Date.now())}`,
  ].join("\n");
  return [head, ...detail.turns.map((t, i) => turnMarkdown(t, i + 1))].join("\n\n") + "\n";
}

/** `session-<id>.<ext>` with anything unsafe in a file name replaced. */
export function exportFileName(sessionId: string, ext: "json" | "md"): string {
  return `session-${sessionId.replace(/[^A-Za-z0-9._-]/g, "_")}.${ext}`;
}
