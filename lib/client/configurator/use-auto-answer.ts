"use client";
// The session pane's auto-answer loop: when the last turn waits for function results and every
// call has a fixed or JavaScript mock, run the mocks (QuickJS worker), mark the results as mocked
// in the record (app store metadata — never a field on the wire), and send them.
import { useEffect, useMemo, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import type { FunctionResultDraft, TurnView } from "@/lib/client/turn-model";
import { planAutoAnswer, type AutoPlan } from "./auto-answer";
import { answerWithMock } from "./mock-runner";
import { useMarkMocked, useMockedMarks } from "./presets-client";
import { useConfigurator } from "./store";

export interface AutoAnswerState {
  /** call_id → how it was mocked, for the transcript's "mocked" marks. */
  mocked: ReadonlyMap<string, string>;
  plan: AutoPlan;
  /** Set while mocks run or results are being sent. */
  busy: boolean;
  error: string | null;
}

export function useAutoAnswer(
  sessionId: string,
  turns: TurnView[],
  running: boolean,
  sendResults: (drafts: FunctionResultDraft[]) => Promise<string | null>,
): AutoAnswerState {
  const d = useConfigurator(useShallow((s) => ({ functions: s.functions, auto: s.auto })));
  const marks = useMockedMarks(sessionId);
  const markMocked = useMarkMocked(sessionId);
  const mocked = useMemo(() => new Map((marks.data?.mocked ?? []).map((m) => [m.call_id, m.mode])), [marks.data]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const handled = useRef(new Set<string>());

  const plan = useMemo(
    () => (running || marks.isPending ? ({ kind: "idle" } as AutoPlan) : planAutoAnswer(turns, d, new Set(mocked.keys()))),
    [turns, d, mocked, running, marks.isPending],
  );

  useEffect(() => {
    if (plan.kind !== "answer" || busy) return;
    const key = plan.calls.map((c) => c.call.id).join(",");
    if (handled.current.has(key)) return;
    handled.current.add(key);
    setBusy(true);
    void (async () => {
      try {
        const drafts: FunctionResultDraft[] = [];
        for (const { call, fn } of plan.calls) {
          const answer = await answerWithMock(fn.mock, call.arguments ?? {});
          if (!answer) return;
          const text = typeof answer.result === "string" ? answer.result : JSON.stringify(answer.result);
          drafts.push({ callId: call.id ?? "", name: call.name ?? "", text, isError: answer.isError });
        }
        await markMocked.mutateAsync(plan.calls.map(({ call, fn }) => ({ call_id: call.id ?? "", name: call.name ?? "", mode: fn.mock.mode as "fixed" | "js" })));
        const err = await sendResults(drafts);
        setError(err);
      } catch (e) {
        setError(`Auto-answer failed: ${(e as Error).message}`);
      } finally {
        setBusy(false);
      }
    })();
  }, [plan, busy, sendResults, markMocked]);

  return { mocked, plan, busy, error };
}
