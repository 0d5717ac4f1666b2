// An event's stored and streamed JSON: `JSON.stringify({ ...event, event_id })`, byte for byte,
// built without the copy. A streamed answer is mostly text deltas, and on Node 20 a general
// `JSON.stringify` of one costs about 4× the string concatenation below (bench: docs/proxy.md,
// "Streams near the limit"), so a text delta whose shape is exactly the wire's takes that road.
import { textDeltaJsonOf } from "@/lib/interactions/delta-json";
import type { InteractionEvent } from "@/lib/interactions/types";

const isKeys = (keys: string[], a: string, b: string, c?: string) =>
  keys.length === (c === undefined ? 2 : 3) && keys[0] === a && keys[1] === b && (c === undefined || keys[2] === c);

/**
 * `JSON.stringify(event.delta.text)` when `event` is a text delta in exactly the wire's shape,
 * `{"event_type":"step.delta","index":<int>,"delta":{"type":"text","text":<string>}}` and nothing
 * else (own keys in this order, no toJSON — JSON.stringify would call it —, an integer index whose
 * JSON is its String()); otherwise undefined. The store keeps such an event as index + literal
 * (lib/engine/event-rows.ts).
 */
export function textDeltaLiteral(event: InteractionEvent): string | undefined {
  const e = event as { event_type?: unknown; index?: unknown; delta?: unknown; toJSON?: unknown };
  const d = e.delta as { type?: unknown; text?: unknown; toJSON?: unknown } | null | undefined;
  if (
    e.event_type === "step.delta" &&
    typeof d === "object" &&
    d !== null &&
    d.type === "text" &&
    typeof d.text === "string" &&
    Number.isInteger(e.index) &&
    typeof e.toJSON !== "function" &&
    typeof d.toJSON !== "function" &&
    isKeys(Object.keys(e), "event_type", "index", "delta") &&
    isKeys(Object.keys(d), "type", "text")
  ) {
    return JSON.stringify(d.text);
  }
  return undefined;
}

/**
 * The JSON of `event` with `event_id` added as its last member. Event ids come from
 * `eventIdFactory` (`evt_` + base62 + `_` + base36): nothing in them to escape. `literal`: the
 * event's textDeltaLiteral, when the caller has it already.
 */
export function eventJson(event: InteractionEvent, eventId: string, literal = textDeltaLiteral(event)): string {
  if (literal !== undefined) return textDeltaJsonOf((event as { index: number }).index, literal, eventId);
  if (Object.hasOwn(event, "event_id")) return JSON.stringify({ ...event, event_id: eventId });
  const json = JSON.stringify(event);
  if (json.length > 2 && json.endsWith("}")) return `${json.slice(0, -1)},"event_id":"${eventId}"}`;
  return JSON.stringify({ ...event, event_id: eventId });
}
