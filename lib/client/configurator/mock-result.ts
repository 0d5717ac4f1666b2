// What a mock run answers, and how its value becomes a function_result — the page side
// (mock-runner.ts) needs only these, so it never loads QuickJS; the sandbox (mock-sandbox.ts)
// runs in the worker.

export type MockOutcome = { ok: true; value: unknown } | { ok: false; error: string };

export const DEFAULT_MOCK_TIMEOUT_MS = 1_000;

/**
 * A mock's value as a function_result `result`: an object as is, a string as text, anything else
 * (numbers, arrays, booleans, null) as its JSON text — arrays on the wire must be content items.
 */
export function toResultValue(v: unknown): string | Record<string, unknown> {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  return JSON.stringify(v);
}
