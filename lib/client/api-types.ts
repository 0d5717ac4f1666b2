// Shapes of the app's own JSON API as the browser reads them: all from the contract
// (lib/contract/app-api.ts, docs/app-api.md). The Interactions wire types live in lib/interactions/types.ts.
import type { BackendId, Session, SettingsView, Turn } from "@/lib/contract/app-api";

export type {
  BackendInfo,
  BackendsResponse,
  HealthResponse,
  KnownId,
  RecordedInteraction,
  RecordedLine,
  Session,
  SessionDetail,
  SessionList,
  SettingsView,
  Turn,
} from "@/lib/contract/app-api";

export type Backend = BackendId;
export const BACKENDS: readonly Backend[] = ["local", "gemini", "openai", "vertex"];

/** @deprecated one name per concept: use `Session` (kept while parallel branches merge). */
export type SessionSummary = Session;
/** @deprecated use `Turn`. */
export type TurnRecord = Turn;
/** @deprecated use `SettingsView`. */
export type SettingsResponse = SettingsView;
