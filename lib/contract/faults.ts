// The app API's fault-preset contract (docs/app-api.md#testing-faults): `GET/PUT /api/testing/faults`
// reads and sets the embedded engine's own fault list (lib/engine/faults.ts, docs/engine.md
// "Fault presets"), which then applies to every request the `local` backend takes. Browser-safe.
import { z } from "zod";

export const FaultPresetInfo = z.object({
  name: z.string(),
  syntax: z.string(),
  what: z.string(),
  report: z.string(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  param: z
    .object({
      kind: z.enum(["count", "duration", "choice"]),
      label: z.string(),
      default: z.string(),
      options: z.array(z.string()).optional(),
      optional: z.boolean().optional(),
    })
    .optional(),
});
export type FaultPresetInfo = z.infer<typeof FaultPresetInfo>;

/** `GET/PUT /api/testing/faults`: the engine's list (`""` = none), the names in it, and the documented presets. */
export const FaultsView = z.object({
  faults: z.string(),
  active: z.array(z.string()),
  presets: z.array(FaultPresetInfo),
});
export type FaultsView = z.infer<typeof FaultsView>;

/** `PUT /api/testing/faults`: a comma-separated preset list as `x-engine-fault` takes it; `""` turns every fault off. */
export const PutFaultsBody = z
  .object({
    faults: z
      .string()
      .max(2000, "must be at most 2000 characters")
      .regex(/^[\x20-\x7e]*$/, "must be printable ASCII"),
  })
  .strict();
export type PutFaultsBody = z.infer<typeof PutFaultsBody>;

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
