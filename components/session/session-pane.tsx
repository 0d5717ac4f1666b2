"use client";
// The session pane: header, transcript of turns (stored + live, one renderer), prompt box.
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useDrafts } from "@/lib/client/drafts-store";
import type { Step } from "@/lib/interactions/types";
import { preloadClient } from "@/lib/client/interactions-client";
import { isSimulated, useBackends, useHealth } from "@/lib/client/queries";
import { useSettings } from "@/lib/client/settings-store";
import { useShallow } from "zustand/react/shallow";
import { isChainable, requestFor, type TurnView } from "@/lib/client/turn-model";
import { draftOf, useConfigurator } from "@/lib/client/configurator/store";
import { useAutoAnswer } from "@/lib/client/configurator/use-auto-answer";
import { RequestLint, useRequestLint } from "@/components/configurator/request-lint";
import { AutoAnswerStatus, TurnExtras } from "@/components/configurator/turn-extras";
import { useSessionRunner } from "@/lib/client/use-session-runner";
import { Spinner } from "@/components/ui/spinner";
import { EmptyState, pickSuggestion } from "./empty-state";
import { PromptBox } from "./prompt-box";
import { SessionHeader } from "./session-header";
import { TurnCard } from "./turn-card";

const PREVIEW_INPUT: Step = { type: "user_input", content: [{ type: "text", text: "…" }] };

// Monaco-backed; loaded only when a turn is inspected.
const Inspector = dynamic(() => import("@/components/inspector/inspector"), { ssr: false });

function firstUserText(turns: TurnView[]): string | null {
  for (const t of turns)
    for (const s of t.inputSteps)
      for (const c of s.content ?? []) if (c.type === "text" && c.text?.trim()) return c.text.trim().slice(0, 60);
  return null;
}

export function SessionPane({ sessionId, isNew = false }: { sessionId: string; isNew?: boolean }) {
  const router = useRouter();
  const { session, turns, running, fork, target, plan: preview, send, sendResults, stop, resume, forkFrom } = useSessionRunner(sessionId, isNew);
  const backends = useBackends();
  const backend = useSettings((s) => s.backend);
  const store = useSettings((s) => s.store);
  const setPrompt = useDrafts((s) => s.setPrompt);
  const [inspectId, setInspectId] = useState<string | null>(null);

  // A gemini/vertex base URL pointed at an engine (offline recipes) runs on its simulator too.
  const upstreamEngine = useHealth(backend).data?.engine === true;
  const simulatedNow = isSimulated(backends.data, backend, target, upstreamEngine);
  const configured = backends.data?.backends.find((b) => b.id === backend)?.configured ?? true;
  const title = session.data?.session?.title || firstUserText(turns) || (fork ? "Forked session" : "New session");

  // Follow the stream while the user is at the bottom; leave them be once they scroll up.
  const scrollRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const onScroll = () => {
    const el = scrollRef.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [turns]);
  useEffect(() => {
    pinned.current = true;
  }, [sessionId]);

  const onFork = useCallback(
    async (turn: TurnView, n: number) => {
      const id = await forkFrom(turn, n, title);
      router.push(`/sessions/${id}`);
    },
    [forkFrom, router, title],
  );

  // What the next send will do (the same plan the send uses): transcript replay, invalid settings.
  // The linter reads the whole request the plan would send (a placeholder stands for the new input).
  const config = useConfigurator(useShallow(draftOf));
  const lintPreview = useMemo(() => (preview.ok ? requestFor(preview.value, [PREVIEW_INPUT]) : preview), [preview]);
  const lint = useRequestLint(lintPreview, turns);
  const auto = useAutoAnswer(sessionId, turns, running, sendResults);
  const note = preview.ok ? preview.value.note : preview.error;

  const lastChainable = turns.filter(isChainable).at(-1);
  const showForkBanner = fork && turns.length === 0;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <title>{`${title} · Interactions Playground`}</title>
      <SessionHeader title={title} backend={backend} target={target} simulated={simulatedNow} sessionId={sessionId} isNew={isNew} />
      <div ref={scrollRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-3xl space-y-4 px-3 py-4 sm:px-6">
          {session.isError ? (
            <p role="alert" className="rounded-lg border border-err/40 bg-err-soft px-3 py-2 text-sm text-err">
              Could not load this session&apos;s record: {session.error.message}
            </p>
          ) : null}
          {showForkBanner ? (
            <p className="rounded-lg border border-accent/30 bg-accent-soft px-3 py-2 text-sm text-accent">
              Forked from turn {fork.fromTurn} (<span className="font-mono">{fork.fromInteractionId}</span>).{" "}
              {store && fork.stored && fork.backend === backend
                ? "Your next turn chains from it."
                : "Your next turn re-sends the transcript up to it."}
            </p>
          ) : null}
          {session.isPending && turns.length === 0 ? (
            <p className="flex items-center justify-center gap-2 py-16 text-sm text-muted">
              <Spinner /> Loading session…
            </p>
          ) : turns.length === 0 ? (
            <EmptyState backend={backend} simulated={simulatedNow} configured={configured} onPick={(p) => pickSuggestion(sessionId, p, setPrompt)} />
          ) : (
            turns.map((t, i) => (
              <div key={t.key} className="space-y-3">
              <TurnCard
                turn={t}
                n={i + 1}
                isLast={i === turns.length - 1}
                simulated={isSimulated(backends.data, t.backend, t.agent ?? t.model, t.backend === backend && upstreamEngine)}
                busy={running}
                onInspect={setInspectId}
                onResume={resume}
                onFork={onFork}
                onSendResults={sendResults}
              />
              <TurnExtras turn={t} n={i + 1} mocked={auto.mocked} />
              </div>
            ))
          )}
        </div>
      </div>
      <div className="border-t border-line bg-canvas/80 px-3 pt-2 pb-3 backdrop-blur sm:px-6">
        <div className="mx-auto w-full max-w-3xl">
          <AutoAnswerStatus busy={auto.busy} error={auto.error} reason={auto.plan.kind === "blocked" ? auto.plan.reason : null} enabled={config.auto.enabled} />
          <RequestLint findings={lint.findings} sendAnyway={lint.sendAnyway} onSendAnyway={lint.setSendAnyway} />
          {/* The SDK's browser build is fetched once the user starts typing, not with the page. */}
          <div onKeyDownCapture={preloadClient} onPointerDownCapture={preloadClient}>
            <PromptBox sessionId={sessionId} running={running} note={note} onSend={lint.guard(send)} onStop={stop} />
          </div>
          <p className="mt-1.5 hidden text-center text-[11px] text-faint sm:block">
            {preview.ok && preview.value.mode === "chain" && lastChainable ? (
              <>
                Next turn chains from <span className="font-mono">{lastChainable.interactionId}</span>
              </>
            ) : (
              "Enter to send · Shift+Enter for a new line · Esc to stop"
            )}
          </p>
        </div>
      </div>
      {inspectId ? <Inspector interactionId={inspectId} onClose={() => setInspectId(null)} /> : null}
    </div>
  );
}
