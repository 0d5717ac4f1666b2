// Facts the user states ("my name is Ada", "I live in Lisbon", "remember that the code is 4417",
// "the capital of Peru is Lima") and questions that ask for them back ("what is my name?",
// "where do I live?", "what's the code?"). This is how the simulator makes server-side history
// visible: the facts come from every earlier user turn the engine loaded for the request.
import { placeAt } from "./extract";
import { capitalise, normaliseQuotes } from "./text";

/** `said`: any other first-person statement ("I ordered a kettle", "I'm allergic to peanuts"), kept whole. */
export type Relation = "name" | "home" | "origin" | "workplace" | "job" | "age" | "likes" | "attr" | "note" | "said";

export interface Fact {
  relation: Relation;
  /** For attr: the subject as the user put it ("my favourite colour", "the code", "Paris"). */
  subject: string;
  /** Normalised lookup key. */
  key: string;
  value: string;
  verb: string;
}

export type Query =
  | { kind: "relation"; relation: Exclude<Relation, "attr" | "note" | "said">; asked: string; verb?: string }
  | { kind: "subject"; subject: string; key: string; asked: string }
  | { kind: "history"; asked: string }
  | { kind: "recap"; asked: string };

/** "summarise our conversation", "what do you know about me?" */
export function isRecap(text: string): boolean {
  return /\b(?:summari[sz]e|recap|sum up)\b.*\b(?:conversation|chat|discussion|so far|what i(?:'ve| have) (?:said|told you))\b|\bwhat have we (?:talked|spoken|chatted) about\b|\bwhat do you (?:know|remember) about me\b|\bwhat have i told you\b/i.test(
    normaliseQuotes(text),
  );
}

const SPELLING: [RegExp, string][] = [
  [/\bfavorite\b/g, "favourite"],
  [/\bfavourites\b/g, "favourite"],
  [/\bcolor\b/g, "colour"],
  [/\bcolors\b/g, "colours"],
];

export function normaliseKey(subject: string): string {
  let s = normaliseQuotes(subject).toLowerCase();
  s = s.replace(/[^\p{L}\p{N}' ]+/gu, " ").replace(/\s+/g, " ").trim();
  for (const [re, to] of SPELLING) s = s.replace(re, to);
  s = s.replace(/^(?:the|a|an)\s+/, "");
  s = s.replace(/\s+(?:again|now|please|exactly|then|today|currently)$/g, "");
  s = s.replace(/\s+(?:is|are|was|were)$/, "");
  return s.trim();
}

function cleanValue(v: string): string {
  return v
    .replace(/\s+(?:by the way|btw|please|ok|okay)$/i, "")
    .replace(/^["'“]|["'”]$/g, "")
    .replace(/[.!,;:]+$/, "")
    .trim();
}

/** A name at the start of `rest`: its first word, then up to two more capitalised words. */
function nameAt(rest: string): string | null {
  const m = /^([\p{L}'’-]+)((?:\s+\p{Lu}[\p{L}'’-]*){0,2})/u.exec(rest.trim());
  if (!m) return null;
  return properName(`${m[1]}${m[2] ?? ""}`);
}

function properName(v: string): string {
  const words = cleanValue(v).split(/\s+/).slice(0, 4);
  return words.map((w) => (w === w.toLowerCase() ? capitalise(w) : w)).join(" ");
}

const PRONOUN_SUBJECTS = new Set([
  "it", "this", "that", "there", "here", "he", "she", "they", "we", "you", "i", "what", "who", "which", "where",
  "when", "why", "how", "today", "everything", "nothing", "something", "life", "all",
]);

const NOT_NAMES = new Set([
  "sorry", "fine", "good", "ok", "okay", "back", "here", "done", "ready", "happy", "tired", "not", "just", "also",
  "going", "looking", "trying", "working", "from", "in", "at", "a", "an", "the", "so", "very", "still", "new", "sure",
  "glad", "curious", "wondering", "interested", "excited", "hungry", "busy", "well", "great",
]);

/** Split a message into clauses: sentences, and "… and I/my/the …" joins. */
export function splitClauses(text: string): string[] {
  return normaliseQuotes(text)
    .split(/(?<=[.!?])\s+|\n+|;\s*/)
    .flatMap((s) => s.split(/,?\s+(?:and|but|also)\s+(?=(?:i|my|the|i'm|i've)\b)/i))
    .map((s) => s.trim())
    .filter(Boolean);
}

const QUESTION_START =
  /^(?:what|what's|whats|where|where's|who|who's|when|why|how|which|do|does|did|is|are|can|could|would|will|should|tell me|remind me)\b/i;

export function isQuestion(clause: string): boolean {
  return /\?\s*$/.test(clause) || QUESTION_START.test(clause.trim());
}

/** Facts stated in one clause (none for questions). */
export function factsInClause(raw: string): Fact[] {
  const clause = raw.trim().replace(/[.!]+$/, "");
  if (!clause || isQuestion(clause)) return [];
  const out: Fact[] = [];
  const rel = (relation: Relation, value: string, subject = relation as string): Fact => ({
    relation,
    subject,
    key: relation,
    value,
    verb: "is",
  });

  const remember = /^(?:please\s+)?(?:remember|note|keep in mind|don't forget|do not forget)(?:\s+that)?[,:]?\s+(.+)$/i.exec(clause);
  if (remember) {
    // "Please remember it." refers back to what was just said: nothing new to keep.
    if (/^(?:it|this|that|them|these|those|all (?:of )?(?:it|this|that))$/i.test(cleanValue(remember[1]!))) return [];
    const inner = factsInClause(remember[1]!);
    return inner.length ? inner : [{ relation: "note", subject: "note", key: "note", value: cleanValue(remember[1]!), verb: "is" }];
  }

  const pushPlace = (relation: Relation, rest: string) => {
    const place = placeAt(rest);
    if (place) out.push(rel(relation, place));
  };
  let m: RegExpExecArray | null;
  const afterName = /\b(?:my name(?:'s| is)|call me|calls me|i'm called|i am called)\s+/i.exec(clause);
  if (afterName) {
    const name = nameAt(clause.slice(afterName.index + afterName[0].length));
    if (name) out.push(rel("name", name));
  } else if ((m = /(?:^|,\s*|\b(?:[Hh]i|[Hh]ello|[Hh]ey)[,!]?\s+)(?:I'm|I am|i'm|i am)\s+(\p{Lu}[\p{L}'’-]*)(?:\s+(\p{Lu}[\p{L}'’-]*))?\s*(?:,.*)?$/u.exec(clause))) {
    if (!NOT_NAMES.has(m[1]!.toLowerCase())) out.push(rel("name", [m[1], m[2]].filter(Boolean).join(" ")));
  }

  if ((m = /\bi(?:'m| am)?\s*(?:live|living|reside|residing|stay|staying|based)\s+in\s+([^,;]+)/i.exec(clause))) pushPlace("home", m[1]!);
  else if ((m = /\bi(?:'ve| have)?\s*(?:moved|relocated)\s+to\s+([^,;]+)/i.exec(clause))) pushPlace("home", m[1]!);
  if ((m = /\bi(?:'m| am| come)\s+(?:originally\s+)?from\s+([^,;]+)/i.exec(clause))) pushPlace("origin", m[1]!);
  if ((m = /\bi(?:'m| am)?\s*work(?:ing)?\s+(?:at|for)\s+([^,;]+)/i.exec(clause))) out.push(rel("workplace", cleanValue(m[1]!)));
  if ((m = /\bi(?:'m| am)?\s*work(?:ing)?\s+as\s+(?:an?\s+)?([^,;]+?)(?:\s+(?:at|for)\s+([^,;]+))?$/i.exec(clause))) {
    out.push(rel("job", cleanValue(m[1]!)));
    if (m[2]) out.push(rel("workplace", cleanValue(m[2])));
  }
  else if ((m = /\bmy (?:job|profession|occupation) is\s+(?:an?\s+)?([^,;]+)/i.exec(clause))) out.push(rel("job", cleanValue(m[1]!)));
  else if ((m = /^(?:and\s+|also\s+)?i(?:'m| am)\s+an?\s+((?:[\p{L}-]+\s+){0,3}[\p{L}-]+)$/iu.exec(clause)) && !/\b(?:of|in|at|from|for|with|to|fan|bit|lot|little)\b/i.test(m[1]!))
    out.push(rel("job", cleanValue(m[1]!)));
  if ((m = /\bi(?:'m| am)\s+(\d{1,3})(?:\s+years?\s+old|\s+y\/?o)?\s*$/i.exec(clause)) || (m = /\bi(?:'m| am)\s+(\d{1,3})\s+years?\s+old/i.exec(clause)) || (m = /\bmy age is\s+(\d{1,3})/i.exec(clause)))
    out.push(rel("age", m[1]!));
  if ((m = /^(?:and\s+|also\s+|so\s+)?i\s+(?:really\s+|also\s+)?(love|like|enjoy|adore|prefer)\s+(.{1,80})$/i.exec(clause)))
    out.push({ relation: "likes", subject: "likes", key: "likes", value: cleanValue(m[2]!), verb: m[1]!.toLowerCase() });
  if (out.length) return out;

  // "my X is Y" / "the X is Y" / "X is Y"
  if ((m = /^(?:so\s+|well\s+|also\s+|and\s+|btw\s+|oh\s+)?(.{1,60}?)\s+(is|are|was|were|equals)\s+(.{1,200})$/i.exec(clause))) {
    const subject = m[1]!.trim();
    const first = subject.toLowerCase().split(/\s+/)[0] ?? "";
    if (!PRONOUN_SUBJECTS.has(first) && !PRONOUN_SUBJECTS.has(subject.toLowerCase()) && subject.split(/\s+/).length <= 6) {
      const key = normaliseKey(subject);
      if (key) out.push({ relation: "attr", subject, key, value: cleanValue(m[3]!), verb: m[2]!.toLowerCase() === "equals" ? "is" : m[2]!.toLowerCase() });
    }
  }
  if (out.length) return out;

  // Any other first-person statement: kept whole, recalled by the words it shares with a question.
  if ((m = /^(?:and\s+|also\s+|so\s+|btw\s+|oh\s+)?(i(?:'m| am|'ve| have)?|we(?:'re| are)?|our|my)\s+(\S+)(.{0,160})$/i.exec(clause))) {
    const lead = m[1]!.toLowerCase();
    const next = m[2]!.toLowerCase().replace(/[^a-z']/g, "");
    const isI = /^i\b|^i'|^i$/.test(lead);
    const isIAm = /^i(?:'m| am)$/.test(lead);
    if (!(isI && NOT_STATEMENT_VERBS.has(next)) && !(isIAm && NOT_NAMES.has(next) && !/^(?:a|an|the|in|at|from)$/.test(next))) {
      const text = cleanValue(clause.replace(/^(?:and|also|so|btw|oh)\s+/i, ""));
      out.push({ relation: "said", subject: text, key: normaliseKey(text), value: swapPerson(text), verb: "said" });
    }
  }
  return out;
}

/** "I think …", "I want …", "I can …": not something the user is telling about themselves. */
const NOT_STATEMENT_VERBS = new Set([
  "think", "want", "need", "guess", "hope", "wonder", "feel", "can", "could", "will", "would", "should", "must", "may",
  "might", "don't", "dont", "do", "did", "didn't", "see", "mean", "know", "understand", "agree", "believe", "wish",
  "suppose", "just", "was", "were", "asked", "said", "told", "meant", "said", "forgot", "forget", "remember", "am", "'d",
]);

/** Words a recall question and a statement share without saying anything (pronouns, verbs of asking). */
const RECALL_STOP = new Set(
  (
    "i me my mine you your yours we our us it its is are was were be been am do does did done have has had say said tell told " +
    "remember recall know knew what which who whom where when why how the a an of to in on at for with about from and or but " +
    "again please can could would will should give gave given mention mentioned this that there here any some so just " +
    "favourite favorite most best like thing things call called name many much"
  ).split(" "),
);

function recallWords(text: string): Set<string> {
  return new Set(
    normaliseQuotes(text)
      .toLowerCase()
      .replace(/'s\b/g, "")
      .split(/[^\p{L}\p{N}@.-]+/u)
      .map((w) => w.replace(/^[.-]+|[.-]+$/g, ""))
      .filter((w) => w.length >= 2 && !RECALL_STOP.has(w))
      .map((w) => w.replace(/(?:ies)$/, "y").replace(/(?:ing|ed|es|s)$/, "") || w),
  );
}

/** A question about something the user said ("…did I…", "…my…", "do you remember…"). */
export function isRecallShaped(question: string): boolean {
  return /\b(?:i|my|me|mine|i'm|i've|we|our|us)\b|\b(?:remember|recall|told you|tell you)\b/i.test(normaliseQuotes(question));
}

/**
 * The earlier statement that shares the most content words with a recall-shaped question (the
 * latest on a tie), when no fact answers it directly: "What am I allergic to?" finds "I'm allergic
 * to peanuts". Only statements count (never questions), and at least one word must be shared.
 */
export function findStatement(priorTexts: string[], question: string): string | undefined {
  const q = recallWords(question);
  if (!q.size) return undefined;
  let best: { clause: string; score: number } | undefined;
  for (const text of priorTexts) {
    for (const clause of splitClauses(text)) {
      if (isQuestion(clause)) continue;
      const words = recallWords(clause);
      let score = 0;
      for (const w of q) if (words.has(w)) score++;
      if (score > 0 && (!best || score >= best.score)) best = { clause: clause.replace(/[.!]+$/, ""), score };
    }
  }
  return best?.clause;
}

/**
 * A system instruction that states facts about the user in the third person ("The user's name is
 * Hedy.", "The user lives in Lisbon.") read as if the user had said them.
 */
export function systemAsUserText(system: string): string {
  return system
    .replace(/\b(?:the )?user's\b/gi, "my")
    .replace(/\b(?:the )?user (?:is|'s)\b/gi, "I am")
    .replace(/\b(?:the )?user has\b/gi, "I have")
    .replace(/\b(?:the )?user ([a-z]+?)s\b/gi, "I $1")
    .replace(/\b(?:the )?user\b/gi, "I");
}

// Per-message results, so a long chain's earlier messages are parsed once per process, not on every turn.
const FACT_CACHE_LIMIT = 20_000;
const factCache = new Map<string, readonly Fact[]>();

function factsInMessage(text: string): readonly Fact[] {
  const hit = factCache.get(text);
  if (hit) return hit;
  const facts = Object.freeze(splitClauses(text).flatMap(factsInClause).map((f) => Object.freeze(f)));
  if (factCache.size >= FACT_CACHE_LIMIT) factCache.delete(factCache.keys().next().value as string);
  factCache.set(text, facts);
  return facts;
}

/** All facts, in the order stated (later facts about the same thing override earlier ones in lookups). */
export function extractFacts(userTexts: string[]): Fact[] {
  return userTexts.flatMap((t) => factsInMessage(t));
}

/** What a question asks for, if it asks for something the user could have told us. */
export function parseQuery(raw: string): Query | null {
  let m0: RegExpExecArray | null;
  const asked = raw.trim();
  const q = normaliseQuotes(asked).toLowerCase().replace(/[?.!]+\s*$/, "").trim();
  if (/\bwhat my name is\b|\bwhat(?:'s| is| was)\s+my name\b|\bwho am i\b|\b(?:know|remember|recall)\s+(?:my name|who i am)\b|\bmy name\s*$/.test(q))
    return { kind: "relation", relation: "name", asked };
  if (/\bwhere\s+(?:do|did)\s+i\s+(?:live|reside|stay)\b|\bwhere i (?:live|reside|stay)\b|\b(?:what|which) (?:city|town|country|place) (?:do|did) i (?:say i )?live in\b|\bwhere(?:'s| is)\s+my home\b|\bwhat (?:city|town|country|place) do i live in\b|\b(?:know|remember|recall)\s+where i live\b/.test(q))
    return { kind: "relation", relation: "home", asked };
  if (/\bwhere\s+(?:am i|do i come|did i come)\s+from\b|\b(?:what|which) (?:city|town|country|place) (?:am i|do i come|did i come) from\b|\b(?:know|remember)\s+where i(?:'m| am) from\b/.test(q)) return { kind: "relation", relation: "origin", asked };
  if (/\bwhere\s+do\s+i\s+work\b|\bwho do i work for\b/.test(q)) return { kind: "relation", relation: "workplace", asked };
  if (/\bwhat do i do(?: for (?:a )?(?:living|work))?\b|\bwhat(?:'s| is)\s+my (?:job|profession|occupation)\b/.test(q)) return { kind: "relation", relation: "job", asked };
  if (/\bhow old am i\b|\bwhat(?:'s| is)\s+my age\b/.test(q)) return { kind: "relation", relation: "age", asked };
  if (/\bwhat (?:did|have) i (?:just |previously |already )?(?:say|said|ask|asked|tell you|told you|write|wrote)\b|\bmy (?:last|previous|first) (?:question|message)\b/.test(q))
    return { kind: "history", asked };
  if (isRecap(q)) return { kind: "recap", asked };
  if ((m0 = /\bwhat (?:do|did) i (love|like|enjoy|adore|prefer)\b/.exec(q))) return { kind: "relation", relation: "likes", asked, verb: m0[1] };

  let m: RegExpExecArray | null;
  if (
    (m = /\b(?:what|which)\s+([a-z ]{2,30}?)\s+(?:do|did)\s+i\s+(?:say\s+)?(?:that\s+)?(?:i\s+)?(?:like|love|prefer|enjoy)(?:\s+(?:best|most))?\b/.exec(q)) ||
    (m = /\b(?:what|which)\s+([a-z ]{2,30}?)\s+did\s+i\s+(?:say|tell you)\s+(?:is|was)\s+my\s+favou?rite\b/.exec(q))
  ) {
    const subject = `my favourite ${m[1]}`;
    return { kind: "subject", subject, key: normaliseKey(subject), asked };
  }
  if (
    (m = /\b(?:what|who|when|where|which)(?:'s|s| is| was| are| were)\s+(.+)$/.exec(q)) ||
    (m = /\b(?:tell me|remind me(?: of| what)?|do you (?:know|remember|recall)(?: what)?|can you (?:remember|recall)(?: what)?)\s+(.+)$/.exec(q))
  ) {
    const subject = m[1]!.replace(/\s+(?:is|are|was|were)$/, "").trim();
    const key = normaliseKey(subject);
    if (key) return { kind: "subject", subject, key, asked };
  }
  return null;
}

function tokens(key: string): string[] {
  return key.split(" ").filter((w) => w && !["my", "your", "the", "of", "a", "an"].includes(w));
}

/** The latest fact that answers the query, or undefined. */
export function lookup(facts: Fact[], query: Query): Fact | undefined {
  if (query.kind === "history" || query.kind === "recap") return undefined;
  const rev = [...facts].reverse();
  if (query.kind === "relation") {
    const direct = rev.find((f) => f.relation === query.relation);
    if (direct) return direct;
    if (query.relation === "origin") return rev.find((f) => f.relation === "home");
    if (query.relation === "home") return rev.find((f) => f.relation === "origin");
    if (query.relation === "name") return rev.find((f) => f.relation === "attr" && f.key === "my name");
    return undefined;
  }
  const attrs = rev.filter((f) => f.relation === "attr");
  const exact = attrs.find((f) => f.key === query.key);
  if (exact) return exact;
  const qt = tokens(query.key);
  if (!qt.length) return undefined;
  const sameOwner = (f: Fact) => f.key.startsWith("my ") === query.key.startsWith("my ");
  const covers = (f: Fact) => {
    const ft = tokens(f.key);
    return ft.length > 0 && (ft.every((t) => qt.includes(t)) || qt.every((t) => ft.includes(t)));
  };
  return attrs.find((f) => sameOwner(f) && covers(f)) ?? attrs.find(covers);
}

/** "my favourite colour" (user's words) → "your favourite colour" (as the reply says it). */
export function swapPerson(s: string): string {
  return s.replace(/\b(my|your|i|me|mine|yours|i'm|you're|am)\b/gi, (w) => {
    const lower = w.toLowerCase();
    const map: Record<string, string> = { my: "your", your: "my", i: "you", me: "you", mine: "yours", yours: "mine", "i'm": "you're", "you're": "I'm", am: "are" };
    return map[lower] ?? w;
  });
}

/** What a relation is called in a reply about something the user never said. */
export function describeQuery(q: Query): string {
  if (q.kind === "history") return "what you said earlier";
  if (q.kind === "recap") return "anything about yourself";
  if (q.kind === "subject") return swapPerson(q.subject);
  return { name: "your name", home: "where you live", origin: "where you are from", workplace: "where you work", job: "what you do", age: "how old you are", likes: `what you ${q.verb ?? "like"}` }[q.relation];
}
