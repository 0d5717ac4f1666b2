// How the recorder reads a streamed response: the bytes of each teed chunk are decoded, scrubbed of
// the turn's tool secrets, cut into the raw lines of the record (one row per chunk: LineSplitter)
// and parsed as SSE into the turn's fold. One class, used in two places: by the recorder itself
// (recorder.ts, for a stream it reads as it goes) and by the parse worker (parse-worker.ts, for a
// whole burst read after its end, so that its per-event work and garbage stay off the thread that
// feeds every stream). No `server-only`: the worker bundle imports it.
import { FoldBuffer, type FoldState } from "@/lib/interactions/fold";
import { createStreamReader, type StreamReader } from "@/lib/interactions/sse";
import { redactText } from "@/lib/http/secrets";
import type { RawLines } from "./store";
import { LineSplitter } from "./text";

export class StreamParse {
  private readonly decoder = new TextDecoder();
  private readonly splitter = new LineSplitter();
  private readonly reader: StreamReader;
  private chunkT = 0;
  private closed = false;
  /** Lines parsed and not yet taken. */
  pending: RawLines[] = [];
  /** Arrival time of the chunk that held the first event. */
  firstEventMs: number | null = null;

  constructor(
    readonly folds: FoldBuffer,
    private readonly secrets: readonly string[] = [],
  ) {
    this.reader = createStreamReader({
      onEvent: (ev) => {
        if (this.firstEventMs === null) this.firstEventMs = this.chunkT;
        this.folds.push(ev);
      },
    });
  }

  private scrub(text: string): string {
    return this.secrets.length ? redactText(text, this.secrets) : text;
  }

  /** One chunk, as teed, with its arrival time. */
  chunk(bytes: Uint8Array, tMs: number): void {
    this.chunkT = tMs;
    const text = this.scrub(this.decoder.decode(bytes, { stream: true }));
    const got = this.splitter.pushJoined(text);
    if (got) this.pending.push({ t_ms: tMs, line: got.text, lines: got.count });
    this.reader.feed(text);
  }

  /**
   * The stream is over at `tMs`: flush the decoder, the last line and the parser. A final frame
   * without its blank line still counts, unless the client cut the stream (`complete` false). Once.
   */
  close(tMs: number, complete: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.chunkT = tMs;
    const tail = this.scrub(this.decoder.decode());
    this.splitter.push(tail, (line) => this.pending.push({ t_ms: tMs, line }));
    this.splitter.end((line) => this.pending.push({ t_ms: tMs, line }));
    this.reader.feed(tail);
    if (complete) this.reader.end();
  }
}

/** What the parse worker is given: a whole burst, as the chunk log holds it. */
export interface BurstJob {
  id: number;
  /** The chunks' bytes, back to back. */
  bytes: Uint8Array;
  /** Byte offset just past each chunk. */
  ends: number[];
  times: number[];
  /** The fold to continue from (a resume continues the stored one). */
  fold: FoldState;
  secrets: string[];
  /** When the stream ended, and whether it ended normally. */
  endMs: number;
  complete: boolean;
}

export interface BurstResult {
  id: number;
  pending: RawLines[];
  fold: FoldState;
  firstEventMs: number | null;
}

/** Parse a whole burst from first chunk to end: what the worker runs (and the tests, directly). */
export function parseBurst(job: BurstJob): BurstResult {
  const p = new StreamParse(new FoldBuffer(job.fold), job.secrets);
  let start = 0;
  for (let i = 0; i < job.ends.length; i++) {
    const end = job.ends[i] as number;
    p.chunk(job.bytes.subarray(start, end), job.times[i] as number);
    start = end;
  }
  p.close(job.endMs, job.complete);
  return { id: job.id, pending: p.pending, fold: p.folds.state, firstEventMs: p.firstEventMs };
}
