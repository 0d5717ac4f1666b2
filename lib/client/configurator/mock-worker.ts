// Web Worker hosting the QuickJS mock sandbox (mock-sandbox.ts). The wasm comes from our own
// origin (/quickjs/…, copied from the installed package by scripts/copy-quickjs-wasm.mjs).
// Mocks run inside QuickJS, not in this worker's own JavaScript, so the worker's fetch and
// friends are out of their reach; the page terminates this worker if a mock overruns anyway.
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from "quickjs-emscripten-core";
import base from "@jitl/quickjs-wasmfile-release-sync";
import { runMockCode } from "./mock-sandbox";

export interface MockRequest {
  id: number;
  code: string;
  args: unknown;
  timeoutMs: number;
}

const variant = newVariant(base, { wasmLocation: "/quickjs/emscripten-module.wasm" });
let qjs: Promise<QuickJSWASMModule> | null = null;

self.onmessage = async (e: MessageEvent<MockRequest>) => {
  const { id, code, args, timeoutMs } = e.data;
  try {
    qjs ??= newQuickJSWASMModuleFromVariant(variant);
    const outcome = runMockCode(await qjs, code, args, { timeoutMs });
    self.postMessage({ id, ...outcome });
  } catch (err) {
    qjs = null;
    self.postMessage({ id, ok: false, error: `Sandbox failed to start: ${(err as Error).message}` });
  }
};
