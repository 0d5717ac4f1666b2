// createEngine: store + runner + Hono app, wired. One call per process in the app (instance.ts)
// and in the standalone server (server.ts); tests make as many as they like on `:memory:`.
import type { Hono } from "hono";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createApp } from "./app";
import { Managed } from "./managed";
import type { SandboxApi } from "./managed/code-exec";
import { isSimulatedAgent } from "./agents/agent-loop";
import { defaultSandbox } from "./managed/default-sandbox";
import { DEFAULT_MAX_BODY_BYTES, envInt } from "./http";
import type { ModelAdapter } from "./model/types";
import { defaultPaceMs as registryDefaultPaceMs, resolveAdapter as registryResolveAdapter } from "./model/registry";
import { Runner } from "./runner";
import { Store } from "./store";
import { egressFetch, checkEgressUrl } from "@/lib/http/egress";
import { mountWebhooks } from "./webhooks/routes";
import { WebhookService, type Egress } from "./webhooks/service";

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
  /**
   * Where environments keep their files. Default ENGINE_WORKSPACES, else `workspaces/` beside the
   * database file; for `:memory:` a temporary directory removed on close.
   */
  workspacesDir?: string;
  /** Idle time after which an environment expires. Default ENGINE_ENVIRONMENT_TTL_HOURS (168 = 7 days). */
  environmentIdleTtlMs?: number;
  /** Largest single upload. Default ENGINE_UPLOAD_MAX_BYTES, else 64 MiB. */
  maxUploadBytes?: number;
  /** Largest workspace. Default ENGINE_WORKSPACE_MAX_BYTES, else 512 MiB. */
  maxWorkspaceBytes?: number;
  /** Test hook: the code sandbox (default: bubblewrap, lib/engine/sandbox). */
  sandbox?: SandboxApi;
  /** Webhook deliveries: first retry delay (doubles per attempt), attempts, egress (tests inject their own). */
  webhooks?: { retryBaseMs?: number; maxAttempts?: number; egress?: Egress };
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
  managed: Managed;
  webhooks: WebhookService;
  /** Runs found unfinished at start: resumed from their stored events, or (not replayable) marked failed. */
  recovered: { resumed: number; failed: number };
  close(): void;
}

export function createEngine(opts: EngineOptions = {}): Engine {
  const dbPath = opts.dbPath ?? (process.env.ENGINE_DB?.trim() || ".data/engine.db");
  const store = new Store(dbPath);
  const overrides = opts.adapters ?? [];
  const resolveAdapter = (id: string, kind: "model" | "agent"): ModelAdapter | null =>
    overrides.find((a) => a.accepts(id)) ?? (opts.resolveAdapter ?? registryResolveAdapter)(id, kind);
  const defaultPaceMs = opts.paceMs !== undefined ? () => opts.paceMs as number : registryDefaultPaceMs;
  const now = opts.now ?? (() => new Date());
  const onDisk = dbPath !== ":memory:" && !dbPath.startsWith("file:");
  const tempRoot = !opts.workspacesDir && !process.env.ENGINE_WORKSPACES?.trim() && !onDisk ? mkdtempSync(join(tmpdir(), "engine-workspaces-")) : undefined;
  // The sandbox's unprivileged uid must traverse every parent of a workspace (mkdtemp makes 0700).
  if (tempRoot) chmodSync(tempRoot, 0o711);
  const workspacesDir = resolve(opts.workspacesDir ?? (process.env.ENGINE_WORKSPACES?.trim() || tempRoot || join(dirname(dbPath), "workspaces")));
  const managed = new Managed({
    db: store.db,
    root: workspacesDir,
    now,
    idleTtlMs: opts.environmentIdleTtlMs ?? envInt("ENGINE_ENVIRONMENT_TTL_HOURS", 168, 1, 24 * 365) * 3_600_000,
    limits: {
      maxUploadBytes: opts.maxUploadBytes ?? envInt("ENGINE_UPLOAD_MAX_BYTES", 64 * 1024 * 1024, 1, 4 * 1024 * 1024 * 1024),
      maxWorkspaceBytes: opts.maxWorkspaceBytes ?? envInt("ENGINE_WORKSPACE_MAX_BYTES", 512 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024),
      maxArchiveEntries: 10_000,
    },
    sandbox: opts.sandbox ?? defaultSandbox,
    isBuiltInAgent: (id) => isSimulatedAgent(id) || overrides.some((a) => a.accepts(id)),
  });
  // Webhook targets are user input: every one goes through the egress policy (lib/http/egress.ts).
  const egress: Egress = opts.webhooks?.egress ?? {
    check: async (url) => void (await checkEgressUrl(url)),
    fetch: (url, init) => egressFetch(url, init),
  };
  const webhooks = new WebhookService({
    db: store.db,
    egress,
    retryBaseMs: opts.webhooks?.retryBaseMs ?? envInt("ENGINE_WEBHOOK_RETRY_BASE_MS", 1_000, 1, 3_600_000),
    maxAttempts: opts.webhooks?.maxAttempts,
  });
  const runner = new Runner({
    store,
    resolveAdapter,
    defaultPaceMs,
    now,
    managed,
    onFinished: (interaction) => webhooks.onInteractionStatus(interaction),
  });
  const recovered = runner.recover();
  const app = createApp({
    store,
    runner,
    resolveAdapter,
    defaultPaceMs,
    managed,
    keepAliveMs: opts.keepAliveMs ?? 15_000,
    maxBodyBytes: opts.maxBodyBytes ?? envInt("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, 512 * 1024 * 1024),
    maxImportBytes: opts.maxImportBytes ?? envInt("ENGINE_IMPORT_MAX_BYTES", 512 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
    mount: [mountWebhooks(webhooks, opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)],
  });
  let closed = false;
  return {
    app,
    store,
    runner,
    managed,
    webhooks,
    recovered,
    async fetch(req, fetchOpts) {
      const prefix = fetchOpts?.prefix?.replace(/\/+$/, "");
      if (prefix) {
        const url = new URL(req.url);
        if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
          url.pathname = url.pathname.slice(prefix.length) || "/";
          // Absolute URLs the engine hands out (X-Goog-Upload-URL) keep the mount prefix.
          const headers = new Headers(req.headers);
          headers.set("x-engine-base-path", prefix);
          const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== null;
          req = new Request(url, {
            method: req.method,
            headers,
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
      managed.uploads.clear();
      webhooks.close();
      store.close();
      if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
    },
  };
}
