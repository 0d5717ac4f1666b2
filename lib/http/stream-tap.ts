// A body stream that reports its own chunks. A producer in this process (the engine's SSE
// writer) offers a tap on the stream it returns; a consumer that wants to see every chunk (the
// proxy's recorder) attaches to it instead of wrapping the body in a second ReadableStream. The
// bytes then go from the producer to the socket through one stream layer, and the tap sees each
// chunk as it is enqueued (bench:proxy: the extra layer and its per-chunk hand-offs cost about 1 ms
// of a 20,000-delta stream; docs/proxy.md "Fourth pass").
//
// The tap sees exactly what the stream enqueues, in order, then one end. A producer keeps the
// chunks it enqueued before anyone attached (a bounded few: attaching happens as the Response is
// handed over); past that bound an attach is refused and the consumer falls back to wrapping the
// body, so a tap never misses a chunk.

export type TapEnd = "complete" | "aborted" | "error";

export interface StreamTap {
  onChunk(chunk: Uint8Array, tMs: number): void;
  onEnd(kind: TapEnd, tMs: number): void;
}

type Attach = (tap: StreamTap) => boolean;

const offers = new WeakMap<ReadableStream<Uint8Array>, Attach>();

/** Producer side: `attach` is called at most once, by the first consumer that asks. */
export function offerTap(stream: ReadableStream<Uint8Array>, attach: Attach): void {
  offers.set(stream, attach);
}

/**
 * Consumer side: watch `stream`'s chunks without wrapping it. False when the stream offers no tap
 * (any body from a socket) or can no longer guarantee every chunk; then wrap it instead.
 */
export function attachTap(stream: ReadableStream<Uint8Array>, tap: StreamTap): boolean {
  const attach = offers.get(stream);
  if (!attach) return false;
  offers.delete(stream);
  return attach(tap);
}

/** Chunks a producer keeps for a late attach: at most this many, or this many bytes. */
const EARLY_CHUNKS = 8;
const EARLY_BYTES = 256 * 1024;

/**
 * The producer's half, for a stream that enqueues chunks and then closes or is cancelled: call
 * `chunk` after each enqueue and `end` once. Offers the tap on `stream`.
 */
export function tapSource(stream: ReadableStream<Uint8Array>): { chunk(bytes: Uint8Array): void; end(kind: TapEnd): void } {
  let tap: StreamTap | null = null;
  /** Chunks enqueued before an attach (null: too many; an attach is refused). */
  let early: Uint8Array[] | null = [];
  let earlyBytes = 0;
  let ended: { kind: TapEnd; tMs: number } | null = null;
  offerTap(stream, (t) => {
    if (!early) return false;
    tap = t;
    const now = Date.now();
    for (const c of early) t.onChunk(c, now);
    early = null;
    if (ended) t.onEnd(ended.kind, ended.tMs);
    return true;
  });
  return {
    chunk(bytes) {
      if (tap) return tap.onChunk(bytes, Date.now());
      if (!early) return;
      early.push(bytes);
      earlyBytes += bytes.byteLength;
      if (early.length > EARLY_CHUNKS || earlyBytes > EARLY_BYTES) {
        early = null; // nobody attached in time: stop keeping copies
        offers.delete(stream);
      }
    },
    end(kind) {
      if (ended) return;
      ended = { kind, tMs: Date.now() };
      if (tap) tap.onEnd(kind, ended.tMs);
    },
  };
}
