import { Badge, type Tone } from "./badge";

const TONE: Record<string, Tone> = {
  completed: "ok",
  requires_action: "warn",
  requires_continuation: "warn",
  incomplete: "warn",
  budget_exceeded: "warn",
  failed: "err",
  cancelled: "neutral",
  in_progress: "accent",
  queued: "accent",
};

/** The turn's status as text (tests read it: the element's text equals the status). */
export function StatusBadge({ status, running }: { status: string; running?: boolean }) {
  return (
    <Badge tone={TONE[status] ?? "neutral"}>
      {running ? <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" /> : null}
      <span role="status">{status}</span>
    </Badge>
  );
}
