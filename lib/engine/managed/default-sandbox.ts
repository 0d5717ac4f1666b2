// The code sandbox the engine uses by default: bubblewrap (lib/engine/sandbox). It never falls
// back to running code unsandboxed; where it cannot start, the run's result says why.
import { describeLimitHit, runInSandbox } from "../sandbox";
import type { SandboxApi } from "./code-exec";

export const defaultSandbox: SandboxApi = { runInSandbox, describeLimitHit };
