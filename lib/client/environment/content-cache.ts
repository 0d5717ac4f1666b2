"use client";
// File contents the environment browser has read, kept by sha256 in memory (bounded, least
// recently used first out). An environment holds only its current files, so the text diff of a
// file between two turns needs the earlier bytes from here: the browser keeps a copy of every
// file it shows, and, when opened on a turn, of each small file whose bytes still match that
// turn's manifest. A reload forgets them (the manifests stay on the engine).
import { managedApi } from "@/lib/client/managed-api";
import { sha256Hex } from "./files";

const MAX_BYTES = 32 * 1024 * 1024;
const cache = new Map<string, Uint8Array>();
let total = 0;

export function cached(sha: string): Uint8Array | undefined {
  const v = cache.get(sha);
  if (v) {
    cache.delete(sha);
    cache.set(sha, v);
  }
  return v;
}

function put(sha: string, bytes: Uint8Array): void {
  if (cache.has(sha) || bytes.length > MAX_BYTES / 4) return;
  cache.set(sha, bytes);
  total += bytes.length;
  for (const [k, v] of cache) {
    if (total <= MAX_BYTES) break;
    cache.delete(k);
    total -= v.length;
  }
}

/** The file's current bytes, hashed and kept. */
export async function readFile(backend: string, env: string, path: string): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await managedApi.download(backend, env, path);
  const sha256 = await sha256Hex(bytes);
  put(sha256, bytes);
  return { bytes, sha256 };
}

/** Keep a copy of each small manifest file not yet kept whose current bytes still match. */
export async function snapshot(backend: string, env: string, files: { path: string; size_bytes: number; sha256: string }[], maxFileBytes = 512 * 1024, maxFiles = 40): Promise<number> {
  let kept = 0;
  for (const f of files.filter((x) => x.size_bytes <= maxFileBytes && !cache.has(x.sha256)).slice(0, maxFiles)) {
    try {
      const r = await readFile(backend, env, f.path);
      if (r.sha256 === f.sha256) kept++;
    } catch {
      /* gone or unreadable: nothing to keep */
    }
  }
  return kept;
}
