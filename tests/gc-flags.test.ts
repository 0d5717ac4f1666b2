import { describe, expect, it } from "vitest";
import { gcFlags } from "../scripts/gc-flags.mjs";

describe("scripts/gc-flags.mjs", () => {
  it("runs the server with single-threaded GC on 1–2 cores, V8's default above, unless PLAYGROUND_GC says", () => {
    expect(gcFlags({}, 1)).toEqual(["--single-threaded-gc"]);
    expect(gcFlags({}, 2)).toEqual(["--single-threaded-gc"]);
    expect(gcFlags({}, 3)).toEqual([]);
    expect(gcFlags({ PLAYGROUND_GC: "auto" }, 8)).toEqual([]);
    expect(gcFlags({ PLAYGROUND_GC: " Single " }, 8)).toEqual(["--single-threaded-gc"]);
    expect(gcFlags({ PLAYGROUND_GC: "parallel" }, 2)).toEqual([]);
    expect(() => gcFlags({ PLAYGROUND_GC: "fast" }, 2)).toThrow(/PLAYGROUND_GC must be single, parallel or auto/);
  });
});
