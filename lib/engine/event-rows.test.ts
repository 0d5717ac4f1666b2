import { describe, expect, it } from "vitest";
import type { InteractionEvent } from "@/lib/interactions/types";
import { eventJson, textDeltaLiteral } from "./event-json";
import { COMPACT, VERBATIM, compactTextDelta, packRow, seqInRow, unpackRows, type ChunkRow, type RowEvent } from "./event-rows";
import { eventIdFactory } from "./ids";
import { Store } from "./store";

/** What the runner stores for an event (runner.ts `append`). */
function stored(event: InteractionEvent, seq: number, eventId: string): RowEvent {
  const literal = textDeltaLiteral(event);
  return { seq, eventId, json: eventJson(event, eventId, literal), oneLine: true, compact: literal !== undefined ? compactTextDelta((event as { index: number }).index, literal) : undefined };
}

const delta = (text: string, index = 0) => ({ event_type: "step.delta", index, delta: { type: "text", text } }) as InteractionEvent;
const AWKWARD = ["", "plain ", 'a "quoted" word', "back\\slash", "new\nline\r\n", "tab\t", "\u0000\u001f", "{", "7", '"', "é ü ß", "日本語", "emoji 🙂", "\u2028\u2029", "lone \ud800 surrogate"];

function runEvents(prefix = "evt_ABCDEFGHIJ_"): RowEvent[] {
  const id = eventIdFactory(prefix);
  const events: InteractionEvent[] = [
    { event_type: "interaction.created", interaction: { id: "int_x", status: "in_progress" } } as InteractionEvent,
    { event_type: "step.start", index: 0, step: { type: "model_output", content: [] } } as InteractionEvent,
    ...AWKWARD.map((t) => delta(t)),
    delta("far", 12345678901),
    delta("negative", -1),
    { event_type: "step.delta", index: 0, delta: { type: "text", text: "extra key" }, extra: 1 } as unknown as InteractionEvent,
    { event_type: "step.stop", index: 0 } as InteractionEvent,
  ];
  return events.map((e, k) => stored(e, 100 + k, id(100 + k)));
}

const asRow = (events: RowEvent[], i = 0, j = events.length): ChunkRow => ({
  first_seq: (events[i] as RowEvent).seq,
  last_seq: (events[j - 1] as RowEvent).seq,
  ...packRow(events, i, j),
});

describe("event rows", () => {
  it("keeps a run's own text deltas as index + literal and rebuilds every event byte for byte", () => {
    const events = runEvents();
    const row = asRow(events);
    expect(row.packing).toBe(COMPACT);
    expect(row.event_ids).toBe("evt_ABCDEFGHIJ_");
    const lines = row.json.split("\n");
    expect(lines).toHaveLength(events.length);
    expect(lines[2]).toBe('0""');
    expect(lines[4]).toBe('0"a \\"quoted\\" word"');
    // Everything that is not a plain text delta in the wire's shape stays whole.
    expect(lines.filter((l) => l.startsWith("{"))).toHaveLength(4);
    const back = unpackRows([row], -1);
    expect(back).toEqual(events.map((e) => ({ seq: e.seq, event_id: e.eventId, json: e.json })));
    for (const e of back) expect(JSON.parse(e.json).event_id).toBe(e.event_id);
    // From the middle of a row.
    expect(unpackRows([row], 105)).toEqual(back.filter((e) => e.seq > 105));
  });

  it("stores a 20,000-delta answer in about a tenth of the bytes", () => {
    const id = eventIdFactory();
    const events = Array.from({ length: 20_000 }, (_, k) => stored(delta(`word${k % 97} `), k, id(k)));
    let compact = 0;
    let verbatim = 0;
    for (let i = 0; i < events.length; i += 512) {
      const j = Math.min(events.length, i + 512);
      const row = asRow(events, i, j);
      expect(row.packing).toBe(COMPACT);
      expect(unpackRows([row], -1).map((e) => e.json)).toEqual(events.slice(i, j).map((e) => e.json));
      compact += row.json.length + row.event_ids.length;
      for (let k = i; k < j; k++) verbatim += (events[k] as RowEvent).json.length + (events[k] as RowEvent).eventId.length + 2;
    }
    expect(compact * 8).toBeLessThan(verbatim);
  });

  it("stays verbatim unless every event is the runner's own with ids of one prefix", () => {
    const events = runEvents();
    const notOurs = events.map((e, k) => (k === 3 ? { seq: e.seq, eventId: e.eventId, json: e.json } : e));
    const otherLast = events.map((e, k) => (k === events.length - 1 ? { ...e, eventId: `evt_ZZZZZZZZZZ_${e.seq.toString(36)}` } : e));
    const foreignIds = events.map((e) => ({ ...e, eventId: `id-${e.seq}` }));
    const notObject = events.map((e, k) => (k === 0 ? { ...e, json: "[1]", compact: undefined } : e));
    for (const variant of [notOurs, otherLast, foreignIds, notObject]) {
      const row = asRow(variant);
      expect(row.packing).toBe(VERBATIM);
      expect(unpackRows([row], -1)).toEqual(variant.map((e) => ({ seq: e.seq, event_id: e.eventId, json: e.json })));
    }
  });

  it("finds an event's seq in a compact row only for exactly its id", () => {
    const events = runEvents();
    const row = asRow(events);
    for (const e of events) expect(seqInRow(row, e.eventId)).toBe(e.seq);
    const first = (events[0] as RowEvent).seq;
    expect(seqInRow(row, `evt_ABCDEFGHIJ_${(first - 1).toString(36)}`)).toBeUndefined(); // before the row
    expect(seqInRow(row, `evt_ABCDEFGHIJ_${(row.last_seq + 1).toString(36)}`)).toBeUndefined(); // after it
    expect(seqInRow(row, `evt_ABCDEFGHIJ_0${first.toString(36)}`)).toBeUndefined(); // a leading zero names no id of ours
    expect(seqInRow(row, `evt_ABCDEFGHIJ_${first.toString(36).toUpperCase()}`)).toBeUndefined();
    expect(seqInRow(row, `evt_ZZZZZZZZZZ_${first.toString(36)}`)).toBeUndefined();
  });

  it("through the store: compact rows, a resume point inside one, export and import", () => {
    const s = new Store(":memory:");
    s.insertInteraction({
      id: "int_c",
      previous_id: null,
      status: "in_progress",
      kind: "model",
      model: "m",
      background: 0,
      request_json: "{}",
      input_json: null,
      input_steps_json: "[]",
      output_steps_json: null,
      snapshot_json: null,
      created_ms: 1,
      updated_ms: 1,
    });
    const events = runEvents();
    s.appendEvents("int_c", events);
    expect((s.db.prepare("SELECT packing FROM event_chunks").all() as { packing: number }[]).map((r) => r.packing)).toEqual([COMPACT]);
    const want = events.map((e) => ({ seq: e.seq, event_id: e.eventId, json: e.json }));
    expect(s.eventsAfter("int_c", -1)).toEqual(want);
    for (const e of events) expect(s.seqOfEvent("int_c", e.eventId)).toBe(e.seq);
    expect(s.eventsAfter("int_c", (events[5] as RowEvent).seq)).toEqual(want.slice(6));
    const t = new Store(":memory:");
    t.importAll(s.exportAll(), false);
    expect(t.eventsAfter("int_c", -1)).toEqual(want);
    s.close();
    t.close();
  });
});
