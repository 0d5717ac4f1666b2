// App API over the local record: /api/sessions[/{id}] and /api/record/interactions[/{id}] (docs/app-api.md).
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { errorResponse } from "@/lib/interactions/errors";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";
import { CreateSessionBody, ListSessionsQuery, ListTurnsQuery, PatchSessionBody, SessionId } from "@/lib/contract/app-api";
import type { AppStore } from "@/lib/record/store";

export interface RecordApiDeps {
  store: () => AppStore;
  secrets?: () => readonly string[];
  /** Before every read: finish the turns whose streams have ended (Recorder.flushEnded). */
  settle?: () => void;
}

/** Route context as Next 16 passes it to `[id]` routes. */
export interface IdContext {
  params: Promise<{ id: string }>;
}

function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}

function badQuery(error: z.ZodError): Response {
  const msg = error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
  return errorResponse("invalid_request", `Invalid query: ${msg}`);
}

/** A session route's id: anything the one session-id rule refuses is a 404 (no such session). */
async function sessionIdOf(ctx: IdContext): Promise<string | Response> {
  const { id } = await ctx.params;
  return SessionId.safeParse(id).success ? id : errorResponse("not_found", "No such session.");
}

async function idOf(ctx: IdContext): Promise<string | Response> {
  let id: unknown;
  try {
    ({ id } = await ctx.params);
  } catch {
    // Next could not decode the segment (proxy.ts answers these first; this is the fallback).
    return errorResponse("invalid_request", "Invalid percent-encoding in the id.");
  }
  // Next hands params decoded; anything an id can't be (empty, over-long, control characters) is a 404, not a crash.
  return typeof id === "string" && id.length > 0 && id.length <= 256 && !/[\u0000-\u001f\u007f]/.test(id) ? id : errorResponse("not_found", "No such id.");
}

export function createRecordApi(deps: RecordApiDeps) {
  const secrets = deps.secrets ?? (() => []);
  /** The store, once the record is up to date with every stream that has ended. */
  const settled = (): AppStore => {
    deps.settle?.();
    return deps.store();
  };

  return {
    async listSessions(req: Request): Promise<Response> {
      return handle(secrets, () => {
        const q = ListSessionsQuery.safeParse(queryOf(req));
        if (!q.success) return badQuery(q.error);
        return json({ sessions: settled().listSessions(q.data.q) });
      });
    },

    async createSession(req: Request): Promise<Response> {
      return handle(secrets, async () => {
        const body = await parseJsonBody(req, CreateSessionBody);
        if (!body.ok) return body.response;
        const store = deps.store();
        const id = body.data.id ?? `s_${randomUUID()}`;
        return json(store.ensureSession(id, body.data.title ?? ""));
      });
    },

    async getSession(_req: Request, ctx: IdContext): Promise<Response> {
      return handle(secrets, async () => {
        const id = await sessionIdOf(ctx);
        if (id instanceof Response) return id;
        const store = settled();
        const session = store.getSession(id);
        if (!session) return errorResponse("not_found", `No session "${id}".`);
        return json({ session, turns: store.listTurns({ sessionId: id }) });
      });
    },

    async patchSession(req: Request, ctx: IdContext): Promise<Response> {
      return handle(secrets, async () => {
        const body = await parseJsonBody(req, PatchSessionBody);
        if (!body.ok) return body.response;
        const id = await sessionIdOf(ctx);
        if (id instanceof Response) return id;
        const session = deps.store().renameSession(id, body.data.title);
        if (!session) return errorResponse("not_found", `No session "${id}".`);
        return json(session);
      });
    },

    async deleteSession(_req: Request, ctx: IdContext): Promise<Response> {
      return handle(secrets, async () => {
        const id = await sessionIdOf(ctx);
        if (id instanceof Response) return id;
        deps.store().deleteSession(id); // idempotent: deleting a missing session is not an error
        return json({});
      });
    },

    async listTurns(req: Request): Promise<Response> {
      return handle(secrets, () => {
        const q = ListTurnsQuery.safeParse(queryOf(req));
        if (!q.success) return badQuery(q.error);
        const turns = settled().listTurns({
          ...(q.data.background ? { background: q.data.background === "true" } : {}),
          ...(q.data.session ? { sessionId: q.data.session } : {}),
          limit: q.data.limit ?? 200,
        });
        return json({ turns });
      });
    },

    async getTurn(_req: Request, ctx: IdContext): Promise<Response> {
      return handle(secrets, async () => {
        const id = await idOf(ctx);
        if (id instanceof Response) return id;
        const store = settled();
        const turn = store.getTurn(id);
        if (!turn) return errorResponse("not_found", `No recorded interaction "${id}".`);
        return json({ ...turn, events: store.getEvents(id) });
      });
    },
  };
}

export type RecordApi = ReturnType<typeof createRecordApi>;
