// The environment browser's pure parts: what two turns' workspace manifests say changed (by
// sha256), the text diff of a changed file (jsdiff), how a file's bytes are shown (text with a
// highlight language, an image, or a hex preview), and the tree of paths.
import { diffLines } from "diff";

export interface ManifestFile {
  path: string;
  size_bytes: number;
  sha256: string;
}

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

export interface FileChange {
  path: string;
  kind: ChangeKind;
  before?: ManifestFile;
  after?: ManifestFile;
}

/** Every path of either manifest, sorted, with what happened to it from `before` to `after`. */
export function diffManifests(before: ManifestFile[], after: ManifestFile[]): FileChange[] {
  const a = new Map(before.map((f) => [f.path, f]));
  const b = new Map(after.map((f) => [f.path, f]));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map((path) => {
    const x = a.get(path);
    const y = b.get(path);
    const kind: ChangeKind = !x ? "added" : !y ? "removed" : x.sha256 === y.sha256 ? "unchanged" : "changed";
    return { path, kind, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) };
  });
}

export function changeCounts(changes: FileChange[]): Record<ChangeKind, number> {
  const out: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const c of changes) out[c.kind]++;
  return out;
}

export interface DiffLine {
  kind: "add" | "del" | "same";
  text: string;
  /** Line numbers in the old / new text (1-based), where the line exists there. */
  oldNo?: number;
  newNo?: number;
}

/** A line diff (jsdiff's diffLines), one entry per line, numbered on both sides. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  let o = 1;
  let n = 1;
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, "").split("\n");
    for (const text of lines) {
      if (part.added) out.push({ kind: "add", text, newNo: n++ });
      else if (part.removed) out.push({ kind: "del", text, oldNo: o++ });
      else out.push({ kind: "same", text, oldNo: o++, newNo: n++ });
    }
  }
  return out;
}

const IMAGE_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", bmp: "image/bmp", svg: "image/svg+xml", avif: "image/avif" };

/** highlight.js languages the session pane's renderer registers (components/session/markdown-renderer.tsx). */
const LANGUAGES: Record<string, string> = {
  py: "python", sh: "bash", bash: "bash", js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript", ts: "typescript", tsx: "typescript",
  json: "json", md: "markdown", css: "css", sql: "sql", yml: "yaml", yaml: "yaml", html: "xml", xml: "xml", svg: "xml", diff: "diff", patch: "diff",
};

const ext = (path: string) => (/\.([a-z0-9]+)$/i.exec(path)?.[1] ?? "").toLowerCase();

export function imageMime(path: string): string | undefined {
  return IMAGE_TYPES[ext(path)];
}

export function languageFor(path: string): string | undefined {
  return LANGUAGES[ext(path)];
}

export type FileContent = { kind: "text"; text: string; language?: string } | { kind: "image"; mime: string } | { kind: "binary" };

/** Images by extension (SVG included, shown as an image), text when the bytes are UTF-8 without NUL, else binary. */
export function classifyContent(path: string, bytes: Uint8Array): FileContent {
  const mime = imageMime(path);
  if (mime) return { kind: "image", mime };
  const text = decodeText(bytes);
  if (text !== null) return { kind: "text", text, language: languageFor(path) };
  return { kind: "binary" };
}

export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A classic hex dump: offset, 16 bytes in hex, the printable ASCII. At most `max` bytes. */
export function hexDump(bytes: Uint8Array, max = 4096): string {
  const rows: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i += 16) {
    const chunk = bytes.subarray(i, Math.min(i + 16, n));
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    rows.push(`${i.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > n) rows.push(`… ${bytes.length - n} more bytes`);
  return rows.join("\n");
}

/** `workspace/a/b.txt` → `a/b.txt` (what the tree shows). */
export function displayPath(path: string): string {
  return path.replace(/^\/?workspace\/?/, "");
}

export interface TreeRow {
  /** Full API path for files; the directory prefix for folders. */
  path: string;
  name: string;
  depth: number;
  dir: boolean;
}

/** Sorted paths as an indented tree: each folder once, before its children. */
export function treeRows(paths: string[]): TreeRow[] {
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  for (const path of [...paths].sort()) {
    const segs = displayPath(path).split("/");
    for (let i = 0; i < segs.length - 1; i++) {
      const dir = segs.slice(0, i + 1).join("/");
      if (!seen.has(dir)) {
        seen.add(dir);
        rows.push({ path: dir, name: segs[i]!, depth: i, dir: true });
      }
    }
    rows.push({ path, name: segs[segs.length - 1]!, depth: segs.length - 1, dir: false });
  }
  return rows;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
