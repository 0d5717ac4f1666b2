// createEngine: store + runner + Hono app, wired. One call per process in the app (instance.ts)
// and in the standalone server (server.ts); tests make as many as they like on `:memory:`.
import type { Hono } from "hono";
import { createApp } from "./app";
import { DEFAULT_MAX_BODY_BYTES, envInt } from "./http";
import type { ModelAdapter } from "./model/types";
import { defaultPaceMs as registryDefaultPaceMs, resolveAdapter as registryResolveAdapter } from "./model/registry";
import { Runner } from "./runner";
import { Store } from "./store";

export interface EngineOptions {
  /** SQLite file; `:memory:` for tests. Default: ENGINE_DB, else `.data/engine.db`. */
  dbPath?: string;
  /** This engine's default simulator pace (ms between chunks); default: the registry's (SIM_PACE_MS). */
  paceMs?: number;
  /** Clock for timestamps (tests). */
  now?: () => Date;
  /**
   * Bench/test hook: adapters consulted (by `accepts(id)`) before the model registry, e.g. a
   * synthetic adapter that streams exactly N deltas. Not used by the app or the standalone server.
   */
  adapters?: ModelAdapter[];
  /**
   * Replaces the model registry: which adapter serves a model or agent id (null = refused). The
   * app's `openai` backend is an engine whose every model id runs on the OpenAI-compatible adapter.
   */
  resolveAdapter?: (id: string, kind: "model" | "agent") => ModelAdapter | null;
  /** Idle interval of `: keep-alive` comments on SSE responses. Default 15 s. */
  keepAliveMs?: number;
  /** Request body limit. Default MAX_BODY_BYTES, else 20 MiB. */
  maxBodyBytes?: number;
  /** Limit for POST /admin/import. Default ENGINE_IMPORT_MAX_BYTES, else 512 MiB. */
  maxImportBytes?: number;
}

export interface Engine {
  app: Hono;
  /**
   * Handle one request. `prefix` is stripped from the path first (e.g. "/engine" when mounted in
   * the Next app, or "/api/backends/local" in the proxy), so the app always sees `/{version}/…`.
   */
  fetch(req: Request, opts?: { prefix?: string }): Promise<Response>;
  store: Store;
  runner: Runner;
  /** Runs found unfinished at start and marked failed. */
  recovered: number;
  close(): void;
}

export function createEngine(opts: EngineOptions = {}): Engine {
  const dbPath = opts.dbPath ?? (process.env.ENGINE_DB?.trim() || ".data/engine.db");
  const store = new Store(dbPath);
  const overrides = opts.adapters ?? [];
  const resolveAdapter = (id: string, kind: "model" | "agent"): ModelAdapter | null =>
    overrides.find((a) => a.accepts(id)) ?? (opts.resolveAdapter ?? registryResolveAdapter)(id, kind);
  const defaultPaceMs = opts.paceMs !== undefined ? () => opts.paceMs as number : registryDefaultPaceMs;
  const runner = new Runner({ store, resolveAdapter, defaultPaceMs, now: opts.now ?? (() => new Date()) });
  const recovered = runner.recover();
  const app = createApp({
    store,
    runner,
    resolveAdapter,
    defaultPaceMs,
    keepAliveMs: opts.keepAliveMs ?? 15_000,
    maxBodyBytes: opts.maxBodyBytes ?? envInt("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, 512 * 1024 * 1024),
    maxImportBytes: opts.maxImportBytes ?? envInt("ENGINE_IMPORT_MAX_BYTES", 512 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
  });
  let closed = false;
  return {
    app,
    store,
    runner,
    recovered,
    async fetch(req, fetchOpts) {
      const prefix = fetchOpts?.prefix?.replace(/\/+$/, "");
      if (prefix) {
        const url = new URL(req.url);
        if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
          url.pathname = url.pathname.slice(prefix.length) || "/";
          const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== null;
          req = new Request(url, {
            method: req.method,
            headers: req.headers,
            body: hasBody ? req.body : undefined,
            signal: req.signal,
            ...(hasBody ? { duplex: "half" } : {}),
          } as RequestInit);
        }
      }
      return app.fetch(req);
    },
    close() {
      if (closed) return;
      closed = true;
      runner.stopAll("shutdown");
      store.close();
    },
  };
}
