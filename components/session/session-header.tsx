"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/client/api";
import type { BackendId, SessionDetail } from "@/lib/contract/app-api";
import { exportFileName, sessionToMarkdown } from "@/lib/client/export-markdown";
import { qk, useSession } from "@/lib/client/queries";
import { isWideViewport, useUi } from "@/lib/client/ui-store";
import { SimulatorBadge } from "@/components/ui/badge";
import { IconButton } from "@/components/ui/button";
import { SidebarIcon, SlidersIcon } from "@/components/ui/icons";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { HealthDot } from "@/components/settings/health-dot";
import { FaultsOnBadge } from "@/components/settings/faults-badge";

const DownloadIcon = () => (
  <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d="M12 3v12M7 10l5 5 5-5M5 21h14" />
  </svg>
);
const MarkdownIcon = () => (
  <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z" />
    <path d="M14 3v6h6M8 13h8M8 17h5" />
  </svg>
);

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "Export session" (JSON: `{ session, turns }` from GET /api/sessions/{id}) and "Export as Markdown". */
function ExportButtons({ sessionId, isNew }: { sessionId: string; isNew: boolean }) {
  const qc = useQueryClient();
  const session = useSession(sessionId, isNew);
  const [error, setError] = useState<string | null>(null);
  const empty = !session.data?.turns.length;
  const run = async (kind: "json" | "md") => {
    setError(null);
    try {
      // Refetch first: the cached record may predate the turn that just finished.
      const detail = await qc.fetchQuery<SessionDetail>({
        queryKey: qk.session(sessionId),
        queryFn: ({ signal }) => api.getSession(sessionId, signal),
        staleTime: 0,
      });
      if (kind === "json") download(exportFileName(sessionId, "json"), JSON.stringify({ session: detail.session, turns: detail.turns }, null, 2) + "\n", "application/json");
      else download(exportFileName(sessionId, "md"), sessionToMarkdown(detail, sessionId), "text/markdown");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <IconButton aria-label="Export session" title="Export session (JSON)" disabled={empty} onClick={() => void run("json")}>
        <DownloadIcon />
      </IconButton>
      <IconButton aria-label="Export as Markdown" title="Export as Markdown" disabled={empty} onClick={() => void run("md")}>
        <MarkdownIcon />
      </IconButton>
      {error ? (
        <span role="alert" className="sr-only">
          Export failed: {error}
        </span>
      ) : null}
    </>
  );
}

export function SessionHeader({
  title,
  backend,
  target,
  simulated,
  sessionId,
  isNew = false,
}: {
  title: string;
  backend: BackendId;
  target: string;
  simulated: boolean;
  /** Enables the export buttons. */
  sessionId?: string;
  /** The record does not hold the session yet: read nothing before the first send. */
  isNew?: boolean;
}) {
  const toggle = useUi((s) => s.toggle);
  const wide = useUi((s) => s.wide);
  const narrow = useUi((s) => s.narrow);
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-line bg-panel px-2 sm:px-3">
      <IconButton
        aria-label="Toggle sessions"
        aria-expanded={narrow.sidebar || undefined}
        title="Sessions"
        onClick={() => toggle("sidebar", isWideViewport())}
        className={wide.sidebar ? "lg:text-fg" : undefined}
      >
        <SidebarIcon />
      </IconButton>
      <h1 className="min-w-0 flex-1 truncate text-sm font-semibold" title={title}>
        {title}
      </h1>
      <div className="hidden min-w-0 items-center gap-2 rounded-full border border-line bg-raised px-2.5 py-1 text-xs sm:flex">
        <HealthDot backend={backend} />
        <span className="text-muted">{backend}</span>
        <span className="max-w-[14rem] truncate font-mono text-fg">{target || "—"}</span>
        {simulated ? <SimulatorBadge /> : null}
      </div>
      <span className="sm:hidden">
        <HealthDot backend={backend} />
      </span>
      <FaultsOnBadge backend={backend} />
      {sessionId ? <ExportButtons sessionId={sessionId} isNew={isNew} /> : null}
      <ThemeToggle />
      <IconButton
        aria-label="Toggle run settings"
        aria-expanded={narrow.settings || undefined}
        title="Run settings"
        onClick={() => toggle("settings", isWideViewport())}
        className={wide.settings ? "lg:text-fg" : undefined}
      >
        <SlidersIcon />
      </IconButton>
    </header>
  );
}
