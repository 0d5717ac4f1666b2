import { describe, expect, it } from "vitest";
import { LineSplitter } from "./text";

describe("LineSplitter.pushJoined", () => {
  it("gives the lines push() gives, joined, for any split of any mix of terminators", () => {
    const bodies = [
      'data: {"a":1}\n\ndata: {"b":2}\n\n: keep-alive\n\ndata: [DONE]\n\n',
      "data: one\r\n\r\ndata: two\r\rdata: three\n\n\n\ndata: four",
      "\n\n\nx\ny\r\nz\r",
      "",
      "no newline at all",
    ];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n) + 1;
    for (const body of bodies) {
      for (let trial = 0; trial < 40; trial++) {
        const pieces: string[] = [];
        for (let i = 0; i < body.length; ) {
          const n = trial === 0 ? body.length : rand(6);
          pieces.push(body.slice(i, i + n));
          i += n;
        }
        const a = new LineSplitter();
        const b = new LineSplitter();
        const one: string[] = [];
        const joined: string[] = [];
        let count = 0;
        for (const p of pieces) {
          a.push(p, (l) => one.push(l));
          const got = b.pushJoined(p);
          if (got) {
            joined.push(got.text);
            count += got.count;
          }
        }
        a.end((l) => one.push(l));
        b.end((l) => {
          joined.push(l);
          count++;
        });
        expect(joined.join("\n")).toBe(one.join("\n"));
        expect(count).toBe(one.length);
      }
    }
  });
});
