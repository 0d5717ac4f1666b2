"use client";
import { SimulatorBadge } from "@/components/ui/badge";
import { SparkIcon } from "@/components/ui/icons";
import { useSettings } from "@/lib/client/settings-store";
import { suggestionsFor, withTools, type Suggestion } from "@/lib/client/suggestions";

/** Put a chip's prompt in the composer and the tools it needs in the Tools box. */
export function pickSuggestion(sessionId: string, s: Suggestion, setPrompt: (sessionId: string, prompt: string) => void): void {
  if (s.tools?.length) {
    const { toolsJson, set } = useSettings.getState();
    set({ toolsJson: withTools(toolsJson, s.tools) });
  }
  setPrompt(sessionId, s.prompt);
}

export function EmptyState({
  backend,
  simulated,
  configured,
  onPick,
}: {
  backend: string;
  simulated: boolean;
  configured: boolean;
  /** A chip was picked: its prompt goes to the composer; `tools` (if any) into the Tools box. */
  onPick: (suggestion: Suggestion) => void;
}) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-10 text-center sm:py-16">
      <span className="mb-4 grid h-11 w-11 place-items-center rounded-xl bg-accent-soft text-accent">
        <SparkIcon size={20} />
      </span>
      <h1 className="text-lg font-semibold tracking-tight">Start a session</h1>
      <p className="mt-1 text-sm text-muted">
        Each turn is one interaction: its id, status, steps, usage and timing are all shown — and kept in the local record.
      </p>
      {simulated ? (
        <p className="mt-4 flex items-center gap-2.5 rounded-lg border border-info/30 bg-info-soft px-3 py-2 text-left text-sm text-info">
          <SimulatorBadge className="shrink-0" />
          <span>You&apos;re on the embedded engine&apos;s deterministic simulator — no key needed</span>
        </p>
      ) : backend === "openai" && !configured ? (
        <p className="mt-4 rounded-lg border border-warn/30 bg-warn-soft px-3 py-2 text-sm text-warn">
          The OpenAI-compatible backend has no server yet. Set its base URL in Run settings, or switch the backend to the local engine.
        </p>
      ) : backend === "vertex" && !configured ? (
        <p className="mt-4 rounded-lg border border-warn/30 bg-warn-soft px-3 py-2 text-sm text-warn">
          The Vertex AI backend has no project or credentials yet. Set them in Run settings, or switch the backend to the local engine.
        </p>
      ) : backend === "gemini" && !configured ? (
        <p className="mt-4 rounded-lg border border-warn/30 bg-warn-soft px-3 py-2 text-sm text-warn">
          The Gemini backend has no API key yet. Add one in Run settings, or switch the backend to the local engine.
        </p>
      ) : null}
      <div className="mt-6 grid w-full gap-2">
        {suggestionsFor(simulated).map((e) => (
          <button
            key={e.prompt}
            type="button"
            onClick={() => onPick(e)}
            className="rounded-lg border border-line bg-panel px-3 py-2 text-left text-sm text-muted transition-colors hover:border-line-strong hover:text-fg"
          >
            {e.prompt}
            {e.note ? <span className="ml-1 text-xs text-faint">({e.note})</span> : null}
          </button>
        ))}
      </div>
    </div>
  );
}
