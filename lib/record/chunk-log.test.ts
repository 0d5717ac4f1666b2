import { describe, expect, it } from "vitest";
import { ChunkLog, chunkPoolStats } from "./chunk-log";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function drain(log: ChunkLog, maxBytes?: number): [string, number][] {
  const out: [string, number][] = [];
  log.take((b, t) => out.push([text(b), t]), maxBytes);
  return out;
}

describe("ChunkLog", () => {
  it("gives back every chunk in order with its time, as a copy of what was appended", () => {
    const log = new ChunkLog();
    const a = bytes("data: one\n\n");
    log.append(a, 1);
    log.append(bytes("data: two\n\n"), 2);
    a.fill(0x21); // the caller reuses its buffer: the log kept its own copy
    expect(log.count).toBe(2);
    expect(log.bytes).toBe(22);
    expect(drain(log)).toEqual([
      ["data: one\n\n", 1],
      ["data: two\n\n", 2],
    ]);
    expect(log.count).toBe(0);
    expect(log.bytes).toBe(0);
    expect(drain(log)).toEqual([]);
  });

  it("takes whole chunks up to a byte budget, at least one, and keeps the rest", () => {
    const log = new ChunkLog();
    for (let i = 0; i < 5; i++) log.append(bytes(`${i}`.repeat(10)), i);
    expect(drain(log, 15).map(([, t]) => t)).toEqual([0, 1]); // 10 < 15, so a second chunk
    expect(drain(log, 1).map(([, t]) => t)).toEqual([2]);
    expect(log.count).toBe(2);
    log.append(bytes("x"), 9);
    expect(drain(log)).toEqual([
      ["3333333333", 3],
      ["4444444444", 4],
      ["x", 9],
    ]);
  });

  it("ignores empty chunks", () => {
    const log = new ChunkLog();
    log.append(new Uint8Array(0), 1);
    expect(log.count).toBe(0);
  });

  it("keeps order and content when it grows and compacts across many partial takes", () => {
    const log = new ChunkLog();
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n) + 1;
    const want: [string, number][] = [];
    const got: [string, number][] = [];
    let t = 0;
    for (let round = 0; round < 400; round++) {
      const n = rand(3);
      for (let i = 0; i < n; i++) {
        // Up to 96 KiB a chunk: several buffer doublings past the first 256 KiB.
        const s = String.fromCharCode(97 + (t % 26)).repeat(rand(96 * 1024));
        log.append(bytes(s), t);
        want.push([s, t]);
        t++;
      }
      got.push(...drain(log, rand(128 * 1024)));
    }
    got.push(...drain(log));
    expect(got.length).toBe(want.length);
    expect(got.every(([s, tm], i) => s === want[i]?.[0] && tm === want[i]?.[1])).toBe(true);
  });

  it("hands its buffer back once drained, and the pool stays bounded", () => {
    const logs = Array.from({ length: 8 }, () => new ChunkLog());
    for (const l of logs) l.append(bytes("y".repeat(1000)), 0);
    for (const l of logs) drain(l);
    const s = chunkPoolStats();
    expect(s.buffers).toBeGreaterThan(0);
    expect(s.buffers).toBeLessThanOrEqual(4);
    // A drained log starts over with a pooled buffer, and reads back only what it wrote since.
    const log = new ChunkLog();
    log.append(bytes("fresh"), 5);
    expect(drain(log)).toEqual([["fresh", 5]]);
  });

  it("release() drops what is unread", () => {
    const log = new ChunkLog();
    log.append(bytes("abc"), 1);
    log.release();
    expect(log.count).toBe(0);
    expect(drain(log)).toEqual([]);
  });
});
