"use client";
import type { BackendId } from "@/lib/contract/app-api";
import { useHealth } from "@/lib/client/queries";
import { cn } from "@/components/ui/cn";

/** A coloured dot for GET /api/health?backend= (refetched every 15 s). */
export function HealthDot({ backend, withText }: { backend: BackendId; withText?: boolean }) {
  const h = useHealth(backend);
  const state = h.isPending ? "checking" : h.isError ? "error" : h.data.ok ? "ok" : "down";
  const text =
    state === "checking"
      ? "checking…"
      : state === "error"
        ? `health check failed: ${h.error?.message ?? ""}`
        : state === "ok"
          ? `healthy · ${h.data?.latency_ms ?? 0} ms`
          : `unavailable · ${h.data?.message ?? ""}`;
  return (
    <span className="inline-flex min-w-0 items-center gap-1.5" title={`${backend}: ${text}`}>
      <span
        role="img"
        aria-label={`Backend ${backend} ${state === "ok" ? "healthy" : state === "checking" ? "being checked" : "unavailable"}`}
        className={cn(
          "inline-block h-2 w-2 shrink-0 rounded-full",
          state === "ok" ? "bg-ok" : state === "checking" ? "animate-pulse bg-faint" : "bg-err",
        )}
      />
      {withText ? <span className="truncate text-xs text-muted">{text}</span> : null}
    </span>
  );
}
