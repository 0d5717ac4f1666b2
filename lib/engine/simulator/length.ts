// Requested length ("in three sentences", "at least 2,000 words", "write 500 words", "in 2
// paragraphs", "5 bullet points") and the deterministic filler that meets it. The filler is built
// from the prompt's topic and says it comes from the simulator, so long runs exist to stop and cancel.
import type { Rng } from "./prng";
import { capitalise, countWords, NUMBER_WORD_PATTERN, parseNumberPhrase } from "./text";

export type LengthSpec =
  | { unit: "words"; mode: "exact" | "min" | "max"; n: number; phrase: string }
  | { unit: "sentences" | "paragraphs" | "bullets"; n: number; phrase: string };

/** Upper bound on any requested length, so one request cannot ask for gigabytes. */
export const MAX_WORDS = 50_000;
const MAX_COUNT = 500;

const NUM = `(\\d{1,3}(?:,\\d{3})+|\\d+|${NUMBER_WORD_PATTERN}(?:[\\s-]+(?:and[\\s-]+)?${NUMBER_WORD_PATTERN})*)`;

function num(raw: string | undefined): number | null {
  if (!raw) return null;
  return parseNumberPhrase(raw);
}

export function parseLengthRequest(text: string): LengthSpec | null {
  const t = text.toLowerCase().replace(/[’]/g, "'");
  let m: RegExpExecArray | null;
  const clampWords = (n: number) => Math.max(1, Math.min(MAX_WORDS, Math.round(n)));
  const clampCount = (n: number) => Math.max(1, Math.min(MAX_COUNT, Math.round(n)));

  if ((m = new RegExp(`\\b(at least|at minimum|no (?:less|fewer) than|a minimum of|minimum of|(?<!no |not )more than|over)\\s+${NUM}[\\s-]*words?\\b`).exec(t))) {
    const n = num(m[2]);
    if (n !== null) return { unit: "words", mode: "min", n: clampWords(/more than|over/.test(m[1]!) ? n + 1 : n), phrase: m[0] };
  }
  if ((m = new RegExp(`\\b(at most|no more than|not more than|up to|under|(?<!no |not )fewer than|(?<!no |not )less than|a maximum of|maximum of)\\s+${NUM}[\\s-]*words?\\b`).exec(t))) {
    const n = num(m[2]);
    if (n !== null) return { unit: "words", mode: "max", n: clampWords(/under|fewer|less/.test(m[1]!) ? n - 1 : n), phrase: m[0] };
  }
  if ((m = new RegExp(`(?:^|[^\\w,])${NUM}[\\s-]*words?\\b`).exec(t))) {
    const n = num(m[1]);
    if (n !== null && n > 0) return { unit: "words", mode: "exact", n: clampWords(n), phrase: m[0].trim() };
  }
  if ((m = new RegExp(`(?:^|[^\\w,])${NUM}\\s+(?:short\\s+|long\\s+|full\\s+|complete\\s+)?sentences?\\b`).exec(t))) {
    const n = num(m[1]);
    if (n !== null && n > 0) return { unit: "sentences", n: clampCount(n), phrase: m[0].trim() };
  }
  if ((m = new RegExp(`(?:^|[^\\w,])${NUM}\\s+(?:short\\s+|long\\s+)?paragraphs?\\b`).exec(t))) {
    const n = num(m[1]);
    if (n !== null && n > 0) return { unit: "paragraphs", n: clampCount(n), phrase: m[0].trim() };
  }
  if ((m = new RegExp(`(?:^|[^\\w,])${NUM}\\s+(?:bullet(?:\\s+point)?s?|bullet-points?|points|items)\\b`).exec(t))) {
    const n = num(m[1]);
    if (n !== null && n > 0) return { unit: "bullets", n: clampCount(n), phrase: m[0].trim() };
  }
  return null;
}

const LEAD_IN =
  /^(?:please\s+|can you\s+|could you\s+|would you\s+|i want you to\s+|i'd like you to\s+)*(?:write|tell me|give me|describe|explain|generate|compose|produce|create|draft|summari[sz]e|discuss|list|make|research|investigate|look into|analy[sz]e|study|compare|find out)?\s*(?:me\s+)?(?:(?:an?|the|some)\s+)?(?:(?:short|long|brief|detailed)\s+)?(?:essay|story|text|article|report|paragraph|poem|summary|overview|description|explanation|piece|post|blog post|note|list)?\s*/i;

/** The topic of a writing request: "about the sea" → "the sea"; otherwise the prompt's main words. */
export function extractTopic(text: string, spec?: LengthSpec | null): string {
  let t = text.replace(/[’]/g, "'");
  if (spec) t = t.replace(new RegExp(spec.phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i"), " ");
  t = t.replace(/\b(?:in|with|using|of|about|around|roughly|approximately|exactly)\s+(?=[\s,.]|$)/gi, " ").replace(/\s+/g, " ").trim();
  const about = /\b(?:about|on the topic of|on|regarding|concerning|describing|explaining|covering)\s+([^.!?;:\n]+)/i.exec(t);
  let topic = about ? about[1]! : t.replace(LEAD_IN, "");
  topic = topic
    .replace(/\s*(?:,|\band\b|\bthen\b|\balso\b)+\s+(?:then\s+|also\s+)?(?:compute|calculate|work out|tell|write|give|explain|list|what|how|summari[sz]e|make|find|add|multiply|divide|subtract)\b.*$/i, "")
    .replace(/[-+*/^=×÷%]|\b\d[\d,.]*\b/g, " ")
    .replace(/\b(?:in|with|using)\s*$/i, "")
    .replace(/[^\p{L}\p{N}' -]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const words = topic.split(" ").filter(Boolean).slice(0, 6);
  topic = words.join(" ").replace(/\s+(?:in|with|and|or|for|to|of|the|a|an)$/i, "");
  return topic && !/^(?:it|this|that|something|anything)$/i.test(topic) ? topic : "this topic";
}

const ASPECTS = [
  "history", "structure", "purpose", "context", "scale", "cost", "design", "limits", "origins", "future", "variety",
  "people", "rules", "methods", "trade-offs", "consequences", "patterns", "details", "evidence", "examples",
];

const TEMPLATES = [
  "{T} can be examined from the point of view of {a}.",
  "One way to think about {t} is through its {a}.",
  "The {a} of {t} is closely connected to its {b}.",
  "Many discussions of {t} begin with {a} and end with {b}.",
  "It is worth noting how {a} shapes {t} over time.",
  "A careful look at {t} shows that {a} and {b} often go together.",
  "People who study {t} tend to return to questions of {a}.",
  "In practice, {t} depends on {a} more than it first appears.",
  "Any summary of {t} should mention {a} as well as {b}.",
  "Seen through its {a}, {t} looks different than it does through its {b}.",
  "Questions about the {a} of {t} rarely have a single answer.",
  "A good example of {t} makes its {a} easy to see.",
];

const TAIL_POOL =
  "This simulated filler continues in the same way so that the requested length is reached exactly and nothing more is added here".split(" ");

export function labelSentence(topic: string): string {
  return `This is filler text about ${topic}, written by the local simulator.`;
}

function fillerSentence(topic: string, rng: Rng): string {
  const a = rng.pick(ASPECTS);
  let b = rng.pick(ASPECTS);
  if (b === a) b = ASPECTS[(ASPECTS.indexOf(a) + 1) % ASPECTS.length]!;
  return rng
    .pick(TEMPLATES)
    .replace("{T}", capitalise(topic))
    .replace("{t}", topic)
    .replace("{a}", a)
    .replace("{b}", b);
}

/** A sentence of exactly `n` words (n ≥ 1). */
function tailSentence(n: number): string {
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(TAIL_POOL[i % TAIL_POOL.length]!);
  return `${words.join(" ")}.`;
}

/** Sentences about the topic, the first of which says it is simulator filler. */
export function fillerSentences(topic: string, rng: Rng, count: number, labelled = true): string[] {
  const out: string[] = [];
  if (labelled && count > 0) out.push(labelSentence(topic));
  while (out.length < count) out.push(fillerSentence(topic, rng));
  return out;
}

/** Exactly `n` words of text that begins with `core` sentences (trimmed if they alone exceed n). */
function exactWords(core: string[], topic: string, rng: Rng, n: number): string {
  const out: string[] = [];
  let count = 0;
  for (const s of core) {
    const w = countWords(s);
    if (count + w > n) break;
    out.push(s);
    count += w;
  }
  if (count === 0 && core.length && n > 0) {
    // even the first core sentence is too long: cut it
    const words = core[0]!.split(/\s+/).slice(0, n);
    return `${words.join(" ").replace(/[.!?,;:]+$/, "")}.`;
  }
  if (!out.length && count + countWords(labelSentence(topic)) <= n) {
    out.push(labelSentence(topic));
    count += countWords(labelSentence(topic));
  }
  while (n - count > 16) {
    const s = fillerSentence(topic, rng);
    out.push(s);
    count += countWords(s);
  }
  // close with sentences that land exactly on n
  while (n - count > 0) {
    const left = n - count;
    const s = left > 12 ? fillerSentence(topic, rng) : tailSentence(left);
    const w = countWords(s);
    if (w > left) {
      out.push(tailSentence(left));
      count = n;
    } else {
      out.push(s);
      count += w;
    }
  }
  return out.join(" ");
}

/** Shape `core` (the answer's own sentences) into the requested length, padding with filler. */
export function applyLength(core: string[], spec: LengthSpec, topic: string, rng: Rng): string {
  switch (spec.unit) {
    case "words":
      if (spec.mode === "exact") return exactWords(core, topic, rng, spec.n);
      if (spec.mode === "max") {
        const text = core.join(" ");
        return text && countWords(text) <= spec.n ? text : exactWords(core, topic, rng, spec.n);
      }
      {
        const out = [...core];
        if (!out.length) out.push(labelSentence(topic));
        let count = countWords(out.join(" "));
        while (count < spec.n) {
          const s = fillerSentence(topic, rng);
          out.push(s);
          count += countWords(s);
        }
        return out.join(" ");
      }
    case "sentences": {
      const sentences = core.slice(0, spec.n);
      const pad = fillerSentences(topic, rng, spec.n - sentences.length, sentences.length === 0);
      return [...sentences, ...pad].join(" ");
    }
    case "paragraphs": {
      const paras: string[] = [];
      for (let i = 0; i < spec.n; i++) {
        const own = i === 0 ? core.slice(0, 4) : [];
        const body = [...own, ...fillerSentences(topic, rng, Math.max(0, 4 - own.length), i === 0 && own.length === 0)];
        paras.push(body.join(" "));
      }
      return paras.join("\n\n");
    }
    case "bullets": {
      const items = [...core.slice(0, spec.n)];
      const pad = fillerSentences(topic, rng, spec.n - items.length, items.length === 0);
      return [...items, ...pad]
        .slice(0, spec.n)
        .map((s) => `- ${s}`)
        .join("\n");
    }
  }
}
