"use client";
// "Faults on": shown in the session header (and the Testing group) while the local engine will
// fail on purpose — its own fault list (Testing › Engine-wide faults) or this tab's per-request
// fault header (Drop stream after N events, Fault presets).
import type { BackendId } from "@/lib/contract/backend-id";
import { useEngineFaults } from "@/lib/client/queries";
import { useSettings } from "@/lib/client/settings-store";
import { Badge } from "@/components/ui/badge";

/** What is on, as a sentence for the badge's title; null when nothing is. */
export function useActiveFaults(backend: BackendId): string | null {
  const engine = useEngineFaults(backend === "local");
  const drop = useSettings((s) => s.dropAfterEvents.trim());
  const presets = useSettings((s) => s.faultPresets.trim());
  if (backend !== "local") return null;
  const parts = [
    engine.data?.faults ? `engine-wide: ${engine.data.faults}` : null,
    drop || presets ? `this tab's requests: ${[drop ? `drop-after=${drop}` : null, presets || null].filter(Boolean).join(",")}` : null,
  ].filter(Boolean);
  return parts.length ? `Fault presets on — ${parts.join("; ")}` : null;
}

export function FaultsOnBadge({ backend = "local" }: { backend?: BackendId }) {
  const active = useActiveFaults(backend);
  if (!active) return null;
  return (
    <Badge tone="warn" title={active}>
      Faults on<span className="sr-only"> ({active})</span>
    </Badge>
  );
}
