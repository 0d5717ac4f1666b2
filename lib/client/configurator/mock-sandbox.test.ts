import { beforeAll, describe, expect, it } from "vitest";
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from "quickjs-emscripten-core";
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { runMockCode, toResultValue } from "./mock-sandbox";

let qjs: QuickJSWASMModule;
beforeAll(async () => {
  qjs = await newQuickJSWASMModuleFromVariant(variant);
});

describe("mock sandbox (QuickJS)", () => {
  it("runs (args) => result with the call's arguments", () => {
    expect(runMockCode(qjs, "(args) => ({ city: args.city, temperature: 21 })", { city: "Lisbon" })).toEqual({ ok: true, value: { city: "Lisbon", temperature: 21 } });
    expect(runMockCode(qjs, "async ({ a, b }) => a + b", { a: 2, b: 3 })).toEqual({ ok: true, value: 5 });
    expect(runMockCode(qjs, "function (a) { return [a.x, 'y'] }", { x: 1 })).toEqual({ ok: true, value: [1, "y"] });
  });

  it("stops a mock that loops forever", () => {
    const t0 = Date.now();
    const r = runMockCode(qjs, "() => { for (;;) {} }", {}, { timeoutMs: 200 });
    expect(r).toEqual({ ok: false, error: "The mock ran longer than 200 ms and was stopped" });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("has no fetch, document, localStorage, or host globals", () => {
    const probe = "() => [typeof fetch, typeof document, typeof localStorage, typeof window, typeof XMLHttpRequest, typeof process, typeof require, typeof importScripts, typeof setTimeout]";
    expect(runMockCode(qjs, probe, {})).toEqual({ ok: true, value: Array(9).fill("undefined") });
    const r = runMockCode(qjs, "() => fetch('http://127.0.0.1:1/')", {});
    expect(r).toEqual({ ok: false, error: expect.stringContaining("fetch") });
    expect(runMockCode(qjs, "() => localStorage.getItem('k')", {}).ok).toBe(false);
    expect(runMockCode(qjs, "() => document.cookie", {}).ok).toBe(false);
  });

  it("reports errors and non-functions clearly", () => {
    expect(runMockCode(qjs, "() => { throw new Error('boom') }", {})).toEqual({ ok: false, error: expect.stringContaining("boom") });
    expect(runMockCode(qjs, "42", {})).toEqual({ ok: false, error: expect.stringContaining("must be a function") });
    expect(runMockCode(qjs, "(a) => {", {})).toEqual({ ok: false, error: expect.stringContaining("SyntaxError") });
    expect(runMockCode(qjs, "() => 'x'.repeat(64 * 1024 * 1024).length", {}, { timeoutMs: 2_000, memoryBytes: 8 * 1024 * 1024 }).ok).toBe(false);
  });

  it("maps values to a function_result result", () => {
    expect(toResultValue({ a: 1 })).toEqual({ a: 1 });
    expect(toResultValue("sunny")).toBe("sunny");
    expect(toResultValue([1, 2])).toBe("[1,2]");
    expect(toResultValue(null)).toBe("null");
  });
});
