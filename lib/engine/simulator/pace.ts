// Pacing between streamed chunks, and prompt abort. A run at pace 0 still yields to the event loop
// now and then, so a cancel request (a macrotask) is never starved by a long synchronous stream.

export function abortError(): DOMException {
  return new DOMException("The run was aborted.", "AbortError");
}

export function isAbortError(err: unknown): boolean {
  return !!err && typeof err === "object" && (err as { name?: unknown }).name === "AbortError";
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError();
}

/** Resolves after `ms`; rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Pacer {
  private ticks = 0;
  constructor(
    readonly paceMs: number,
    private readonly signal: AbortSignal,
  ) {}
  /** Wait one chunk's worth (or, at pace 0, yield every 128 chunks). Throws AbortError when aborted. */
  async tick(): Promise<void> {
    throwIfAborted(this.signal);
    this.ticks++;
    if (this.paceMs > 0) await sleep(this.paceMs, this.signal);
    else if (this.ticks % 128 === 0) {
      await yieldToLoop();
      throwIfAborted(this.signal);
    }
  }
}
