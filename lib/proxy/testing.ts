// Test helpers for the proxy and recorder tests (not used by the app): a loopback stand-in for
// the `gemini` upstream, and a node:http wrapper that serves a fetch-style handler the way Next
// does (the request's signal aborts when the client's connection closes).
import http from "node:http";
import { afterEach, vi } from "vitest";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Resolves when the request's connection closed (client aborted or response ended). */
  closed: Promise<void>;
  /** True once the response was fully written by the stand-in. */
  finished: () => boolean;
}

export interface StandIn {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type StandInHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

/** A `gemini` stand-in on 127.0.0.1:<random port>. */
export async function startStandIn(handler: StandInHandler): Promise<StandIn> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let finished = false;
      res.on("finish", () => (finished = true));
      const closed = new Promise<void>((resolve) => res.on("close", () => resolve()));
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, closed, finished: () => finished });
      void Promise.resolve(handler(req, res, body)).catch((e: unknown) => {
        res.destroy(e instanceof Error ? e : new Error(String(e)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serve a fetch handler over node:http; a client disconnect aborts `req.signal` (as in Next). */
export async function serveHandler(handler: (req: Request) => Promise<Response>): Promise<Served> {
  const server = http.createServer(async (req, res) => {
    const ac = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) ac.abort(new Error("client disconnected"));
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (Array.isArray(v)) for (const x of v) headers.append(k, x);
      else if (v !== undefined) headers.set(k, v);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: ac.signal,
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
    let response: Response;
    try {
      response = await handler(request);
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
      return;
    }
    res.statusCode = response.status;
    response.headers.forEach((v, k) => res.setHeader(k, v));
    if (!response.body) {
      res.end();
      return;
    }
    const reader = response.body.getReader();
    res.on("close", () => void reader.cancel().catch(() => {}));
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!res.write(value)) await new Promise((r) => res.once("drain", r));
      }
      res.end();
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Write an SSE body in pieces with a pause between them. */
export async function writeChunks(res: http.ServerResponse, chunks: readonly string[], pauseMs: number): Promise<void> {
  for (const c of chunks) {
    if (res.destroyed) return;
    res.write(c);
    await sleep(pauseMs);
  }
  res.end();
}

/**
 * Register an afterEach that runs the returned `defer`'s callbacks in reverse order (servers,
 * stores) and restores spies. Call once at a test file's top level.
 */
export function deferAfterEach(): (fn: () => Promise<void> | void) => void {
  let list: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    const run = list.reverse();
    list = [];
    for (const c of run) await c();
    vi.restoreAllMocks();
  });
  return (fn) => void list.push(fn);
}

/** startStandIn, closed by `defer` (from deferAfterEach) after the test. */
export function standInsClosedBy(defer: (fn: () => Promise<void> | void) => void): (handler: StandInHandler) => Promise<StandIn> {
  return async (handler) => {
    const s = await startStandIn(handler);
    defer(() => s.close());
    return s;
  };
}
