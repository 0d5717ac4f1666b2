// An environment's files on the host: `<root>/<env id>/workspace/` is what the sandbox mounts as
// /workspace and what the files API shows as `workspace/…`; `<root>/<env id>/staging/` holds
// uploads and archive extractions until they are complete, so a failed one never touches the
// workspace. Every API path is checked lexically (no `..`, no absolute paths, no NUL) and then
// against the disk (no symlink on the way, none pointing out), before anything is read or written.
import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, type Stats } from "node:fs";
import { join, relative, sep } from "node:path";
import { ApiError } from "@/lib/interactions/errors";

/** The one tree the files API exposes, as in the live service's paths ("workspace/src/main.py"). */
export const WORKSPACE = "workspace";

export interface EnvironmentFile {
  name: string;
  path: string;
  type: "file" | "directory";
  mime_type?: string;
  size_bytes: string;
  created: string;
  modified: string;
}

export interface ManifestEntry {
  path: string;
  size_bytes: number;
  sha256: string;
}

const MIME: Record<string, string> = {
  txt: "text/plain", md: "text/markdown", py: "text/x-python", sh: "text/x-shellscript", json: "application/json",
  csv: "text/csv", html: "text/html", js: "text/javascript", ts: "text/typescript", xml: "application/xml",
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", svg: "image/svg+xml", pdf: "application/pdf",
  zip: "application/zip", tar: "application/x-tar", gz: "application/gzip",
};

export function mimeFor(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && MIME[ext]) || "application/octet-stream";
}

function bad(message: string): ApiError {
  return new ApiError("invalid_request", message);
}

/**
 * An API path as segments below the workspace, or `null` for the environment's root (which holds
 * only `workspace/`). Paths come as the files API names them (`workspace/src/a.py`) or, as the
 * SDK's docs put it, relative to the workspace (`src/a.py`); both mean the same file.
 */
export function parseApiPath(raw: string): string[] | null {
  if (raw.includes("\0")) throw bad("Invalid path: it contains a NUL byte.");
  const trimmed = raw.replace(/^\/+/, "").replace(/\/+$/, "");
  if (trimmed === "") return null;
  const segs = trimmed.split("/");
  if (segs.some((s) => s === "" || s === "." || s === ".."))
    throw bad(`Invalid path '${raw.slice(0, 200)}': '.', '..' and empty segments are not allowed.`);
  return segs[0] === WORKSPACE ? segs.slice(1) : segs;
}

/**
 * A path inside the workspace given relative to it (`src/a.py`), as sources' and archives' entries
 * name them; `workspace/…` and `/workspace/…` are accepted too. Refuses `..`, absolute host paths
 * and NUL bytes.
 */
export function parseRelativePath(raw: string, what: string): string[] {
  if (raw.includes("\0")) throw bad(`Invalid ${what} '${raw.slice(0, 200)}': it contains a NUL byte.`);
  let p = raw.replace(/\\/g, "/");
  if (p.startsWith("/workspace/")) p = p.slice("/workspace/".length);
  else if (p.startsWith("workspace/")) p = p.slice("workspace/".length);
  else if (p.startsWith("/")) throw bad(`Invalid ${what} '${raw.slice(0, 200)}': absolute paths are not allowed (use a path inside the workspace).`);
  p = p.replace(/\/+$/, "");
  const segs = p.split("/");
  if (p === "" || segs.some((s) => s === "" || s === "." || s === ".."))
    throw bad(`Invalid ${what} '${raw.slice(0, 200)}': '.', '..' and empty segments are not allowed.`);
  return segs;
}

export class Workspace {
  readonly root: string;
  readonly dir: string;
  readonly staging: string;

  constructor(root: string, readonly id: string) {
    this.root = join(root, id);
    this.dir = join(this.root, WORKSPACE);
    this.staging = join(this.root, "staging");
  }

  create(): void {
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(this.staging, { recursive: true });
  }

  exists(): boolean {
    return existsSync(this.dir);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Copy another workspace's files into this (empty) one; symlinks are copied as links. */
  copyFrom(other: Workspace): void {
    cpSync(other.dir, this.dir, { recursive: true, verbatimSymlinks: true, errorOnExist: false });
  }

  /**
   * The host path of `segs` for reading: must exist and, after resolving symlinks, stay inside
   * the workspace (code in the sandbox can create a link to anywhere; the API never follows it out).
   */
  resolveExisting(segs: string[]): { host: string; stat: Stats } {
    const host = join(this.dir, ...segs);
    let real: string;
    try {
      real = realpathSync(host);
    } catch {
      if (existsSync(host) || isLink(host)) throw bad(`'${apiPath(segs)}' is a symbolic link that points outside the workspace.`);
      throw new ApiError("not_found", `File '${apiPath(segs)}' was not found in the environment.`);
    }
    const base = realpathSync(this.dir);
    if (real !== base && !real.startsWith(base + sep)) throw bad(`'${apiPath(segs)}' is a symbolic link that points outside the workspace.`);
    return { host: real, stat: statSync(real) };
  }

  /**
   * The host path of `segs` for writing: no existing component may be a symlink or a file where a
   * directory is needed. Returns the path and whether a file is already there.
   */
  resolveForWrite(segs: string[]): { host: string; exists: boolean; isDir: boolean } {
    let cur = this.dir;
    for (let i = 0; i < segs.length; i++) {
      cur = join(cur, segs[i]!);
      let st: Stats;
      try {
        st = lstatSync(cur);
      } catch {
        return { host: join(this.dir, ...segs), exists: false, isDir: false };
      }
      if (st.isSymbolicLink()) throw bad(`'${apiPath(segs.slice(0, i + 1))}' is a symbolic link; uploads never write through links.`);
      if (i < segs.length - 1 && !st.isDirectory()) throw bad(`'${apiPath(segs.slice(0, i + 1))}' is a file, not a directory.`);
      if (i === segs.length - 1) return { host: cur, exists: true, isDir: st.isDirectory() };
    }
    return { host: this.dir, exists: true, isDir: true };
  }

  /** Move a finished staged file into place (creating parent directories). */
  commitFile(staged: string, segs: string[]): void {
    const { host, isDir, exists } = this.resolveForWrite(segs);
    if (exists && isDir) throw bad(`'${apiPath(segs)}' is a directory.`);
    mkdirSync(join(host, ".."), { recursive: true });
    renameSync(staged, host);
  }

  /** Stat or list (`recursive`) an API path; entries sorted by path. */
  list(segs: string[] | null, recursive: boolean): EnvironmentFile[] {
    if (segs === null) {
      const st = statSync(this.dir);
      const top = fileEntry(WORKSPACE, st, true);
      return recursive ? [top, ...this.walk([], true)] : [top];
    }
    const { host, stat } = this.resolveExisting(segs);
    if (!stat.isDirectory()) return [fileEntry(apiPath(segs), stat, false)];
    void host;
    return this.walk(segs, recursive);
  }

  private walk(segs: string[], recursive: boolean): EnvironmentFile[] {
    const out: EnvironmentFile[] = [];
    const base = realpathSync(this.dir);
    const visit = (rel: string[]) => {
      const dir = join(this.dir, ...rel);
      for (const name of readdirSync(dir).sort()) {
        const host = join(dir, name);
        let st: Stats;
        try {
          const real = realpathSync(host);
          if (real !== base && !real.startsWith(base + sep)) continue; // a link out: not part of the workspace
          st = lstatSync(host).isSymbolicLink() ? statSync(real) : lstatSync(host);
        } catch {
          continue; // a dangling link
        }
        const isDir = st.isDirectory();
        if (!isDir && !st.isFile()) continue;
        out.push(fileEntry(apiPath([...rel, name]), st, isDir));
        if (isDir && recursive && !lstatSync(host).isSymbolicLink()) visit([...rel, name]);
      }
    };
    visit(segs);
    return out;
  }

  /** Every regular file (no links followed), with its size and SHA-256, sorted by path. */
  manifest(): ManifestEntry[] {
    const out: ManifestEntry[] = [];
    const visit = (rel: string[]) => {
      const dir = join(this.dir, ...rel);
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        return;
      }
      for (const name of names) {
        const host = join(dir, name);
        const st = lstatSync(host);
        if (st.isDirectory()) visit([...rel, name]);
        else if (st.isFile())
          out.push({ path: [WORKSPACE, ...rel, name].join("/"), size_bytes: st.size, sha256: createHash("sha256").update(readFileSync(host)).digest("hex") });
      }
    };
    visit([]);
    return out;
  }

  /** File count and total bytes of regular files (what the Environment resource reports). */
  usage(): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    const visit = (dir: string) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        const st = lstatSync(join(dir, name));
        if (st.isDirectory()) visit(join(dir, name));
        else if (st.isFile()) {
          files++;
          bytes += st.size;
        }
      }
    };
    visit(this.dir);
    return { files, bytes };
  }

  /** The workspace-relative path of a host path inside it. */
  relativeOf(host: string): string {
    return relative(this.dir, host).split(sep).join("/");
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function apiPath(segs: string[]): string {
  return [WORKSPACE, ...segs].join("/");
}

function fileEntry(path: string, st: Stats, isDir: boolean): EnvironmentFile {
  const name = path.split("/").pop() ?? path;
  return {
    name,
    path,
    type: isDir ? "directory" : "file",
    ...(isDir ? {} : { mime_type: mimeFor(name) }),
    size_bytes: String(isDir ? 0 : st.size),
    created: st.birthtime.toISOString(),
    modified: st.mtime.toISOString(),
  };
}
