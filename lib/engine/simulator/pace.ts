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

/** A fixed pace, or a function read at every tick (the runner's replay after a restart runs at 0 until it catches up). */
export type PaceSource = number | (() => number);

export class Pacer {
  private ticks = 0;
  constructor(
    private readonly pace: PaceSource,
    private readonly signal: AbortSignal,
  ) {}
  get paceMs(): number {
    return Math.max(0, typeof this.pace === "function" ? this.pace() : this.pace);
  }
  /** Wait one chunk's worth (or, at pace 0, yield every 128 chunks). Throws AbortError when aborted. */
  async tick(): Promise<void> {
    const wait = this.step();
    if (wait) await wait;
  }

  /**
   * The same tick, without a promise when there is nothing to wait for: counts the chunk and
   * returns its wait (the pace's sleep, or at pace 0 the every-128th yield to the event loop), or
   * undefined when the chunk may go at once — so a caller can batch the chunks between waits.
   * Throws AbortError when aborted; the wait rejects with one if the run is aborted meanwhile.
   */
  step(): Promise<void> | undefined {
    throwIfAborted(this.signal);
    this.ticks++;
    const paceMs = this.paceMs;
    if (paceMs > 0) return sleep(paceMs, this.signal);
    if (this.ticks % 128 === 0) return yieldToLoop().then(() => throwIfAborted(this.signal));
    return undefined;
  }
}
