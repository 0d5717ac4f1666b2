// The resumable upload protocol the SDK's `environments.files.upload` speaks (reference §1.3):
//   PUT  /upload/{v}/environments/{env}/files/{path}?overwrite=&extract=   X-Goog-Upload-Command: start
//        → 200, header X-Goog-Upload-URL (this same path plus ?upload_id=…)
//   POST <that URL>   X-Goog-Upload-Command: upload | upload, finalize   X-Goog-Upload-Offset: n
//        → 200 {} (X-Goog-Upload-Status: active) … then {files:[…]} (final)
// Bytes go to a staging file; only a complete, checked upload is moved (or extracted) into the
// workspace, so a failed or abandoned one leaves it as it was. Sessions live in memory for an hour.
import { appendFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ApiError } from "@/lib/interactions/errors";
import { randomBase62 } from "../ids";
import { extractArchive } from "./archive";
import { bad, type Environments } from "./environments";
import { WORKSPACE, type EnvironmentFile, type Workspace } from "./workspace";

export interface UploadLimits {
  /** Largest single upload (bytes as declared and as received). */
  maxUploadBytes: number;
  /** Largest workspace total after an upload or an extraction. */
  maxWorkspaceBytes: number;
  maxArchiveEntries: number;
}

interface Session {
  id: string;
  envId: string;
  segs: string[];
  declared: number;
  received: number;
  staged: string;
  overwrite: boolean;
  extract: boolean;
  expires: number;
}

const SESSION_MS = 60 * 60 * 1000;

export class Uploads {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly envs: Environments,
    readonly limits: UploadLimits,
  ) {}

  start(envId: string, segs: string[], o: { declared: number; overwrite: boolean; extract: boolean }): string {
    this.sweep();
    if (!Number.isSafeInteger(o.declared) || o.declared < 0) throw bad("X-Goog-Upload-Header-Content-Length must be a byte count.");
    if (o.declared > this.limits.maxUploadBytes)
      throw new ApiError("payload_too_large", `Upload of ${o.declared} bytes exceeds the local engine's limit of ${this.limits.maxUploadBytes} bytes (ENGINE_UPLOAD_MAX_BYTES).`);
    const { workspace } = this.envs.use(envId);
    if (!segs.length && !o.extract) throw bad(`Upload path must name a file under '${WORKSPACE}/'.`);
    this.checkTarget(workspace, segs, o.overwrite, o.extract);
    const id = randomBase62(24);
    const staged = join(workspace.staging, `upload_${id}`);
    writeFileSync(staged, "");
    this.sessions.set(id, { id, envId: workspace.id, segs, declared: o.declared, received: 0, staged, overwrite: o.overwrite, extract: o.extract, expires: Date.now() + SESSION_MS });
    return id;
  }

  private checkTarget(ws: Workspace, segs: string[], overwrite: boolean, extract: boolean): void {
    if (!segs.length) return; // extracting into the workspace root
    const target = ws.resolveForWrite(segs);
    if (extract) {
      if (target.exists && !target.isDir) throw bad(`'${WORKSPACE}/${segs.join("/")}' is a file; extract needs a directory to unpack into.`);
      return;
    }
    if (target.exists && target.isDir) throw bad(`'${WORKSPACE}/${segs.join("/")}' is a directory.`);
    if (target.exists && !overwrite) throw bad(`'${WORKSPACE}/${segs.join("/")}' already exists; pass overwrite=true to replace it.`);
  }

  /** One chunk; returns the uploaded files' entries once finalized, else null. */
  async chunk(envId: string, uploadId: string, command: string, offset: number, bytes: Buffer): Promise<EnvironmentFile[] | null> {
    const s = this.sessions.get(uploadId);
    if (!s || s.envId !== envId) throw new ApiError("not_found", `Upload session '${uploadId.slice(0, 40)}' was not found (finished, cancelled, expired, or the engine restarted).`);
    const cmds = command.split(",").map((c) => c.trim().toLowerCase()).filter(Boolean);
    if (cmds.includes("cancel")) {
      this.drop(s);
      return [];
    }
    if (cmds.some((c) => c !== "upload" && c !== "finalize")) throw bad(`Unsupported X-Goog-Upload-Command '${command.slice(0, 60)}'.`);
    if (cmds.includes("upload")) {
      if (offset !== s.received) throw bad(`X-Goog-Upload-Offset ${offset} does not match the ${s.received} bytes received so far.`);
      if (s.received + bytes.length > s.declared) {
        this.drop(s);
        throw new ApiError("payload_too_large", `Upload exceeds its declared size of ${s.declared} bytes; the upload was cancelled.`);
      }
      appendFileSync(s.staged, bytes);
      s.received += bytes.length;
    }
    if (!cmds.includes("finalize")) return null;
    try {
      if (s.received !== s.declared) throw bad(`Upload finalized after ${s.received} of its declared ${s.declared} bytes.`);
      return await this.commit(s);
    } finally {
      this.drop(s);
    }
  }

  private async commit(s: Session): Promise<EnvironmentFile[]> {
    const { workspace } = this.envs.use(s.envId);
    this.checkTarget(workspace, s.segs, s.overwrite, s.extract); // again: the workspace may have changed meanwhile
    const used = workspace.usage().bytes;
    if (!s.extract) {
      const replaced = existsSync(`${workspace.dir}/${s.segs.join("/")}`) ? statSync(`${workspace.dir}/${s.segs.join("/")}`).size : 0;
      if (used - replaced + s.received > this.limits.maxWorkspaceBytes)
        throw new ApiError("payload_too_large", `The workspace would exceed its limit of ${this.limits.maxWorkspaceBytes} bytes (ENGINE_WORKSPACE_MAX_BYTES).`);
      workspace.commitFile(s.staged, s.segs);
      return workspace.list([...s.segs], false);
    }
    const into = mkdtempSync(join(workspace.staging, "extract_"));
    try {
      const entries = await extractArchive(s.staged, into, { maxBytes: Math.max(0, this.limits.maxWorkspaceBytes - used), maxEntries: this.limits.maxArchiveEntries });
      const files = entries.filter((e) => !e.dir);
      // Check every destination before moving any, so a conflict leaves the workspace untouched.
      for (const f of files) {
        const segs = [...s.segs, ...f.segs];
        const t = workspace.resolveForWrite(segs);
        if (t.exists && t.isDir) throw bad(`Archive entry '${f.segs.join("/")}' would replace the directory '${WORKSPACE}/${segs.join("/")}'.`);
        if (t.exists && !s.overwrite) throw bad(`Archive entry '${f.segs.join("/")}' would replace '${WORKSPACE}/${segs.join("/")}'; pass overwrite=true.`);
      }
      const out: EnvironmentFile[] = [];
      for (const e of entries) {
        const segs = [...s.segs, ...e.segs];
        if (e.dir) continue;
        workspace.commitFile(e.host!, segs);
        out.push(...workspace.list(segs, false));
      }
      return out;
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  }

  private drop(s: Session): void {
    this.sessions.delete(s.id);
    rmSync(s.staged, { force: true });
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of this.sessions.values()) if (s.expires < now) this.drop(s);
  }

  /** Forget every session (engine reset / close). */
  clear(): void {
    for (const s of [...this.sessions.values()]) this.drop(s);
  }
}
