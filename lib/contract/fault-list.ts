// Fault lists as `x-engine-fault` and `PUT /api/testing/faults` take them (`early-404=5s,chain-501`):
// plain string helpers without zod, so browser code can use them without loading the schemas.

/** The preset names in a list (`drop-after=6, chain-501` → `["drop-after", "chain-501"]`). */
export function faultNames(list: string): string[] {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s.split("=")[0]!.trim().toLowerCase());
}

/** Compose the list from per-preset choices: `{ "early-404": "5s", "chain-501": "" }` → `early-404=5s,chain-501`. */
export function composeFaults(on: Record<string, string>): string {
  return Object.entries(on)
    .map(([name, value]) => (value.trim() ? `${name}=${value.trim()}` : name))
    .join(",");
}

/** The inverse of composeFaults for a list the engine accepted. */
export function splitFaults(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf("=");
    out[(eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase()] = eq < 0 ? "" : item.slice(eq + 1).trim();
  }
  return out;
}
