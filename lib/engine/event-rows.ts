// How the store packs a run of consecutive events into one `event_chunks` row, and unpacks it.
// Two packings, told apart by the row's `packing` column (migration 5):
//   0 (verbatim) — `event_ids` and `json` are the events' ids and texts joined by "\n";
//   1 (compact)  — for the runner's own events, whose ids are the run's prefix plus the seq in
//                  base 36 (ids.ts): `event_ids` holds the prefix once, and each line of `json` is
//                  either the event's text as streamed (a JSON object, so it starts with "{") or,
//                  for a text delta in the wire's exact form, only its index and text literal
//                  (`3"a \"quoted\" word"`; anything not starting with "{").
// Unpacking rebuilds every event's text byte for byte: a compact line is the streamed text with
// its fixed parts cut out, and putting them back is exact by construction (event-rows.test.ts).
// Why: a 20,000-delta answer is 2.4 MB of JSON whose every line repeats the same 90 bytes of
// keys and id; compact rows hold about 230 KB, and SQLite's share of a stream (about half of the
// engine's CPU per stream with verbatim rows) shrinks with the bytes (docs/engine.md).
import { textDeltaJsonOf } from "@/lib/interactions/delta-json";
import { prefixOfEventId } from "./ids";

/** An event on its way into a row (the store's StoredEventInput). */
export interface RowEvent {
  seq: number;
  eventId: string;
  json: string;
  /** The runner's own event: its JSON has no raw newline, its id is the run's prefix + base-36 seq. */
  oneLine?: true;
  /**
   * A text delta's stored line, from the runner: its index then its text's JSON literal, the
   * parts of `json` that are not fixed (`json` is `textDeltaJsonOf(index, literal, eventId)`).
   */
  compact?: string;
}

export interface EventRow {
  seq: number;
  event_id: string;
  json: string;
}

export interface ChunkRow {
  first_seq: number;
  last_seq: number;
  event_ids: string;
  json: string;
  packing: number;
}

export const VERBATIM = 0;
export const COMPACT = 1;

/** A text delta's compact line: its index, then its text's JSON literal (`JSON.stringify(text)`). */
export function compactTextDelta(index: number, literal: string): string {
  return `${index}${literal}`;
}

/** The streamed text of a stored line: a compact one (index + literal) rebuilt, a full one as is. */
function expandLine(line: string, eventId: string): string {
  if (line.charCodeAt(0) === 123) return line; // "{": a full text
  const q = line.indexOf('"'); // the literal's opening quote: the index's text never holds one
  return textDeltaJsonOf(line.slice(0, q), line.slice(q), eventId);
}

/**
 * The row for events[i..j) (consecutive seqs, each one line). Compact when they are all the
 * runner's own and the first and last ids follow the prefix + seq rule; verbatim otherwise.
 */
export function packRow(events: readonly RowEvent[], i: number, j: number): Omit<ChunkRow, "first_seq" | "last_seq"> {
  const first = events[i] as RowEvent;
  const last = events[j - 1] as RowEvent;
  const prefix = j - i > 1 ? prefixOfEventId(first.eventId) : undefined;
  let ours = prefix !== undefined && first.eventId === prefix + first.seq.toString(36) && last.eventId === prefix + last.seq.toString(36);
  const lines: string[] = new Array(j - i);
  for (let k = i; ours && k < j; k++) {
    const e = events[k] as RowEvent;
    if (e.oneLine !== true) ours = false;
    else if (e.compact !== undefined) lines[k - i] = e.compact;
    // A full text must start with "{" to be told from a compact line (an object's JSON always does).
    else if (e.json.charCodeAt(0) === 123) lines[k - i] = e.json;
    else ours = false;
  }
  if (ours) return { event_ids: prefix as string, json: lines.join("\n"), packing: COMPACT };
  const ids: string[] = new Array(j - i);
  for (let k = i; k < j; k++) {
    const e = events[k] as RowEvent;
    ids[k - i] = e.eventId;
    lines[k - i] = e.json;
  }
  return { event_ids: ids.join("\n"), json: lines.join("\n"), packing: VERBATIM };
}

/** The events of packed rows with seq > afterSeq, in order, as they were streamed. */
export function unpackRows(rows: readonly ChunkRow[], afterSeq: number): EventRow[] {
  const out: EventRow[] = [];
  for (const r of rows) {
    if (r.first_seq === r.last_seq && r.packing !== COMPACT) {
      if (r.first_seq > afterSeq) out.push({ seq: r.first_seq, event_id: r.event_ids, json: r.json });
      continue;
    }
    const texts = r.json.split("\n");
    const from = Math.max(0, afterSeq + 1 - r.first_seq);
    if (r.packing === COMPACT) {
      for (let k = from; k < texts.length; k++) {
        const seq = r.first_seq + k;
        const id = r.event_ids + seq.toString(36);
        out.push({ seq, event_id: id, json: expandLine(texts[k] as string, id) });
      }
      continue;
    }
    const ids = r.event_ids.split("\n");
    for (let k = from; k < ids.length; k++) out.push({ seq: r.first_seq + k, event_id: ids[k] as string, json: texts[k] as string });
  }
  return out;
}

/** The seq of `eventId` if this row holds it (a row read without its texts). */
export function seqInRow(r: Omit<ChunkRow, "json">, eventId: string): number | undefined {
  if (r.packing === COMPACT) {
    if (!eventId.startsWith(r.event_ids)) return undefined;
    const tail = eventId.slice(r.event_ids.length);
    if (!/^[0-9a-z]{1,10}$/.test(tail)) return undefined;
    const seq = parseInt(tail, 36);
    return seq >= r.first_seq && seq <= r.last_seq && seq.toString(36) === tail ? seq : undefined;
  }
  if (r.first_seq === r.last_seq) return r.event_ids === eventId ? r.first_seq : undefined;
  const k = r.event_ids.split("\n").indexOf(eventId);
  return k >= 0 ? r.first_seq + k : undefined;
}
