// Pulling values out of a user's text: place names, numbers, quoted strings, e-mails, URLs, dates.
// Used to fill function-call arguments and structured output, and by the fact extractor.
import { capitalise, normaliseQuotes, parseNumberPhrase } from "./text";

const PLACE_CONNECTORS = "(?:de|da|do|del|della|di|du|of|upon|am|la|le|les|los|las|sur|y|el|al)";
const CAP_WORD = "\\p{Lu}[\\p{L}'’.-]*";
const CAP_PLACE = new RegExp(`^(${CAP_WORD}(?:[ \\t]+(?:${PLACE_CONNECTORS}[ \\t]+)?${CAP_WORD})*)`, "u");
const STOP_AFTER_PLACE = new Set([
  "with", "and", "since", "for", "near", "because", "but", "now", "at", "in", "on", "today", "tomorrow", "tonight",
  "right", "this", "next", "last", "please", "currently", "these", "those", "or", "to", "from", "by", "so", "then",
]);
const NOT_PLACE_START = new Set([
  "the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "this", "that", "these", "those", "some", "any",
  "general", "particular", "order", "case", "fact", "time", "detail", "words", "sentences", "total", "celsius",
  "fahrenheit", "metric", "imperial", "english", "french", "spanish", "german", "it", "me", "you", "us", "them", "there",
  "here", "use", "terms", "advance", "short", "brief", "which", "what", "one", "two", "three", "home", "work", "school",
  "night", "noon", "midnight", "least", "most", "all", "once", "first", "last", "bed", "church", "college", "lunch",
  "dinner", "breakfast", "business", "economy", "class", "words", "sentence", "paragraph",
]);

/** A place name at the start of `rest`: capitalised words ("Rio de Janeiro"), else up to 3 plain words. */
export function placeAt(rest: string): string | null {
  const r = rest.trim().replace(/^["'“]/, "");
  const cap = CAP_PLACE.exec(r);
  if (cap) return cap[1]!.replace(/[.'’-]+$/, "");
  const words: string[] = [];
  for (const w of r.split(/\s+/)) {
    const clean = w.replace(/[^\p{L}'’-]/gu, "");
    if (!clean || STOP_AFTER_PLACE.has(clean.toLowerCase()) || words.length === 3) break;
    words.push(capitalise(clean.toLowerCase()));
    if (clean !== w.replace(/[.!?]+$/, "")) break; // punctuation inside ends the name
    if (/[,.;!?]$/.test(w)) break;
  }
  return words.length ? words.join(" ") : null;
}

/**
 * Place names the text mentions after in/at/to/from/for/near/of/around, grouped by list: "weather in
 * Paris and London, flights to Rome" → [["Paris", "London"], ["Rome"]]. Capitalised names first; a
 * lowercase word after "in"/"at" counts only when nothing capitalised was found.
 */
export function findPlaceGroups(text: string): string[][] {
  const t = normaliseQuotes(text);
  const groups: string[][] = [];
  const ok = (p: string) => !NOT_PLACE_START.has(p.toLowerCase()) && p !== "I";
  const re = new RegExp(`\\b(?:in|at|to|from|for|near|of|around|between|visit|visiting)[ \\t]+(${CAP_WORD}(?:[ \\t]+(?:${PLACE_CONNECTORS}[ \\t]+)?${CAP_WORD})*)`, "gu");
  for (const m of t.matchAll(re)) {
    const group = [m[1]!.replace(/[.'’-]+$/, "")];
    // "in Paris and London", "in Paris, Rome or Berlin"
    let tail = t.slice((m.index ?? 0) + m[0].length);
    for (;;) {
      const next = new RegExp(`^[ \\t]*(?:,|and|or|&|,[ \\t]*and)[ \\t]*(${CAP_WORD}(?:[ \\t]+(?:${PLACE_CONNECTORS}[ \\t]+)?${CAP_WORD})*)`, "u").exec(tail);
      if (!next) break;
      group.push(next[1]!.replace(/[.'’-]+$/, ""));
      tail = tail.slice(next[0].length);
    }
    const kept = group.filter(ok);
    if (kept.length) groups.push(kept);
  }
  if (groups.length) return groups;
  for (const m of t.matchAll(/\b(?:in|at)\s+([a-z][\p{L}'’-]{2,})/gu)) {
    if (!ok(m[1]!) || STOP_AFTER_PLACE.has(m[1]!.toLowerCase())) continue;
    const p = placeAt(m[1]!);
    if (p) groups.push([p]);
  }
  return groups;
}

/** Every place name found, in order, without repeats. */
export function findPlaces(text: string): string[] {
  return [...new Set(findPlaceGroups(text).flat())];
}

/** Spans whose digits are not quantities — URLs, e-mails, IP addresses and versions ("127.0.0.1",
 *  "v1.2.3"), ISO dates — replaced by spaces of the same length, so positions stay the same. */
function blankNonNumbers(t: string): string {
  const blank = (m: string) => " ".repeat(m.length);
  return t
    .replace(/https?:\/\/[^\s"'<>)]+/g, blank)
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, blank)
    .replace(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g, blank)
    .replace(/(?<![\w.])v?\d+(?:\.\d+){2,}(?::\d+)?(?![\w.]*\d)/g, blank);
}

/** Numbers in reading order: digits ("2,000", "-3.5") and number words ("seven", "twenty-one"). */
export function findNumbers(text: string): number[] {
  const out: { at: number; v: number }[] = [];
  const t = blankNonNumbers(normaliseQuotes(text));
  for (const m of t.matchAll(/(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])-?\d+(?:\.\d+)?/g)) {
    out.push({ at: m.index ?? 0, v: Number(m[0].replace(/,/g, "")) });
  }
  const words =
    /\b(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)(?:[\s-]+(?=(?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand)\b))?)+\b/gi;
  for (const m of t.matchAll(words)) {
    const v = parseNumberPhrase(m[0]);
    if (v !== null) out.push({ at: m.index ?? 0, v });
  }
  return out.sort((a, b) => a.at - b.at).map((x) => x.v);
}

export function findQuoted(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"\n]{1,300})"|“([^”\n]{1,300})”|(?<![\w])'([^'\n]{2,300})'(?![\w])/g)) out.push((m[1] ?? m[2] ?? m[3])!.trim());
  return out.filter(Boolean);
}

export function findEmails(text: string): string[] {
  return [...text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m) => m[0]);
}

export function findUrls(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0].replace(/[.,;!?]+$/, ""));
}

export function findDates(text: string): string[] {
  const iso = [...text.matchAll(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g)].map((m) => m[0]);
  const words = [...text.matchAll(/\b(today|tomorrow|yesterday|tonight|(?:next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year))\b/gi)].map(
    (m) => m[0].toLowerCase(),
  );
  return [...iso, ...words];
}

/** Capitalised words that do not start a sentence and are not places: likely names. */
export function findProperNouns(text: string): string[] {
  const out: string[] = [];
  for (const m of normaliseQuotes(text).matchAll(/(?<=[\p{L},;:][ \t]+)(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)*)/gu)) out.push(m[1]!);
  return [...new Set(out)];
}

/** A comma / "and" separated list after a colon or "of"/"like"/"such as": "buy: eggs, milk and bread". */
export function findList(text: string): string[] {
  const m = /(?::|\b(?:such as|like|including|namely|are|of))\s+([^.!?:]+(?:,|\band\b|\bor\b)[^.!?:]+)/i.exec(text);
  if (!m) return [];
  return m[1]!
    .split(/\s*(?:,\s*(?:and|or)\s+|,|\band\b|\bor\b)\s*/i)
    .map((s) => s.trim().replace(/^(?:a|an|the|some)\s+/i, ""))
    .filter((s) => s && s.split(/\s+/).length <= 5);
}
