// The simulator's one token rule: tokens(text) = ceil(UTF-8 bytes / 4). Each piece of text is
// counted on its own and the pieces are summed; a non-text content item (image, audio, document,
// video) counts a flat MEDIA_TOKENS. docs/simulator.md states the rule for users.
import type { Content, Step } from "@/lib/interactions/types";

export const MEDIA_TOKENS = 258;

export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

export function countTokens(text: string | undefined | null): number {
  if (!text) return 0;
  return Math.ceil(utf8Bytes(text) / 4);
}

/** The longest prefix of `text` whose UTF-8 size is at most `maxBytes` (never splits a code point). */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return "";
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let size: number;
    let width = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size = 4;
      width = 2;
    } else size = 3;
    if (n + size > maxBytes) return text.slice(0, i);
    n += size;
    i += width - 1;
  }
  return text;
}

/** A function_result / tool result value as the text the model reads. */
export function resultText(result: unknown): string {
  if (typeof result === "string") return result;
  if (Array.isArray(result)) {
    const texts = result
      .map((r) => (r && typeof r === "object" && (r as Content).type === "text" ? String((r as Content).text ?? "") : JSON.stringify(r)))
      .filter(Boolean);
    return texts.join("\n");
  }
  return JSON.stringify(result ?? null);
}

function contentTokens(items: Content[] | undefined): number {
  let n = 0;
  for (const c of items ?? []) n += c.type === "text" ? countTokens(c.text) : MEDIA_TOKENS;
  return n;
}

/** Tokens one step costs when it is read back as context. */
export function stepTokens(step: Step): number {
  switch (step.type) {
    case "user_input":
    case "model_output":
      return contentTokens(step.content);
    case "thought":
      return contentTokens(step.summary);
    case "function_call":
      return countTokens(step.name) + countTokens(JSON.stringify(step.arguments ?? {}));
    case "function_result":
      return countTokens(step.name) + (Array.isArray(step.result) ? contentTokens(step.result as Content[]) : countTokens(resultText(step.result)));
    default: {
      // Built-in tool steps: their arguments / result as JSON.
      const rest = Object.fromEntries(Object.entries(step).filter(([k]) => !["type", "id", "call_id", "signature"].includes(k)));
      return Object.keys(rest).length ? countTokens(JSON.stringify(rest)) : 0;
    }
  }
}

export interface InputParts {
  history: Step[];
  input: Step[];
  system_instruction?: string;
  tools?: unknown[];
  response_format?: unknown;
}

/** total_input_tokens: history + input + system instruction + tool declarations + response schema. */
export function countInputTokens(p: InputParts): number {
  let n = 0;
  for (const s of p.history) n += stepTokens(s);
  for (const s of p.input) n += stepTokens(s);
  n += countTokens(p.system_instruction);
  if (p.tools && p.tools.length) n += countTokens(JSON.stringify(p.tools));
  if (p.response_format !== undefined && p.response_format !== null) n += countTokens(JSON.stringify(p.response_format));
  return n;
}
