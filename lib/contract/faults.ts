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

// The list helpers live in a zod-free module, so the Testing control does not load zod.
export { composeFaults, faultNames, splitFaults } from "./fault-list";
