// The wire's commonest event — a text delta — written and read without a general JSON pass.
// A streamed answer is thousands of `{"event_type":"step.delta","index":N,"delta":{"type":"text",
// "text":"…"},"event_id":"…"}`; on Node 20 a general JSON.stringify / JSON.parse of one costs
// several times the string work below. Both sides give exactly what JSON.stringify / JSON.parse
// give, and fall back to them for anything else (tested against them in delta-json.test.ts).
import type { InteractionEvent } from "./types";

const HEAD = '{"event_type":"step.delta","index":';
const MID = ',"delta":{"type":"text","text":"';
const MID_OPEN = ',"delta":{"type":"text","text":';
const WITH_ID = '"},"event_id":"';
const NO_ID = '"}}';
/** A backslash (an escape) or a control character (JSON.parse rejects it raw): the general road. */
const NEEDS_JSON = /[\\\u0000-\u001f]/;

/** `JSON.stringify({ event_type: "step.delta", index, delta: { type: "text", text }, event_id })` (id: ours, nothing to escape). */
export function textDeltaJson(index: number, text: string, eventId: string): string {
  return textDeltaJsonOf(index, JSON.stringify(text), eventId);
}

/**
 * The same, from the text's JSON literal (`JSON.stringify(text)`); `index` may be given as its
 * JSON text (the engine's compact stored rows keep it so: lib/engine/event-rows.ts).
 */
export function textDeltaJsonOf(index: number | string, literal: string, eventId: string): string {
  return `${HEAD}${index}${MID_OPEN}${literal}},"event_id":"${eventId}"}`;
}

/**
 * `JSON.parse(data)` when `data` is exactly a text delta in the wire's key order with plain text
 * (no escapes) and an integer index; otherwise undefined (the caller parses it the general way).
 */
export function parseTextDeltaJson(data: string): InteractionEvent | undefined {
  if (!data.startsWith(HEAD)) return undefined;
  const start = HEAD.length;
  let i = start;
  let index = 0;
  for (; i < data.length && i - start < 10; i++) {
    const c = data.charCodeAt(i);
    if (c < 48 || c > 57) break;
    index = index * 10 + (c - 48);
  }
  // Digits only, no leading zero (JSON has none), short enough to be exact.
  if (i === start || i - start >= 10 || (i - start > 1 && data.charCodeAt(start) === 48)) return undefined;
  if (!data.startsWith(MID, i)) return undefined;
  const t0 = i + MID.length;
  const t1 = data.indexOf('"', t0);
  if (t1 === -1) return undefined;
  const text = data.slice(t0, t1);
  if (NEEDS_JSON.test(text)) return undefined;
  if (data.length === t1 + NO_ID.length && data.endsWith(NO_ID)) {
    return { event_type: "step.delta", index, delta: { type: "text", text } } as InteractionEvent;
  }
  if (!data.startsWith(WITH_ID, t1) || !data.endsWith('"}')) return undefined;
  const id = data.slice(t1 + WITH_ID.length, data.length - 2);
  if (id.includes('"') || NEEDS_JSON.test(id)) return undefined;
  return { event_type: "step.delta", index, delta: { type: "text", text }, event_id: id } as InteractionEvent;
}
