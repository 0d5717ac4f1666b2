// file_search on the engine: the engine's OWN full-text search (MiniSearch, BM25-style scoring with
// prefix and fuzzy matching) over the text files of the run's environment — files uploaded to it
// or given as inline sources. It is not Google's File Search stores: store names in the request
// cannot be resolved locally, and the answer says so. Files are cut into chunks of about
// CHUNK_CHARS characters (on paragraph, then line boundaries) and the best chunks are the result.
import MiniSearch from "minisearch";
import type { RunWorkspace } from "@/lib/engine/model/types";

export const CHUNK_CHARS = 800;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
const MAX_FILES = 2000;
export const DEFAULT_TOP_K = 5;
/** Words that say nothing about which chunk fits (a query is a whole user message). */
const STOP_WORDS = new Set(
  "a an and are as at be but by can could do does did for from has have how i in is it its me my of on or our please say says said tell that the their them there these this to us was we what when where which who why will with would you your about according files file documents document docs search find look up".split(" "),
);
export const MAX_TOP_K = 20;

export interface FileChunk {
  /** `workspace/…` path of the file. */
  file: string;
  /** Chunk number within the file, from 0. */
  chunk: number;
  text: string;
  score: number;
}

export interface FileSearchOutcome {
  chunks: FileChunk[];
  /** Files indexed (text files only). */
  indexed: number;
  /** Files skipped and why (binary, too big, over the total). */
  skipped: number;
}

/** Split text into chunks of at most ~max chars, on paragraph boundaries where possible. */
export function chunkText(text: string, max = CHUNK_CHARS): string[] {
  const out: string[] = [];
  let cur = "";
  const push = () => {
    if (cur.trim()) out.push(cur.trim());
    cur = "";
  };
  for (const para of text.split(/\n\s*\n/)) {
    const pieces = para.length > max ? para.match(new RegExp(`[\\s\\S]{1,${max}}(?=\\s|$)|[\\s\\S]{1,${max}}`, "g")) ?? [para] : [para];
    for (const piece of pieces) {
      if (cur && cur.length + piece.length + 2 > max) push();
      cur = cur ? `${cur}\n\n${piece}` : piece;
    }
  }
  push();
  return out;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Index the workspace's text files and search them for `query`. */
export function searchWorkspace(ws: RunWorkspace, query: string, topK = DEFAULT_TOP_K): FileSearchOutcome {
  const docs: { id: number; file: string; chunk: number; text: string }[] = [];
  let indexed = 0;
  let skipped = 0;
  let total = 0;
  for (const f of ws.files().slice(0, MAX_FILES)) {
    if (f.size_bytes > MAX_FILE_BYTES || total + f.size_bytes > MAX_TOTAL_BYTES) {
      skipped++;
      continue;
    }
    const bytes = ws.read?.(f.path, MAX_FILE_BYTES);
    if (!bytes || looksBinary(bytes)) {
      skipped++;
      continue;
    }
    total += bytes.length;
    indexed++;
    chunkText(new TextDecoder().decode(bytes)).forEach((text, chunk) => docs.push({ id: docs.length, file: f.path, chunk, text }));
  }
  const index = new MiniSearch<{ id: number; file: string; chunk: number; text: string }>({
    fields: ["text", "file"],
    storeFields: ["file", "chunk", "text"],
    processTerm: (term) => {
      const t = term.toLowerCase();
      return t.length < 2 || STOP_WORDS.has(t) ? null : t;
    },
    searchOptions: { boost: { file: 0.5 }, prefix: true, fuzzy: 0.2, combineWith: "OR" },
  });
  index.addAll(docs);
  const k = Math.max(1, Math.min(MAX_TOP_K, Math.floor(topK)));
  const chunks = index
    .search(query)
    .slice(0, k)
    .map((r) => ({ file: String(r.file), chunk: Number(r.chunk), text: String(r.text), score: Math.round(r.score * 1000) / 1000 }));
  return { chunks, indexed, skipped };
}
