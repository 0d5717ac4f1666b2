import type { ReactNode } from "react";
import { PlaygroundShell } from "@/components/session/playground-shell";

export default function PlaygroundLayout({ children }: { children: ReactNode }) {
  return <PlaygroundShell>{children}</PlaygroundShell>;
}
