import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Step } from "@/lib/interactions/types";
import Database from "better-sqlite3";
import { Store, type InteractionRow } from "./store";

const dir = mkdtempSync(join(tmpdir(), "engine-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function row(id: string, prev: string | null, text: string): InteractionRow {
  return {
    id,
    previous_id: prev,
    status: "queued",
    kind: "model",
    model: "m",
    background: 0,
    request_json: "{}",
    input_json: JSON.stringify(text),
    input_steps_json: JSON.stringify([{ type: "user_input", content: [{ type: "text", text }] }]),
    output_steps_json: null,
    snapshot_json: null,
    created_ms: 1,
    updated_ms: 1,
  };
}
const out = (text: string): Step => ({ type: "model_output", content: [{ type: "text", text }] });

describe("store", () => {
  it("creates its schema in WAL mode and survives reopening (migrations are idempotent)", () => {
    const path = join(dir, "a", "nested", "s.db");
    const s = new Store(path);
    expect(s.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(s.db.pragma("user_version", { simple: true })).toBe(5);
    s.insertInteraction(row("int_1", null, "x"));
    s.close();
    const again = new Store(path);
    // One engine per file: a second store on it is refused until the first closes.
    expect(() => new Store(path)).toThrow(/Another engine is already using/);
    expect(again.getRow("int_1")?.id).toBe("int_1");
    expect(again.integrityCheck()).toBe("ok");
    again.close();
  });

  it("loads a branching chain's history oldest first in one query, stopping at a deleted ancestor", () => {
    const s = new Store(":memory:");
    s.insertInteraction(row("a", null, "1"));
    s.finalize("a", [], "completed", { id: "a", status: "completed", steps: [out("r1")] }, 2);
    s.insertInteraction(row("b", "a", "2"));
    s.finalize("b", [], "completed", { id: "b", status: "completed", steps: [] }, 2);
    s.insertInteraction(row("c", "b", "3"));
    s.finalize("c", [], "completed", { id: "c", status: "completed", steps: [out("r3"), out("r3b")] }, 2);
    s.insertInteraction(row("b2", "a", "2'"));
    s.finalize("b2", [], "completed", { id: "b2", status: "completed", steps: [out("r2'")] }, 2);
    const texts = (id: string) => s.loadHistory(id).map((st) => st.content?.[0]?.text);
    expect(texts("c")).toEqual(["1", "r1", "2", "3", "r3", "r3b"]);
    expect(texts("b2")).toEqual(["1", "r1", "2'", "r2'"]);
    expect(texts("nope")).toEqual([]);
    s.deleteInteraction("b");
    expect(texts("c")).toEqual(["3", "r3", "r3b"]);
    s.close();
  });

  it("appends events in order, finds an event's seq, and exports/imports everything", () => {
    const s = new Store(":memory:");
    s.insertInteraction(row("int_e", null, "x"));
    s.appendEvents("int_e", [
      { seq: 0, eventId: "e0", json: '{"event_type":"interaction.created"}' },
      { seq: 1, eventId: "e1", json: "{}" },
    ], "in_progress", 5);
    s.appendEvents("int_e", [{ seq: 2, eventId: "e2", json: "{}" }]);
    expect(s.getStatus("int_e")).toBe("in_progress");
    expect(s.eventsAfter("int_e", 0).map((e) => e.event_id)).toEqual(["e1", "e2"]);
    expect(s.eventsAfter("int_e", 1).map((e) => e.seq)).toEqual([2]);
    expect(s.seqOfEvent("int_e", "e1")).toBe(1);
    // Our own ids embed the seq: found through the primary key, and checked against the row.
    s.appendEvents("int_e", [{ seq: 40, eventId: "evt_ABCDEFGHIJ_14", json: "{}" }]);
    expect(s.seqOfEvent("int_e", "evt_ABCDEFGHIJ_14")).toBe(40);
    expect(s.seqOfEvent("int_e", "evt_ABCDEFGHIJ_15")).toBeUndefined();
    s.appendEvents("int_e", [{ seq: 41, eventId: "evt_ZZZZZZZZZZ_14", json: "{}" }]); // claims seq 40, is 41
    expect(s.seqOfEvent("int_e", "evt_ZZZZZZZZZZ_14")).toBe(41);
    expect(s.seqOfEvent("other", "e1")).toBeUndefined();
    expect(s.lastSeq("int_e")).toBe(41);
    expect(s.nonTerminalRows().map((r) => r.id)).toEqual(["int_e"]);
    const dump = s.exportAll();
    const t = new Store(":memory:");
    expect(t.importAll(dump, false)).toEqual({ imported: 1, skipped: 0 });
    expect(t.eventsAfter("int_e", -1)).toEqual(s.eventsAfter("int_e", -1));
    expect(t.importAll(dump, false)).toEqual({ imported: 0, skipped: 1 });
    expect(t.importAll(dump, true)).toEqual({ imported: 1, skipped: 0 });
    s.close();
    t.close();
  });

  it("packs consecutive events into few rows and reads any of them back by seq and id", () => {
    const s = new Store(":memory:");
    s.insertInteraction(row("int_p", null, "x"));
    const ev = (seq: number, json = `{"n":${seq}}`) => ({ seq, eventId: `evt_ABCDEFGHIJ_${seq.toString(36)}`, json });
    s.appendEvents("int_p", Array.from({ length: 1200 }, (_, i) => ev(i)));
    // An event whose text holds a newline is stored alone; a gap in seqs starts a new row.
    s.appendEvents("int_p", [ev(1200), ev(1201, '{\n"pretty": true}'), ev(1202), ev(1300)]);
    const rows = (s.db.prepare("SELECT COUNT(*) AS n FROM event_chunks").get() as { n: number }).n;
    expect(rows).toBeLessThanOrEqual(7); // 512 + 512 + 176, then [1200], [1201], [1202], [1300]
    const all = s.eventsAfter("int_p", -1);
    expect(all.map((e) => e.seq)).toEqual([...Array.from({ length: 1203 }, (_, i) => i), 1300]);
    expect(all[1201]?.json).toBe('{\n"pretty": true}');
    expect(s.eventsAfter("int_p", 700).map((e) => e.seq).slice(0, 3)).toEqual([701, 702, 703]);
    expect(s.eventsAfter("int_p", 1202).map((e) => e.json)).toEqual(['{"n":1300}']);
    for (const seq of [0, 511, 512, 700, 1199, 1201, 1300]) expect(s.seqOfEvent("int_p", ev(seq).eventId)).toBe(seq);
    expect(s.seqOfEvent("int_p", ev(1250).eventId)).toBeUndefined();
    expect(s.lastSeq("int_p")).toBe(1300);
    // Export keeps one entry per event; import packs again, losslessly.
    const dump = s.exportAll();
    expect(dump.interactions[0]?.events).toHaveLength(1204);
    const t = new Store(":memory:");
    t.importAll(dump, false);
    expect(t.eventsAfter("int_p", -1)).toEqual(all);
    s.close();
    t.close();
  });

  it("moves a version-2 events table over to packed rows", () => {
    const path = join(dir, "v2.db");
    const old = new Database(path);
    old.exec(`CREATE TABLE interactions (id TEXT PRIMARY KEY, previous_id TEXT, status TEXT NOT NULL, kind TEXT NOT NULL, model TEXT NOT NULL,
      background INTEGER NOT NULL DEFAULT 0, request_json TEXT NOT NULL, input_json TEXT, input_steps_json TEXT NOT NULL,
      output_steps_json TEXT, snapshot_json TEXT, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
      CREATE INDEX interactions_live ON interactions(status) WHERE status IN ('queued', 'in_progress');
      CREATE TABLE events (interaction_id TEXT NOT NULL, seq INTEGER NOT NULL, event_id TEXT NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (interaction_id, seq)) WITHOUT ROWID;`);
    old.prepare(`INSERT INTO interactions VALUES ('int_o', NULL, 'completed', 'model', 'm', 0, '{}', NULL, '[]', '[]', '{}', 1, 1)`).run();
    for (let i = 0; i < 3; i++) old.prepare(`INSERT INTO events VALUES ('int_o', ?, ?, ?)`).run(i, `e${i}`, `{"i":${i}}`);
    old.pragma("user_version = 2");
    old.close();
    const s = new Store(path);
    expect(s.eventsAfter("int_o", -1)).toEqual([0, 1, 2].map((i) => ({ seq: i, event_id: `e${i}`, json: `{"i":${i}}` })));
    expect(s.seqOfEvent("int_o", "e2")).toBe(2);
    s.close();
  });
});
