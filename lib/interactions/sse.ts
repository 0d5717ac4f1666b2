// Reading Interactions SSE streams (reference §7.1): only `data:` lines matter, `data: [DONE]`
// ends the stream, `:` lines are keep-alives. Framing is eventsource-parser's job; this module
// adds what the Interactions wire needs on top: JSON payloads, the [DONE] sentinel, and the live
// service's known fault of an error sent as a bare JSON line (reference §12 E17, fixture
// error-bare-json-line.sse), which we surface as a synthetic `error` event so the turn fails visibly.
import { createParser, type EventSourceMessage, type ParseError } from "eventsource-parser";
import { parseTextDeltaJson } from "./delta-json";
import type { InteractionEvent } from "./types";

export interface StreamHandlers {
  onEvent(event: InteractionEvent, data: string): void;
  onDone?(): void;
  /** A line that is not SSE (e.g. a bare JSON error object). */
  onBareLine?(line: string): void;
  /** A `data:` payload that is not JSON. */
  onInvalid?(data: string): void;
}

export interface StreamReader {
  feed(text: string): void;
  /** Flush at end of input (a final event without its blank line is still delivered). */
  end(): void;
  readonly done: boolean;
}

export function createStreamReader(h: StreamHandlers): StreamReader {
  let done = false;
  const parser = createParser({
    onEvent(msg: EventSourceMessage) {
      if (done) return;
      const data = msg.data;
      if (data === "[DONE]") {
        done = true;
        h.onDone?.();
        return;
      }
      if (!data) return;
      const delta = parseTextDeltaJson(data); // the commonest event, without a general parse
      if (delta) {
        h.onEvent(delta, data);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        h.onInvalid?.(data);
        return;
      }
      if (parsed && typeof parsed === "object" && typeof (parsed as { event_type?: unknown }).event_type === "string") {
        h.onEvent(parsed as InteractionEvent, data);
      } else if (parsed && typeof parsed === "object" && "error" in parsed) {
        h.onEvent({ event_type: "error", error: (parsed as { error: { code?: string; message?: string } }).error }, data);
      } else h.onInvalid?.(data);
    },
    onError(err: ParseError) {
      if (done) return;
      const line = err.line ?? "";
      if (!line) return;
      h.onBareLine?.(line);
      try {
        const parsed = JSON.parse(line) as unknown;
        if (parsed && typeof parsed === "object" && "error" in parsed) {
          const e = (parsed as { error: { code?: unknown; message?: unknown; status?: unknown } }).error;
          h.onEvent(
            {
              event_type: "error",
              error: {
                code: typeof e?.code === "string" ? e.code : e?.status ? String(e.status) : e?.code !== undefined ? String(e.code) : undefined,
                message: typeof e?.message === "string" ? e.message : JSON.stringify(e),
              },
            },
            line,
          );
        }
      } catch {
        /* not JSON: reported through onBareLine only */
      }
    },
  });
  return {
    feed(text: string) {
      if (!done) parser.feed(text);
    },
    end() {
      if (!done) parser.feed("\n\n");
    },
    get done() {
      return done;
    },
  };
}

/** Read a whole SSE body, calling the handlers as events arrive. Resolves when the body ends. */
export async function readStream(body: ReadableStream<Uint8Array>, h: StreamHandlers, signal?: AbortSignal): Promise<void> {
  const reader = createStreamReader(h);
  const decoder = new TextDecoder();
  const r = body.getReader();
  const onAbort = () => void r.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await r.read();
      if (done) break;
      reader.feed(decoder.decode(value, { stream: true }));
      if (reader.done) {
        void r.cancel().catch(() => {});
        break;
      }
    }
    reader.feed(decoder.decode());
    reader.end();
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

/** Encode one event as the engine writes it: a single `data:` line and a blank line. */
export function encodeEvent(event: object): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
export const DONE_FRAME = "data: [DONE]\n\n";
