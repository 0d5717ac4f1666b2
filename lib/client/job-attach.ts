"use client";
// Attach to a running job: GET ?stream=true through the proxy (the recorder files what arrives),
// reconnecting with last_event_id after a drop — events already seen are skipped by id, so a
// reconnect neither duplicates nor loses a step — and giving up to the caller's poller after
// repeated failures. `firstHeaders` go on the first request only (the engine's fault switch).
import type { InteractionEvent } from "@/lib/interactions/types";
import { describeError, getClient } from "./interactions-client";

export type AttachEnd = "terminal" | "poll" | "aborted";

export interface AttachOptions {
  backend: string;
  sessionId: string;
  id: string;
  /** Resume after this event (e.g. the last one the record holds). */
  lastEventId?: string | null;
  firstHeaders?: Record<string, string>;
  signal: AbortSignal;
  onEvent: (ev: InteractionEvent, tMs: number) => void;
  /** Each connection attempt (1-based), for the UI ("reconnecting…"). */
  onConnect?: (attempt: number, lastEventId: string | null) => void;
  onError?: (message: string) => void;
  maxFailures?: number;
}

type LooseGet = (id: string, params?: Record<string, unknown>, options?: Record<string, unknown>) => Promise<unknown>;

export async function attachJob(o: AttachOptions): Promise<AttachEnd> {
  const ai = await getClient(o.backend, o.sessionId);
  const get = ai.interactions.get.bind(ai.interactions) as unknown as LooseGet;
  const seen = new Set<string>();
  let last = o.lastEventId ?? null;
  let failures = 0;
  let attempt = 0;
  const maxFailures = o.maxFailures ?? 3;
  while (!o.signal.aborted) {
    attempt++;
    o.onConnect?.(attempt, last);
    let progressed = false;
    try {
      const params: Record<string, unknown> = { stream: true };
      if (last) params.last_event_id = last;
      const options: Record<string, unknown> = { maxRetries: 0, signal: o.signal };
      if (attempt === 1 && o.firstHeaders) options.headers = o.firstHeaders;
      const stream = (await get(o.id, params, options)) as AsyncIterable<InteractionEvent>;
      for await (const ev of stream) {
        const eid = (ev as { event_id?: string }).event_id;
        if (eid) {
          if (seen.has(eid)) continue;
          seen.add(eid);
          last = eid;
        }
        progressed = true;
        o.onEvent(ev, Date.now());
        if (ev.event_type === "interaction.completed") return "terminal";
      }
    } catch (e) {
      if (o.signal.aborted) return "aborted";
      o.onError?.(describeError(e).message ?? "stream failed");
      failures++;
    }
    // The stream ended without the terminal event: a drop. Reconnect after the last event seen.
    if (!progressed) failures++;
    if (failures >= maxFailures) return "poll";
    await new Promise((r) => setTimeout(r, Math.min(2_000, 200 * attempt)));
  }
  return "aborted";
}
