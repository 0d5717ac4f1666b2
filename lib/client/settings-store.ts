// Run settings: client-side drafts of how the next turn is sent (backend, model, config, tools),
// persisted to localStorage so they survive reloads. Server state (sessions, turns, backends,
// health, the key) stays in react-query; the Gemini key is never held here.
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { BACKEND_IDS, type BackendId } from "@/lib/contract/backend-id";
import { omit } from "./omit";
import { DEFAULT_SETTINGS, type RunSettings } from "./turn-model";

export interface SettingsState extends RunSettings {
  set: (patch: Partial<RunSettings>) => void;
  reset: () => void;
  setBackend: (backend: BackendId) => void;
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      ...DEFAULT_SETTINGS,
      set: (patch) => set(patch),
      reset: () => set({ ...DEFAULT_SETTINGS }),
      // A model id picked for one backend rarely exists on the other: let the default apply.
      setBackend: (backend) => set((s) => (s.backend === backend ? s : { backend, model: "", agent: "" })),
    }),
    {
      name: "playground.run-settings",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Rehydrated after mount (Providers), so the server render and the first client render agree.
      skipHydration: true,
      partialize: (s): RunSettings => runSettingsOf(s),
      merge: (persisted, current) => ({ ...current, ...sanitize(persisted) }),
    },
  ),
);

/** Keep only known keys with the right types from whatever localStorage held. */
function sanitize(raw: unknown): Partial<RunSettings> {
  if (!raw || typeof raw !== "object") return {};
  const out: Partial<Record<keyof RunSettings, unknown>> = {};
  for (const [k, def] of Object.entries(DEFAULT_SETTINGS) as [keyof RunSettings, unknown][]) {
    const v = (raw as Record<string, unknown>)[k];
    if (typeof v === typeof def) out[k] = v;
  }
  if (!(BACKEND_IDS as readonly unknown[]).includes(out.backend)) delete out.backend;
  if (out.targetKind !== "model" && out.targetKind !== "agent") delete out.targetKind;
  return out as Partial<RunSettings>;
}

export function runSettingsOf(s: SettingsState): RunSettings {
  return omit(s, ["set", "reset", "setBackend"]);
}
