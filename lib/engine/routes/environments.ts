// `/{v}/environments` (create, list paged, get, delete), their files (list/stat, download with
// ?alt=media, the resumable upload under /upload/{v}/…), and one engine extension:
// `GET /{v}/interactions/{id}/workspace` — the manifest (path, size, sha256) of the workspace
// after that agent turn, so clients can diff files between turns (docs/engine.md).
import type { Context, Hono } from "hono";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { ApiError } from "@/lib/interactions/errors";
import { jsonResponse, queryBool, readBodyBytes, readJsonBody } from "../http";
import { decodePageToken, encodePageToken, pageQuerySchema, type Managed } from "../managed";
import { cleanEnvId, createEnvironmentSchema } from "../managed/environments";
import { mimeFor, parseApiPath } from "../managed/workspace";
import { fail } from "@/lib/contract/request-rules";

export interface EnvironmentRouteDeps {
  managed: Managed;
  maxBodyBytes: number;
}

/** The `{path}` after `/files/` as sent (the SDK keeps `/` unescaped), decoded segment by segment. */
function filePath(c: Context, envId: string): string {
  const pathname = new URL(c.req.url).pathname;
  const marker = `/environments/${envId}/files`;
  const at = pathname.indexOf(marker);
  const rest = at >= 0 ? pathname.slice(at + marker.length).replace(/^\//, "") : "";
  try {
    return rest.split("/").map((s) => decodeURIComponent(s)).join("/");
  } catch {
    throw new ApiError("invalid_request", "Invalid path: bad percent-encoding.");
  }
}

function rawEnvId(c: Context): string {
  return cleanEnvId(decodeURIComponent(c.req.param("env") ?? ""));
}

export function mountEnvironmentRoutes(app: Hono, version: string, deps: EnvironmentRouteDeps): void {
  const { managed } = deps;
  const envs = managed.environments;

  app.post(`${version}/environments`, async (c) => {
    const raw = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    const parsed = createEnvironmentSchema.safeParse(raw);
    if (!parsed.success) fail(parsed.error.issues);
    return jsonResponse(envs.create(parsed.data));
  });
  app.get(`${version}/environments`, (c) => {
    const q = pageQuerySchema.safeParse(c.req.query());
    if (!q.success) fail(q.error.issues);
    const size = q.data.page_size ?? 50;
    const rows = envs.list(decodePageToken(q.data.page_token), size + 1);
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return jsonResponse({
      environments: page.map((r) => envs.resource(r)),
      ...(rows.length > size && last ? { next_page_token: encodePageToken([last.created_ms, last.id]) } : {}),
    });
  });
  app.get(`${version}/environments/:env`, (c) => jsonResponse(envs.get(rawEnvId(c))));
  app.delete(`${version}/environments/:env`, (c) => {
    envs.delete(rawEnvId(c));
    return jsonResponse({});
  });

  // ---- files: list / stat / download ----------------------------------------------------------
  const files = (c: Context) => {
    const envId = rawEnvId(c);
    const segs = parseApiPath(filePath(c, envId));
    const { workspace } = envs.use(envId);
    if (c.req.query("alt") === "media") {
      if (segs === null) throw new ApiError("invalid_request", "Download needs a file path (alt=media).");
      const { host, stat } = workspace.resolveExisting(segs);
      if (!stat.isFile()) throw new ApiError("invalid_request", `'workspace/${segs.join("/")}' is a directory; only files can be downloaded.`);
      const body = Readable.toWeb(createReadStream(host)) as ReadableStream<Uint8Array>;
      return new Response(body, {
        status: 200,
        headers: { "content-type": mimeFor(segs[segs.length - 1] ?? ""), "content-length": String(stat.size) },
      });
    }
    const q = pageQuerySchema.safeParse({ page_size: c.req.query("page_size"), page_token: c.req.query("page_token") });
    if (!q.success) fail(q.error.issues);
    const recursive = queryBool(c.req.query("recursive"), "recursive") ?? false;
    const all = workspace.list(segs, recursive);
    const size = q.data.page_size ?? 100;
    let start = 0;
    if (q.data.page_token) {
      const [n] = decodePageToken(q.data.page_token);
      start = n;
    }
    const page = all.slice(start, start + size);
    return jsonResponse({ files: page, ...(start + size < all.length ? { next_page_token: encodePageToken([start + size, "files"]) } : {}) });
  };
  app.get(`${version}/environments/:env/files`, files);
  app.get(`${version}/environments/:env/files/*`, files);

  // ---- resumable upload -----------------------------------------------------------------------
  const upload = async (c: Context) => {
    const envId = rawEnvId(c);
    const uploadId = c.req.query("upload_id");
    const command = (c.req.header("x-goog-upload-command") ?? "").toLowerCase();
    if (uploadId === undefined) {
      if (c.req.method !== "PUT" && c.req.method !== "POST") throw new ApiError("not_found", `Method not found: ${c.req.method}.`);
      if (command !== "start") throw new ApiError("invalid_request", "Start a resumable upload with X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start.");
      const protocol = (c.req.header("x-goog-upload-protocol") ?? "resumable").toLowerCase();
      if (protocol !== "resumable") throw new ApiError("invalid_request", `Unsupported X-Goog-Upload-Protocol '${protocol}': only 'resumable'.`);
      const declaredRaw = c.req.header("x-goog-upload-header-content-length");
      if (declaredRaw === undefined || !/^\d{1,15}$/.test(declaredRaw.trim()))
        throw new ApiError("invalid_request", "X-Goog-Upload-Header-Content-Length is required: the upload's size in bytes.");
      void c.req.raw.body?.cancel().catch(() => {});
      const segs = parseApiPath(filePath(c, envId));
      const id = managed.uploads.start(envId, segs ?? [], {
        declared: Number(declaredRaw.trim()),
        overwrite: queryBool(c.req.query("overwrite"), "overwrite") ?? false,
        extract: queryBool(c.req.query("extract"), "extract") ?? false,
      });
      const url = new URL(c.req.url);
      const base = c.req.header("x-engine-base-path") ?? "";
      const target = new URL(`${base}${url.pathname}`, url.origin);
      target.searchParams.set("upload_id", id);
      for (const k of ["overwrite", "extract"]) {
        const v = url.searchParams.get(k);
        if (v !== null) target.searchParams.set(k, v);
      }
      return jsonResponse({}, 200, { "x-goog-upload-url": target.toString(), "x-goog-upload-status": "active" });
    }
    if (c.req.method !== "POST" && c.req.method !== "PUT") throw new ApiError("not_found", `Method not found: ${c.req.method}.`);
    const offsetRaw = c.req.header("x-goog-upload-offset") ?? "0";
    if (!/^\d{1,15}$/.test(offsetRaw.trim())) throw new ApiError("invalid_request", "X-Goog-Upload-Offset must be a byte offset.");
    const bytes = await readBodyBytes(c.req.raw, Math.min(deps.maxBodyBytes, managed.uploads.limits.maxUploadBytes) + 1);
    const done = await managed.uploads.chunk(envId, uploadId, command || "upload", Number(offsetRaw.trim()), bytes);
    if (done === null) return jsonResponse({}, 200, { "x-goog-upload-status": "active" });
    return jsonResponse({ files: done }, 200, { "x-goog-upload-status": "final" });
  };
  app.on(["PUT", "POST"], `/upload${version}/environments/:env/files/*`, upload);
  app.on(["PUT", "POST"], `/upload${version}/environments/:env/files`, upload);

  // ---- extension: the workspace manifest after an agent turn ----------------------------------
  app.get(`${version}/interactions/:id/workspace`, (c) => {
    const m = managed.manifest(c.req.param("id"));
    if (!m) throw new ApiError("not_found", "No workspace manifest for this interaction (not an agent turn, not stored, or unknown).");
    return jsonResponse(m);
  });
}
