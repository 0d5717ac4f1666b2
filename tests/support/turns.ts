// Shared fixtures of the turn-model unit tests (lib/client/turn-model/*.test.ts): run settings,
// a stored record turn, a live turn, and a fold of one of the SSE fixtures.
import { readFileSync } from "node:fs";
import { applyEvent, emptyFold, type FoldState } from "@/lib/interactions/fold";
import { createStreamReader } from "@/lib/interactions/sse";
import type { Turn } from "@/lib/contract/app-api";
import { DEFAULT_SETTINGS, userInputStep, type LiveTurn, type RunSettings } from "@/lib/client/turn-model";

export const settings = (over: Partial<RunSettings> = {}): RunSettings => ({ ...DEFAULT_SETTINGS, ...over });

export function record(over: Partial<Turn> & { interaction_id: string }): Turn {
  return {
    session_id: "s1",
    backend: "local",
    api_version: "v1beta",
    request: { model: "local-sim", input: [userInputStep("hi")], store: true, stream: true },
    interaction: { id: over.interaction_id, status: "completed", steps: [{ type: "model_output", content: [{ type: "text", text: "hello" }] }] },
    status: "completed",
    stream: true,
    background: false,
    store: true,
    created_ms: 1000,
    first_event_ms: 1040,
    completed_ms: 1500,
    terminal: true,
    last_event_id: "e9",
    event_count: 9,
    http_status: 200,
    error: null,
    deleted_upstream: false,
    ...over,
  };
}

export function foldFixture(name: string): FoldState {
  const text = readFileSync(new URL(`../fixtures/sse/${name}`, import.meta.url), "utf8");
  let fold = emptyFold();
  const reader = createStreamReader({ onEvent: (ev) => (fold = applyEvent(fold, ev)) });
  reader.feed(text);
  reader.end();
  return fold;
}

export function live(fold: FoldState, over: Partial<LiveTurn> = {}): LiveTurn {
  return {
    key: "local-1",
    sessionId: "s1",
    backend: "local",
    request: { model: "local-sim", input: [userInputStep("hi")], store: true, stream: true },
    fold,
    createdMs: 1000,
    firstEventMs: 1020,
    completedMs: 1300,
    running: false,
    phase: null,
    error: null,
    ...over,
  };
}
