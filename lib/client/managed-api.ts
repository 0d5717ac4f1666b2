"use client";
// Managed agents and environments from the browser, through the app's proxy
// (`/api/backends/{backend}/…`, which injects the key server-side): the official SDK's
// `agents.*` and `environments.files.*` (its upload speaks the resumable protocol; the proxy
// rewrites the upload URL back onto itself), plus the local engine's workspace-manifest extension
// (`GET /v1beta/interactions/{id}/workspace`, docs/engine.md), which the SDK does not know.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { describeError, getClient } from "./interactions-client";

export interface AgentResource {
  id: string;
  description?: string;
  base_agent?: string;
  created?: string;
  system_instruction?: string;
  tools?: unknown[];
  agent_config?: Record<string, unknown>;
  base_environment?: unknown;
  [k: string]: unknown;
}

export interface FileEntry {
  path: string;
  type?: string;
  size_bytes?: number | string;
  [k: string]: unknown;
}

export interface ManifestEntry {
  path: string;
  size_bytes: number;
  sha256: string;
}
export interface Manifest {
  interaction_id: string;
  environment_id: string;
  created: string;
  files: ManifestEntry[];
}

export class ManagedError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

async function sdk(backend: string) {
  return getClient(backend, "");
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const d = describeError(e);
    throw new ManagedError(d.message ?? "Request failed", d.httpStatus);
  }
}

const base = (backend: string) => `/api/backends/${encodeURIComponent(backend)}/v1beta`;

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const msg = (body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`;
    throw new ManagedError(msg, res.status);
  }
  return body as T;
}

const clean = (env: string) => env.replace(/^environments\//, "");

export const managedApi = {
  async listAgents(backend: string): Promise<AgentResource[]> {
    const ai = await sdk(backend);
    const out: AgentResource[] = [];
    let page_token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const r = await call(() => ai.agents.list({ page_size: 100, ...(page_token ? { page_token } : {}) }));
      out.push(...((r.agents ?? []) as AgentResource[]));
      page_token = (r as { next_page_token?: string }).next_page_token;
      if (!page_token) break;
    }
    return out;
  },
  async createAgent(backend: string, body: Record<string, unknown>): Promise<AgentResource> {
    const ai = await sdk(backend);
    return (await call(() => ai.agents.create(body as Parameters<typeof ai.agents.create>[0]))) as AgentResource;
  },
  async deleteAgent(backend: string, id: string): Promise<void> {
    const ai = await sdk(backend);
    await call(() => ai.agents.delete(id));
  },
  async listFiles(backend: string, env: string): Promise<FileEntry[]> {
    const ai = await sdk(backend);
    const out: FileEntry[] = [];
    let page_token: string | undefined;
    for (let i = 0; i < 50; i++) {
      const r = await call(() => ai.environments.files.list({ environment: clean(env), path: "workspace", recursive: true, page_size: 1000, ...(page_token ? { page_token } : {}) }));
      out.push(...(((r as { files?: FileEntry[] }).files ?? []) as FileEntry[]));
      page_token = (r as { next_page_token?: string }).next_page_token;
      if (!page_token) break;
    }
    return out;
  },
  async download(backend: string, env: string, path: string): Promise<Uint8Array> {
    const ai = await sdk(backend);
    return call(() => ai.environments.files.download({ environment: clean(env), path }));
  },
  async upload(backend: string, env: string, path: string, file: Blob, overwrite: boolean): Promise<unknown> {
    const ai = await sdk(backend);
    return call(() => ai.environments.files.upload({ environment: clean(env), path, file, ...(file.type ? { mime_type: file.type } : {}), overwrite }));
  },
  /** The local engine's per-turn manifest; null where the backend has none (404). */
  async manifest(backend: string, interactionId: string, signal?: AbortSignal): Promise<Manifest | null> {
    try {
      return await getJson<Manifest>(`${base(backend)}/interactions/${encodeURIComponent(interactionId)}/workspace`, signal);
    } catch (e) {
      if (e instanceof ManagedError && (e.status === 404 || e.status === 400)) return null;
      throw e;
    }
  },
  /** The interaction's parent in the chain (GET without steps). */
  async previousOf(backend: string, interactionId: string, signal?: AbortSignal): Promise<string | null> {
    const inter = await getJson<{ previous_interaction_id?: string }>(`${base(backend)}/interactions/${encodeURIComponent(interactionId)}`, signal);
    return inter.previous_interaction_id ?? null;
  },
};

export const managedKeys = {
  agents: (backend: string) => ["agents", backend] as const,
  files: (backend: string, env: string) => ["env-files", backend, env] as const,
  chain: (backend: string, id: string) => ["env-chain", backend, id] as const,
};

export function useAgents(backend: string) {
  return useQuery({ queryKey: managedKeys.agents(backend), queryFn: () => managedApi.listAgents(backend), staleTime: 10_000, retry: 1 });
}

export function useCreateAgent(backend: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => managedApi.createAgent(backend, body),
    onSettled: () => void qc.invalidateQueries({ queryKey: managedKeys.agents(backend) }),
  });
}

export function useDeleteAgent(backend: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => managedApi.deleteAgent(backend, id),
    onSettled: () => void qc.invalidateQueries({ queryKey: managedKeys.agents(backend) }),
  });
}

export function useEnvironmentFiles(backend: string, env: string) {
  return useQuery({ queryKey: managedKeys.files(backend, env), queryFn: () => managedApi.listFiles(backend, env), retry: false });
}

export interface ChainTurn {
  interactionId: string;
  manifest: Manifest | null;
}

/** This turn and the earlier turns of its chain (newest first, up to `max`), each with its manifest. */
export function useChainManifests(backend: string, interactionId: string, max = 12) {
  return useQuery({
    queryKey: managedKeys.chain(backend, interactionId),
    queryFn: async ({ signal }) => {
      const out: ChainTurn[] = [];
      let id: string | null = interactionId;
      while (id && out.length < max) {
        out.push({ interactionId: id, manifest: await managedApi.manifest(backend, id, signal) });
        id = await managedApi.previousOf(backend, id, signal).catch(() => null);
      }
      return out;
    },
    retry: false,
  });
}
