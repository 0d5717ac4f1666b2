import { describe, expect, it } from "vitest";
import { attachTap, tapSource, type StreamTap, type TapEnd } from "./stream-tap";
import { createSseWriter } from "@/lib/engine/sse";
import { createProxyHandler } from "@/lib/proxy/handler";
import { createLocalBackend } from "@/lib/proxy/backends";
import type { Recorder, Tracker } from "@/lib/record/recorder";

const enc = new TextEncoder();
const dec = new TextDecoder();

function watcher() {
  const chunks: string[] = [];
  const ends: TapEnd[] = [];
  const tap: StreamTap = { onChunk: (c) => void chunks.push(dec.decode(c)), onEnd: (k) => void ends.push(k) };
  return { tap, chunks, ends };
}

/** A producer stream with a tap source, as the SSE writer uses it. */
function producer() {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
  const src = tapSource(stream);
  return {
    stream,
    write(s: string) {
      const b = enc.encode(s);
      ctl.enqueue(b);
      src.chunk(b);
    },
    close() {
      ctl.close();
      src.end("complete");
    },
  };
}

describe("stream taps", () => {
  it("a tap attached first sees every chunk in order, then the end, and the reader gets the same bytes", async () => {
    const p = producer();
    const w = watcher();
    expect(attachTap(p.stream, w.tap)).toBe(true);
    p.write("a");
    p.write("b");
    p.close();
    expect(await new Response(p.stream).text()).toBe("ab");
    expect(w.chunks).toEqual(["a", "b"]);
    expect(w.ends).toEqual(["complete"]);
  });

  it("a late tap gets the chunks enqueued before it (and an end that already happened), in order", () => {
    const p = producer();
    p.write("1");
    p.write("2");
    p.close();
    const w = watcher();
    expect(attachTap(p.stream, w.tap)).toBe(true);
    expect(w.chunks).toEqual(["1", "2"]);
    expect(w.ends).toEqual(["complete"]);
  });

  it("refuses a tap that would miss chunks, a second tap, and a stream that offers none", () => {
    const p = producer();
    for (let i = 0; i < 9; i++) p.write(String(i)); // past the few chunks a producer keeps
    expect(attachTap(p.stream, watcher().tap)).toBe(false);

    const q = producer();
    expect(attachTap(q.stream, watcher().tap)).toBe(true);
    expect(attachTap(q.stream, watcher().tap)).toBe(false);

    expect(attachTap(new Response("x").body as ReadableStream<Uint8Array>, watcher().tap)).toBe(false);
  });

  it("the SSE writer reports its coalesced chunks, and a client that goes away as aborted", async () => {
    const sse = createSseWriter({ keepAliveMs: 0 });
    const w = watcher();
    expect(attachTap(sse.stream, w.tap)).toBe(true);
    sse.write("data: 1\n\n");
    sse.write("data: 2\n\n");
    const reader = sse.stream.getReader();
    const first = await reader.read();
    expect(dec.decode(first.value)).toBe("data: 1\n\ndata: 2\n\n");
    expect(w.chunks).toEqual(["data: 1\n\ndata: 2\n\n"]);
    await reader.cancel();
    expect(w.ends).toEqual(["aborted"]);

    const done = createSseWriter({ keepAliveMs: 0 });
    const v = watcher();
    attachTap(done.stream, v.tap);
    done.write("data: x\n\n");
    done.end();
    expect(await new Response(done.stream).text()).toBe("data: x\n\ndata: [DONE]\n\n");
    expect(v.chunks.join("")).toBe("data: x\n\ndata: [DONE]\n\n");
    expect(v.ends).toEqual(["complete"]);
  });
});

describe("the proxy over a tapping upstream", () => {
  /** An upstream whose SSE body is an SSE writer's (tap offered), or a plain stream (no tap). */
  function setup(offerTap: boolean, secrets: string[] = []) {
    const seen: { chunks: string[]; ends: string[] } = { chunks: [], ends: [] };
    const tracker: Tracker = {
      response: () => {},
      chunk: (c) => void seen.chunks.push(dec.decode(c)),
      body: () => {},
      end: (k) => void seen.ends.push(k),
    };
    const recorder: Recorder = { track: () => tracker, flushAll: () => {} };
    const frames = ["data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n"];
    let upstreamBody: ReadableStream<Uint8Array> | null = null;
    const engine = {
      async fetch() {
        const sse = createSseWriter({ keepAliveMs: 0 });
        upstreamBody = offerTap ? sse.stream : sse.stream.pipeThrough(new TransformStream());
        setImmediate(() => {
          for (const f of frames) sse.write(f);
          setImmediate(() => sse.end());
        });
        return new Response(upstreamBody, { headers: { "content-type": "text/event-stream" } });
      },
    };
    const proxy = createProxyHandler({
      backends: { local: createLocalBackend({ engine: () => engine, secrets: () => secrets }) },
      recorder,
      env: { MAX_BODY_BYTES: 1 << 20 },
    });
    const call = () =>
      proxy(new Request("http://127.0.0.1/api/backends/local/v1beta/interactions", { method: "POST", body: JSON.stringify({ model: "m", input: "hi", stream: true }) }));
    return { seen, call, upstream: () => upstreamBody, all: `${frames.join("")}data: [DONE]\n\n` };
  }

  it("hands the engine's own stream to the client and records every chunk through the tap", async () => {
    const s = setup(true);
    const res = await s.call();
    expect(res.body).toBe(s.upstream()); // one stream layer: the producer's
    expect(await res.text()).toBe(s.all);
    await new Promise((r) => setImmediate(r));
    expect(s.seen.chunks.join("")).toBe(s.all);
    expect(s.seen.ends).toEqual(["complete"]);
  });

  it("wraps a body without a tap, or one with a key to redact, and still records every chunk", async () => {
    for (const s of [setup(false), setup(true, ["never-echoed-secret-123"])]) {
      const res = await s.call();
      expect(res.body).not.toBe(s.upstream());
      expect(await res.text()).toBe(s.all);
      await new Promise((r) => setTimeout(r, 5));
      expect(s.seen.chunks.join("")).toBe(s.all);
      expect(s.seen.ends).toEqual(["complete"]);
    }
  });
});
