"use client";
// The session pane's data and actions: stored turns (react-query) with this tab's live runs laid
// over them, and send / send results / stop / resume / fork built on the pure turn model.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import type { Step } from "@/lib/interactions/types";
import { api } from "./api";
import { useDrafts } from "./drafts-store";
import { defaultTarget, qk, useBackends, useSession } from "./queries";
import { resumeRun, startRun, stopSession, useRuns } from "./runs";
import { planTurnWithConfigurator } from "./configurator/request";
import { draftOf, useConfigurator } from "./configurator/store";
import { newSessionId } from "./session-id";
import { runSettingsOf, useSettings } from "./settings-store";
import {
  functionResultSteps,
  isChainable,
  mergeTurns,
  replayableSteps,
  requestFor,
  userInputStep,
  viewFromLive,
  viewFromRecord,
  type Attachment,
  type ForkBase,
  type FunctionResultDraft,
  type LiveTurn,
  type TurnView,
} from "./turn-model";

const NO_LIVE: LiveTurn[] = [];
/** Background turns this tab has already re-attached to (once per page load). */
const reattached = new Set<string>();

export function useSessionRunner(sessionId: string, isNew = false) {
  const qc = useQueryClient();
  const session = useSession(sessionId, isNew);
  const backends = useBackends();
  const liveTurns = useRuns((s) => s.bySession[sessionId] ?? NO_LIVE);
  const fork = useDrafts((s) => s.forks[sessionId] ?? null);
  const setFork = useDrafts((s) => s.setFork);

  const turns = useMemo(() => {
    const stored = (session.data?.turns ?? []).map(viewFromRecord);
    return mergeTurns(stored, liveTurns.map(viewFromLive));
  }, [session.data, liveTurns]);
  const running = turns.some((t) => t.running);

  // The next turn, planned once per change of settings, history or fork: the pane previews it
  // (note, mode) and a send builds its request from this same plan.
  const settings = useSettings(useShallow(runSettingsOf));
  const chosen = settings.targetKind === "agent" ? settings.agent : settings.model;
  const target = chosen.trim() || defaultTarget(backends.data, settings.backend, settings.targetKind);
  // The configurator's functions, built-in tools and response format are laid over the plan here.
  const config = useConfigurator(useShallow(draftOf));
  const plan = useMemo(
    () => planTurnWithConfigurator({ settings, target, history: turns.filter((t) => !t.running), fork }, config),
    [settings, target, turns, fork, config],
  );

  // Actions read the latest turns through a ref, so their identity stays stable while a stream
  // updates the transcript (turn cards are memoised on them).
  const latest = useRef({ turns, fork, backends: backends.data, running, plan });
  useLayoutEffect(() => {
    latest.current = { turns, fork, backends: backends.data, running, plan };
  });

  // Once the record holds a turn's end, drop this tab's copy of it.
  const prune = useRuns((s) => s.prune);
  useEffect(() => {
    const done = new Set((session.data?.turns ?? []).filter((t) => t.terminal).map((t) => t.interaction_id));
    if (liveTurns.some((l) => !l.running && l.fold.interaction.id && done.has(l.fold.interaction.id))) prune(sessionId, done);
  }, [session.data, liveTurns, prune, sessionId]);

  const onSettled = useCallback(() => {
    void qc.invalidateQueries({ queryKey: qk.session(sessionId) });
    void qc.invalidateQueries({ queryKey: qk.sessions() });
  }, [qc, sessionId]);

  // A session reopened (after a reload, from /jobs) re-attaches to its background turns that are
  // still running: stream from the last recorded event (or the start), else the shared poller;
  // the record catches up through the proxy as the run goes on.
  useEffect(() => {
    for (const t of turns) {
      if (!t.background || t.terminal || t.live || !t.interactionId || reattached.has(t.interactionId)) continue;
      reattached.add(t.interactionId);
      void resumeRun(sessionId, t, { onSettled });
    }
  }, [turns, sessionId, onSettled]);

  /** Plan and start a turn with the given new input; resolves to an error message or null. */
  const run = useCallback(
    async (input: Step[]): Promise<string | null> => {
      const settings = runSettingsOf(useSettings.getState());
      let plan = latest.current.plan;
      const chosen = settings.targetKind === "agent" ? settings.agent : settings.model;
      if (!chosen.trim() && !latest.current.backends) {
        // A blank model means "the backend's default": learn it before the first send (the only
        // case planned again here — the rendered plan had no target to plan with).
        const known = await qc.ensureQueryData({ queryKey: qk.backends, queryFn: ({ signal }) => api.backends(signal) }).catch(() => undefined);
        const { turns: history, fork: forkBase } = latest.current;
        plan = planTurnWithConfigurator(
          { settings, target: defaultTarget(known, settings.backend, settings.targetKind), history, fork: forkBase },
          draftOf(useConfigurator.getState()),
        );
      }
      if (!plan.ok) return plan.error;
      const request = requestFor(plan.value, input);
      if (!request.ok) return request.error;
      void startRun({
        sessionId,
        backend: settings.backend,
        body: request.value.body,
        attach: settings.stream,
        headers: request.value.headers,
        onStarted: () => void qc.invalidateQueries({ queryKey: qk.sessions() }),
        onSettled,
      });
      return null;
    },
    [qc, sessionId, onSettled],
  );

  const send = useCallback(
    async (text: string, attachments: Attachment[]) => {
      if (latest.current.running) return "A turn is still running — stop it first.";
      if (!text.trim() && !attachments.length) return "Type a prompt or attach a file.";
      return run([userInputStep(text, attachments)]);
    },
    [run],
  );

  const sendResults = useCallback(
    async (drafts: FunctionResultDraft[]) => (latest.current.running ? "A turn is still running." : run(functionResultSteps(drafts))),
    [run],
  );

  const stop = useCallback(() => stopSession(sessionId), [sessionId]);

  const resume = useCallback((turn: TurnView) => void resumeRun(sessionId, turn, { onSettled }), [sessionId, onSettled]);

  /** A new session whose next turn chains from `turn` (or replays the transcript up to it when store is off). */
  const forkFrom = useCallback(
    async (turn: TurnView, n: number, title: string): Promise<string> => {
      const { turns, fork } = latest.current;
      const upTo = turns.slice(0, n);
      const base: ForkBase = {
        fromSessionId: sessionId,
        fromInteractionId: turn.interactionId ?? "",
        fromTurn: n,
        backend: turn.backend,
        stored: turn.store && isChainable(turn),
        steps: [...(fork?.steps ?? []), ...upTo.filter(isChainable).flatMap(replayableSteps)],
      };
      const id = newSessionId();
      setFork(id, base);
      try {
        await api.createSession({ id, title: `${title} (fork at turn ${n})`.slice(0, 200) });
        void qc.invalidateQueries({ queryKey: qk.sessions() });
      } catch {
        /* the record creates the session with the first turn anyway */
      }
      return id;
    },
    [sessionId, setFork, qc],
  );

  return { session, turns, running, fork, target, plan, send, sendResults, stop, resume, forkFrom };
}
