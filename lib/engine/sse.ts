// An SSE response body that coalesces: frames written in the same tick leave as ONE chunk
// (flushed on setImmediate, or early once the buffer passes a size cap). Per-chunk cost, not
// bytes, dominates the Node/Next response pipe (../shared/reference/sse-proxy-performance.md:
// 16 events per chunk made the Next pipe 5.5x faster), and an idle stream still sends each event
// as soon as it happens. While nothing is written, a `: keep-alive` comment goes out periodically.
import { DONE_FRAME } from "@/lib/interactions/sse";

export const KEEP_ALIVE_FRAME = ": keep-alive\n\n";
const MAX_CHUNK_CHARS = 64 * 1024;

export interface SseWriterOptions {
  /** Interval of `: keep-alive` comments while idle; 0 disables them. Default 15 s. */
  keepAliveMs?: number;
  /** Called once if the client goes away before close(). */
  onCancel?: () => void;
}

export interface SseWriter {
  readonly stream: ReadableStream<Uint8Array>;
  /** Queue one complete frame (`data: …\n\n`). */
  write(frame: string): void;
  /** Write `data: [DONE]`, flush and end the body. */
  end(): void;
  /** End without [DONE] (e.g. nothing more can come). */
  close(): void;
  /** True once ended or cancelled by the client. */
  readonly closed: boolean;
}

export function createSseWriter(opts: SseWriterOptions = {}): SseWriter {
  const keepAliveMs = opts.keepAliveMs ?? 15_000;
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let buffer: string[] = [];
  let bufferedChars = 0;
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;
  let wroteSinceTick = false;
  let keepAlive: NodeJS.Timeout | null = null;

  const stop = () => {
    closed = true;
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = null;
    buffer = [];
    bufferedChars = 0;
  };

  const flush = () => {
    scheduled = null;
    if (closed || buffer.length === 0) return;
    const text = buffer.length === 1 ? (buffer[0] as string) : buffer.join("");
    buffer = [];
    bufferedChars = 0;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      stop();
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      if (closed) return;
      stop();
      opts.onCancel?.();
    },
  });

  if (keepAliveMs > 0) {
    keepAlive = setInterval(() => {
      if (closed) return;
      if (!wroteSinceTick && buffer.length === 0) {
        buffer.push(KEEP_ALIVE_FRAME);
        flush();
      }
      wroteSinceTick = false;
    }, keepAliveMs);
    keepAlive.unref?.();
  }

  const writer: SseWriter = {
    stream,
    write(frame: string) {
      if (closed) return;
      buffer.push(frame);
      bufferedChars += frame.length;
      wroteSinceTick = true;
      if (bufferedChars >= MAX_CHUNK_CHARS) {
        if (scheduled) clearImmediate(scheduled);
        flush();
      } else if (!scheduled) {
        scheduled = setImmediate(flush);
      }
    },
    end() {
      if (closed) return;
      buffer.push(DONE_FRAME);
      writer.close();
    },
    close() {
      if (closed) return;
      if (scheduled) clearImmediate(scheduled);
      flush();
      stop();
      try {
        controller.close();
      } catch {
        /* already closed or errored by the consumer */
      }
    },
    get closed() {
      return closed;
    },
  };
  return writer;
}

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

export function sseResponse(writer: SseWriter, headers?: Record<string, string>): Response {
  return new Response(writer.stream, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}
