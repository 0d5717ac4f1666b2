import { describe, expect, it } from "vitest";
import { AppStore } from "./store";

describe("record store: raw SSE lines", () => {
  it("packs the lines of one chunk into one row and reads every line back in order", () => {
    const s = new AppStore(":memory:");
    const burst = Array.from({ length: 5000 }, (_, i) => ({ t_ms: 10, line: `data: {"n":${i}}` }));
    s.appendEvents("int_p", [{ t_ms: 5, line: "data: first" }, ...burst, { t_ms: 11, line: "" }]);
    s.appendEvents("int_p", [{ t_ms: 12, line: "data: later" }]);
    const rows = (s.db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    expect(rows).toBe(23); // first, the burst in rows of 256 lines (19 × 256 + 136), "", later
    const got = s.getEvents("int_p");
    expect(got).toHaveLength(5003);
    expect(got.map((e) => e.seq)).toEqual(Array.from({ length: 5003 }, (_, i) => i));
    expect(got[1]).toEqual({ seq: 1, t_ms: 10, line: 'data: {"n":0}' });
    expect(got[5001]).toEqual({ seq: 5001, t_ms: 11, line: "" });
    expect(got[5002]).toEqual({ seq: 5002, t_ms: 12, line: "data: later" });
    s.close();
  });
});
