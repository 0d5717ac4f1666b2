// Runs untrusted Python or bash inside bubblewrap: fresh namespaces (no network, own pids, own
// mounts), a read-only runtime, the workspace as the only writable tree besides a private /tmp,
// an unprivileged uid of its own, rlimits, a wall-clock kill timer and an output cap. It never
// falls back to running code unsandboxed. What is and is not isolated: docs/sandbox.md.
// No `server-only` import: the standalone engine (tsx) and vitest load this module too.
import { spawn } from "node:child_process";
import { constants as osConstants } from "node:os";
import { chmod, mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import type { Readable, Writable } from "node:stream";
import {
  BASH_PATH,
  BWRAP_PATH,
  ENGINE_IS_ROOT,
  INNER_UID,
  PYTHON_PATH,
  SandboxUnavailableError,
  acquireSlot,
  assertReachable,
  lastSlotOf,
  rememberSlot,
  settleUid,
  prepareWorkspace,
  releaseSlot,
  runtimeBindArgs,
  sandboxStatus,
  slotUid,
  withWorkspaceLock,
} from "./host";
import { FORWARDER_PY, SANDBOX_EGRESS_DIR, SANDBOX_PROXY_PORT, normalizeAllowlist, startEgressProxy } from "./egress-proxy";
import { SandboxRequestError, describeLimit, detectLimitHit, resolveLimits, type SandboxLimit, type SandboxLimits } from "./limits";

export { DEFAULT_LIMITS, LIMIT_BOUNDS, SandboxRequestError, type SandboxLimit, type SandboxLimits } from "./limits";
export { SandboxUnavailableError, sandboxStatus, type SandboxStatus } from "./host";
export { normalizeAllowlist } from "./egress-proxy";

export type SandboxLanguage = "python" | "bash";

export type SandboxNetwork = { mode: "disabled" } | { mode: "allowlist"; domains: string[] };

export interface SandboxRunRequest {
  language: SandboxLanguage;
  code: string;
  /** Absolute host directory, mounted read-write at /workspace and the run's cwd. */
  workspaceDir: string;
  env?: Record<string, string>;
  limits?: Partial<SandboxLimits>;
  network?: SandboxNetwork;
  signal?: AbortSignal;
}

export interface SandboxRunResult {
  stdout: string;
  stderr: string;
  /** The program's exit status; null when it ended by a signal. */
  exitCode: number | null;
  /** e.g. "SIGKILL", "SIGXCPU"; null when it exited. */
  signal: string | null;
  limitHit: SandboxLimit | null;
  durationMs: number;
  /** Output went past limits.outputBytes and was cut there. */
  truncated: boolean;
  /** The limits the run had (defaults merged with the request's). */
  limits: SandboxLimits;
}

/** The sentence a user reads about the limit a run hit, e.g. "memory limit (1 GiB) exceeded". */
export function describeLimitHit(r: Pick<SandboxRunResult, "limitHit" | "limits">): string | null {
  return r.limitHit ? describeLimit(r.limitHit, r.limits) : null;
}

/**
 * A fresh, empty workspace directory the sandbox can reach (mode 0711 parent-friendly: mkdtemp
 * makes 0700 directories, which the sandbox uid could not enter), and a dispose() that deletes it.
 * For runs whose workspace is discarded afterwards (a model run with code_execution).
 */
export async function createEphemeralWorkspace(prefix = "sandbox-ws-"): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

const FORWARDER_PATH = "/run/sandbox/egress-forwarder.py";
const MAX_CODE_BYTES = 1024 * 1024;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Private memory-backed scratch space: tmpfs sizes, so a run cannot fill the host's RAM through them.
export const TMP_BYTES = 64 * 1024 * 1024;
export const SHM_BYTES = 16 * 1024 * 1024;

const signalNames = new Map<number, string>(Object.entries(osConstants.signals).map(([name, n]) => [n, name]));

// Files of /etc the sandbox gets instead of the host's: its own user, group and hosts.
const PASSWD = `root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:${INNER_UID}:${INNER_UID}:sandbox:/workspace:/bin/bash\n`;
const GROUP = `root:x:0:\nsandbox:x:${INNER_UID}:\n`;
const HOSTS = "127.0.0.1\tlocalhost sandbox\n::1\tlocalhost ip6-localhost\n";

function baseEnv(): Record<string, string> {
  return {
    PATH: "/usr/bin:/bin",
    HOME: "/workspace",
    TMPDIR: "/tmp",
    USER: "sandbox",
    LOGNAME: "sandbox",
    SHELL: "/bin/bash",
    LANG: "C.UTF-8",
    TERM: "dumb",
    // Unbuffered, so what a run printed before a limit killed it is still captured.
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    // Code runs from /run/sandbox/main.py; modules in the workspace still import.
    PYTHONPATH: "/workspace",
  };
}

function validate(req: SandboxRunRequest): void {
  if (req.language !== "python" && req.language !== "bash") throw new SandboxRequestError(`unsupported sandbox language "${String(req.language)}" (python or bash)`);
  if (typeof req.code !== "string") throw new SandboxRequestError("code must be a string");
  if (Buffer.byteLength(req.code) > MAX_CODE_BYTES) throw new SandboxRequestError(`code is larger than ${MAX_CODE_BYTES} bytes`);
  if (typeof req.workspaceDir !== "string" || !isAbsolute(req.workspaceDir) || req.workspaceDir.includes("\0")) {
    throw new SandboxRequestError("workspaceDir must be an absolute path");
  }
  for (const [k, v] of Object.entries(req.env ?? {})) {
    if (!ENV_NAME_RE.test(k)) throw new SandboxRequestError(`invalid environment variable name "${k}"`);
    if (typeof v !== "string" || v.includes("\0")) throw new SandboxRequestError(`environment variable ${k} must be a string without NUL bytes`);
  }
}

/** The request's network as an allowlist (null: offline). Throws SandboxRequestError on a bad one. */
function allowlistOf(network: SandboxNetwork | undefined): string[] | null {
  if (network === undefined || network.mode === "disabled") return null;
  if (network.mode === "allowlist") {
    const domains = normalizeAllowlist(network.domains);
    return domains.length ? domains : null;
  }
  throw new SandboxRequestError(`unknown sandbox network mode "${String((network as { mode: unknown }).mode)}" (disabled or allowlist)`);
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The sandbox run was aborted", "AbortError");
}

/**
 * Runs `code` in a fresh sandbox and resolves with what it printed and how it ended. Rejects with
 * SandboxUnavailableError when bubblewrap cannot start here, SandboxRequestError on bad input,
 * and the signal's reason (an AbortError) when `signal` aborts the run.
 */
export async function runInSandbox(req: SandboxRunRequest): Promise<SandboxRunResult> {
  validate(req);
  const limits = resolveLimits(req.limits);
  const allowlist = allowlistOf(req.network);
  const status = await sandboxStatus();
  if (!status.available) throw new SandboxUnavailableError(`Code execution is unavailable: ${status.reason}`);
  if ((req.language === "python" || allowlist) && !status.python) {
    throw new SandboxUnavailableError(
      `${allowlist ? "Sandbox network (its in-sandbox forwarder)" : "Python code"} cannot run: ${PYTHON_PATH} is not installed (Debian: apt-get install -y python3).`,
    );
  }
  let dir: string;
  try {
    dir = await realpath(req.workspaceDir);
    if (!(await stat(dir)).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new SandboxRequestError(`workspace ${req.workspaceDir} is not an existing directory`);
  }
  if (req.signal?.aborted) throw abortError(req.signal);
  return withWorkspaceLock(dir, async () => {
    if (!ENGINE_IS_ROOT) return executeWithNetwork(req, limits, dir, null, allowlist);
    await assertReachable(dir);
    const slot = await acquireSlot(req.signal, lastSlotOf(dir));
    try {
      await prepareWorkspace(dir, slotUid(slot));
      rememberSlot(dir, slot);
      return await executeWithNetwork(req, limits, dir, slotUid(slot), allowlist);
    } finally {
      // A slot goes back only once nothing of this run holds its uid's process budget; if
      // stragglers outlive the wait, it is checked again in the background before it is reused.
      if (await settleUid(slotUid(slot), 2_000)) releaseSlot(slot);
      else void settleUid(slotUid(slot), 60_000).then((ok) => ok && releaseSlot(slot));
    }
  });
}

async function executeWithNetwork(req: SandboxRunRequest, limits: SandboxLimits, dir: string, uid: number | null, allowlist: string[] | null): Promise<SandboxRunResult> {
  if (!allowlist) return execute(req, limits, dir, uid, null);
  const proxy = await startEgressProxy(allowlist, uid);
  try {
    return await execute(req, limits, dir, uid, proxy.dir);
  } finally {
    await proxy.close();
  }
}

function buildArgv(req: SandboxRunRequest, limits: SandboxLimits, dir: string, uid: number | null, egressDir: string | null): string[] {
  const argv: string[] = [];
  if (uid !== null) argv.push("/usr/bin/setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--no-new-privs", "--");
  argv.push(
    "/usr/bin/prlimit",
    `--as=${limits.memoryBytes}`,
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--nproc=${limits.processes}`,
    `--nofile=${limits.openFiles}`,
    `--fsize=${limits.fileSizeBytes}`,
    "--core=0",
    "--",
  );
  const script = req.language === "python" ? "/run/sandbox/main.py" : "/run/sandbox/main.sh";
  argv.push(
    BWRAP_PATH,
    "--unshare-all",
    "--die-with-parent",
    "--new-session",
    "--hostname",
    "sandbox",
    "--uid",
    String(INNER_UID),
    "--gid",
    String(INNER_UID),
    ...runtimeBindArgs(),
    "--ro-bind-data",
    "5",
    "/etc/passwd",
    "--ro-bind-data",
    "6",
    "/etc/group",
    "--ro-bind-data",
    "7",
    "/etc/hosts",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    String(SHM_BYTES),
    "--tmpfs",
    "/dev/shm",
    "--remount-ro",
    "/dev",
    "--size",
    String(TMP_BYTES),
    "--tmpfs",
    "/tmp",
    "--bind",
    dir,
    "/workspace",
    "--ro-bind-data",
    "4",
    script,
    ...(egressDir ? ["--ro-bind", egressDir, SANDBOX_EGRESS_DIR, "--ro-bind-data", "8", FORWARDER_PATH] : []),
    // Everything mounted so far that is not /tmp, /dev/shm or /workspace becomes read-only.
    "--remount-ro",
    "/",
    "--chdir",
    "/workspace",
    "--json-status-fd",
    "3",
    "--clearenv",
  );
  const proxyEnv: Record<string, string> = {};
  if (egressDir) {
    const url = `http://127.0.0.1:${SANDBOX_PROXY_PORT}`;
    for (const k of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"]) proxyEnv[k] = url;
    proxyEnv.NO_PROXY = proxyEnv.no_proxy = "localhost,127.0.0.1,::1";
  }
  for (const [k, v] of Object.entries({ ...baseEnv(), ...proxyEnv, ...req.env })) argv.push("--setenv", k, v);
  const program = [req.language === "python" ? PYTHON_PATH : BASH_PATH, script];
  if (egressDir) {
    // Start the forwarder (it returns once it listens), then become the user's program.
    argv.push(BASH_PATH, "-c", `${PYTHON_PATH} -I -S ${FORWARDER_PATH} || { echo "sandbox: the network forwarder did not start" >&2; exit 125; }; exec "$@"`, "sandbox");
  }
  argv.push(...program);
  return argv;
}

function execute(req: SandboxRunRequest, limits: SandboxLimits, dir: string, uid: number | null, egressDir: string | null): Promise<SandboxRunResult> {
  const argv = buildArgv(req, limits, dir, uid, egressDir);
  return new Promise<SandboxRunResult>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0] as string, argv.slice(1), {
      stdio: ["ignore", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe", egressDir ? "pipe" : "ignore"],
      detached: true, // its own process group, so the kill reaches bwrap and everything under it
      env: {} as NodeJS.ProcessEnv, // nothing of the engine's environment (keys!) reaches bwrap, let alone the code
    });
    const stdio = child.stdio as unknown as [null, Readable, Readable, Readable, Writable, Writable, Writable, Writable, Writable | null];
    const [, out, err, statusFd] = stdio;
    const feed = (w: Writable, data: string) => {
      w.on("error", () => {}); // bwrap exited before reading: reported through its exit below
      w.end(data);
    };
    feed(stdio[4], req.code);
    feed(stdio[5], PASSWD);
    feed(stdio[6], GROUP);
    feed(stdio[7], HOSTS);
    if (stdio[8]) feed(stdio[8], FORWARDER_PY);

    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    let captured = 0;
    let truncated = false;
    let killedFor: "wall_time" | "output_size" | null = null;
    let aborted = false;
    let statusText = "";
    let spawnError: Error | null = null;

    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const take = (which: "out" | "err") => (buf: Buffer) => {
      if (truncated) return;
      const room = limits.outputBytes - captured;
      if (buf.length > room) {
        if (room > 0) chunks[which].push(buf.subarray(0, room));
        captured = limits.outputBytes;
        truncated = true;
        killedFor ??= "output_size";
        kill();
        out.destroy();
        err.destroy();
        return;
      }
      chunks[which].push(buf);
      captured += buf.length;
    };
    out.on("data", take("out"));
    err.on("data", take("err"));
    out.on("error", () => {});
    err.on("error", () => {});
    statusFd.setEncoding("utf8").on("data", (d: string) => (statusText += d));
    statusFd.on("error", () => {});

    const timer = setTimeout(() => {
      killedFor ??= "wall_time";
      kill();
    }, limits.wallMs);
    const onAbort = () => {
      aborted = true;
      kill();
    };
    req.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (e) => (spawnError = e));
    child.on("close", (code, sig) => {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      const durationMs = Math.round(performance.now() - started);
      const stdout = Buffer.concat(chunks.out).toString("utf8");
      const stderr = Buffer.concat(chunks.err).toString("utf8");
      if (aborted && req.signal) return reject(abortError(req.signal));
      if (spawnError) return reject(new SandboxUnavailableError(`Code execution is unavailable: could not start ${argv[0]}: ${spawnError.message}`));
      // bwrap reports the child's pid once the sandbox is set up; without it, setup failed.
      if (!statusText.includes('"child-pid"') && !killedFor) {
        return reject(new SandboxUnavailableError(`Code execution is unavailable: the sandbox did not start: ${stderr.trim() || `exit ${code}`}`));
      }
      let exitCode: number | null = code;
      let signal: string | null = sig;
      // bwrap exits 128+n when its child dies of signal n (as a shell does).
      if (signal === null && exitCode !== null && exitCode > 128 && signalNames.has(exitCode - 128)) {
        signal = signalNames.get(exitCode - 128) ?? null;
        exitCode = null;
      }
      const limitHit = detectLimitHit({ killedFor, signal, exitCode, stderr, durationMs, limits });
      resolve({ stdout, stderr, exitCode, signal, limitHit, durationMs, truncated, limits });
    });
  });
}
