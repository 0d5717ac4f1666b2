import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emptyFold, FoldBuffer, foldEvents } from "@/lib/interactions/fold";
import { createStreamReader } from "@/lib/interactions/sse";
import type { InteractionEvent } from "@/lib/interactions/types";
import { parseBurst, StreamParse } from "./stream-parse";

const FIXTURES = path.join(process.cwd(), "tests/fixtures/sse");

function wholeFold(text: string) {
  const events: InteractionEvent[] = [];
  const reader = createStreamReader({ onEvent: (e) => events.push(e) });
  reader.feed(text);
  reader.end();
  return foldEvents(events);
}

/** Cut `text` into pieces of 1–`max` bytes (splitting lines and UTF-8 sequences), deterministically. */
function pieces(text: string, max: number, seed: number): Uint8Array[] {
  const bytes = Buffer.from(text, "utf8");
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const n = (seed % max) + 1;
    out.push(new Uint8Array(bytes.subarray(i, i + n)));
    i += n;
  }
  return out;
}

describe("parseBurst (what the parse worker runs) reads a burst as the recorder reads it live", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".sse"));
  for (const file of files) {
    it(`${file}: the same lines and fold, whole or chunk by chunk, for any cut`, () => {
      const text = readFileSync(path.join(FIXTURES, file), "utf8");
      for (const [max, seed] of [[7, 1], [64, 2], [100_000, 3]] as const) {
        const chunks = pieces(text, max, seed);
        // Live: chunk by chunk through StreamParse.
        const live = new StreamParse(new FoldBuffer());
        chunks.forEach((c, i) => live.chunk(c, 1000 + i));
        live.close(5000, true);
        // Burst: the same chunks back to back, as the chunk log hands them to the worker.
        const ends: number[] = [];
        let n = 0;
        for (const c of chunks) ends.push((n += c.byteLength));
        const all = Buffer.concat(chunks);
        const burst = parseBurst({ id: 1, bytes: all, ends, times: chunks.map((_, i) => 1000 + i), fold: emptyFold(), secrets: [], endMs: 5000, complete: true });
        expect(burst.pending).toEqual(live.pending);
        expect(burst.fold).toEqual(live.folds.state);
        expect(burst.firstEventMs).toBe(live.firstEventMs);
        expect(burst.fold).toEqual(wholeFold(text));
        expect(burst.pending.flatMap((l) => l.line.split("\n"))).toEqual(text.split(/\r\n|\r|\n/).filter(Boolean));
      }
    });
  }

  it("scrubs the turn's secrets from lines and fold, and continues from the fold it is given", () => {
    const secret = "mcp-header-secret-123";
    const text = `data: {"event_type":"interaction.created","interaction":{"id":"int_s","status":"in_progress"}}\n\ndata: {"event_type":"step.start","index":0,"step":{"type":"model_output","content":[]}}\n\ndata: {"event_type":"step.delta","index":0,"delta":{"type":"text","text":"echo ${secret}"}}\n\n`;
    const bytes = Buffer.from(text);
    const r = parseBurst({ id: 2, bytes, ends: [bytes.length], times: [1], fold: emptyFold(), secrets: [secret], endMs: 2, complete: false });
    expect(JSON.stringify(r.pending)).not.toContain(secret);
    expect(JSON.stringify(r.fold)).not.toContain(secret);
    expect(r.fold.terminal).toBe(false);
    const more = Buffer.from(`data: {"event_type":"step.delta","index":0,"delta":{"type":"text","text":" and more"}}\n\n`);
    const r2 = parseBurst({ id: 3, bytes: more, ends: [more.length], times: [3], fold: r.fold, secrets: [], endMs: 4, complete: false });
    expect(JSON.stringify(r2.fold.steps[0])).toContain("[redacted] and more");
    expect(r2.fold.eventCount).toBe(r.fold.eventCount + 1);
  });
});
