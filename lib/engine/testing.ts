// Helpers shared by the engine's tests and benchmark: call an engine in-process, read an SSE body
// into events (with the shared reader, so framing is checked the way clients see it).
import { createStreamReader } from "@/lib/interactions/sse";
import type { InteractionEvent } from "@/lib/interactions/types";
import type { Engine } from "./engine";

export const BASE = "http://engine.local";

export interface CallOptions {
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
}

export function call(engine: Engine, method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  return engine.fetch(new Request(BASE + path, { method, headers, body }));
}

export interface SseResult {
  events: (InteractionEvent & { event_id: string })[];
  /** The exact body text. */
  raw: string;
  /** Saw `data: [DONE]`. */
  done: boolean;
  /** Number of chunks the body arrived in. */
  chunks: number;
  keepAlives: number;
}

/** Read a whole SSE body. `stopAfter`: cancel the body once that many events arrived (a client that goes away). */
export async function readSse(res: Response, stopAfter?: number): Promise<SseResult> {
  const events: SseResult["events"] = [];
  let done = false;
  const reader = createStreamReader({
    onEvent: (ev) => events.push(ev as SseResult["events"][number]),
    onDone: () => (done = true),
  });
  const body = res.body;
  if (!body) return { events, raw: "", done, chunks: 0, keepAlives: 0 };
  const r = body.getReader();
  const decoder = new TextDecoder();
  let raw = "";
  let chunks = 0;
  for (;;) {
    const { value, done: end } = await r.read();
    if (end) break;
    chunks++;
    const text = decoder.decode(value, { stream: true });
    raw += text;
    reader.feed(text);
    if (stopAfter !== undefined && events.length >= stopAfter) {
      await r.cancel();
      break;
    }
  }
  reader.end();
  const keepAlives = raw.split("\n").filter((l) => l.startsWith(":")).length;
  return { events, raw, done, chunks, keepAlives };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `fn` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5_000, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("waitFor: timed out");
    await sleep(everyMs);
  }
}

export interface StandaloneEngine {
  url: string;
  proc: import("node:child_process").ChildProcess;
  /** Everything the process printed. */
  output(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (kill -9) and wait for exit. */
  kill9(): Promise<void>;
}

/**
 * Start `lib/engine/server.ts` with tsx as a child process on a free port (ENGINE_PORT=0: the
 * server prints the port it got) and resolve once it listens.
 */
export async function startStandalone(env: Record<string, string>, timeoutMs = 20_000): Promise<StandaloneEngine> {
  const { spawn } = await import("node:child_process");
  const { join } = await import("node:path");
  const root = join(import.meta.dirname, "..", "..");
  // `node --import tsx` keeps it one process: the tsx CLI runs the script in a child, which a
  // SIGKILL of the CLI would leave running.
  const proc = spawn(process.execPath, ["--import", "tsx", join(root, "lib", "engine", "server.ts")], {
    cwd: root,
    env: { ...process.env, ENGINE_PORT: "0", ENGINE_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`standalone engine did not start:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", (b: Buffer) => (out += b.toString()));
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`standalone engine exited (${code}):\n${out}`));
    });
  });
  return {
    url,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      return exited;
    },
    async kill9() {
      if (proc.exitCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * Drain an SDK event stream (any client's: @google/genai 3.x or 2.x) into its event types, the
 * interaction id from interaction.created and the concatenated text deltas.
 */
export async function collectStream(stream: AsyncIterable<unknown>): Promise<{ types: string[]; text: string; id: string }> {
  const types: string[] = [];
  let text = "";
  let id = "";
  for await (const raw of stream) {
    const ev = raw as { event_type: string; interaction?: { id?: string }; delta?: { type?: string; text?: string } };
    types.push(ev.event_type);
    if (ev.event_type === "interaction.created") id = ev.interaction?.id ?? "";
    if (ev.event_type === "step.delta" && ev.delta?.type === "text") text += ev.delta.text ?? "";
  }
  return { types, text, id };
}
