import { describe, expect, it } from "vitest";
import { createSseWriter, KEEP_ALIVE_FRAME } from "./sse";

async function drain(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  const r = stream.getReader();
  const d = new TextDecoder();
  for (;;) {
    const { value, done } = await r.read();
    if (done) return chunks;
    chunks.push(d.decode(value));
  }
}

describe("sse writer", () => {
  it("coalesces frames written in the same tick into one chunk, in order", async () => {
    const w = createSseWriter({ keepAliveMs: 0 });
    const reading = drain(w.stream);
    for (let i = 0; i < 100; i++) w.write(`data: {"i":${i}}\n\n`);
    await new Promise((r) => setImmediate(r));
    w.write(`data: {"i":100}\n\n`);
    await new Promise((r) => setTimeout(r, 5));
    w.end();
    const chunks = await reading;
    expect(chunks).toHaveLength(3); // 100 frames, 1 frame, then the last flush with [DONE]
    expect(chunks[0]?.split("\n\n").filter(Boolean)).toHaveLength(100);
    const all = chunks.join("");
    expect(all.endsWith("data: [DONE]\n\n")).toBe(true);
    expect([...all.matchAll(/"i":(\d+)/g)].map((m) => Number(m[1]))).toEqual([...Array(101).keys()]);
  });

  it("caps chunk size under a burst", async () => {
    const w = createSseWriter({ keepAliveMs: 0 });
    const reading = drain(w.stream);
    const frame = `data: ${JSON.stringify({ t: "x".repeat(1000) })}\n\n`;
    for (let i = 0; i < 300; i++) w.write(frame);
    w.end();
    const chunks = await reading;
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.length).toBeLessThan(70 * 1024);
  });

  it("sends keep-alive comments only while idle, and stops on end", async () => {
    const w = createSseWriter({ keepAliveMs: 15 });
    const reading = drain(w.stream);
    await new Promise((r) => setTimeout(r, 80));
    w.end();
    const text = (await reading).join("");
    expect(text.split(KEEP_ALIVE_FRAME).length - 1).toBeGreaterThanOrEqual(2);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("reports a client that goes away once, and ignores writes afterwards", async () => {
    let cancelled = 0;
    const w = createSseWriter({ keepAliveMs: 0, onCancel: () => cancelled++ });
    w.write("data: {}\n\n");
    await w.stream.cancel();
    w.write("data: {}\n\n");
    w.end();
    expect(cancelled).toBe(1);
    expect(w.closed).toBe(true);
  });
});
