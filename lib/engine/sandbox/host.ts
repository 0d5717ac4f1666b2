// The host side of the sandbox: where bubblewrap and its helpers are, whether they can start,
// which host uid a run gets, and the workspace's ownership. No `server-only` import: the
// standalone engine (tsx) and vitest load this module too.
import { spawn } from "node:child_process";
import { existsSync, lstatSync, readlinkSync } from "node:fs";
import { lchown, lstat, readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { SandboxRequestError } from "./limits";

/** bwrap is missing or cannot create its namespaces here. The message says why and how to fix it. */
export class SandboxUnavailableError extends Error {
  override name = "SandboxUnavailableError";
}

export const BWRAP_PATH = process.env.ENGINE_SANDBOX_BWRAP || "/usr/bin/bwrap";
export const PYTHON_PATH = "/usr/bin/python3";
export const BASH_PATH = "/usr/bin/bash";
const SETPRIV_PATH = "/usr/bin/setpriv";
const PRLIMIT_PATH = "/usr/bin/prlimit";

const INSTALL_HINT =
  "Install bubblewrap (Debian/Ubuntu: `apt-get install -y bubblewrap`; Fedora: `dnf install bubblewrap`), " +
  "or set ENGINE_SANDBOX_BWRAP to its path.";
const USERNS_HINT =
  "bubblewrap needs unprivileged user namespaces: `sysctl -w kernel.unprivileged_userns_clone=1` (Debian), " +
  "`sysctl -w user.max_user_namespaces=15000`, on Ubuntu 24.04+ `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`; " +
  "inside Docker run the container with `--security-opt seccomp=unconfined` (or --privileged).";

/** True when the engine runs as root: each run then gets its own unprivileged host uid. */
export const ENGINE_IS_ROOT = typeof process.getuid === "function" && process.getuid() === 0;

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer between ${min} and ${max}`);
  return n;
}

/**
 * Host uids of the runs (root engine only): slot i runs as uid/gid UID_BASE + i. RLIMIT_NPROC
 * counts processes per uid, so concurrent runs must not share one. The default base sits far
 * above the ranges /etc/subuid hands to rootless containers (100000 + 65536·k), so a sandbox
 * uid is never some container's root.
 */
export const UID_BASE = intEnv("ENGINE_SANDBOX_UID_BASE", 2_100_000_000, 1000, 4_294_000_000);
export const SLOTS = intEnv("ENGINE_SANDBOX_SLOTS", 8, 1, 256);

/** The uid the sandboxed code has inside its namespace (and the name it sees in /etc/passwd). */
export const INNER_UID = 65534;

// --- uid slots -------------------------------------------------------------------------------

const free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
const waiting: Array<(slot: number) => void> = [];

/** A slot of its own for one run; runs beyond SLOTS wait for one to come back. */
export async function acquireSlot(signal?: AbortSignal): Promise<number> {
  const slot = free.shift();
  if (slot !== undefined) return slot;
  return new Promise<number>((resolve, reject) => {
    const take = (s: number) => {
      signal?.removeEventListener("abort", onAbort);
      resolve(s);
    };
    const onAbort = () => {
      const i = waiting.indexOf(take);
      if (i >= 0) waiting.splice(i, 1);
      reject(signal?.reason ?? new DOMException("aborted", "AbortError"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    waiting.push(take);
  });
}

export function releaseSlot(slot: number): void {
  const next = waiting.shift();
  if (next) next(slot);
  else free.push(slot);
}

export function slotUid(slot: number): number {
  return UID_BASE + slot;
}

// --- one run per workspace at a time ---------------------------------------------------------

const workspaceTails = new Map<string, Promise<void>>();

/** Runs `fn` after every earlier run on the same workspace has finished (ownership is per run). */
export async function withWorkspaceLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const prev = workspaceTails.get(dir) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((r) => (done = r));
  const tail = prev.then(() => mine);
  workspaceTails.set(dir, tail);
  await prev;
  try {
    return await fn();
  } finally {
    done();
    if (workspaceTails.get(dir) === tail) workspaceTails.delete(dir);
  }
}

// --- workspace ownership ---------------------------------------------------------------------

const ownedByUs = (uid: number) => uid === 0 || (uid >= UID_BASE && uid < UID_BASE + SLOTS);

/**
 * Hands the workspace to the run's uid: every entry the engine or an earlier run owns is
 * lchown'ed (symlinks themselves, never their targets; nothing outside the tree is touched;
 * multiply-linked files the sandbox did not create are skipped). The engine runs as root, so it
 * reads whatever the run leaves behind without a chown back.
 */
export async function prepareWorkspace(dir: string, uid: number): Promise<void> {
  const visit = async (path: string): Promise<void> => {
    const st = await lstat(path);
    if ((st.uid !== uid || st.gid !== uid) && ownedByUs(st.uid) && (st.isDirectory() || st.nlink === 1 || st.uid !== 0)) {
      await lchown(path, uid, uid);
    }
    if (st.isDirectory()) {
      const entries = await readdir(path);
      for (const name of entries) await visit(join(path, name));
    }
  };
  await visit(dir);
}

/**
 * The run's uid must be able to reach the workspace: bubblewrap opens the bind source as that
 * uid, so every parent directory needs the "others may traverse" bit (o+x; 0711 is enough).
 */
export async function assertReachable(dir: string): Promise<void> {
  for (let p = dirname(dir); ; p = dirname(p)) {
    const st = await stat(p);
    if ((st.mode & 0o001) === 0) {
      throw new SandboxRequestError(
        `workspace ${dir} is not reachable by the sandbox's unprivileged uid: ${p} has mode ${(st.mode & 0o777).toString(8).padStart(4, "0")}. ` +
          "Keep workspaces under a directory every parent of which is traversable (chmod o+x), e.g. /var/lib/<app>/workspaces or the OS temp dir.",
      );
    }
    if (p === "/") return;
  }
}

// --- the root filesystem the sandbox sees ----------------------------------------------------

/**
 * bwrap arguments for the read-only runtime: /usr (with /usr/local hidden: host-installed tools
 * are not the runtime), the merged-/usr symlinks (or read-only binds where a host has real
 * directories), and the few files of /etc the runtime needs. Computed once.
 */
let runtimeArgs: string[] | null = null;
export function runtimeBindArgs(): string[] {
  if (runtimeArgs) return runtimeArgs;
  const args = ["--ro-bind", "/usr", "/usr", "--tmpfs", "/usr/local", "--remount-ro", "/usr/local"];
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    if (!existsSync(top)) continue;
    const st = lstatSync(top);
    if (st.isSymbolicLink()) args.push("--symlink", readlinkSync(top), top);
    else if (st.isDirectory()) args.push("--ro-bind", top, top);
  }
  // Public, non-secret runtime configuration: alternatives (python3 → …), CA certificates for
  // TLS through the egress proxy, the time zone database link.
  for (const p of ["/etc/alternatives", "/etc/ssl/certs", "/etc/ca-certificates", "/etc/localtime", "/etc/ld.so.cache"]) {
    if (existsSync(p)) args.push("--ro-bind", p, p);
  }
  runtimeArgs = args;
  return args;
}

// --- probe -----------------------------------------------------------------------------------

export interface SandboxStatus {
  available: boolean;
  reason?: string;
  bwrapPath?: string;
  /** "per-run-uid": root engine, each run as its own uid; "current-user": bwrap runs as the engine's user. */
  identity?: "per-run-uid" | "current-user";
  python?: boolean;
}

function runProbe(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ code: null, stderr: String(err) });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: stderr.trim() });
    });
  });
}

async function probe(): Promise<SandboxStatus> {
  if (process.platform !== "linux") return { available: false, reason: `code execution needs Linux with bubblewrap; this is ${process.platform}.` };
  if (!existsSync(BWRAP_PATH)) return { available: false, reason: `bubblewrap is not installed (${BWRAP_PATH} not found). ${INSTALL_HINT}` };
  const prefix: string[] = [];
  if (ENGINE_IS_ROOT) {
    for (const tool of [SETPRIV_PATH, PRLIMIT_PATH]) {
      if (!existsSync(tool)) return { available: false, reason: `${tool} is missing (Debian package util-linux); the sandbox needs it to drop privileges and set limits.` };
    }
    prefix.push(SETPRIV_PATH, `--reuid=${slotUid(0)}`, `--regid=${slotUid(0)}`, "--clear-groups", "--no-new-privs", "--");
  } else if (!existsSync(PRLIMIT_PATH)) {
    return { available: false, reason: `${PRLIMIT_PATH} is missing (Debian package util-linux); the sandbox needs it to set limits.` };
  }
  const argv = [...prefix, BWRAP_PATH, "--unshare-all", "--die-with-parent", "--new-session", ...runtimeBindArgs(), "--proc", "/proc", "--dev", "/dev", "/usr/bin/true"];
  const res = await runProbe(argv);
  if (res.code !== 0) {
    return {
      available: false,
      bwrapPath: BWRAP_PATH,
      reason: `bubblewrap cannot start a sandbox here${ENGINE_IS_ROOT ? ` as uid ${slotUid(0)}` : ""}: ${res.stderr || `exit ${res.code}`}. ${USERNS_HINT}`,
    };
  }
  return { available: true, bwrapPath: BWRAP_PATH, identity: ENGINE_IS_ROOT ? "per-run-uid" : "current-user", python: existsSync(PYTHON_PATH) };
}

let cached: Promise<SandboxStatus> | null = null;

/** Whether sandboxed code can run here, probed once per process (one throwaway `bwrap … true`). */
export function sandboxStatus(): Promise<SandboxStatus> {
  return (cached ??= probe());
}
