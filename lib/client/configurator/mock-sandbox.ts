// The mock sandbox: a user's `(args) => result` runs inside QuickJS (a separate JavaScript engine
// compiled to wasm), so it has only ECMAScript — no fetch, DOM, storage, timers or imports — and
// an interrupt deadline and memory limit stop a runaway mock. In the browser this runs inside a
// Web Worker (mock-worker.ts) that the page also terminates on a hard timeout.
import { shouldInterruptAfterDeadline, type QuickJSWASMModule } from "quickjs-emscripten-core";
import { DEFAULT_MOCK_TIMEOUT_MS, type MockOutcome } from "./mock-result";

export { DEFAULT_MOCK_TIMEOUT_MS, toResultValue, type MockOutcome } from "./mock-result";

export interface MockLimits {
  timeoutMs: number;
  memoryBytes?: number;
}

const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;

/** Run `code` (an expression that evaluates to a function) with `args`; the result must be JSON-serialisable. */
export function runMockCode(qjs: QuickJSWASMModule, code: string, args: unknown, limits: MockLimits = { timeoutMs: DEFAULT_MOCK_TIMEOUT_MS }): MockOutcome {
  const rt = qjs.newRuntime();
  rt.setMemoryLimit(limits.memoryBytes ?? DEFAULT_MEMORY_BYTES);
  rt.setMaxStackSize(1024 * 1024);
  const deadline = Date.now() + limits.timeoutMs;
  rt.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  const vm = rt.newContext();
  try {
    // The user's code is an expression; args travel as a JSON string, results come back as one.
    const src = [
      `"use strict";`,
      `const __fn = (${code}\n);`,
      `if (typeof __fn !== "function") throw new TypeError("The mock must be a function, e.g. (args) => ({ ok: true })");`,
      `globalThis.__out = undefined;`,
      `Promise.resolve(__fn(JSON.parse(${JSON.stringify(JSON.stringify(args ?? {}))})))`,
      `  .then((v) => { globalThis.__out = { ok: true, json: JSON.stringify(v === undefined ? null : v) }; },`,
      `        (e) => { globalThis.__out = { ok: false, error: String(e && e.stack ? e : e) }; });`,
    ].join("\n");
    const r = vm.evalCode(src, "mock.js");
    if (r.error) {
      const err = vm.dump(r.error) as { name?: string; message?: string } | string;
      r.error.dispose();
      return { ok: false, error: interrupted(deadline) ? timeoutMessage(limits.timeoutMs) : errorText(err) };
    }
    r.value.dispose();
    const jobs = rt.executePendingJobs();
    if (jobs.error) {
      const err = vm.dump(jobs.error);
      jobs.error.dispose();
      return { ok: false, error: interrupted(deadline) ? timeoutMessage(limits.timeoutMs) : errorText(err) };
    }
    const outHandle = vm.getProp(vm.global, "__out");
    const out = vm.dump(outHandle) as { ok: boolean; json?: string; error?: string } | undefined;
    outHandle.dispose();
    if (!out) return { ok: false, error: interrupted(deadline) ? timeoutMessage(limits.timeoutMs) : "The mock's promise never settled" };
    if (!out.ok) return { ok: false, error: out.error ?? "The mock threw" };
    if (out.json === undefined) return { ok: false, error: "The mock returned something that is not JSON (a function or a symbol)" };
    return { ok: true, value: JSON.parse(out.json) };
  } catch (e) {
    // Out of memory or stack inside QuickJS surfaces here.
    return { ok: false, error: interrupted(deadline) ? timeoutMessage(limits.timeoutMs) : `Mock failed: ${(e as Error).message}` };
  } finally {
    vm.dispose();
    rt.dispose();
  }
}

const interrupted = (deadline: number) => Date.now() >= deadline;
const timeoutMessage = (ms: number) => `The mock ran longer than ${ms} ms and was stopped`;

function errorText(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { name?: string; message?: string };
    return `${e.name ?? "Error"}: ${e.message ?? ""}`.trim();
  }
  return String(err);
}
