// Where the Gemini key comes from: a key saved in Settings (app DB) wins over GEMINI_API_KEY, so
// what the user typed last is what is used; deleting it falls back to the environment.
// The key is only ever returned masked.
import "server-only";
import type { AppStore } from "@/lib/record/store";
import type { KeySource, SettingsView } from "@/lib/contract/app-api";
import { maskKey } from "@/lib/http/secrets";
import { readFileSync, statSync } from "node:fs";
import { credentialsProblem } from "@/lib/contract/app-api";
import { vertexBaseUrl, type VertexConfig, type VertexCredential } from "@/lib/proxy/vertex";

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

// Vertex AI (the `vertex` backend): project, location and a credential, each from Settings (app DB)
// first, then the environment. A saved access token and a saved credentials JSON replace each other
// (the last one saved is used). Never returned except as a kind and a hint (settingsView).
export const VERTEX_PROJECT_SETTING = "vertex_project";
export const VERTEX_LOCATION_SETTING = "vertex_location";
export const VERTEX_TOKEN_SETTING = "vertex_access_token";
export const VERTEX_CREDENTIALS_SETTING = "vertex_credentials";
export const VERTEX_SETTINGS = [VERTEX_PROJECT_SETTING, VERTEX_LOCATION_SETTING, VERTEX_TOKEN_SETTING, VERTEX_CREDENTIALS_SETTING] as const;

export interface VertexEnv {
  GOOGLE_CLOUD_PROJECT?: string;
  GOOGLE_CLOUD_LOCATION?: string;
  VERTEX_ACCESS_TOKEN?: string;
  GOOGLE_APPLICATION_CREDENTIALS?: string;
  VERTEX_BASE_URL?: string;
}

export interface VertexResolution extends VertexConfig {
  projectSource: KeySource;
  locationSource: KeySource;
}

const fileCache = new Map<string, { mtimeMs: number; text: string }>();

/** The file GOOGLE_APPLICATION_CREDENTIALS names, re-read when it changes. */
function readCredentialsFile(path: string): VertexCredential {
  try {
    const st = statSync(path);
    const hit = fileCache.get(path);
    const text = hit && hit.mtimeMs === st.mtimeMs ? hit.text : readFileSync(path, "utf8");
    fileCache.set(path, { mtimeMs: st.mtimeMs, text });
    const problem = credentialsProblem(text);
    if (problem) return { kind: "invalid", source: "env", message: `GOOGLE_APPLICATION_CREDENTIALS: the file ${problem}.` };
    return { kind: "json", json: text, source: "env", origin: "GOOGLE_APPLICATION_CREDENTIALS" };
  } catch (e) {
    const code = (e as { code?: string }).code ?? "unreadable";
    return { kind: "invalid", source: "env", message: `GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be read (${code}).` };
  }
}

export function resolveVertex(env: VertexEnv, store: Pick<AppStore, "getSetting"> | null): VertexResolution {
  const get = (k: string) => store?.getSetting(k) || null;
  const savedProject = get(VERTEX_PROJECT_SETTING);
  const savedLocation = get(VERTEX_LOCATION_SETTING);
  const savedToken = get(VERTEX_TOKEN_SETTING);
  const savedJson = get(VERTEX_CREDENTIALS_SETTING);
  let credential: VertexCredential;
  if (savedToken) credential = { kind: "access_token", token: savedToken, source: "settings" };
  else if (savedJson) credential = { kind: "json", json: savedJson, source: "settings", origin: "the credentials saved in Settings" };
  else if (env.VERTEX_ACCESS_TOKEN) credential = { kind: "access_token", token: env.VERTEX_ACCESS_TOKEN, source: "env" };
  else if (env.GOOGLE_APPLICATION_CREDENTIALS) credential = readCredentialsFile(env.GOOGLE_APPLICATION_CREDENTIALS);
  else credential = { kind: "adc", source: "adc" };
  return {
    project: savedProject || env.GOOGLE_CLOUD_PROJECT || null,
    projectSource: savedProject ? "settings" : env.GOOGLE_CLOUD_PROJECT ? "env" : null,
    location: savedLocation || env.GOOGLE_CLOUD_LOCATION || "global",
    locationSource: savedLocation ? "settings" : env.GOOGLE_CLOUD_LOCATION ? "env" : null,
    baseUrl: env.VERTEX_BASE_URL || null,
    credential,
  };
}

function credentialKind(c: VertexCredential): { credential: string | null; hint: string | null } {
  if (c.kind === "access_token") return { credential: "access_token", hint: maskKey(c.token) };
  if (c.kind === "adc") return { credential: "adc", hint: null };
  if (c.kind === "invalid") return { credential: "invalid", hint: c.message };
  try {
    const o = JSON.parse(c.json) as { type?: unknown; client_email?: unknown };
    return { credential: typeof o.type === "string" ? o.type : "json", hint: typeof o.client_email === "string" ? o.client_email : null };
  } catch {
    return { credential: "json", hint: null };
  }
}

export function vertexSettingsView(r: VertexResolution): NonNullable<SettingsView["vertex"]> {
  const k = credentialKind(r.credential);
  return {
    configured: !!r.project,
    project: r.project,
    project_source: r.projectSource,
    location: r.location,
    location_source: r.locationSource,
    base_url: vertexBaseUrl(r),
    credential: k.credential,
    credential_source: r.credential.source,
    credential_hint: k.hint,
  };
}
