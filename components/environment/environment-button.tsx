"use client";
// The turn card's "Files" button for an agent turn with an environment_id; the browser itself
// (./environment-browser.tsx) is fetched on first open.
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { FileIcon } from "@/components/ui/icons";

const EnvironmentBrowser = lazy(() => import("./environment-browser"));

export function EnvironmentButton({ backend, environmentId, interactionId, n }: { backend: string; environmentId: string; interactionId: string; n: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" aria-label={`Files of turn ${n}`} title={`Browse environment ${environmentId}`} onClick={() => setOpen(true)}>
        <FileIcon size={13} />
        <span className="hidden sm:inline">Files</span>
      </Button>
      {open ? (
        <Suspense fallback={null}>
          <EnvironmentBrowser backend={backend} environmentId={environmentId} interactionId={interactionId} n={n} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
