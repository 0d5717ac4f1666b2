// Targets for the third-party client tests: the same engine reached the two ways a user reaches
// it — the standalone server over a real socket (`npm run engine`), and the playground's proxy
// handler (`/api/backends/local/…`, in-process, as lib/proxy/sdk.test.ts drives it). Pace 0, so
// each test takes milliseconds; one standalone process per test file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createEngine, type Engine } from "@/lib/engine/engine";
import { startStandalone, type StandaloneEngine } from "@/lib/engine/testing";
import { createLocalBackend } from "@/lib/proxy/backends";
import { createProxyHandler } from "@/lib/proxy/handler";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";

/** The real network fetch, captured before any test stubs the global one. */
const netFetch = globalThis.fetch.bind(globalThis);

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export interface Target {
  name: "standalone" | "proxy";
  /** Origin + prefix, without the version segment (e.g. http://127.0.0.1:1234). */
  root: string;
  /** A fetch that reaches the target (over the socket, or into the proxy handler in-process). */
  fetch: Fetch;
  /** Every request the client sent, as "METHOD /path", with its JSON body when it had one. */
  sent: { method: string; path: string; body?: unknown }[];
}

/**
 * Register beforeAll/afterAll that start both targets; call inside a describe. Returns a getter
 * per target name (valid once beforeAll ran).
 */
export function useTargets(): Record<Target["name"], () => Target> {
  let standalone: StandaloneEngine | undefined;
  let dir: string | undefined;
  let engine: Engine | undefined;
  let appStore: AppStore | undefined;
  const targets: Partial<Record<Target["name"], Target>> = {};

  const recording = (name: Target["name"], root: string, route: (req: Request) => Promise<Response>): Target => {
    const sent: Target["sent"] = [];
    return {
      name,
      root,
      sent,
      fetch: async (input, init) => {
        const req = new Request(input as RequestInfo, init);
        const url = new URL(req.url);
        let body: unknown;
        if (req.method === "POST") {
          const text = await req.clone().text();
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
        }
        sent.push({ method: req.method, path: url.pathname + url.search, body });
        return route(req);
      },
    };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clients-"));
    standalone = await startStandalone({ ENGINE_DB: join(dir, "engine.db"), SIM_PACE_MS: "0" });
    targets.standalone = recording("standalone", standalone.url, (req) => netFetch(req));
    engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
    appStore = new AppStore(":memory:");
    const proxy = createProxyHandler({
      backends: { local: createLocalBackend({ engine: () => engine as Engine }) },
      recorder: createRecorder(appStore, { flushMs: 5 }),
      env: { MAX_BODY_BYTES: 4 * 1024 * 1024 },
    });
    targets.proxy = recording("proxy", "http://127.0.0.1:3000/api/backends/local", proxy);
  });

  afterAll(async () => {
    await standalone?.stop();
    engine?.close();
    appStore?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (name: Target["name"]) => () => {
    const t = targets[name];
    if (!t) throw new Error(`target ${name} not started`);
    return t;
  };
  return { standalone: get("standalone"), proxy: get("proxy") };
}

export const TARGET_NAMES: Target["name"][] = ["standalone", "proxy"];
