"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { rehydrateConfigurator } from "@/lib/client/configurator/store";
import { useDrafts } from "@/lib/client/drafts-store";
import { useSettings } from "@/lib/client/settings-store";
import { useUi } from "@/lib/client/ui-store";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { refetchOnWindowFocus: false, retry: 1 },
        },
      }),
  );
  const [ready, setReady] = useState(false);
  useEffect(() => {
    // Persisted stores skip hydration on creation so server and first client render agree.
    const stores = [useSettings.persist.rehydrate(), useUi.persist.rehydrate(), useDrafts.persist.rehydrate(), rehydrateConfigurator()];
    // Controls stay disabled until then: a choice made before React hydrated the page, or before
    // the saved settings were read back, would otherwise be silently undone by them. (At worst the
    // page unlocks after 3 s, if a store never answers.)
    const unlock = () => setReady(true);
    const timer = setTimeout(unlock, 3_000);
    void Promise.allSettled(stores).then(() => {
      clearTimeout(timer);
      unlock();
    });
    return () => clearTimeout(timer);
  }, []);
  return (
    <QueryClientProvider client={client}>
      {/* display: contents — no box; disabled disables every form control inside at once. */}
      <fieldset disabled={!ready} data-ready={ready ? "true" : "false"} role="presentation" className="contents">
        {children}
      </fieldset>
    </QueryClientProvider>
  );
}
