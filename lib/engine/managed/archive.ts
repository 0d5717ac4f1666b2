// Unpacking uploaded zip and tar (optionally gzip'd) archives with maintained parsers (yauzl,
// tar-stream), into a fresh staging directory first: every entry name is checked like an API path
// (no `..`, no absolute paths, no NUL), links and devices are refused, and the uncompressed total
// and entry count are bounded both as declared and as actually read — so a zip bomb or a
// path-escaping entry fails the whole upload and the workspace is left as it was.
import { createWriteStream, mkdirSync, openSync, readSync, closeSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform, type Readable } from "node:stream";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import * as tarStream from "tar-stream";
import * as yauzl from "yauzl";
import { ApiError } from "@/lib/interactions/errors";
import { parseRelativePath } from "./workspace";

export interface ExtractLimits {
  /** Total uncompressed bytes allowed. */
  maxBytes: number;
  maxEntries: number;
}

export interface ExtractedEntry {
  segs: string[];
  /** Host path of the extracted file in the staging directory (directories: undefined). */
  host?: string;
  dir: boolean;
}

function bad(message: string): ApiError {
  return new ApiError("invalid_request", message);
}

/** "zip", "tar", "tar.gz" by magic bytes, or null. */
export function sniffArchive(file: string): "zip" | "tar" | "tgz" | null {
  const fd = openSync(file, "r");
  const head = Buffer.alloc(512);
  const n = readSync(fd, head, 0, 512, 0);
  closeSync(fd);
  if (n >= 4 && head.readUInt32LE(0) === 0x04034b50) return "zip";
  if (n >= 4 && head.readUInt32LE(0) === 0x06054b50) return "zip"; // empty zip
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "tgz";
  if (n >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "tar";
  return null;
}

/** Counts bytes through a stream and fails once past the budget (archives may lie about sizes). */
function budgetStream(budget: { left: number }, name: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      budget.left -= chunk.length;
      if (budget.left < 0) cb(bad(`Archive rejected: '${name}' takes the uncompressed total past the limit (a zip bomb, or simply too large).`));
      else cb(null, chunk);
    },
  });
}

function entryPath(name: string): string[] {
  return parseRelativePath(name.replace(/^\.\/+/, ""), "archive entry");
}

export async function extractArchive(file: string, into: string, limits: ExtractLimits): Promise<ExtractedEntry[]> {
  const kind = sniffArchive(file);
  if (!kind) throw bad("extract=true, but the upload is not a zip or tar archive.");
  mkdirSync(into, { recursive: true });
  return kind === "zip" ? extractZip(file, into, limits) : extractTar(file, into, limits, kind === "tgz");
}

async function extractZip(file: string, into: string, limits: ExtractLimits): Promise<ExtractedEntry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
      err || !z ? reject(bad(`Not a readable zip archive: ${err?.message ?? "unknown error"}.`)) : resolve(z),
    ),
  );
  const budget = { left: limits.maxBytes };
  const out: ExtractedEntry[] = [];
  let n = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", (e: Error) =>
        reject(
          e instanceof ApiError
            ? e
            : /relative path|absolute path/.test(e.message)
              ? bad(`Archive rejected: ${e.message} (entries must stay inside the directory they are extracted into).`)
              : bad(`Bad zip archive: ${e.message}.`),
        ),
      );
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        void (async () => {
          if (++n > limits.maxEntries) throw bad(`Archive rejected: more than ${limits.maxEntries} entries.`);
          const dir = entry.fileName.endsWith("/");
          const segs = entryPath(entry.fileName);
          const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
          if (mode === 0o120000) throw bad(`Archive rejected: entry '${entry.fileName.slice(0, 200)}' is a symbolic link.`);
          if (dir) {
            mkdirSync(join(into, ...segs), { recursive: true });
            out.push({ segs, dir: true });
            zip.readEntry();
            return;
          }
          // Declared sizes first (cheap), then the real byte count while inflating.
          if (entry.uncompressedSize > budget.left)
            throw bad(`Archive rejected: '${entry.fileName.slice(0, 200)}' declares ${entry.uncompressedSize} bytes, past the uncompressed limit of ${limits.maxBytes} bytes (a zip bomb, or simply too large).`);
          const host = join(into, ...segs);
          mkdirSync(join(host, ".."), { recursive: true });
          const rs = await new Promise<Readable>((res, rej) => zip.openReadStream(entry, (e, s) => (e || !s ? rej(bad(`Bad zip entry '${entry.fileName.slice(0, 200)}': ${e?.message}.`)) : res(s))));
          await pipeline(rs, budgetStream(budget, entry.fileName), createWriteStream(host, { flags: "wx" }));
          out.push({ segs, host, dir: false });
          zip.readEntry();
        })().catch((e: unknown) => {
          zip.close();
          reject(e instanceof ApiError ? e : bad(`Could not extract the zip archive: ${e instanceof Error ? e.message : String(e)}.`));
        });
      });
      zip.readEntry();
    });
  } finally {
    if (zip.isOpen) zip.close();
  }
  return out;
}

async function extractTar(file: string, into: string, limits: ExtractLimits, gzip: boolean): Promise<ExtractedEntry[]> {
  const extract = tarStream.extract();
  const budget = { left: limits.maxBytes };
  const out: ExtractedEntry[] = [];
  let n = 0;
  const source = gzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  source.on("error", (e: Error) => extract.destroy(bad(`Bad tar archive: ${e.message}.`)));
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      if (++n > limits.maxEntries) throw bad(`Archive rejected: more than ${limits.maxEntries} entries.`);
      const segs = entryPath(h.name);
      if (h.type === "directory") {
        mkdirSync(join(into, ...segs), { recursive: true });
        out.push({ segs, dir: true });
        entry.resume();
        continue;
      }
      if (h.type !== "file" && h.type !== "contiguous-file")
        throw bad(`Archive rejected: entry '${h.name.slice(0, 200)}' is a ${h.type}; only files and directories are extracted.`);
      if ((h.size ?? 0) > budget.left) throw bad(`Archive rejected: '${h.name.slice(0, 200)}' takes the uncompressed total past the limit of ${limits.maxBytes} bytes.`);
      const host = join(into, ...segs);
      mkdirSync(join(host, ".."), { recursive: true });
      await pipeline(entry, budgetStream(budget, h.name), createWriteStream(host, { flags: "wx" }));
      out.push({ segs, host, dir: false });
    }
  } catch (e) {
    source.destroy();
    if (e instanceof ApiError) throw e;
    throw bad(`Could not extract the tar archive: ${e instanceof Error ? e.message : String(e)}.`);
  }
  return out;
}
