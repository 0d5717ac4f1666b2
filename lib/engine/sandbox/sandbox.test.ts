// The sandbox against hostile code. Every program prints a first line ("ran …") before its
// attempt, so a test cannot pass because the code never ran; each attempt must be contained with
// a clear limit or error, and the engine (this process) must still work afterwards.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import net from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  SandboxRequestError,
  SandboxUnavailableError,
  describeLimitHit,
  runInSandbox,
  sandboxStatus,
  type SandboxRunRequest,
  type SandboxRunResult,
} from "./index";
import { SLOTS, ENGINE_IS_ROOT, slotUid } from "./host";

const status = await sandboxStatus();
const skipReason = status.available ? "" : ` (SKIPPED: ${status.reason})`;

let root: string;
let ws: string;
let secretFile: string;
const SECRET = "engine-db-secret-8d1f2c";

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sandbox-test-"));
  chmodSync(root, 0o711); // traversable (not listable) by the sandbox uid, as docs/sandbox.md asks
  ws = join(root, "ws");
  mkdirSync(ws);
  // A stand-in for the engine's database, outside the workspace, readable by everyone on the host.
  secretFile = join(root, "engine.db");
  writeFileSync(secretFile, SECRET);
  chmodSync(secretFile, 0o644);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(language: SandboxRunRequest["language"], code: string, extra: Partial<SandboxRunRequest> = {}): Promise<SandboxRunResult> {
  return runInSandbox({ language, code, workspaceDir: ws, ...extra });
}

/** The code really ran: its first output line is there. */
function expectRan(r: SandboxRunResult): void {
  expect(r.stdout.split("\n")[0]).toMatch(/^ran\b/);
}

/** The engine still works: a plain sandboxed run succeeds and nothing of the run is left on the host. */
async function expectEngineFine(): Promise<void> {
  const r = await run("bash", "echo ran ok");
  expect(r).toMatchObject({ stdout: "ran ok\n", exitCode: 0, limitHit: null });
  if (ENGINE_IS_ROOT) {
    const ps = execFileSync("ps", ["-eo", "uid=,stat="], { encoding: "utf8" });
    const live = ps
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter(([uid, stat]) => Number(uid) >= slotUid(0) && Number(uid) <= slotUid(SLOTS - 1) && !stat?.startsWith("Z"));
    expect(live).toEqual([]);
  }
}

describe.skipIf(!status.available)(`sandbox: isolation${skipReason}`, () => {
  let listener: net.Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    listener = net.createServer((s) => {
      connections++;
      s.end("hello from the host\n");
    });
    await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
    port = (listener.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => listener.close(() => r())));

  it("python cannot read host files outside the workspace (engine db stand-in, the app checkout, /root)", async () => {
    const code = `
import os
print("ran", os.getuid())
for p in [${JSON.stringify(secretFile)}, ${JSON.stringify(join(process.cwd(), "package.json"))}, "/root/.bashrc", "/etc/shadow", "/proc/1/environ"]:
    try:
        print("READ", p, open(p).read()[:40])
    except Exception as e:
        print("DENIED", p, type(e).__name__)
print("root", sorted(os.listdir("/")))
`;
    const r = await run("python", code);
    expectRan(r);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).not.toMatch(/READ (?!\/proc\/1\/environ)/); // /proc/1 is the sandbox's own init
    expect(r.stdout).toContain(`DENIED ${secretFile} FileNotFoundError`);
    expect(r.stdout).toMatch(/root \[.*'workspace'.*\]/);
    expect(r.stdout).not.toMatch(/'work'|'root'|'home'|'var'/);
    if (r.stdout.includes("READ /proc/1/environ")) expect(r.stdout).not.toContain("GEMINI");
  });

  it("bash cannot read host files or list the host's trees", async () => {
    const r = await run("bash", `echo ran; cat ${secretFile}; ls /work /root /var 2>&1; cat /proc/mounts | grep -c . ; echo uid=$(id -u)`);
    expectRan(r);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stderr).toContain("No such file or directory");
    expect(r.stdout).toContain("uid=65534");
    expect(r.stdout).not.toContain(String(process.pid)); // host pids are invisible too
  });

  it("host environment variables do not leak in; the request's env does", async () => {
    process.env.SANDBOX_TEST_HOST_SECRET = "host-only-value";
    const r = await run("bash", 'echo ran; env', { env: { MY_VAR: "given" } });
    delete process.env.SANDBOX_TEST_HOST_SECRET;
    expectRan(r);
    expect(r.stdout).toContain("MY_VAR=given");
    expect(r.stdout).not.toContain("host-only-value");
    expect(r.stdout).toContain("HOME=/workspace");
  });

  it("writes outside the workspace fail or stay private, inside /workspace they persist", async () => {
    const marker = `sandbox-marker-${process.pid}-${Date.now()}`;
    const code = `
import os
print("ran")
for p in ["/usr/evil", "/etc/evil", "/evil", ${JSON.stringify(join(root, "evil"))}, ${JSON.stringify(secretFile)}]:
    try:
        open(p, "w").write("x")
        print("WROTE", p)
    except Exception as e:
        print("DENIED", p, type(e).__name__)
open("/tmp/${marker}", "w").write("private")
open("/workspace/kept.txt", "w").write("kept by run 1")
os.makedirs("/workspace/sub/dir", exist_ok=True)
open("/workspace/sub/dir/f.txt", "w").write("nested")
`;
    const r = await run("python", code);
    expectRan(r);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/WROTE/);
    expect(readFileSync(secretFile, "utf8")).toBe(SECRET);
    expect(existsSync(join(root, "evil"))).toBe(false);
    expect(existsSync(join("/tmp", marker))).toBe(false); // the sandbox's /tmp is its own tmpfs
    // The engine reads what the run left; the next run (another uid) reads and rewrites it.
    expect(readFileSync(join(ws, "kept.txt"), "utf8")).toBe("kept by run 1");
    const r2 = await run("bash", `echo ran; cat /workspace/kept.txt; echo; cat sub/dir/f.txt; echo more >> kept.txt; ls /tmp | grep -c ${marker}`);
    expectRan(r2);
    expect(r2.stdout).toContain("kept by run 1\nnested");
    expect(r2.stdout.trim().endsWith("0")).toBe(true);
    expect(r2.exitCode).toBe(1); // grep -c found nothing: the first run's /tmp is gone
    expect(readFileSync(join(ws, "kept.txt"), "utf8")).toBe("kept by run 1more\n");
  });

  it("a symlink out of the workspace created by code grants no access", async () => {
    const r = await run("bash", `echo ran; ln -s ${secretFile} leak; ln -s / rootlink; cat leak; ls rootlink/; cat rootlink${secretFile}`);
    expectRan(r);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(lstatSync(join(ws, "leak")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(ws, "leak"))).toBe(secretFile);
    // Preparing the next run must not follow the link and hand the target to the sandbox uid.
    const r2 = await run("bash", `echo ran; cat leak; echo x > leak`);
    expectRan(r2);
    expect(r2.stdout + r2.stderr).not.toContain(SECRET);
    expect(readFileSync(secretFile, "utf8")).toBe(SECRET);
    expect(lstatSync(secretFile).uid).toBe(process.getuid?.());
    rmSync(join(ws, "leak"));
    rmSync(join(ws, "rootlink"));
  });

  it("python cannot reach a loopback TCP listener of the host, nor anything else", async () => {
    // The host's own non-loopback address too (where the listener is not bound, but the host is).
    const hostAddress =
      Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === "IPv4" && !a.internal)?.address ?? "10.255.255.1";
    const code = `
import socket
print("ran")
for host, p in [("127.0.0.1", ${port}), ("::1", ${port}), ("${hostAddress}", ${port}), ("8.8.8.8", 53)]:
    try:
        s = socket.create_connection((host, p), timeout=2)
        print("CONNECTED", host, s.recv(100))
    except Exception as e:
        print("REFUSED", host, type(e).__name__, e)
try:
    print("RESOLVED", socket.gethostbyname("example.com"))
except Exception as e:
    print("NO-DNS", type(e).__name__)
`;
    const before = connections;
    const r = await run("python", code, { limits: { wallMs: 10_000 } });
    expectRan(r);
    expect(r.stdout).not.toContain("CONNECTED");
    expect(r.stdout).toContain("REFUSED 127.0.0.1 ConnectionRefusedError");
    expect(r.stdout).toMatch(/REFUSED 8\.8\.8\.8 OSError .*unreachable/);
    expect(r.stdout).toContain("NO-DNS");
    expect(connections).toBe(before);
    await expectEngineFine();
  });

  it("bash cannot reach the loopback listener either", async () => {
    const before = connections;
    const r = await run("bash", `echo ran; exec 3<>/dev/tcp/127.0.0.1/${port} && echo CONNECTED`);
    expectRan(r);
    expect(r.stdout).not.toContain("CONNECTED");
    expect(r.stderr).toContain("Connection refused");
    expect(connections).toBe(before);
  });
});

describe.skipIf(!status.available)(`sandbox: limits${skipReason}`, () => {
  it("a python fork bomb stops at the process limit", async () => {
    const r = await run("python", `import os\nprint("ran")\nwhile True:\n    os.fork()`, { limits: { processes: 32, wallMs: 2000 } });
    expectRan(r);
    expect(r.limitHit).toBe("processes");
    expect(describeLimitHit(r)).toBe("process limit (32 processes) reached");
    await expectEngineFine();
  });

  it("a bash fork bomb stops at the process limit", async () => {
    const r = await run("bash", `echo ran; bomb() { bomb | bomb & }; bomb; wait; sleep 10`, { limits: { processes: 32, wallMs: 2000 } });
    expectRan(r);
    expect(r.limitHit).toBe("processes");
    await expectEngineFine();
  });

  it("allocating 4 GB fails with the memory limit", async () => {
    const r = await run("python", `print("ran")\nx = bytearray(4 * 1024**3)\nprint("allocated")`);
    expectRan(r);
    expect(r.stdout).not.toContain("allocated");
    expect(r.stderr).toContain("MemoryError");
    expect(r.exitCode).toBe(1);
    expect(r.limitHit).toBe("memory");
    expect(describeLimitHit(r)).toBe("memory limit (1 GiB) exceeded");
    await expectEngineFine();
  });

  // The wall limit is generous so that a loaded machine (1 s of CPU can take many seconds of wall
  // time when other jobs share the cores) still ends these at the CPU limit.
  it.each([
    ["python", 'print("ran")\nwhile True: pass'],
    ["bash", "echo ran; while :; do :; done"],
  ] as const)("an infinite loop stops at the CPU limit (%s)", { timeout: 60_000 }, async (language, code) => {
    const r = await run(language, code, { limits: { cpuSeconds: 1, wallMs: 45_000 } });
    expectRan(r);
    expect(r.signal).toBe("SIGXCPU");
    expect(r.exitCode).toBeNull();
    expect(r.limitHit).toBe("cpu_time");
    expect(describeLimitHit(r)).toBe("CPU time limit (1 s) exceeded");
  });

  it("a sleeping program stops at the wall-time limit", async () => {
    const r = await run("bash", "echo ran; sleep 30", { limits: { wallMs: 1500 } });
    expectRan(r);
    expect(r).toMatchObject({ limitHit: "wall_time", signal: "SIGKILL", exitCode: null });
    expect(r.durationMs).toBeGreaterThanOrEqual(1500);
    expect(r.durationMs).toBeLessThan(10_000);
    expect(describeLimitHit(r)).toBe("wall time limit (1500 ms) exceeded");
  });

  it("printing 1 GB to stdout is cut at the output cap and killed (python and bash)", async () => {
    for (const [language, code] of [
      ["python", 'import sys\nprint("ran")\nfor _ in range(1024): sys.stdout.write("x" * 1024 * 1024)\nprint("finished")'],
      ["bash", "echo ran; head -c 1G /dev/zero | tr '\\0' x; echo finished"],
    ] as const) {
      const r = await run(language, code, { limits: { outputBytes: 256 * 1024 } });
      expectRan(r);
      expect(r.truncated).toBe(true);
      expect(r.limitHit).toBe("output_size");
      expect(r.stdout.length + r.stderr.length).toBeLessThanOrEqual(256 * 1024);
      expect(r.stdout).not.toContain("finished");
      expect(r.durationMs).toBeLessThan(10_000);
      expect(describeLimitHit(r)).toBe("output limit (256 KiB) exceeded; output truncated");
    }
    await expectEngineFine();
  });

  it("a file past the size limit fails (bash: SIGXFSZ, python: EFBIG)", async () => {
    const b = await run("bash", "echo ran; head -c 2M /dev/zero > big.bin", { limits: { fileSizeBytes: 1024 * 1024 } });
    expectRan(b);
    expect(b).toMatchObject({ signal: "SIGXFSZ", limitHit: "file_size" });
    const p = await run("python", 'print("ran")\nopen("big.bin", "wb").write(b"0" * 2 * 1024 * 1024)', { limits: { fileSizeBytes: 1024 * 1024 } });
    expectRan(p);
    expect(p.stderr).toContain("File too large");
    expect(p.limitHit).toBe("file_size");
    rmSync(join(ws, "big.bin"), { force: true });
  });

  it("too many open files fails with the open-files limit", async () => {
    const r = await run("python", 'print("ran")\nfs = [open("/dev/null") for _ in range(1000)]', { limits: { openFiles: 64 } });
    expectRan(r);
    expect(r.limitHit).toBe("open_files");
    expect(describeLimitHit(r)).toBe("open files limit (64) reached");
  });

  it("a failing program is not mistaken for a limit hit", async () => {
    const r = await run("python", 'print("ran")\nraise ValueError("boom")');
    expectRan(r);
    expect(r).toMatchObject({ exitCode: 1, signal: null, limitHit: null, truncated: false });
    expect(r.stderr).toContain("ValueError: boom");
    expect(describeLimitHit(r)).toBeNull();
  });

  it.skipIf(!ENGINE_IS_ROOT)("concurrent runs do not share one process budget (a uid per run)", async () => {
    const dirs = [0, 1, 2].map((i) => {
      const d = join(root, `par-${i}`);
      mkdirSync(d);
      return d;
    });
    const code = "echo ran $(id -u); for i in $(seq 1 20); do sleep 1 & done; wait; echo all-forked";
    const results = await Promise.all(dirs.map((d) => runInSandbox({ language: "bash", code, workspaceDir: d, limits: { processes: 28 } })));
    for (const r of results) {
      expectRan(r);
      expect(r.stdout).toContain("all-forked");
      expect(r.limitHit).toBeNull();
    }
    const owners = new Set(dirs.map((d) => lstatSync(d).uid));
    expect(owners.size).toBe(3);
  });

  it("an abort signal kills the run and rejects", async () => {
    const ac = new AbortController();
    const p = run("bash", "echo ran; sleep 30", { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    const t0 = Date.now();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - t0).toBeLessThan(3000);
    await expectEngineFine();
  });
});

describe("sandbox: bad input and availability", () => {
  it("rejects bad requests with SandboxRequestError before running anything", async () => {
    await expect(runInSandbox({ language: "ruby" as "bash", code: "", workspaceDir: "/tmp" })).rejects.toBeInstanceOf(SandboxRequestError);
    await expect(runInSandbox({ language: "bash", code: "", workspaceDir: "relative/dir" })).rejects.toThrow(/absolute/);
    await expect(runInSandbox({ language: "bash", code: "", workspaceDir: "/tmp", env: { "BAD-NAME": "x" } })).rejects.toThrow(/BAD-NAME/);
    await expect(runInSandbox({ language: "bash", code: "", workspaceDir: "/tmp", limits: { memoryBytes: 10 } })).rejects.toThrow(/memoryBytes/);
    await expect(runInSandbox({ language: "bash", code: "", workspaceDir: "/tmp", limits: { wallMs: 1.5 } })).rejects.toThrow(/wallMs/);
  });

  it.skipIf(!status.available)("a missing workspace is a request error", async () => {
    await expect(runInSandbox({ language: "bash", code: "echo", workspaceDir: "/nonexistent/ws" })).rejects.toThrow(/not an existing directory/);
  });

  it("without bubblewrap, code never runs and the error says how to fix it", async () => {
    vi.resetModules();
    process.env.ENGINE_SANDBOX_BWRAP = "/nonexistent/bwrap";
    try {
      const mod = await import("./index");
      const st = await mod.sandboxStatus();
      expect(st.available).toBe(false);
      expect(st.reason).toContain("apt-get install -y bubblewrap");
      const dir = mkdtempSync(join(tmpdir(), "sandbox-unavail-"));
      try {
        const err = await mod.runInSandbox({ language: "bash", code: "touch /workspace/ran", workspaceDir: dir }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(mod.SandboxUnavailableError);
        expect((err as Error).message).toMatch(/Code execution is unavailable: bubblewrap is not installed/);
        expect(existsSync(join(dir, "ran"))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      delete process.env.ENGINE_SANDBOX_BWRAP;
      vi.resetModules();
    }
  });

  it("SandboxUnavailableError is the exported class", () => {
    expect(new SandboxUnavailableError("x")).toBeInstanceOf(Error);
  });
});
