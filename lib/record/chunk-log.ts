// The recorder's buffer of teed chunks that it has not parsed yet. Each chunk is copied into one
// buffer that is reused from stream to stream, and the chunk itself is let go at once.
//
// Why copy: a stream's chunks are Uint8Arrays backed by memory outside the JS heap. If the
// recorder held on to them until it parses the burst (QUIET_MS after the last one, i.e. after
// the stream), they would live through two scavenges and be promoted to the old generation. Then
// only a full mark-compact can free them. At 2.4 MB per 20,000-delta stream, that growth of
// external memory forced a mark-compact every 3–5 streams: about 60–100 ms of incremental
// marking plus a 5–30 ms pause each, paid by whichever stream was running (docs/proxy.md, "Fifth
// pass"). Copied, the chunk dies young with the response's own reference to it. The copy is one
// memcpy per upstream read, about 0.2 ms per 2.4 MB. The buffers come from a small pool, so a
// steady server keeps the same few buffers.

/** First size of a buffer; it doubles as needed. */
const INITIAL_BYTES = 256 * 1024;
/** Buffers kept for reuse once their stream is parsed: at most this many… */
const POOL_SIZE = 4;
/** …each at most this large (a bigger one, from a rare huge burst, is left to the GC). */
const POOL_MAX_BYTES = 16 * 1024 * 1024;

const pool: Buffer[] = [];

function acquire(min: number): Buffer {
  for (let i = pool.length - 1; i >= 0; i--) {
    const b = pool[i] as Buffer;
    if (b.byteLength >= min) {
      pool.splice(i, 1);
      return b;
    }
  }
  let size = INITIAL_BYTES;
  while (size < min) size *= 2;
  // Not zero-filled: only bytes this log wrote are ever read back (below `end`).
  return Buffer.allocUnsafeSlow(size);
}

function giveBack(b: Buffer): void {
  if (b.byteLength > POOL_MAX_BYTES) return;
  if (pool.length >= POOL_SIZE) {
    // Keep the larger buffers: they serve every burst the smaller ones could.
    let smallest = 0;
    for (let i = 1; i < pool.length; i++) if ((pool[i] as Buffer).byteLength < (pool[smallest] as Buffer).byteLength) smallest = i;
    if ((pool[smallest] as Buffer).byteLength >= b.byteLength) return;
    pool.splice(smallest, 1);
  }
  pool.push(b);
}

/** How many buffers the pool holds now, and their bytes (tests, diagnostics). */
export function chunkPoolStats(): { buffers: number; bytes: number } {
  return { buffers: pool.length, bytes: pool.reduce((n, b) => n + b.byteLength, 0) };
}

/**
 * Unread chunks, in arrival order, each with its arrival time. `append` copies; `take` hands
 * chunks out as views into the buffer, valid only during the callback (copy what you keep).
 */
export class ChunkLog {
  private buf: Buffer | null = null;
  /** Byte offset just past each unread chunk, from `first` on. */
  private readonly ends: number[] = [];
  private readonly times: number[] = [];
  /** Index into ends/times of the first unread chunk. */
  private first = 0;
  /** Byte offset of the first unread chunk. */
  private start = 0;
  /** Byte offset just past the last chunk. */
  private end = 0;

  /** Unread chunks. */
  get count(): number {
    return this.ends.length - this.first;
  }

  /** Unread bytes. */
  get bytes(): number {
    return this.end - this.start;
  }

  append(bytes: Uint8Array, tMs: number): void {
    const n = bytes.byteLength;
    if (n === 0) return;
    this.reserve(n);
    const buf = this.buf as Buffer;
    buf.set(bytes, this.end);
    this.end += n;
    this.ends.push(this.end);
    this.times.push(tMs);
  }

  /**
   * Hand whole unread chunks to `fn`, oldest first, until at least `maxBytes` have gone (at
   * least one chunk, all of them by default); they are then consumed. Once nothing is left, the
   * buffer goes back to the pool.
   */
  take(fn: (bytes: Uint8Array, tMs: number) => void, maxBytes = Infinity): void {
    const buf = this.buf;
    if (!buf) return;
    let taken = 0;
    while (this.first < this.ends.length && taken < maxBytes) {
      const stop = this.ends[this.first] as number;
      const t = this.times[this.first] as number;
      const view = buf.subarray(this.start, stop);
      taken += stop - this.start;
      this.start = stop;
      this.first++;
      fn(view, t);
    }
    if (this.first === this.ends.length) this.release();
  }

  /** A copy of the unread chunks (bytes back to back, each chunk's end offset and time); the log keeps them. */
  snapshot(): { bytes: Uint8Array; ends: number[]; times: number[] } {
    const bytes = new Uint8Array(this.end - this.start);
    if (this.buf) bytes.set(this.buf.subarray(this.start, this.end));
    const ends: number[] = [];
    for (let i = this.first; i < this.ends.length; i++) ends.push((this.ends[i] as number) - this.start);
    return { bytes, ends, times: this.times.slice(this.first) };
  }

  /** Drop every unread chunk and give the buffer back. */
  release(): void {
    this.ends.length = 0;
    this.times.length = 0;
    this.first = 0;
    this.start = 0;
    this.end = 0;
    if (this.buf) giveBack(this.buf);
    this.buf = null;
  }

  /** Room for `n` more bytes: move the unread bytes to the front, or into a bigger buffer. */
  private reserve(n: number): void {
    if (!this.buf) {
      this.buf = acquire(n);
      return;
    }
    if (this.end + n <= this.buf.byteLength) return;
    const unread = this.end - this.start;
    const shift = this.start;
    if (unread + n <= this.buf.byteLength) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      const next = acquire(Math.max(unread + n, this.buf.byteLength * 2));
      this.buf.copy(next, 0, this.start, this.end);
      giveBack(this.buf);
      this.buf = next;
    }
    this.start = 0;
    this.end = unread;
    const ends = this.ends;
    const times = this.times;
    let w = 0;
    for (let r = this.first; r < ends.length; r++, w++) {
      ends[w] = (ends[r] as number) - shift;
      times[w] = times[r] as number;
    }
    ends.length = w;
    times.length = w;
    this.first = 0;
  }
}
