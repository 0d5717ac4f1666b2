// The code sandbox the engine uses by default. Placeholder until lib/engine/sandbox lands on this
// branch: every run is refused with that reason (code is never run unsandboxed).
import type { SandboxApi } from "./code-exec";

export const defaultSandbox: SandboxApi = {
  runInSandbox: () => Promise.reject(new Error("the bubblewrap sandbox module is not installed in this build.")),
  describeLimitHit: () => null,
};
