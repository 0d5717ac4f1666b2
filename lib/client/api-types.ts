// Shapes of the app's own JSON API as the browser reads them (docs/app-api.md). The Interactions
// wire types live in lib/interactions/types.ts; these are the playground's record and settings.

export type Backend = "local" | "gemini";
export const BACKENDS: readonly Backend[] = ["local", "gemini"];

export interface SessionSummary {
  id: string;
  title: string;
  created: number | string;
  updated: number | string;
  turn_count: number;
}

export type { Turn as TurnRecord } from "@/lib/record/types";
import type { Turn as TurnRecord } from "@/lib/record/types";

export interface SessionDetail {
  session: SessionSummary | null;
  turns: TurnRecord[];
}

export interface KnownId {
  id: string;
  label: string;
  simulated: boolean;
}

export interface BackendInfo {
  id: Backend;
  label: string;
  configured: boolean;
  simulated: boolean;
  default: boolean;
}

export interface BackendsResponse {
  backends: BackendInfo[];
  models: KnownId[];
  agents: KnownId[];
}

export interface HealthResponse {
  backend: string;
  ok: boolean;
  latency_ms: number;
  message: string;
}

export interface SettingsResponse {
  gemini: {
    configured: boolean;
    source: "env" | "settings" | null;
    masked: string | null;
    base_url?: string;
  };
}
