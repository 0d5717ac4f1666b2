import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Step } from "@/lib/interactions/types";
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
    expect(s.db.pragma("user_version", { simple: true })).toBe(3);
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
});
