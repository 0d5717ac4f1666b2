// `GET/PUT /api/testing/faults`: the embedded engine's own fault presets (docs/app-api.md#testing-faults).
// The engine is called in-process on its control plane (`/admin/faults`), never through the proxy
// (which forwards only the API surface). The body is checked first (zod), then against the
// documented presets (parseFaults), so bad input is a 400 in the envelope before the engine is touched.
import "server-only";
import { parseFaults } from "@/lib/engine/faults";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";
import { ApiError } from "@/lib/interactions/errors";
import { faultNames, FaultsView, PutFaultsBody } from "@/lib/contract/faults";
import type { EngineFetch } from "./webhook-receiver";

export interface FaultsApiDeps {
  engine: EngineFetch;
  secrets?: () => readonly string[];
}

export function createFaultsApi(deps: FaultsApiDeps) {
  const secrets = deps.secrets ?? (() => []);

  async function engineFaults(init?: RequestInit): Promise<FaultsView> {
    const res = await deps.engine("/admin/faults", init);
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const m = (body as { error?: { message?: unknown } } | null)?.error?.message;
      throw new ApiError(res.status === 400 ? "invalid_request" : "unavailable", typeof m === "string" ? m : `The local engine answered HTTP ${res.status}.`);
    }
    const parsed = FaultsView.omit({ active: true }).safeParse(body);
    if (!parsed.success) throw new ApiError("unavailable", "The local engine answered an unexpected fault list.");
    return { ...parsed.data, active: faultNames(parsed.data.faults) };
  }

  return {
    get: () => handle(secrets, async () => json(await engineFaults())),
    put: (req: Request) =>
      handle(secrets, async () => {
        const parsed = await parseJsonBody(req, PutFaultsBody, 16 * 1024);
        if (!parsed.ok) return parsed.response;
        // Names and values against the documented list: throws invalid_request naming the bad item.
        parseFaults(parsed.data.faults);
        const canonical = parsed.data.faults
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
          .join(",");
        return json(
          await engineFaults({ method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ faults: canonical }) }),
        );
      }),
  };
}
