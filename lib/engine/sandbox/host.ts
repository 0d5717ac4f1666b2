// The host side of the sandbox: where bubblewrap and its helpers are, whether they can start,
// which host uid a run gets, and the workspace's ownership. No `server-only` import: the
// standalone engine (tsx) and vitest load this module too.
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { lchown, lstat, readFile, readdir, stat } from "node:fs/promises";
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
 * Host uids of the runs (root engine only): slot i runs as uid/gid UID_BASE + block·SLOTS + i. RLIMIT_NPROC
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

/**
 * A slot of its own for one run; runs beyond SLOTS wait for one to come back. `preferred` (the
 * slot that last ran this workspace) is taken when free, so its files need no chown walk.
 */
export async function acquireSlot(signal?: AbortSignal, preferred?: number): Promise<number> {
  const i = preferred === undefined ? -1 : free.indexOf(preferred);
  const slot = i >= 0 ? free.splice(i, 1)[0] : free.shift();
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

/** Workspace → the slot that ran it last (bounded; a miss only costs a chown walk). */
const lastSlot = new Map<string, number>();
export function rememberSlot(dir: string, slot: number): void {
  lastSlot.delete(dir);
  lastSlot.set(dir, slot);
  if (lastSlot.size > 1000) lastSlot.delete(lastSlot.keys().next().value as string);
}
export function lastSlotOf(dir: string): number | undefined {
  return lastSlot.get(dir);
}

export function releaseSlot(slot: number): void {
  const next = waiting.shift();
  if (next) next(slot);
  else free.push(slot);
}

/**
 * Several engine processes may sandbox at once (the app and `npm run engine`, parallel test
 * workers), each with its own slot pool. So that they never hand out the same uid, each process
 * claims a block of SLOTS uids — a pid file under the OS temp dir, reclaimed when its process is
 * gone — and slot i of block b is uid UID_BASE + b·SLOTS + i.
 */
export const UID_BLOCKS = 64;
const BLOCK_DIR = join(tmpdir(), "interactions-playground-sandbox-uids");
let block: number | null = null;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryClaim(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  let holder = 0;
  try {
    holder = Number(readFileSync(file, "utf8"));
  } catch {
    /* vanished meanwhile: someone else is reclaiming it */
  }
  if (holder === process.pid) return true;
  if (holder && isAlive(holder)) return false;
  // Stale: reclaim under a mkdir lock, so two processes cannot both take the same block.
  const guard = `${file}.reclaim`;
  try {
    mkdirSync(guard);
  } catch {
    return false;
  }
  try {
    unlinkSync(file);
    writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(guard);
  }
}

function claimBlock(): number {
  if (block !== null) return block;
  mkdirSync(BLOCK_DIR, { recursive: true, mode: 0o700 });
  for (let b = 0; b < UID_BLOCKS; b++) {
    const file = join(BLOCK_DIR, `block-${b}.pid`);
    if (!tryClaim(file)) continue;
    block = b;
    process.once("exit", () => {
      try {
        if (Number(readFileSync(file, "utf8")) === process.pid) unlinkSync(file);
      } catch {
        /* best effort */
      }
    });
    return b;
  }
  throw new SandboxUnavailableError(`Code execution is unavailable: all ${UID_BLOCKS} sandbox uid blocks are held by other live engine processes (${BLOCK_DIR}).`);
}

export function slotUid(slot: number): number {
  return UID_BASE + claimBlock() * SLOTS + slot;
}

/**
 * Pids of the live (non-zombie) processes running as `uid` (a /proc/<pid> directory is owned by
 * its process's euid). Zombies are left out: bwrap's outer process exits without reaping the
 * namespace's init, which then waits as a zombie for the host's init to reap it — one per finished
 * run, for as long as that init takes (about 2 s on these VMs); waiting for it would double a run.
 */
async function processesOf(uid: number): Promise<number[]> {
  const pids = (await readdir("/proc")).filter((n) => /^\d+$/.test(n));
  const found: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      try {
        if ((await stat(`/proc/${pid}`)).uid !== uid) return;
        const st = await readFile(`/proc/${pid}/stat`, "utf8");
        const state = st.slice(st.lastIndexOf(")") + 2, st.lastIndexOf(")") + 3);
        if (state !== "Z" && state !== "X") found.push(Number(pid));
      } catch {
        /* exited meanwhile */
      }
    }),
  );
  return found;
}

/**
 * Waits until nothing of a finished run is left under its uid (SIGKILLing stragglers), so the next
 * run on the slot starts with its whole RLIMIT_NPROC budget: the kernel tears a PID namespace down
 * asynchronously, and after a fork bomb that takes a moment. Gives up after `maxMs` (returns false).
 */
export async function settleUid(uid: number, maxMs = 5_000): Promise<boolean> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const pids = await processesOf(uid);
    if (!pids.length) return true;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone or a zombie */
      }
    }
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
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

const ownedByUs = (uid: number) => uid === 0 || (uid >= UID_BASE && uid < UID_BASE + UID_BLOCKS * SLOTS);

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
      // A directory's entries in parallel (bounded by libuv's thread pool), subdirectories depth-first.
      await Promise.all(entries.map((name) => visit(join(path, name))));
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
