// One engine per server process. Next bundles each route separately, so a module-level variable
// would give every route its own engine (its own store handle and live-run registry); a symbol on
// globalThis is shared by all of them. No `server-only` import here: the standalone server (tsx)
// and vitest load this module too — the Next route files that use it carry that guard.
import { createEngine, type Engine, type EngineOptions } from "./engine";
import { createSyntheticAdapter } from "./synthetic-adapter";

const KEY = Symbol.for("interactions-playground.engine");
const NAMED = Symbol.for("interactions-playground.engines");
type Holder = typeof globalThis & { [KEY]?: Engine; [NAMED]?: Map<string, Engine> };

/** The process's engine, created on first use (ENGINE_DB, default `.data/engine.db`). */
export function getEngine(opts?: EngineOptions): Engine {
  const g = globalThis as Holder;
  // ENGINE_SYNTHETIC=1 (bench/test hook, off by default, like the standalone server): also serve
  // the synthetic `synthetic-*` models, e.g. bench:proxy's 20,000-delta stream through /engine.
  const adapters = process.env.ENGINE_SYNTHETIC === "1" ? [createSyntheticAdapter()] : undefined;
  return (g[KEY] ??= createEngine(adapters && !opts?.adapters ? { ...opts, adapters } : opts));
}

/** Close and forget the process's engine (tests, shutdown). */
export function closeEngine(): void {
  const g = globalThis as Holder;
  g[KEY]?.close();
  delete g[KEY];
}

/**
 * A further engine of this process, by name (e.g. "openai": the engine over an OpenAI-compatible
 * server), created on first use with `opts()`; shared by every route like getEngine().
 */
export function getNamedEngine(name: string, opts: () => EngineOptions): Engine {
  const g = globalThis as Holder;
  const map = (g[NAMED] ??= new Map());
  let e = map.get(name);
  if (!e) {
    e = createEngine(opts());
    map.set(name, e);
  }
  return e;
}

/** Close and forget a named engine (tests). */
export function closeNamedEngine(name: string): void {
  const g = globalThis as Holder;
  g[NAMED]?.get(name)?.close();
  g[NAMED]?.delete(name);
}
