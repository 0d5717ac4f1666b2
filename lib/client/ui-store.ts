// UI state: which panels are open, the theme choice. Panel state differs by viewport: on wide
// screens the sidebar and run settings sit beside the transcript (open unless closed, persisted);
// on narrow screens they are overlays (closed unless opened, not persisted).
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";

export type Panel = "sidebar" | "settings";

interface UiState {
  wide: Record<Panel, boolean>;
  narrow: Record<Panel, boolean>;
  toggle: (panel: Panel, isWide: boolean) => void;
  closeNarrow: (panel?: Panel) => void;
}

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      wide: { sidebar: true, settings: true },
      narrow: { sidebar: false, settings: false },
      toggle: (panel, isWide) =>
        set((s) =>
          isWide
            ? { wide: { ...s.wide, [panel]: !s.wide[panel] } }
            : // only one overlay at a time on a phone
              { narrow: { sidebar: false, settings: false, [panel]: !s.narrow[panel] } },
        ),
      closeNarrow: (panel) =>
        set((s) => ({ narrow: panel ? { ...s.narrow, [panel]: false } : { sidebar: false, settings: false } })),
    }),
    {
      name: "playground.ui",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      skipHydration: true,
      partialize: (s) => ({ wide: s.wide }),
    },
  ),
);

/** The breakpoint where the side panels stop being overlays (Tailwind `lg`). */
export const WIDE_QUERY = "(min-width: 1024px)";
export function isWideViewport(): boolean {
  return typeof window !== "undefined" && window.matchMedia(WIDE_QUERY).matches;
}
