// The browser's Interactions client: the official @google/genai web build, pointed at the app's
// proxy (`/api/backends/{backend}`), which injects the key server-side and records the turn under
// the session named in `x-playground-session`. The SDK's streaming works in the browser (checked:
// create/get `stream:true` yield parsed events, an AbortSignal ends iteration, `maxRetries: 0`
// sends exactly one request), so there is no hand-written fetch path. The SDK (≈1.2 MB unminified)
// is imported on first use, keeping it out of the page's first load.
import type { GoogleGenAI } from "@google/genai";
import type { Interaction, InteractionEvent } from "@/lib/interactions/types";
import { omit } from "./omit";
import type { CreateBody, TurnError } from "./turn-model";

const clients = new Map<string, Promise<GoogleGenAI>>();

export function getClient(backend: string, sessionId: string): Promise<GoogleGenAI> {
  const key = `${backend}\u0000${sessionId}`;
  let p = clients.get(key);
  if (!p) {
    p = import("@google/genai").then(
      ({ GoogleGenAI }) =>
        new GoogleGenAI({
          // The proxy drops any browser-sent key; this only keeps the SDK from complaining.
          apiKey: "placeholder",
          httpOptions: {
            baseUrl: `${location.origin}/api/backends/${encodeURIComponent(backend)}`,
            apiVersion: "v1beta",
            // No session ("" — agents, environments, files): nothing to record the call under.
            headers: sessionId ? { "x-playground-session": sessionId } : {},
          },
        }),
    );
    p.catch(() => clients.delete(key));
    clients.set(key, p);
  }
  return p;
}

/** Load the SDK ahead of the first send (called when the user starts typing in the prompt box). */
export function preloadClient(): void {
  void import("@google/genai").catch(() => {});
}

/** One attempt per call: a playground shows the failure instead of retrying 409/5xx behind the user's back. */
const once = (signal?: AbortSignal) => ({ maxRetries: 0, ...(signal ? { signal } : {}) });

/** The SDK decorates results with fields that are not on the wire; keep the wire object only. */
export function wireInteraction(res: unknown): Interaction {
  const wire = omit(res as Record<string, unknown>, SDK_ADDED);
  const inter = wire as unknown as Interaction;
  return { ...inter, steps: Array.isArray(inter.steps) ? inter.steps : [] };
}

const SDK_ADDED = ["sdkHttpResponse", "output_text", "output_image", "output_audio", "output_video", "continuation_ids"] as const;

type EventStream = AsyncIterable<unknown>;

// The SDK's create() is overloaded on literal `stream` types; the body here is built at run time,
// so it goes through one loosely typed signature (the wire shape is checked by planNextRequest).
type LooseCreate = (body: Record<string, unknown>, options?: Record<string, unknown>) => Promise<unknown>;
type LooseGet = (id: string, params?: Record<string, unknown>, options?: Record<string, unknown>) => Promise<unknown>;

/**
 * A streamed create. `headers` are added to this one request only (the SDK merges per-call headers
 * over the client's): used for the engine's fault switch, which a resume must not repeat.
 */
export async function createStreaming(
  ai: GoogleGenAI,
  body: CreateBody,
  signal: AbortSignal,
  headers?: Record<string, string>,
): Promise<AsyncIterable<InteractionEvent>> {
  const create = ai.interactions.create.bind(ai.interactions) as unknown as LooseCreate;
  const options = headers && Object.keys(headers).length ? { ...once(signal), headers } : once(signal);
  return (await create({ ...body, stream: true }, options)) as EventStream as AsyncIterable<InteractionEvent>;
}

export async function createOnce(ai: GoogleGenAI, body: CreateBody, signal: AbortSignal): Promise<Interaction> {
  const create = ai.interactions.create.bind(ai.interactions) as unknown as LooseCreate;
  return wireInteraction(await create(omit(body, ["stream"]), once(signal)));
}

export async function getOnce(ai: GoogleGenAI, id: string, signal?: AbortSignal): Promise<Interaction> {
  const get = ai.interactions.get.bind(ai.interactions) as unknown as LooseGet;
  return wireInteraction(await get(id, {}, once(signal)));
}

/** GET ?stream=true[&last_event_id=…]: attach to a running interaction or replay its tail. */
export async function getStream(ai: GoogleGenAI, id: string, lastEventId: string | null, signal: AbortSignal): Promise<AsyncIterable<InteractionEvent>> {
  const get = ai.interactions.get.bind(ai.interactions) as unknown as LooseGet;
  const params: Record<string, unknown> = { stream: true };
  if (lastEventId) params.last_event_id = lastEventId;
  return (await get(id, params, once(signal))) as EventStream as AsyncIterable<InteractionEvent>;
}

export async function cancelInteraction(ai: GoogleGenAI, id: string, timeoutMs = 5_000): Promise<Interaction> {
  return wireInteraction(await ai.interactions.cancel(id, {}, { maxRetries: 0, signal: AbortSignal.timeout(timeoutMs) }));
}

/** An SDK error (APIError and friends) as what the turn shows: HTTP status, code, message. */
export function describeError(e: unknown): TurnError {
  if (!e || typeof e !== "object") return { message: String(e) };
  const err = e as { status?: unknown; message?: unknown; error?: unknown };
  const body = (err.error as { error?: { code?: unknown; message?: unknown; status?: unknown } } | undefined)?.error;
  const httpStatus = typeof err.status === "number" ? err.status : undefined;
  const code = body?.code !== undefined ? String(body.code) : typeof body?.status === "string" ? body.status : undefined;
  let message = typeof body?.message === "string" ? body.message : typeof err.message === "string" ? err.message : "Request failed";
  if (!httpStatus && /fetch|network|connection/i.test(message)) message = `Could not reach the playground server: ${message}`;
  return { httpStatus, code, message };
}
