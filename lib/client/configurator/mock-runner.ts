"use client";
// The page side of the mock sandbox: one worker, requests by id, and a hard timeout that
// terminates the worker (and starts a fresh one next time) if QuickJS's own deadline ever fails.
import { parseResultText } from "@/lib/client/turn-model";
import { DEFAULT_MOCK_TIMEOUT_MS, toResultValue, type MockOutcome } from "./mock-result";
import type { FunctionMock } from "./types";

let worker: Worker | null = null;
/** The worker has loaded and compiled the wasm once (a cold start can take seconds on a busy machine). */
let warm = false;
let seq = 0;
/** Extra time the page allows beyond the mock's own limit before terminating the worker. */
const WATCHDOG_MS = 3_000;
const COLD_START_MS = 30_000;
const waiting = new Map<number, (o: MockOutcome) => void>();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./mock-worker.ts", import.meta.url), { type: "module", name: "mock-sandbox" });
  w.onmessage = (e: MessageEvent<{ id: number } & MockOutcome>) => {
    const { id, ...outcome } = e.data;
    warm = true;
    waiting.get(id)?.(outcome as MockOutcome);
    waiting.delete(id);
  };
  w.onerror = (e) => {
    for (const done of waiting.values()) done({ ok: false, error: `Sandbox error: ${e.message || "worker failed"}` });
    waiting.clear();
    w.terminate();
    worker = null;
    warm = false;
  };
  worker = w;
  return w;
}

export function runMockInSandbox(code: string, args: unknown, timeoutMs = DEFAULT_MOCK_TIMEOUT_MS): Promise<MockOutcome> {
  const w = getWorker();
  const id = ++seq;
  return new Promise((resolve) => {
    const hard = setTimeout(() => {
      waiting.delete(id);
      w.terminate();
      if (worker === w) {
        worker = null;
        warm = false;
      }
      resolve({ ok: false, error: `The mock sandbox did not answer within ${timeoutMs} ms (+ ${warm ? WATCHDOG_MS : COLD_START_MS} ms to start) and was stopped` });
    }, timeoutMs + (warm ? WATCHDOG_MS : COLD_START_MS));
    waiting.set(id, (o) => {
      clearTimeout(hard);
      resolve(o);
    });
    w.postMessage({ id, code, args, timeoutMs });
  });
}

export interface MockAnswer {
  result: string | Record<string, unknown>;
  isError: boolean;
}

/** A mock's answer for one call; null for manual mode (the user answers). Errors become is_error results. */
export async function answerWithMock(mock: FunctionMock, args: unknown): Promise<MockAnswer | null> {
  if (mock.mode === "manual") return null;
  if (mock.mode === "fixed") return { result: parseResultText(mock.fixedJson), isError: false };
  const r = await runMockInSandbox(mock.code, args);
  return r.ok ? { result: toResultValue(r.value), isError: false } : { result: r.error, isError: true };
}
