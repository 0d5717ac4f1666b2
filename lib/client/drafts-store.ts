// Per-session drafts: the prompt being typed (persisted, so a reload keeps it), the attachments
// picked for it (memory only — base64 payloads do not belong in localStorage), and fork points
// (a forked session's first turn chains from the interaction it was forked at).
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { omit } from "./omit";
import type { Attachment, ForkBase } from "./turn-model";

interface DraftsState {
  prompts: Record<string, string>;
  attachments: Record<string, Attachment[]>;
  forks: Record<string, ForkBase>;
  setPrompt: (sessionId: string, text: string) => void;
  addAttachments: (sessionId: string, files: Attachment[]) => void;
  removeAttachment: (sessionId: string, id: string) => void;
  clearDraft: (sessionId: string) => void;
  setFork: (sessionId: string, fork: ForkBase) => void;
  dropSession: (sessionId: string) => void;
}

const without = <T,>(rec: Record<string, T>, key: string): Record<string, T> => omit(rec, [key]);

export const useDrafts = create<DraftsState>()(
  persist(
    (set) => ({
      prompts: {},
      attachments: {},
      forks: {},
      setPrompt: (id, text) => set((s) => ({ prompts: text ? { ...s.prompts, [id]: text } : without(s.prompts, id) })),
      addAttachments: (id, files) => set((s) => ({ attachments: { ...s.attachments, [id]: [...(s.attachments[id] ?? []), ...files] } })),
      removeAttachment: (id, aid) =>
        set((s) => ({ attachments: { ...s.attachments, [id]: (s.attachments[id] ?? []).filter((a) => a.id !== aid) } })),
      clearDraft: (id) => set((s) => ({ prompts: without(s.prompts, id), attachments: without(s.attachments, id) })),
      setFork: (id, fork) => set((s) => ({ forks: { ...s.forks, [id]: fork } })),
      dropSession: (id) =>
        set((s) => ({ prompts: without(s.prompts, id), attachments: without(s.attachments, id), forks: without(s.forks, id) })),
    }),
    {
      name: "playground.drafts",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      skipHydration: true,
      partialize: (s) => ({ prompts: s.prompts, forks: s.forks }),
    },
  ),
);

const EMPTY: Attachment[] = [];
export const selectAttachments = (sessionId: string) => (s: DraftsState) => s.attachments[sessionId] ?? EMPTY;
