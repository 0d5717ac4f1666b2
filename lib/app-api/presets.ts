// App API for presets (/api/presets…) and mocked-result marks (/api/mocks): zod first, errors in
// the API's envelope, logic here and testable without Next (routes are one line each).
import "server-only";
import { z } from "zod";
import type Database from "better-sqlite3";
import { errorResponse } from "@/lib/interactions/errors";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";
import { PresetsStore } from "./presets-store";

export interface IdParams {
  params: Promise<{ id: string; version?: string }>;
}

const MAX_PRESET_BYTES = 2 * 1024 * 1024;
const name = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const payload = z.record(z.string(), z.unknown());
const createBody = z.strictObject({ name, payload, note: z.string().max(500).optional() });
const saveBody = z.strictObject({ name: name.optional(), payload, note: z.string().max(500).optional() });
const restoreBody = z.strictObject({ version: z.number().int().positive() });
const markBody = z.strictObject({
  session_id: z.string().min(1).max(256),
  results: z.array(z.strictObject({ call_id: z.string().min(1).max(256), name: z.string().min(1).max(256), mode: z.enum(["fixed", "js"]) })).min(1).max(128),
});

const noSecrets = () => [] as string[];

export function createPresetsApi(deps: { db: () => Database.Database }) {
  const store = () => new PresetsStore(deps.db());

  async function params(ctx: IdParams): Promise<{ id: string; version?: number } | Response> {
    const p = await ctx.params;
    if (!p.id || p.id.length > 256) return errorResponse("not_found", "No such preset.");
    if (p.version === undefined) return { id: p.id };
    const v = /^\d{1,9}$/.test(p.version) ? Number(p.version) : NaN;
    if (!Number.isInteger(v) || v < 1) return errorResponse("invalid_request", `Invalid value at 'version': expected a positive whole number.`);
    return { id: p.id, version: v };
  }

  const missing = (id: string) => errorResponse("not_found", `No preset "${id}".`);

  return {
    list: () => handle(noSecrets, () => json({ presets: store().list() })),

    create: (req: Request) =>
      handle(noSecrets, async () => {
        const body = await parseJsonBody(req, createBody, MAX_PRESET_BYTES);
        if (!body.ok) return body.response;
        return json(store().create(body.data.name, body.data.payload, body.data.note), 201);
      }),

    get: (_req: Request, ctx: IdParams) =>
      handle(noSecrets, async () => {
        const p = await params(ctx);
        if (p instanceof Response) return p;
        const s = store();
        const preset = s.get(p.id);
        if (!preset) return missing(p.id);
        return json({ preset, versions: s.versions(p.id), latest: s.version(p.id) });
      }),

    save: (req: Request, ctx: IdParams) =>
      handle(noSecrets, async () => {
        const p = await params(ctx);
        if (p instanceof Response) return p;
        const body = await parseJsonBody(req, saveBody, MAX_PRESET_BYTES);
        if (!body.ok) return body.response;
        const saved = store().save(p.id, body.data.payload, { name: body.data.name, note: body.data.note });
        return saved ? json(saved) : missing(p.id);
      }),

    remove: (_req: Request, ctx: IdParams) =>
      handle(noSecrets, async () => {
        const p = await params(ctx);
        if (p instanceof Response) return p;
        return store().delete(p.id) ? new Response(null, { status: 204 }) : missing(p.id);
      }),

    version: (_req: Request, ctx: IdParams) =>
      handle(noSecrets, async () => {
        const p = await params(ctx);
        if (p instanceof Response) return p;
        const v = store().version(p.id, p.version);
        return v ? json(v) : errorResponse("not_found", `No version ${p.version} of preset "${p.id}".`);
      }),

    restore: (req: Request, ctx: IdParams) =>
      handle(noSecrets, async () => {
        const p = await params(ctx);
        if (p instanceof Response) return p;
        const body = await parseJsonBody(req, restoreBody);
        if (!body.ok) return body.response;
        const s = store();
        if (!s.get(p.id)) return missing(p.id);
        const saved = s.restore(p.id, body.data.version);
        return saved ? json(saved) : errorResponse("not_found", `No version ${body.data.version} of preset "${p.id}".`);
      }),

    listMocked: (req: Request) =>
      handle(noSecrets, () => {
        const session = new URL(req.url).searchParams.get("session") ?? "";
        if (!session || session.length > 256) return errorResponse("invalid_request", 'Query parameter "session" is required.');
        return json({ mocked: store().listMocked(session) });
      }),

    markMocked: (req: Request) =>
      handle(noSecrets, async () => {
        const body = await parseJsonBody(req, markBody);
        if (!body.ok) return body.response;
        store().markMocked(body.data.session_id, body.data.results);
        return json({ ok: true });
      }),
  };
}
