// The backends the playground talks to, as a plain list (no zod), so browser code can iterate it
// without loading the contract's schemas; lib/contract/app-api.ts builds its BackendId schema from it.
export const BACKEND_IDS = ["local", "gemini", "openai", "vertex"] as const;
export type BackendId = (typeof BACKEND_IDS)[number];
