// The `openai` backend: the embedded engine running the Interactions surface over an
// OpenAI-compatible chat server (Ollama, vLLM, llama.cpp server, LM Studio, OpenAI …) through the
// existing adapter (lib/engine/model/openai.ts). It is a second engine instance of the process with
// its own SQLite file, whose every model id (bare, e.g. "llama3.2", or "openai:llama3.2") runs on
// that server; agents are refused. Base URL and key are read per run (Settings, then env), so a
// change in Settings applies to the next turn. The key never leaves the server.
import "server-only";
import { ApiError } from "@/lib/interactions/errors";
import { createOpenAIAdapter } from "@/lib/engine/model/openai";
import type { ModelAdapter } from "@/lib/engine/model/types";
import type { KnownId } from "@/lib/contract/app-api";
import { createLocalBackend, type Backend, type EngineLike } from "./backends";

export interface OpenAIServer {
  baseUrl: string | null;
  key: string | null;
}

/** The adapter resolver of the openai engine: any non-empty model id; no agents. */
export function openaiResolver(server: () => OpenAIServer, doFetch?: typeof fetch): (id: string, kind: "model" | "agent") => ModelAdapter | null {
  let cached: { sig: string; adapter: ModelAdapter } | undefined;
  return (id, kind) => {
    if (kind !== "model" || typeof id !== "string" || !id.trim()) return null;
    const s = server();
    if (!s.baseUrl) return null;
    const sig = `${s.baseUrl}\u0000${s.key ?? ""}`;
    if (!cached || cached.sig !== sig) cached = { sig, adapter: createOpenAIAdapter({ baseUrl: s.baseUrl, apiKey: s.key ?? undefined, fetch: doFetch }) };
    return cached.adapter;
  };
}

/** `GET {base}/models` → the ids it lists, or an Error with a readable (key-free) message. */
export async function fetchOpenAIModels(s: OpenAIServer, signal: AbortSignal, doFetch: typeof fetch = fetch): Promise<string[]> {
  if (!s.baseUrl) throw new Error("no OpenAI-compatible base URL is set");
  const headers: Record<string, string> = { accept: "application/json" };
  if (s.key) headers.authorization = `Bearer ${s.key}`;
  let res: Response;
  try {
    res = await doFetch(`${s.baseUrl.replace(/\/+$/, "")}/models`, { headers, signal, redirect: "manual" });
  } catch (e) {
    const err = e as { message?: string; cause?: { code?: string; message?: string } };
    throw new Error(`${safeOrigin(s.baseUrl)}: ${err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e)}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = "";
    try {
      const m = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
      if (typeof m === "string") detail = `: ${m.slice(0, 300)}`;
    } catch {
      /* not JSON */
    }
    throw new Error(`${safeOrigin(s.baseUrl)}/models answered HTTP ${res.status}${detail}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${safeOrigin(s.baseUrl)}/models did not answer JSON`);
  }
  const list = (data as { data?: unknown })?.data;
  if (!Array.isArray(list)) throw new Error(`${safeOrigin(s.baseUrl)}/models answered no "data" list`);
  return list.map((m) => (m as { id?: unknown })?.id).filter((id): id is string => typeof id === "string" && !!id);
}

export function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "(invalid base URL)";
  }
}

export interface OpenAIBackendOptions {
  server: () => OpenAIServer;
  engine: () => EngineLike | Promise<EngineLike>;
  fetch?: typeof fetch;
}

export function createOpenAIBackend(opts: OpenAIBackendOptions): Backend {
  const describe = () => {
    const u = opts.server().baseUrl;
    return `openai (${u ? safeOrigin(u) : "not configured"})`;
  };
  const backend = createLocalBackend({
    id: "openai",
    label: "OpenAI-compatible",
    engine: opts.engine,
    secrets: () => [opts.server().key ?? undefined],
    describe,
    configured: () => !!opts.server().baseUrl,
    refusal: () =>
      new ApiError(
        "unavailable",
        "No OpenAI-compatible server is configured. Set its base URL in Settings, or set OPENAI_BASE_URL in the server's environment.",
      ),
    async health(signal) {
      try {
        const ids = await fetchOpenAIModels(opts.server(), signal, opts.fetch);
        return { ok: true, message: `${describe()}: /models lists ${ids.length} model${ids.length === 1 ? "" : "s"}` };
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
  });
  return {
    ...backend,
    async models(signal): Promise<KnownId[]> {
      const ids = await fetchOpenAIModels(opts.server(), signal, opts.fetch);
      return ids.map((id) => ({ id, label: `${id} (OpenAI-compatible)`, simulated: false }));
    },
  };
}
