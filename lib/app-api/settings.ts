// Where the Gemini key comes from: a key saved in Settings (app DB) wins over GEMINI_API_KEY, so
// what the user typed last is what is used; deleting it falls back to the environment.
// The key is only ever returned masked.
import "server-only";
import type { AppStore } from "@/lib/record/store";
import type { KeySource, SettingsView } from "@/lib/contract/app-api";
import { maskKey } from "@/lib/http/secrets";

export type { KeySource, SettingsView };

export const GEMINI_KEY_SETTING = "gemini_api_key";


export interface KeyResolution {
  key: string | null;
  source: KeySource;
}

export function resolveGeminiKey(envKey: string | undefined, store: Pick<AppStore, "getSetting"> | null): KeyResolution {
  const saved = store?.getSetting(GEMINI_KEY_SETTING) ?? null;
  if (saved) return { key: saved, source: "settings" };
  if (envKey) return { key: envKey, source: "env" };
  return { key: null, source: null };
}

export function settingsView(r: KeyResolution, baseUrl: string): SettingsView {
  return {
    gemini: { configured: !!r.key, source: r.source, masked: r.key ? maskKey(r.key) : null, base_url: baseUrl },
  };
}

// The OpenAI-compatible server (the `openai` backend): base URL and key, each from Settings (app
// DB) first, then OPENAI_BASE_URL / OPENAI_API_KEY. The key is optional (Ollama, llama.cpp).
export const OPENAI_BASE_URL_SETTING = "openai_base_url";
export const OPENAI_KEY_SETTING = "openai_api_key";

export interface OpenAIResolution {
  baseUrl: string | null;
  baseUrlSource: KeySource;
  key: string | null;
  keySource: KeySource;
}

export function resolveOpenAI(
  env: { OPENAI_BASE_URL?: string; OPENAI_API_KEY?: string },
  store: Pick<AppStore, "getSetting"> | null,
): OpenAIResolution {
  const savedUrl = store?.getSetting(OPENAI_BASE_URL_SETTING) ?? null;
  const savedKey = store?.getSetting(OPENAI_KEY_SETTING) ?? null;
  const baseUrl = savedUrl || env.OPENAI_BASE_URL || null;
  const key = savedKey || env.OPENAI_API_KEY || null;
  return {
    baseUrl,
    baseUrlSource: savedUrl ? "settings" : env.OPENAI_BASE_URL ? "env" : null,
    key,
    keySource: savedKey ? "settings" : env.OPENAI_API_KEY ? "env" : null,
  };
}

export function openaiSettingsView(r: OpenAIResolution): NonNullable<SettingsView["openai"]> {
  return { configured: !!r.baseUrl, base_url: r.baseUrl, base_url_source: r.baseUrlSource, key_source: r.keySource, masked: r.key ? maskKey(r.key) : null };
}
