"use client";
// The configurator draft, persisted in localStorage (zustand persist) so nothing is lost when the
// user leaves the page mid-edit; saved presets live on the server (app store, /api/presets).
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { sanitizeDraft } from "./sanitize";
import { DEFAULT_CONFIGURATOR, DEFAULT_MOCK, STARTER_FUNCTION_SCHEMA, type BuiltinsDraft, type BuiltinType, type ConfiguratorDraft, type FunctionDraft, type McpServerRef } from "./types";

export interface ConfiguratorState extends ConfiguratorDraft {
  /** The preset this draft was last loaded from or saved as (for "Save" vs "Save as"). */
  presetId: string | null;
  addFunction: (f?: Partial<FunctionDraft>) => string;
  updateFunction: (id: string, patch: Partial<FunctionDraft>) => void;
  duplicateFunction: (id: string) => string | null;
  removeFunction: (id: string) => void;
  setBuiltin: <K extends BuiltinType>(type: K, patch: Partial<BuiltinsDraft[K]>) => void;
  /** Add (or update) the reference to a saved MCP server entry. */
  addMcpServer: (ref: Omit<McpServerRef, "enabled" | "allowedTools"> & Partial<McpServerRef>) => void;
  setMcpServer: (id: string, patch: Partial<McpServerRef>) => void;
  removeMcpServer: (id: string) => void;
  /** Bring references in line with the server's saved entries: names and URLs follow edits; a gone entry is marked missing. */
  syncMcpServers: (saved: { id: string; name: string; url: string }[]) => void;
  setResponseFormat: (patch: Partial<ConfiguratorDraft["responseFormat"]>) => void;
  setAuto: (patch: Partial<ConfiguratorDraft["auto"]>) => void;
  replace: (d: ConfiguratorDraft, presetId?: string | null) => void;
  setPresetId: (id: string | null) => void;
}

export const newFunctionId = () => `fn_${Math.random().toString(36).slice(2, 10)}`;

function uniqueName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}_${i}`)) return `${base}_${i}`;
}

export const useConfigurator = create<ConfiguratorState>()(
  persist(
    (set, get) => ({
      ...DEFAULT_CONFIGURATOR,
      presetId: null,
      addFunction: (f) => {
        const id = newFunctionId();
        const taken = get().functions.map((x) => x.name);
        const fn: FunctionDraft = {
          id,
          name: uniqueName(f?.name ?? "my_function", taken),
          description: f?.description ?? "",
          parametersJson: f?.parametersJson ?? STARTER_FUNCTION_SCHEMA,
          mock: f?.mock ?? { ...DEFAULT_MOCK },
        };
        set((s) => ({ functions: [...s.functions, fn] }));
        return id;
      },
      updateFunction: (id, patch) => set((s) => ({ functions: s.functions.map((f) => (f.id === id ? { ...f, ...patch } : f)) })),
      duplicateFunction: (id) => {
        const src = get().functions.find((f) => f.id === id);
        if (!src) return null;
        const copy: FunctionDraft = { ...structuredClone(src), id: newFunctionId(), name: uniqueName(`${src.name}_copy`, get().functions.map((f) => f.name)) };
        set((s) => {
          const i = s.functions.findIndex((f) => f.id === id);
          const next = [...s.functions];
          next.splice(i + 1, 0, copy);
          return { functions: next };
        });
        return copy.id;
      },
      removeFunction: (id) => set((s) => ({ functions: s.functions.filter((f) => f.id !== id) })),
      setBuiltin: (type, patch) => set((s) => ({ builtins: { ...s.builtins, [type]: { ...s.builtins[type], ...patch } } })),
      addMcpServer: (ref) =>
        set((s) => {
          const cur = s.mcpServers.find((m) => m.id === ref.id);
          const next: McpServerRef = { enabled: true, allowedTools: null, ...cur, ...ref, missing: undefined };
          return { mcpServers: cur ? s.mcpServers.map((m) => (m.id === ref.id ? next : m)) : [...s.mcpServers, next] };
        }),
      setMcpServer: (id, patch) => set((s) => ({ mcpServers: s.mcpServers.map((m) => (m.id === id ? { ...m, ...patch } : m)) })),
      removeMcpServer: (id) => set((s) => ({ mcpServers: s.mcpServers.filter((m) => m.id !== id) })),
      syncMcpServers: (saved) =>
        set((s) => {
          const next = syncMcpRefs(s.mcpServers, saved);
          return next === s.mcpServers ? {} : { mcpServers: next };
        }),
      setResponseFormat: (patch) => set((s) => ({ responseFormat: { ...s.responseFormat, ...patch } })),
      setAuto: (patch) => set((s) => ({ auto: { ...s.auto, ...patch } })),
      replace: (d, presetId) => set({ ...sanitizeDraft(d), ...(presetId !== undefined ? { presetId } : {}) }),
      setPresetId: (presetId) => set({ presetId }),
    }),
    {
      name: "playground.configurator",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      skipHydration: true,
      partialize: (s) => ({ ...draftOf(s), presetId: s.presetId }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<ConfiguratorState>;
        return { ...current, ...sanitizeDraft(p), presetId: typeof p.presetId === "string" ? p.presetId : null };
      },
    },
  ),
);

export function draftOf(s: ConfiguratorDraft): ConfiguratorDraft {
  return { functions: s.functions, builtins: s.builtins, mcpServers: s.mcpServers, responseFormat: s.responseFormat, auto: s.auto };
}

/** References after a fresh list of saved entries (the same array when nothing changed). */
export function syncMcpRefs(refs: McpServerRef[], saved: { id: string; name: string; url: string }[]): McpServerRef[] {
  let changed = false;
  const out = refs.map((r) => {
    const e = saved.find((x) => x.id === r.id);
    const next: McpServerRef = e ? { ...r, name: e.name, url: e.url, missing: undefined } : { ...r, missing: true };
    if (next.name !== r.name || next.url !== r.url || next.missing !== r.missing) changed = true;
    return next;
  });
  return changed ? out : refs;
}
