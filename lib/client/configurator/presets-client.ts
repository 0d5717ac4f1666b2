"use client";
// Presets and mocked-result marks from the app API (react-query owns server state).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import type { RunSettings } from "@/lib/client/turn-model";
import type { ConfiguratorDraft } from "./types";
import type { MockedMark, PresetSummary, PresetVersion as StoredPresetVersion } from "@/lib/app-api/presets-store";

// The app API answers with the store's own rows (lib/app-api/presets-store.ts); only the payload
// is typed more closely here.
export type { PresetSummary, MockedMark } from "@/lib/app-api/presets-store";
export type PresetVersionMeta = Omit<StoredPresetVersion, "payload">;
export interface PresetVersion extends PresetVersionMeta {
  payload: PresetPayload;
}
/** What a preset holds: the configurator draft (functions with mocks, built-ins, response format, auto) and run settings. */
export interface PresetPayload {
  configurator: ConfiguratorDraft;
  run_settings: Partial<RunSettings>;
}

export const PRESET_EXPORT_FORMAT = "interactions-playground/preset@1";

export const presetsApi = {
  list: () => apiFetch<{ presets: PresetSummary[] }>("/api/presets"),
  get: (id: string) => apiFetch<{ preset: PresetSummary; versions: PresetVersionMeta[]; latest: PresetVersion }>(`/api/presets/${encodeURIComponent(id)}`),
  create: (name: string, payload: PresetPayload) => apiFetch<PresetSummary>("/api/presets", { method: "POST", json: { name, payload } }),
  save: (id: string, payload: PresetPayload, name?: string) => apiFetch<PresetSummary>(`/api/presets/${encodeURIComponent(id)}`, { method: "PUT", json: { payload, ...(name ? { name } : {}) } }),
  remove: (id: string) => apiFetch<null>(`/api/presets/${encodeURIComponent(id)}`, { method: "DELETE" }),
  version: (id: string, v: number) => apiFetch<PresetVersion>(`/api/presets/${encodeURIComponent(id)}/versions/${v}`),
  restore: (id: string, version: number) => apiFetch<PresetSummary>(`/api/presets/${encodeURIComponent(id)}/restore`, { method: "POST", json: { version } }),
  listMocked: (sessionId: string) => apiFetch<{ mocked: MockedMark[] }>(`/api/mocks?session=${encodeURIComponent(sessionId)}`),
  markMocked: (sessionId: string, results: { call_id: string; name: string; mode: "fixed" | "js" }[]) =>
    apiFetch<{ ok: true }>("/api/mocks", { method: "POST", json: { session_id: sessionId, results } }),
};

export const presetKeys = {
  list: ["presets"] as const,
  one: (id: string) => ["presets", id] as const,
  version: (id: string, v: number) => ["presets", id, "v", v] as const,
  mocked: (sessionId: string) => ["mocked", sessionId] as const,
};

export function usePresets() {
  return useQuery({ queryKey: presetKeys.list, queryFn: presetsApi.list });
}

export function usePreset(id: string | null) {
  return useQuery({ queryKey: presetKeys.one(id ?? ""), queryFn: () => presetsApi.get(id!), enabled: !!id });
}

export function usePresetVersion(id: string | null, v: number | null) {
  return useQuery({ queryKey: presetKeys.version(id ?? "", v ?? 0), queryFn: () => presetsApi.version(id!, v!), enabled: !!id && !!v, staleTime: Infinity });
}

export function useMockedMarks(sessionId: string) {
  return useQuery({ queryKey: presetKeys.mocked(sessionId), queryFn: () => presetsApi.listMocked(sessionId) });
}

export function useInvalidatePresets() {
  const qc = useQueryClient();
  return (id?: string) => {
    void qc.invalidateQueries({ queryKey: presetKeys.list });
    if (id) void qc.invalidateQueries({ queryKey: presetKeys.one(id) });
  };
}

export function useMarkMocked(sessionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (results: { call_id: string; name: string; mode: "fixed" | "js" }[]) => presetsApi.markMocked(sessionId, results),
    onSettled: () => void qc.invalidateQueries({ queryKey: presetKeys.mocked(sessionId) }),
  });
}
