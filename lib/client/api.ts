// The browser's fetch helpers for the app's own JSON API (docs/app-api.md). Errors come back in
// the one envelope ({"error":{code,message,status}}) and are rebuilt here as ApiClientError.
import type { BackendsResponse, HealthResponse, RecordedInteraction, SessionDetail, Session, SettingsView } from "@/lib/contract/app-api";
import type { VertexSettingsInput } from "@/lib/contract/app-api";
import type { FaultsView } from "@/lib/contract/faults";

export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiClientError";
    this.status = status;
    this.code = code;
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set("content-type", "application/json");
  let res: Response;
  try {
    res = await fetch(path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  } catch (e) {
    throw new ApiClientError(0, "network", `Could not reach the playground server (${(e as Error).message})`);
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ApiClientError(
      res.status,
      typeof err?.code === "string" ? err.code : String(res.status),
      typeof err?.message === "string" ? err.message : `${res.status} ${res.statusText || "error"}`,
    );
  }
  return body as T;
}

export const api = {
  listSessions: (q: string, signal?: AbortSignal) =>
    apiFetch<{ sessions: Session[] }>(`/api/sessions${q ? `?q=${encodeURIComponent(q)}` : ""}`, { signal }),
  /** A session the record does not know yet (no turns sent) reads as empty, not as an error. */
  getSession: async (id: string, signal?: AbortSignal): Promise<SessionDetail> => {
    try {
      return await apiFetch<SessionDetail>(`/api/sessions/${encodeURIComponent(id)}`, { signal });
    } catch (e) {
      if (e instanceof ApiClientError && e.status === 404) return { session: null, turns: [] };
      throw e;
    }
  },
  createSession: (body: { id?: string; title?: string }) => apiFetch<Session>("/api/sessions", { method: "POST", json: body }),
  renameSession: (id: string, title: string) =>
    apiFetch<Session>(`/api/sessions/${encodeURIComponent(id)}`, { method: "PATCH", json: { title } }),
  deleteSession: (id: string) => apiFetch<object>(`/api/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
  /** One recorded turn with every raw line the proxy passed (the inspector). */
  getRecord: (id: string, signal?: AbortSignal) =>
    apiFetch<RecordedInteraction>(`/api/record/interactions/${encodeURIComponent(id)}`, { signal }),
  backends: (signal?: AbortSignal) => apiFetch<BackendsResponse>("/api/backends", { signal }),
  health: (backend: string, signal?: AbortSignal) =>
    apiFetch<HealthResponse>(`/api/health?backend=${encodeURIComponent(backend)}`, { signal }),
  settings: (signal?: AbortSignal) => apiFetch<SettingsView>("/api/settings", { signal }),
  saveKey: (key: string) => apiFetch<SettingsView>("/api/settings", { method: "PUT", json: { gemini_api_key: key } }),
  deleteKey: () => apiFetch<SettingsView>("/api/settings/key", { method: "DELETE" }),
  saveOpenAI: (body: { openai_base_url?: string; openai_api_key?: string }) => apiFetch<SettingsView>("/api/settings", { method: "PUT", json: body }),
  deleteOpenAI: () => apiFetch<SettingsView>("/api/settings/key?backend=openai", { method: "DELETE" }),
  saveVertex: (body: VertexSettingsInput) => apiFetch<SettingsView>("/api/settings", { method: "PUT", json: body }),
  getFaults: (signal?: AbortSignal) => apiFetch<FaultsView>("/api/testing/faults", { signal }),
  putFaults: (faults: string) => apiFetch<FaultsView>("/api/testing/faults", { method: "PUT", json: { faults } }),
  deleteVertex: () => apiFetch<SettingsView>("/api/settings/key?backend=vertex", { method: "DELETE" }),
};
