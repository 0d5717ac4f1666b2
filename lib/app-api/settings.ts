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
