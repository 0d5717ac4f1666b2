// Shapes of the app's local record as its JSON API returns them (docs/app-api.md). Types only, no
// runtime code: shared by the record store (server), the session pane and the inspector (browser).
import type { Interaction } from "@/lib/interactions/types";

export interface Session {
  id: string;
  title: string;
  created: number;
  updated: number;
  turn_count: number;
}

/** One recorded interaction. */
export interface Turn {
  interaction_id: string;
  session_id: string;
  backend: string;
  api_version: string;
  /** The exact JSON body the browser sent with the create. */
  request: Record<string, unknown>;
  /** The folded result: generated steps only (as the create response holds them). */
  interaction: Interaction | null;
  status: string;
  model?: string;
  agent?: string;
  previous_interaction_id?: string;
  stream: boolean;
  background: boolean;
  store: boolean;
  /** Arrival times at the proxy, ms since epoch. */
  created_ms: number;
  first_event_ms: number | null;
  completed_ms: number | null;
  /** A terminal event or status was seen. */
  terminal: boolean;
  last_event_id: string | null;
  event_count: number;
  http_status: number;
  error: { code?: string; message?: string } | null;
  /** A DELETE for this id went through the proxy and succeeded: the record is kept, the upstream copy is gone. */
  deleted_upstream: boolean;
}

/** One raw line the proxy passed through, with its arrival time (ms since epoch). */
export interface RecordedLine {
  seq: number;
  t_ms: number;
  line: string;
}

export interface RecordedInteraction extends Turn {
  events: RecordedLine[];
}
