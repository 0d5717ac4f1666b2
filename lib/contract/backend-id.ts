// The backends the playground talks to, as a plain list (no zod), so browser code can iterate it
// without loading the contract's schemas; lib/contract/app-api.ts builds its BackendId schema from it.
export const BACKEND_IDS = ["local", "gemini", "openai", "vertex"] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/**
 * A response header the embedded engine sets on every answer (value "embedded"), so the playground
 * can tell when a `gemini` or `vertex` backend's base URL points at an engine (the offline recipes
 * in docs/proxy.md): that upstream runs the simulated ids on its simulator, and the UI labels them.
 */
export const ENGINE_HEADER = "x-playground-engine";
