// Code that really runs: fenced ```python / ```bash / ```sh blocks in a user's message, and the
// code the simulator writes itself, executed in the bubblewrap sandbox (lib/engine/sandbox) with
// the run's workspace as /workspace. The result text is what code_execution_result carries.
import { lstatSync, readFileSync } from "node:fs";
import { resolve as resolvePath, sep } from "node:path";
import type { CodeRun, RunWorkspace } from "../model/types";
import type { SandboxNetwork, SandboxRunRequest, SandboxRunResult } from "../sandbox";

export interface FencedBlock {
  language: "python" | "bash";
  code: string;
}

/** Fenced blocks tagged python / py / bash / sh / shell, in order, verbatim (the closing fence must be on its own line). */
export function fencedBlocks(text: string): FencedBlock[] {
  const out: FencedBlock[] = [];
  const re = /^[ \t]*(`{3,}|~{3,})[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;
  for (const m of text.matchAll(re)) {
    const tag = (m[2] ?? "").toLowerCase();
    const language = tag === "python" || tag === "py" || tag === "python3" ? "python" : tag === "bash" || tag === "sh" || tag === "shell" ? "bash" : null;
    if (language) out.push({ language, code: (m[3] ?? "").replace(/\n$/, "") });
  }
  return out;
}

export type SandboxOutcome = Pick<SandboxRunResult, "stdout" | "stderr" | "exitCode" | "signal" | "limitHit" | "durationMs" | "truncated" | "limits">;

/** The sandbox (lib/engine/sandbox) as the engine uses it; tests may pass another. */
export interface SandboxApi {
  runInSandbox(req: SandboxRunRequest): Promise<SandboxOutcome>;
  describeLimitHit(result: SandboxOutcome): string | null;
}

/** The code_execution_result text: stdout, stderr, then why it failed (exit status, signal or limit). */
export function formatOutcome(r: SandboxOutcome, describe: (r: SandboxOutcome) => string | null): CodeRun {
  let out = r.stdout;
  if (r.stderr) out += (out && !out.endsWith("\n") ? "\n" : "") + r.stderr;
  const notes: string[] = [];
  const limit = r.limitHit ? describe(r) ?? `Stopped: the ${r.limitHit.replace(/_/g, " ")} limit was hit.` : null;
  if (limit) notes.push(limit);
  else if (r.exitCode !== null && r.exitCode !== 0) notes.push(`Exit status ${r.exitCode}.`);
  else if (r.exitCode === null && r.signal) notes.push(`Killed by signal ${r.signal}.`);
  if (r.truncated && !limit) notes.push("(Output truncated.)");
  if (notes.length) out += (out && !out.endsWith("\n") ? "\n" : "") + notes.join(" ") + "\n";
  return {
    output: out,
    isError: Boolean(r.limitHit) || r.exitCode !== 0,
    exitCode: r.exitCode,
    limitHit: r.limitHit,
    durationMs: r.durationMs,
  };
}

/** How a run ended, in a few words: "exit status 0", "stopped by the memory limit", "not run". */
export function runStatus(r: CodeRun): string {
  if (r.limitHit) return `stopped by the ${r.limitHit.replace(/_/g, " ")} limit`;
  if (r.exitCode === null) return "not run";
  return `exit status ${r.exitCode}`;
}

/** A RunWorkspace over a host directory and the sandbox. */
export function sandboxWorkspace(o: {
  sandbox: SandboxApi;
  dir: string;
  env: Record<string, string>;
  environmentId?: string;
  /** The environment's network (default: offline). */
  network?: SandboxNetwork;
  files: () => { path: string; size_bytes: number }[];
}): RunWorkspace {
  return {
    environmentId: o.environmentId,
    files: o.files,
    read(path, maxBytes) {
      // Only regular files inside the workspace (no symlink or ".." escapes).
      const root = resolvePath(o.dir);
      const full = resolvePath(root, path.replace(/^\/?workspace\//, ""));
      if (!full.startsWith(root + sep)) return null;
      try {
        const st = lstatSync(full);
        if (!st.isFile() || st.size > maxBytes) return null;
        return readFileSync(full);
      } catch {
        return null;
      }
    },
    async run(language, code, signal) {
      try {
        const r = await o.sandbox.runInSandbox({ language, code, workspaceDir: o.dir, env: o.env, network: o.network ?? { mode: "disabled" }, signal });
        return formatOutcome(r, (x) => o.sandbox.describeLimitHit(x));
      } catch (err) {
        if (signal.aborted) throw err;
        // Never a fallback to running unsandboxed: the reason is the result.
        const reason = err instanceof Error ? err.message : String(err);
        return { output: `The code was not run: ${reason}\n`, isError: true, exitCode: null, limitHit: null, durationMs: 0 };
      }
    },
  };
}
