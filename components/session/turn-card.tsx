"use client";
// One turn = one interaction handle: id, status, model/agent, usage, latency, then its steps.
import { memo } from "react";
import {
  latencyMs,
  pendingCalls,
  ttftMs,
  unfinishedReason,
  type FunctionResultDraft,
  type TurnView,
} from "@/lib/client/turn-model";
import { Badge, SimulatorBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EnvironmentButton } from "@/components/environment/environment-button";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { AlertIcon, ForkIcon, InspectIcon, PlayIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import { FunctionResultsForm } from "./function-results-form";
import { ErrorExplainer } from "./error-explainer";
import { StepView } from "./step-view";

const PHASE_TEXT: Record<string, string> = {
  sending: "Sending…",
  streaming: "Streaming…",
  polling: "Polling for status…",
  attaching: "Attaching to the background run…",
  resuming: "Resuming the stream…",
  cancelling: "Cancelling…",
};

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function Usage({ turn }: { turn: TurnView }) {
  const u = turn.usage;
  if (!u) return null;
  const parts: [string, number | undefined][] = [
    ["in", u.total_input_tokens],
    ["out", u.total_output_tokens],
    ["thought", u.total_thought_tokens],
    ["total", u.total_tokens],
  ];
  const shown = parts.filter(([, v]) => typeof v === "number");
  if (!shown.length) return null;
  return (
    <span aria-label="Usage" className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5">
      {shown.map(([k, v]) => (
        <span key={k} className="whitespace-nowrap">
          <span className="text-faint">{k}</span> <span className="font-medium text-fg tabular-nums">{v}</span>
        </span>
      ))}
      <span className="text-faint">tokens</span>
    </span>
  );
}

export interface TurnCardProps {
  turn: TurnView;
  n: number;
  isLast: boolean;
  simulated: boolean;
  /** Another run is open in this session (disables actions that would start one). */
  busy: boolean;
  /** Opens the inspector on the turn's record id (an interaction id, or the record-only id of a refused create). */
  onInspect: (recordId: string) => void;
  onResume: (turn: TurnView) => void;
  onFork: (turn: TurnView, n: number) => void;
  onSendResults: (drafts: FunctionResultDraft[]) => Promise<string | null>;
}

export const TurnCard = memo(function TurnCard({ turn, n, isLast, simulated, busy, onInspect, onResume, onFork, onSendResults }: TurnCardProps) {
  const target = turn.agent ?? turn.model;
  const latency = turn.terminal ? latencyMs(turn) : null;
  const ttft = ttftMs(turn);
  const unfinished = unfinishedReason(turn);
  const pending = isLast && !turn.running ? pendingCalls(turn) : [];
  const openIndex = turn.running ? turn.steps.length - 1 : -1;

  return (
    <article aria-label={`Turn ${n}`} className="rounded-xl border border-line bg-panel shadow-card">
      <header className="space-y-1.5 border-b border-line px-3 py-2 sm:px-4">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1.5">
          <span className="text-xs font-semibold text-muted">Turn {n}</span>
          <StatusBadge status={turn.status} running={turn.running} />
          {target ? (
            <span className="min-w-0 truncate font-mono text-xs text-fg" title={turn.agent ? "agent" : "model"}>
              {turn.agent ? <span className="text-faint">agent </span> : null}
              {target}
            </span>
          ) : null}
          {simulated ? <SimulatorBadge /> : null}
          {turn.backend !== "local" ? <Badge>{turn.backend}</Badge> : null}
          {turn.background ? <Badge tone="accent">background</Badge> : null}
          {!turn.store ? <Badge tone="warn">store off</Badge> : null}
          <div className="ml-auto flex items-center gap-1">
            {unfinished && !busy ? (
              <Button size="sm" variant="primary" onClick={() => onResume(turn)}>
                <PlayIcon size={12} />
                Resume
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" disabled={!turn.recordId} onClick={() => turn.recordId && onInspect(turn.recordId)}>
              <InspectIcon size={13} />
              Inspect
            </Button>
            {turn.environmentId && turn.interactionId && turn.terminal && !turn.running ? (
              <EnvironmentButton backend={turn.backend} environmentId={turn.environmentId} interactionId={turn.interactionId} n={n} />
            ) : null}
            {turn.interactionId && turn.terminal && !turn.running ? (
              <Button size="sm" variant="ghost" title="Start a new session whose next turn chains from this interaction" onClick={() => onFork(turn, n)}>
                <ForkIcon size={13} />
                <span className="hidden sm:inline">Fork from here</span>
                <span className="sr-only sm:hidden">Fork from here</span>
              </Button>
            ) : null}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
          <span className="inline-flex min-w-0 items-center gap-0.5">
            <span className="truncate font-mono text-[12px] text-fg" data-testid="interaction-id">
              {turn.interactionId ?? (turn.running ? "waiting for id…" : "no interaction id")}
            </span>
            {turn.interactionId ? <CopyButton label="Copy interaction id" text={turn.interactionId} className="h-6 px-1" /> : null}
          </span>
          <Usage turn={turn} />
          {latency !== null ? (
            <span className="whitespace-nowrap">
              <span className="text-faint">latency</span> <span className="font-medium text-fg tabular-nums">{fmtMs(latency)}</span>
            </span>
          ) : null}
          {ttft !== null ? (
            <span className="whitespace-nowrap" title="Time to the first streamed event">
              <span className="text-faint">TTFT</span> <span className="font-medium text-fg tabular-nums">{fmtMs(ttft)}</span>
            </span>
          ) : null}
          {turn.running && turn.phase ? (
            <span className="inline-flex items-center gap-1.5 text-accent">
              <Spinner />
              {PHASE_TEXT[turn.phase] ?? turn.phase}
            </span>
          ) : null}
        </div>
        {turn.previousInteractionId ? (
          <p className="text-xs text-faint">
            chained from <span className="font-mono">{turn.previousInteractionId}</span>
          </p>
        ) : turn.transcriptSteps > 0 ? (
          <p className="text-xs text-warn">Sent as a full transcript: {turn.transcriptSteps} earlier steps re-sent as input (no previous_interaction_id).</p>
        ) : null}
      </header>

      <div className="space-y-3 px-3 py-3 sm:px-4">
        {turn.inputSteps.map((s, i) => (
          <StepView key={`in-${i}`} step={s} />
        ))}
        {turn.steps.map((s, i) => (
          <StepView key={i} step={s} streaming={i === openIndex} />
        ))}
        {turn.running && turn.steps.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> {PHASE_TEXT[turn.phase ?? "sending"]}
          </p>
        ) : null}
        {!turn.running && turn.terminal && turn.steps.length === 0 && !turn.error ? (
          <p className="text-xs text-faint">No generated steps.</p>
        ) : null}
        {turn.error ? (
          <div role="alert" className="rounded-lg border border-err/40 bg-err-soft px-3 py-2 text-sm text-err">
            <p className="font-medium">
              {turn.error.httpStatus ? `HTTP ${turn.error.httpStatus}` : "Error"}
              {turn.error.code ? ` · ${turn.error.code}` : ""}
            </p>
            {turn.error.message ? <p className="mt-0.5 break-words">{turn.error.message}</p> : null}
            <ErrorExplainer error={turn.error} onInspect={turn.interactionId ? () => onInspect(turn.interactionId as string) : undefined} />
          </div>
        ) : null}
        {unfinished ? (
          <div className={cn("flex flex-wrap items-center gap-2 rounded-lg border border-warn/40 bg-warn-soft px-3 py-2 text-sm text-warn")}>
            <AlertIcon size={14} />
            <span className="font-medium">{unfinished}</span>
            {turn.lastEventId ? <span className="text-xs">last event <span className="font-mono">{turn.lastEventId}</span></span> : null}
          </div>
        ) : null}
        {pending.length ? <FunctionResultsForm key={turn.key} calls={pending} disabled={busy} onSubmit={onSendResults} /> : null}
      </div>
    </article>
  );
});
