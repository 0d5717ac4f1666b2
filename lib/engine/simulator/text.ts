// Small text helpers shared by the simulator and the agent loop.
import type { Content, Step } from "@/lib/interactions/types";
import type { Rng } from "./prng";

/** The text items of a step's content, joined with newlines. */
export function stepText(step: Step): string {
  return (step.content ?? [])
    .filter((c): c is Content => !!c && c.type === "text" && typeof c.text === "string")
    .map((c) => c.text as string)
    .join("\n");
}

/** Words = whitespace-separated runs. The rule the length tests and docs use. */
export function countWords(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}

/** Sentences = runs ending in . ! or ? followed by whitespace or the end. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function countSentences(text: string): number {
  return splitSentences(text.replace(/^\s*-\s+/gm, "")).length;
}

export function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** Typographic quotes around a (shortened) user text. */
export function quote(text: string, max = 160): string {
  const t = text.replace(/\s+/g, " ").trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

/** Split into chunks of a few words each (2–4, drawn from rng), keeping all whitespace. */
export function chunkWords(text: string, rng: Rng): string[] {
  const parts = text.match(/\s*\S+/g);
  if (!parts) return text ? [text] : [];
  const trailing = text.slice(parts.join("").length);
  const chunks: string[] = [];
  let i = 0;
  while (i < parts.length) {
    const n = rng.int(2, 4);
    chunks.push(parts.slice(i, i + n).join(""));
    i += n;
  }
  if (trailing) chunks[chunks.length - 1] += trailing;
  return chunks;
}

/** Split into fragments of 8–24 characters (for JSON text and arguments). */
export function chunkChars(text: string, rng: Rng): string[] {
  const chunks: string[] = [];
  let i = 0;
  while (i < text.length) {
    let n = rng.int(8, 24);
    // keep surrogate pairs together
    const end = Math.min(text.length, i + n);
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) n += 1;
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  return chunks;
}

export function normaliseQuotes(s: string): string {
  return s.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"');
}

/** Human-readable size of base64 data. */
export function describeBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function base64Size(data: string): number {
  const clean = data.replace(/\s+/g, "");
  const pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - pad);
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

export const NUMBER_WORD_PATTERN =
  "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a|an|single)";

/** "2,000" → 2000, "three" → 3, "twenty-one" → 21, "two thousand" → 2000, "a hundred" → 100; null if not a number. */
export function parseNumberPhrase(raw: string): number | null {
  const s = raw.trim().toLowerCase();
  if (/^\d{1,3}(,\d{3})+$/.test(s)) return Number(s.replace(/,/g, ""));
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const words = s.split(/[\s-]+/).filter((w) => w && w !== "and");
  if (!words.length) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === "a" || w === "an" || w === "single") {
      current += 1;
      seen = true;
    } else if (w in NUMBER_WORDS) {
      current += NUMBER_WORDS[w]!;
      seen = true;
    } else if (w === "hundred") {
      current = (current || 1) * 100;
      seen = true;
    } else if (w === "thousand") {
      total += (current || 1) * 1000;
      current = 0;
      seen = true;
    } else return null;
  }
  return seen ? total + current : null;
}
