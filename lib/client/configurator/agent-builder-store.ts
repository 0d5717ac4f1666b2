"use client";
// The custom-agent builder's draft, kept in localStorage (nothing lost mid-edit) with the id of
// the saved agent it edits, if any (saving an edit deletes that agent and creates it again: the
// API has no update).
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import * as z from "zod/mini";
import { DEFAULT_BUILDER, newFileKey, type AgentBuilderDraft, type BuilderFile } from "./agents";
import { agentConfigDraftSchema } from "./sanitize";

interface BuilderState {
  draft: AgentBuilderDraft;
  /** The saved agent this draft edits (its original resource, to restore if re-creating fails). */
  editing: Record<string, unknown> | null;
  set: (patch: Partial<AgentBuilderDraft>) => void;
  setFile: (key: string, patch: Partial<BuilderFile>) => void;
  addFile: (f?: Partial<BuilderFile>) => void;
  removeFile: (key: string) => void;
  load: (draft: AgentBuilderDraft, editing: Record<string, unknown> | null) => void;
  reset: () => void;
}

const str = (d: string) => z.catch(z.string(), d);
const flag = z.catch(z.boolean(), false);
const draftSchema = z.object({
  id: str(""),
  baseAgent: str(DEFAULT_BUILDER.baseAgent),
  description: str(""),
  systemInstruction: str(""),
  tools: z.catch(z.object({ code_execution: flag, google_search: flag, url_context: flag }), DEFAULT_BUILDER.tools),
  extraToolsJson: str(""),
  files: z.catch(z.array(z.object({ key: str(""), target: str(""), content: str(""), encoding: z.catch(z.optional(z.literal("base64")), undefined) })), []),
  allowlist: str(""),
  agentConfig: agentConfigDraftSchema,
});

export function sanitizeBuilder(raw: unknown): AgentBuilderDraft {
  const r = draftSchema.safeParse(raw ?? {});
  if (!r.success) return structuredClone(DEFAULT_BUILDER);
  return { ...r.data, files: r.data.files.map((f) => ({ ...f, key: f.key || newFileKey(), ...(f.encoding ? { encoding: f.encoding } : {}) })) } as AgentBuilderDraft;
}

export const useAgentBuilder = create<BuilderState>()(
  persist(
    (set) => ({
      draft: structuredClone(DEFAULT_BUILDER),
      editing: null,
      set: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
      setFile: (key, patch) => set((s) => ({ draft: { ...s.draft, files: s.draft.files.map((f) => (f.key === key ? { ...f, ...patch } : f)) } })),
      addFile: (f) => set((s) => ({ draft: { ...s.draft, files: [...s.draft.files, { key: newFileKey(), target: "", content: "", ...f }] } })),
      removeFile: (key) => set((s) => ({ draft: { ...s.draft, files: s.draft.files.filter((f) => f.key !== key) } })),
      load: (draft, editing) => set({ draft, editing }),
      reset: () => set({ draft: structuredClone(DEFAULT_BUILDER), editing: null }),
    }),
    {
      name: "playground.agent-builder",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      skipHydration: true,
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<BuilderState>;
        return { ...current, draft: sanitizeBuilder(p.draft), editing: p.editing && typeof p.editing === "object" ? p.editing : null };
      },
    },
  ),
);
