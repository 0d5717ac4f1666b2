"use client";
import type { Backend } from "@/lib/client/api-types";
import { isWideViewport, useUi } from "@/lib/client/ui-store";
import { SimulatorBadge } from "@/components/ui/badge";
import { IconButton } from "@/components/ui/button";
import { SidebarIcon, SlidersIcon } from "@/components/ui/icons";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { HealthDot } from "@/components/settings/health-dot";

export function SessionHeader({ title, backend, target, simulated }: { title: string; backend: Backend; target: string; simulated: boolean }) {
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
