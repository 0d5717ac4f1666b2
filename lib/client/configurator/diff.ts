// A line diff between two preset versions (pretty-printed JSON with sorted keys, so moving a key
// is not a change), via the `diff` package.
import { diffLines } from "diff";

export interface DiffLine {
  kind: "add" | "remove" | "same";
  text: string;
}

/** JSON with object keys sorted at every level; arrays keep their order. */
export function stableJson(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === "object") return Object.fromEntries(Object.keys(x as object).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(sort(v), null, 2);
}

export function diffJson(a: unknown, b: unknown): { lines: DiffLine[]; added: number; removed: number } {
  const parts = diffLines(stableJson(a), stableJson(b));
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    const kind = p.added ? "add" : p.removed ? "remove" : "same";
    for (const text of p.value.replace(/\n$/, "").split("\n")) {
      lines.push({ kind, text });
      if (kind === "add") added++;
      if (kind === "remove") removed++;
    }
  }
  return { lines, added, removed };
}
