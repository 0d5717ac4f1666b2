"use client";
// Three columns on wide screens (sessions · transcript · run settings); on narrow screens the
// side panels become overlays opened from the header.
import type { ReactNode } from "react";
import { useUi } from "@/lib/client/ui-store";
import { cn } from "@/components/ui/cn";
import { RunSettingsPanel } from "@/components/settings/run-settings-panel";
import { SessionsSidebar } from "@/components/sidebar/sessions-sidebar";

export function PlaygroundShell({ children }: { children: ReactNode }) {
  const wide = useUi((s) => s.wide);
  const narrow = useUi((s) => s.narrow);
  const closeNarrow = useUi((s) => s.closeNarrow);
  const overlay = narrow.sidebar || narrow.settings;
  return (
    <div className="flex h-dvh overflow-hidden bg-canvas text-fg">
      <aside
        aria-label="Sessions sidebar"
        className={cn(
          "flex-col border-r border-line bg-panel",
          narrow.sidebar ? "fixed inset-y-0 left-0 z-40 flex w-[min(20rem,88vw)] shadow-xl" : "hidden",
          wide.sidebar ? "lg:static lg:z-auto lg:flex lg:w-64 lg:shrink-0 lg:shadow-none" : "lg:hidden",
        )}
      >
        <SessionsSidebar />
      </aside>
      <main className="flex min-w-0 flex-1 flex-col">{children}</main>
      <aside
        aria-label="Run settings panel"
        className={cn(
          "flex-col border-l border-line bg-panel",
          narrow.settings ? "fixed inset-y-0 right-0 z-40 flex w-[min(24rem,92vw)] shadow-xl" : "hidden",
          wide.settings ? "lg:static lg:z-auto lg:flex lg:w-80 lg:shrink-0 lg:shadow-none" : "lg:hidden",
        )}
      >
        <RunSettingsPanel />
      </aside>
      {overlay ? (
        <div aria-hidden="true" className="fixed inset-0 z-30 bg-black/40 lg:hidden" onClick={() => closeNarrow()} />
      ) : null}
    </div>
  );
}
