"use client";
// react-query hooks for everything the server owns: sessions, turns, backends, health, settings.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./api";
import type { BackendId, BackendsResponse, KnownId, SessionDetail, Session, VertexSettingsInput } from "@/lib/contract/app-api";

export const qk = {
  sessions: (q?: string) => (q === undefined ? ["sessions"] : ["sessions", q]),
  session: (id: string) => ["session", id],
  record: (id: string) => ["record-interaction", id],
  backends: ["backends"],
  health: (b: string) => ["health", b],
  settings: ["settings"],
  engineFaults: ["engine-faults"],
} as const;

export function useSessions(q: string) {
  return useQuery({
    queryKey: qk.sessions(q),
    queryFn: ({ signal }) => api.listSessions(q, signal),
    placeholderData: (prev) => prev,
    staleTime: 5_000,
  });
}

const EMPTY_SESSION: SessionDetail = { session: null, turns: [] };

/**
 * A session's record. `isNew`: the server said the record does not hold it yet, so it starts empty
 * and is not fetched until something invalidates it (the first send does).
 */
export function useSession(id: string, isNew = false) {
  return useQuery({
    queryKey: qk.session(id),
    queryFn: ({ signal }) => api.getSession(id, signal),
    // Fresh until invalidated: the empty record of a new session is true until this tab sends.
    ...(isNew ? { initialData: EMPTY_SESSION, staleTime: Infinity } : { staleTime: 2_000 }),
  });
}

/** One recorded turn for the inspector; polls while the turn is still running (gains lines). */
export function useRecordedInteraction(id: string) {
  return useQuery({
    queryKey: qk.record(id),
    queryFn: ({ signal }) => api.getRecord(id, signal),
    refetchInterval: (q) => (q.state.data && !q.state.data.terminal ? 1000 : false),
    retry: 1,
  });
}

export function useBackends() {
  return useQuery({ queryKey: qk.backends, queryFn: ({ signal }) => api.backends(signal), staleTime: 60_000, retry: 1 });
}

export function useHealth(backend: BackendId) {
  return useQuery({
    queryKey: qk.health(backend),
    queryFn: ({ signal }) => api.health(backend, signal),
    refetchInterval: 15_000,
    retry: false,
  });
}

export function useServerSettings() {
  return useQuery({ queryKey: qk.settings, queryFn: ({ signal }) => api.settings(signal), staleTime: 30_000, retry: 1 });
}

export function useSaveKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => api.saveKey(key),
    onSuccess: (data) => {
      qc.setQueryData(qk.settings, data);
      void qc.invalidateQueries({ queryKey: qk.backends });
      void qc.invalidateQueries({ queryKey: ["health"] });
    },
  });
}

/** Save (PUT) or remove (DELETE ?backend=openai) the OpenAI-compatible server's base URL and key. */
export function useSaveOpenAI() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { openai_base_url?: string; openai_api_key?: string } | null) => (body ? api.saveOpenAI(body) : api.deleteOpenAI()),
    onSuccess: (data) => {
      qc.setQueryData(qk.settings, data);
      void qc.invalidateQueries({ queryKey: qk.backends });
      void qc.invalidateQueries({ queryKey: ["health"] });
    },
  });
}

export function useSaveVertex() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: VertexSettingsInput | null) => (body ? api.saveVertex(body) : api.deleteVertex()),
    onSuccess: (data) => {
      qc.setQueryData(qk.settings, data);
      void qc.invalidateQueries({ queryKey: qk.backends });
      void qc.invalidateQueries({ queryKey: ["health"] });
    },
  });
}

/** The embedded engine's own fault presets (GET /api/testing/faults). */
export function useEngineFaults(enabled = true) {
  return useQuery({ queryKey: qk.engineFaults, queryFn: ({ signal }) => api.getFaults(signal), enabled, staleTime: 10_000 });
}

export function useSetEngineFaults() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (faults: string) => api.putFaults(faults),
    onSuccess: (data) => qc.setQueryData(qk.engineFaults, data),
  });
}

export function useDeleteKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.deleteKey(),
    onSuccess: (data) => {
      qc.setQueryData(qk.settings, data);
      void qc.invalidateQueries({ queryKey: qk.backends });
      void qc.invalidateQueries({ queryKey: ["health"] });
    },
  });
}

export function useRenameSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => api.renameSession(id, title),
    onMutate: async ({ id, title }) => {
      // Optimistic: every cached list shows the new title at once.
      qc.setQueriesData<{ sessions: Session[] }>({ queryKey: qk.sessions() }, (old) =>
        old ? { sessions: old.sessions.map((s) => (s.id === id ? { ...s, title } : s)) } : old,
      );
      qc.setQueryData<SessionDetail>(qk.session(id), (old) => (old?.session ? { ...old, session: { ...old.session, title } } : old));
    },
    onSettled: (_d, _e, { id }) => {
      void qc.invalidateQueries({ queryKey: qk.sessions() });
      void qc.invalidateQueries({ queryKey: qk.session(id) });
    },
  });
}

export function useDeleteSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteSession(id),
    onSuccess: (_d, id) => {
      qc.setQueriesData<{ sessions: Session[] }>({ queryKey: qk.sessions() }, (old) =>
        old ? { sessions: old.sessions.filter((s) => s.id !== id) } : old,
      );
      qc.removeQueries({ queryKey: qk.session(id) });
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: qk.sessions() }),
  });
}

/** The model/agent id sent when the settings leave it blank: the backend's first matching known id. */
export function defaultTarget(data: BackendsResponse | undefined, backend: BackendId, kind: "model" | "agent"): string {
  const list = knownIds(data, backend, kind);
  if (!list.length) return kind === "model" && backend !== "openai" ? "gemini-3.5-flash" : "";
  if (backend === "local") return (list.find((m) => m.simulated) ?? list[0])!.id;
  if (backend === "openai") return list[0]!.id;
  return (list.find((m) => m.id === "gemini-3.5-flash") ?? list[0])!.id;
}

/** Engine-only ids (the local simulator, "openai:<name>" adapters) do not exist on Google's API. */
const LOCAL_ONLY = /^(local-|openai:)/;

/** The model or agent ids worth suggesting for a backend. */
export function knownIds(data: BackendsResponse | undefined, backend: BackendId, kind: "model" | "agent"): KnownId[] {
  // A backend with a list of its own (openai: the server's /models) runs models only.
  const own = data?.backends.find((b) => b.id === backend)?.models;
  if (own) return kind === "agent" ? [] : own;
  const list = (kind === "agent" ? data?.agents : data?.models) ?? [];
  return backend === "local" ? list : list.filter((m) => !LOCAL_ONLY.test(m.id));
}

/**
 * Whether the embedded engine runs this id on its simulator, from the catalog it reports: a listed
 * id by its flag, an unlisted one by the engine's own patterns (`simulated_patterns`). An id the
 * engine would refuse (e.g. `gpt-4o`), or no catalog yet, is not labelled. Another backend
 * (gemini, vertex) is judged the same way only when its health probe found an engine upstream
 * (`upstreamEngine`: a base URL pointed at the engine, as in the offline recipes).
 */
export function isSimulated(data: BackendsResponse | undefined, backend: string, id: string | undefined, upstreamEngine = false): boolean {
  if ((backend !== "local" && !upstreamEngine) || !data || !id) return false;
  const known = [...data.models, ...data.agents].find((m) => m.id === id);
  if (known) return known.simulated;
  const patterns = [...(data.simulated_patterns?.models ?? []), ...(data.simulated_patterns?.agents ?? [])];
  return patterns.some((p) => {
    try {
      return new RegExp(p.source, p.flags).test(id);
    } catch {
      return false;
    }
  });
}
