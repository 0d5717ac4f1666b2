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
  useEffect(() => {
    // Persisted stores skip hydration on creation so server and first client render agree.
    void useSettings.persist.rehydrate();
    void useUi.persist.rehydrate();
    void useDrafts.persist.rehydrate();
    void rehydrateConfigurator();
  }, []);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
