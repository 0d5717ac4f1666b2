// Resource limits of a sandboxed run: their defaults, their validation, how a hit is recognised
// from what the run left behind, and the sentence a user reads about it.

export type SandboxLimit = "cpu_time" | "wall_time" | "memory" | "processes" | "open_files" | "file_size" | "output_size";

export interface SandboxLimits {
  /** RLIMIT_CPU, seconds of CPU time of each process (SIGXCPU at the limit, SIGKILL one second later). */
  cpuSeconds: number;
  /** Wall-clock time of the whole run; the engine kills the sandbox when it passes. */
  wallMs: number;
  /** RLIMIT_AS (address space) of each process. Node-based tools need at least 1 GiB. */
  memoryBytes: number;
  /** RLIMIT_NPROC for the run's own uid (processes and threads, the sandbox's init included). */
  processes: number;
  /** RLIMIT_NOFILE, open file descriptors per process. */
  openFiles: number;
  /** RLIMIT_FSIZE, largest file a process may write (workspace or /tmp). */
  fileSizeBytes: number;
  /** stdout + stderr captured together; the run is killed when it prints more. */
  outputBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * Defaults, chosen for "a code step of an agent": enough for real scripts (1 GiB address space
 * lets Node-based tools start; Python needs far less), small enough that a runaway step costs
 * seconds, not minutes. Documented in docs/sandbox.md.
 */
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  cpuSeconds: 10,
  wallMs: 30_000,
  memoryBytes: 1 * GiB,
  processes: 64,
  openFiles: 256,
  fileSizeBytes: 64 * MiB,
  outputBytes: 1 * MiB,
});

/** Accepted range of each limit (inclusive). Below the minimum the sandbox itself cannot start. */
export const LIMIT_BOUNDS: Readonly<Record<keyof SandboxLimits, readonly [number, number]>> = Object.freeze({
  cpuSeconds: [1, 600],
  wallMs: [100, 600_000],
  memoryBytes: [64 * MiB, 16 * GiB],
  processes: [8, 4096],
  openFiles: [32, 65_536],
  fileSizeBytes: [64 * KiB, 16 * GiB],
  outputBytes: [1 * KiB, 64 * MiB],
});

/** Bad input from the caller (limits, env, code, workspace): the engine answers it with a 400. */
export class SandboxRequestError extends Error {
  override name = "SandboxRequestError";
}

export function resolveLimits(partial: Partial<SandboxLimits> | undefined): SandboxLimits {
  const out: SandboxLimits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    if (!(key in LIMIT_BOUNDS)) throw new SandboxRequestError(`unknown sandbox limit "${key}"`);
    const k = key as keyof SandboxLimits;
    const [min, max] = LIMIT_BOUNDS[k];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new SandboxRequestError(`sandbox limit ${key} must be an integer between ${min} and ${max}, got ${String(value)}`);
    }
    out[k] = value;
  }
  return out;
}

export function formatBytes(n: number): string {
  if (n >= GiB && n % GiB === 0) return `${n / GiB} GiB`;
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= KiB && n % KiB === 0) return `${n / KiB} KiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** How the run ended, as far as the engine saw it, and what it printed. */
export interface LimitEvidence {
  /** The engine ended the run itself for this reason. */
  killedFor: "wall_time" | "output_size" | null;
  signal: string | null;
  exitCode: number | null;
  stderr: string;
  durationMs: number;
  limits: SandboxLimits;
}

// Messages the C library, Python and bash print when a resource limit refuses a call. Checked
// only on runs that failed (non-zero exit or a signal), so a program that merely prints one of
// these phrases and exits 0 is not reported as a limit hit.
const MEMORY_RE = /\bMemoryError\b|[Cc]annot allocate memory|xmalloc: cannot allocate|std::bad_alloc|[Oo]ut of memory|JavaScript heap out of memory|Failed to reserve virtual memory/;
const PROCESSES_RE = /fork: (?:retry: )?Resource temporarily unavailable|BlockingIOError: \[Errno 11\]|can't fork|Cannot fork|pthread_create.*Resource temporarily unavailable|can't start new thread/;
const OPEN_FILES_RE = /[Tt]oo many open files|\[Errno 24\]|EMFILE/;
const FILE_SIZE_RE = /[Ff]ile too large|\[Errno 27\]|EFBIG/;

/** Which limit (if any) ended or broke the run. */
export function detectLimitHit(ev: LimitEvidence): SandboxLimit | null {
  if (ev.signal === "SIGXCPU") return "cpu_time";
  if (ev.signal === "SIGXFSZ") return "file_size";
  const failed = ev.killedFor !== null || ev.signal !== null || (ev.exitCode ?? 0) !== 0;
  if (!failed) return null;
  // A fork bomb is contained by the process limit even when it is the wall timer that ends it.
  if (PROCESSES_RE.test(ev.stderr)) return "processes";
  if (ev.killedFor) return ev.killedFor;
  // The hard CPU limit (one second after the soft one) is a SIGKILL from the kernel.
  if (ev.signal === "SIGKILL" && ev.durationMs >= ev.limits.cpuSeconds * 1000) return "cpu_time";
  if (MEMORY_RE.test(ev.stderr)) return "memory";
  if (OPEN_FILES_RE.test(ev.stderr)) return "open_files";
  if (FILE_SIZE_RE.test(ev.stderr)) return "file_size";
  return null;
}

export function describeLimit(limit: SandboxLimit, limits: SandboxLimits): string {
  switch (limit) {
    case "cpu_time":
      return `CPU time limit (${limits.cpuSeconds} s) exceeded`;
    case "wall_time":
      return `wall time limit (${limits.wallMs >= 1000 && limits.wallMs % 1000 === 0 ? `${limits.wallMs / 1000} s` : `${limits.wallMs} ms`}) exceeded`;
    case "memory":
      return `memory limit (${formatBytes(limits.memoryBytes)}) exceeded`;
    case "processes":
      return `process limit (${limits.processes} processes) reached`;
    case "open_files":
      return `open files limit (${limits.openFiles}) reached`;
    case "file_size":
      return `file size limit (${formatBytes(limits.fileSizeBytes)}) exceeded`;
    case "output_size":
      return `output limit (${formatBytes(limits.outputBytes)}) exceeded; output truncated`;
  }
}
