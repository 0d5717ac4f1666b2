// Values for a JSON Schema, drawn from the conversation where they fit: function-call arguments
// ("args" mode: required properties plus optional ones the input supplies) and structured output
// ("output" mode: every property). Works on normalised schemas (see schema.ts); the result is
// checked with ajv by the caller.
import type { Fact } from "./facts";
import { findDates, findEmails, findList, findNumbers, findPlaces, findProperNouns, findQuoted, findUrls } from "./extract";
import type { Rng } from "./prng";
import { normaliseSchema, type Schema } from "./schema";
import { capitalise, NUMBER_WORD_PATTERN, parseNumberPhrase } from "./text";

export interface ValueContext {
  mode: "args" | "output";
  /** The text values are drawn from (the latest user input). */
  text: string;
  facts: Fact[];
  topic: string;
  /** The simulator's prose answer, for answer/summary-like fields of structured output. */
  answer?: string;
  /** A computed arithmetic result, for result/total-like fields. */
  computed?: number;
  rng: Rng;
  /** Start the place cursor here (parallel calls: one place per call). */
  placeOffset?: number;
}

interface Pools {
  places: string[];
  numbers: number[];
  quoted: string[];
  emails: string[];
  urls: string[];
  dates: string[];
  list: string[];
  names: string[];
}

interface State {
  ctx: ValueContext;
  pools: Pools;
  cursor: { places: number; numbers: number; quoted: number };
}

interface Gen {
  value: unknown;
  /** True when the value came from the input (decides whether an optional argument is included). */
  found: boolean;
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const has = (ws: string[], ...keys: string[]) => ws.some((w) => keys.includes(w));

const LOCATION = ["city", "location", "place", "town", "country", "destination", "origin", "address", "region", "locality", "where", "venue", "state"];
const NAME = ["name", "username", "person", "recipient", "user", "author", "contact", "who", "customer", "attendee"];
const QUERY = ["query", "q", "search", "keywords", "keyword", "term", "terms", "prompt", "question", "input", "request"];
const MESSAGE = ["message", "text", "body", "content", "note", "comment", "reply", "msg"];
const TOPIC = ["topic", "subject", "title", "headline", "theme", "category", "heading"];
const ANSWER = ["answer", "response", "summary", "explanation", "reason", "reasoning", "description", "result", "output", "details", "analysis"];
const COLOURS = ["red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "brown", "black", "white", "grey", "gray", "cyan", "magenta", "teal", "gold", "silver"];
const LANGUAGES = ["English", "French", "Spanish", "German", "Portuguese", "Italian", "Dutch", "Japanese", "Chinese", "Korean", "Russian", "Arabic", "Hindi", "Polish", "Swedish"];
const CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "BRL"];

function mentioned(text: string, value: string): boolean {
  const v = value.toLowerCase().replace(/[_-]+/g, " ").trim();
  if (!v) return false;
  const escaped = v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escaped}(?:$|[^\\p{L}\\p{N}])`, "iu").test(text.replace(/[_-]+/g, " "));
}

function factFor(ws: string[], facts: Fact[]): Fact | undefined {
  const content = ws.filter((w) => !["my", "the", "user", "users", "value", "of"].includes(w));
  if (!content.length) return undefined;
  const rev = [...facts].reverse();
  const spelled = (w: string) => w.replace(/^favorite$/, "favourite").replace(/^color$/, "colour");
  const target = content.map(spelled);
  if (target.includes("name") && !target.some((w) => !["name", "full", "first"].includes(w))) return rev.find((f) => f.relation === "name");
  if (target.includes("age")) return rev.find((f) => f.relation === "age");
  if (has(target, "job", "occupation", "profession", "role")) return rev.find((f) => f.relation === "job");
  if (has(target, "employer", "company", "workplace")) return rev.find((f) => f.relation === "workplace");
  return rev.find((f) => {
    if (f.relation !== "attr" && f.relation !== "note") return false;
    const fk = f.key.split(" ").filter((w) => !["my", "the", "a", "an", "of"].includes(w));
    return fk.length > 0 && target.every((w) => fk.includes(w));
  });
}

/** "list three hobbies" → 3 for a property named hobbies (or hobby, or items). */
function requestedCount(text: string, name: string): number | null {
  const named = words(name).length > 0;
  const target = new Set([...words(name).map(singular), "item", "example", "entry", "thing", "element"]);
  const re = new RegExp(`\\b(\\d{1,3}|${NUMBER_WORD_PATTERN}(?:[\\s-]+${NUMBER_WORD_PATTERN})*)\\s+((?:[\\p{L}-]+\\s+){0,2}?)([\\p{L}-]+)`, "giu");
  for (const m of text.matchAll(re)) {
    if (/^(?:a|an|single)$/i.test(m[1]!)) continue;
    const noun = singular(m[3]!.toLowerCase());
    if (named ? !target.has(noun) : !/s$/i.test(m[3]!)) continue;
    const n = parseNumberPhrase(m[1]!);
    if (n !== null && n > 0 && n <= 100) return n;
  }
  return null;
}

function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, "y");
  if (/(ss|us)$/.test(word)) return word;
  return word.replace(/s$/, "");
}

function clampNumber(n: number, s: Schema, integer: boolean): number {
  let v = n;
  const min = typeof s.minimum === "number" ? s.minimum : undefined;
  const max = typeof s.maximum === "number" ? s.maximum : undefined;
  const xmin = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : undefined;
  const xmax = typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : undefined;
  if (integer) v = Math.round(v);
  if (min !== undefined && v < min) v = integer ? Math.ceil(min) : min;
  if (xmin !== undefined && v <= xmin) v = integer ? Math.floor(xmin) + 1 : xmin + (xmax !== undefined ? (xmax - xmin) / 2 : 1);
  if (max !== undefined && v > max) v = integer ? Math.floor(max) : max;
  if (xmax !== undefined && v >= xmax) v = integer ? Math.ceil(xmax) - 1 : xmax - (xmin !== undefined ? (xmax - xmin) / 2 : 1);
  return v;
}

function fitLength(s: string, schema: Schema): string {
  let v = s;
  const cps = () => [...v].length;
  if (typeof schema.maxLength === "number" && cps() > schema.maxLength) v = [...v].slice(0, schema.maxLength).join("");
  if (typeof schema.minLength === "number" && cps() < schema.minLength) v = v + "·".repeat(schema.minLength - cps());
  return v;
}

function typeList(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type.map(String);
  if (typeof s.type === "string") return [s.type];
  if (s.properties) return ["object"];
  if (s.items) return ["array"];
  return [];
}

function genString(s: Schema, name: string, st: State, index: number | undefined, description: string): Gen {
  const { ctx, pools } = st;
  let ws = words(name);
  const fromDesc = words(description);
  const format = typeof s.format === "string" ? s.format.toLowerCase() : "";
  const fmt = formatted(format, st, index);
  if (fmt) return fmt;
  const tryKinds = (w: string[]): Gen | null => {
    if (has(w, "email", "mail") || (pools.emails.length && has(w, "to", "recipient", "cc", "bcc", "from", "sender"))) return { value: pools.emails[index ?? 0] ?? pools.emails[0] ?? "user@example.com", found: pools.emails.length > 0 };
    if (has(w, "url", "link", "website", "uri", "href")) return { value: pools.urls[index ?? 0] ?? pools.urls[0] ?? "https://example.com", found: pools.urls.length > 0 };
    if (has(w, "date", "day", "when", "deadline", "datetime")) return { value: pools.dates[index ?? 0] ?? pools.dates[0] ?? "today", found: pools.dates.length > 0 };
    if (has(w, ...LOCATION)) {
      let place: string | undefined;
      if (index !== undefined) place = pools.places[(ctx.placeOffset ?? 0) + index];
      else if (has(w, "destination", "to")) place = pools.places[(ctx.placeOffset ?? 0) + 1] ?? pools.places[st.cursor.places];
      else place = pools.places[st.cursor.places++];
      if (place) return { value: place, found: true };
      const home = [...ctx.facts].reverse().find((f) => f.relation === "home" || f.relation === "origin");
      if (home) return { value: home.value, found: true };
      return { value: "unknown", found: false };
    }
    if (has(w, "language", "lang", "locale")) {
      const lang = LANGUAGES.find((l) => mentioned(ctx.text, l));
      return { value: lang ?? "English", found: !!lang };
    }
    if (has(w, "currency")) {
      const cur = CURRENCIES.find((c) => mentioned(ctx.text, c)) ?? (/[€]|euro/i.test(ctx.text) ? "EUR" : /£|pound/i.test(ctx.text) ? "GBP" : undefined);
      return { value: cur ?? "USD", found: !!cur };
    }
    if (has(w, "unit", "units", "scale")) {
      const u = /fahrenheit|°f\b|imperial/i.test(ctx.text) ? "fahrenheit" : /celsius|°c\b|metric|centigrade/i.test(ctx.text) ? "celsius" : undefined;
      return { value: u ?? "celsius", found: !!u };
    }
    if (has(w, "colour", "color")) {
      const c = COLOURS.find((x) => mentioned(ctx.text, x));
      if (c) return { value: c, found: true };
    }
    if (has(w, ...NAME) && !has(w, "file", "filename", "city", "place", "tool", "function", "product", "item", "company")) {
      const f = [...ctx.facts].reverse().find((x) => x.relation === "name");
      const noun = pools.names.find((n) => !pools.places.includes(n));
      if (index !== undefined && pools.names[index]) return { value: pools.names[index], found: true };
      if (noun) return { value: noun, found: true };
      if (f) return { value: f.value, found: true };
    }
    // quoted strings go to the first query/message/topic-like properties, in order
    const quoted = () => (index === undefined ? pools.quoted[st.cursor.quoted++] : pools.quoted[index]);
    if (has(w, ...QUERY)) return { value: quoted() ?? ctx.text.trim(), found: true };
    if (has(w, ...TOPIC)) {
      const q = quoted();
      return q ? { value: q, found: true } : { value: capitalise(ctx.topic), found: ctx.topic !== "this topic" };
    }
    if (has(w, ...MESSAGE)) return { value: quoted() ?? (ctx.mode === "output" && ctx.answer ? ctx.answer : ctx.text.trim()), found: true };
    if (ctx.mode === "output" && has(w, ...ANSWER) && ctx.answer) return { value: ctx.answer, found: true };
    return null;
  };
  if (index !== undefined && pools.list[index] !== undefined && !has(ws, ...LOCATION)) return { value: pools.list[index], found: true };
  const fact = factFor(ws, ctx.facts);
  if (fact) return { value: fact.value, found: true };
  const byName = tryKinds(ws) ?? (fromDesc.length ? tryKinds(fromDesc) : null);
  if (byName) return byName;
  if (index !== undefined) {
    const noun = singular(ws[ws.length - 1] ?? "item");
    return { value: `${noun} ${index + 1}`, found: false };
  }
  if (pools.quoted[0]) return { value: pools.quoted[0], found: true };
  ws = ws.length ? ws : ["value"];
  return ctx.mode === "output" ? { value: ctx.topic === "this topic" ? ws.join(" ") : capitalise(ctx.topic), found: false } : { value: ctx.topic === "this topic" ? ws.join(" ") : ctx.topic, found: ctx.topic !== "this topic" };
}

/** Values for string formats (the validator ignores formats; clients may not). */
function formatted(format: string, st: State, index: number | undefined): Gen | null {
  const { pools, ctx } = st;
  const at = <T,>(list: T[]) => list[index ?? 0] ?? list[0];
  switch (format) {
    case "email":
      return { value: at(pools.emails) ?? "user@example.com", found: pools.emails.length > 0 };
    case "uri":
    case "url":
    case "uri-reference":
      return { value: at(pools.urls) ?? "https://example.com", found: pools.urls.length > 0 };
    case "date": {
      const iso = pools.dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
      return { value: at(iso) ?? "2000-01-01", found: iso.length > 0 };
    }
    case "date-time": {
      const iso = pools.dates.filter((d) => /^\d{4}-\d{2}-\d{2}/.test(d));
      const d = at(iso);
      return { value: d ? (d.includes("T") ? d : `${d}T00:00:00Z`) : "2000-01-01T00:00:00Z", found: iso.length > 0 };
    }
    case "time":
      return { value: "00:00:00", found: false };
    case "uuid": {
      const hex = Array.from({ length: 32 }, () => "0123456789abcdef"[ctx.rng.int(0, 15)]).join("");
      return { value: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`, found: false };
    }
    default:
      return null;
  }
}

function genNumber(s: Schema, name: string, st: State, integer: boolean, index: number | undefined): Gen {
  const ws = words(name);
  const { ctx, pools } = st;
  let n: number | undefined;
  let found = false;
  if (has(ws, "age")) {
    const f = [...ctx.facts].reverse().find((x) => x.relation === "age");
    if (f) {
      n = Number(f.value);
      found = true;
    }
  }
  if (n === undefined && ctx.computed !== undefined && has(ws, "result", "answer", "total", "sum", "product", "value", "output", "quotient", "difference")) {
    n = ctx.computed;
    found = true;
  }
  if (n === undefined) {
    const i = index !== undefined ? index : st.cursor.numbers++;
    const v = pools.numbers[i];
    if (v !== undefined) {
      n = v;
      found = true;
    }
  }
  if (n === undefined) {
    const countish = has(ws, "count", "limit", "n", "num", "number", "quantity", "max", "results", "top", "k", "size", "amount", "days", "people", "guests");
    n = typeof s.minimum === "number" ? s.minimum : countish ? 1 : 0;
    if (index !== undefined) n += index;
  }
  return { value: clampNumber(n, s, integer), found };
}

function genBoolean(name: string, st: State): Gen {
  const ws = words(name).filter((w) => !["is", "has", "include", "enable", "use", "with", "should", "allow"].includes(w));
  const text = st.ctx.text.toLowerCase();
  for (const w of ws) {
    const re = new RegExp(`(\\b(?:no|not|without|don't|do not|disable|exclude|never)\\s+(?:\\w+\\s+){0,2})?\\b${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "i");
    const m = re.exec(text);
    if (m) return { value: !m[1], found: true };
  }
  return { value: false, found: false };
}

function pickEnum(values: unknown[], name: string, st: State): Gen {
  const text = st.ctx.text;
  const hit = values.find((v) => typeof v === "string" && mentioned(text, v)) ?? values.find((v) => typeof v === "number" && findNumbers(text).includes(v));
  if (hit !== undefined) return { value: hit, found: true };
  const f = factFor(words(name), st.ctx.facts);
  const viaFact = f ? values.find((v) => typeof v === "string" && v.toLowerCase() === f.value.toLowerCase()) : undefined;
  if (viaFact !== undefined) return { value: viaFact, found: true };
  const first = values.find((v) => v !== null);
  return { value: first === undefined ? null : first, found: false };
}

function genArray(s: Schema, name: string, st: State, depth: number): Gen {
  const items = (s.items as Schema | undefined) ?? {};
  const itemTypes = typeList(items);
  const ws = words(name);
  const { ctx, pools } = st;
  let candidates = 0;
  if (itemTypes.includes("string") || !itemTypes.length) {
    if (has(ws, ...LOCATION) || has(ws, "cities", "locations", "places", "countries", "destinations")) candidates = pools.places.length;
    else candidates = pools.list.length || (has(ws, ...QUERY, "queries") ? pools.quoted.length : 0);
  } else if (itemTypes.includes("number") || itemTypes.includes("integer")) candidates = pools.numbers.length;
  const requested = ctx.mode === "output" ? requestedCount(ctx.text, name) : null;
  let n = requested ?? (candidates || (ctx.mode === "output" ? 2 : 1));
  const min = typeof s.minItems === "number" ? s.minItems : 0;
  const max = typeof s.maxItems === "number" ? s.maxItems : Infinity;
  n = Math.max(min, Math.min(max, n));
  const found = candidates > 0 || requested !== null;
  const plural = has(ws, "cities", "locations", "places", "countries", "destinations") ? "city" : name;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(gen(items, plural, st, depth + 1, i).value);
  if (s.uniqueItems === true) {
    const seen = new Set<string>();
    for (let i = 0; i < out.length; i++) {
      let v = out[i];
      let bump = 1;
      while (seen.has(JSON.stringify(v)) && bump < 1000) {
        if (typeof v === "string") v = `${out[i] as string} (${++bump})`;
        else if (typeof v === "number") v = (out[i] as number) + bump++;
        else break;
      }
      seen.add(JSON.stringify(v));
      out[i] = v;
    }
  }
  return { value: out, found };
}

function genObject(s: Schema, st: State, depth: number): Gen {
  const props = (s.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const out: Record<string, unknown> = {};
  let found = false;
  const optional: [string, unknown][] = [];
  for (const [k, sub] of Object.entries(props)) {
    const r = gen(sub, k, st, depth + 1);
    found ||= r.found;
    if (required.has(k) || st.ctx.mode === "output" || r.found) out[k] = r.value;
    else optional.push([k, r.value]);
  }
  const minP = typeof s.minProperties === "number" ? s.minProperties : 0;
  while (Object.keys(out).length < minP && optional.length) {
    const [k, v] = optional.shift()!;
    out[k] = v;
  }
  const maxP = typeof s.maxProperties === "number" ? s.maxProperties : Infinity;
  for (const k of Object.keys(out).reverse()) {
    if (Object.keys(out).length <= maxP) break;
    if (!required.has(k)) delete out[k];
  }
  // keep declared order
  const ordered: Record<string, unknown> = {};
  for (const k of Object.keys(props)) if (k in out) ordered[k] = out[k];
  return { value: ordered, found };
}

function gen(s: Schema, name: string, st: State, depth: number, index?: number): Gen {
  if (depth > 12) return { value: null, found: false };
  if ("const" in s) return { value: s.const, found: false };
  if (Array.isArray(s.enum) && s.enum.length) return pickEnum(s.enum, name, st);
  if (Array.isArray(s.anyOf) && s.anyOf.length) {
    const branches = s.anyOf as Schema[];
    const nonNull = branches.find((b) => !typeList(b).every((t) => t === "null") || !typeList(b).length) ?? branches[0]!;
    return gen(nonNull, name, st, depth + 1, index);
  }
  const types = typeList(s);
  const type = types.find((t) => t !== "null") ?? types[0];
  const description = typeof s.description === "string" ? s.description : "";
  switch (type) {
    case "object":
      return genObject(s, st, depth);
    case "array":
      return genArray(s, name, st, depth);
    case "string": {
      const r = genString(s, name, st, index, description);
      return { value: fitLength(String(r.value), s), found: r.found };
    }
    case "number":
      return genNumber(s, name, st, false, index);
    case "integer":
      return genNumber(s, name, st, true, index);
    case "boolean":
      return genBoolean(name, st);
    case "null":
      return { value: null, found: false };
    default: {
      // no type: a string is the most useful guess
      const r = genString(s, name, st, index, description);
      return { value: r.value, found: r.found };
    }
  }
}

function poolsFor(ctx: ValueContext): Pools {
  const t = ctx.text;
  return {
    places: findPlaces(t),
    numbers: findNumbers(t),
    quoted: findQuoted(t),
    emails: findEmails(t),
    urls: findUrls(t),
    dates: findDates(t),
    list: findList(t),
    names: findProperNouns(t).filter((n) => !findPlaces(t).includes(n)),
  };
}

/** A value for `schema` (raw or normalised), drawn from `ctx`. */
export function generateValue(schema: unknown, ctx: ValueContext, rootName = ""): { value: unknown; found: boolean } {
  const st: State = { ctx, pools: poolsFor(ctx), cursor: { places: ctx.placeOffset ?? 0, numbers: 0, quoted: 0 } };
  const s = normaliseSchema(schema, { keepFormat: true });
  const types = typeList(s);
  // structured output whose root is a bare string/number: the answer itself
  if (ctx.mode === "output" && !rootName) {
    if (types[0] === "string" && !s.enum && !("const" in s) && ctx.answer) return { value: fitLength(ctx.answer, s), found: true };
    if ((types[0] === "number" || types[0] === "integer") && ctx.computed !== undefined && !s.enum)
      return { value: clampNumber(ctx.computed, s, types[0] === "integer"), found: true };
  }
  return gen(s, rootName, st, 0);
}
