// Sandbox network: offline by default; with an allowlist, only the listed domains, through the
// engine's egress proxy. The remote domain is a loopback stand-in named by the test-only
// ENGINE_EGRESS_TEST_LOOPBACK_HOSTS; a second loopback server plays "a host service" (the app,
// the engine's admin routes) that must stay unreachable whatever the allowlist says.
import http from "node:http";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import { hostAllowed, normalizeAllowlist, startEgressProxy, testLoopbackHosts } from "./egress-proxy";
import { SandboxRequestError, runInSandbox, sandboxStatus, type SandboxRunResult } from "./index";

const status = await sandboxStatus();
const skipReason = status.available && status.python ? "" : ` (SKIPPED: ${status.reason ?? "no /usr/bin/python3"})`;
const STAND_IN = "api.stand-in.test";

let root: string;
let ws: string;
let standIn: http.Server;
let hostService: http.Server;
let standInPort = 0;
let hostPort = 0;
const standInHits: string[] = [];
const hostHits: string[] = [];

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "sandbox-net-"));
  chmodSync(root, 0o711);
  ws = join(root, "ws");
  mkdirSync(ws);
  standIn = http.createServer((req, res) => {
    standInHits.push(`${req.method} ${req.headers.host} ${req.url}`);
    res.end(`stand-in answered ${req.url}\n`);
  });
  hostService = http.createServer((req, res) => {
    hostHits.push(`${req.method} ${req.url}`);
    res.end("HOST SERVICE SECRET\n");
  });
  standInPort = await listen(standIn);
  hostPort = await listen(hostService);
  process.env.ENGINE_EGRESS_TEST_LOOPBACK_HOSTS = `${STAND_IN}=127.0.0.1:${standInPort}`;
});
afterAll(async () => {
  delete process.env.ENGINE_EGRESS_TEST_LOOPBACK_HOSTS;
  await Promise.all([standIn, hostService].map((s) => new Promise<void>((r) => s.close(() => r()))));
  rmSync(root, { recursive: true, force: true });
});

// Every attempt prints one line: OK <what> <answer> or FAIL <what> <error>.
const PROBE = (hostPortNum: number) => `
import os, socket, urllib.request
print("ran", os.environ.get("HTTPS_PROXY"))
def get(u):
    try:
        print("OK", u, urllib.request.urlopen(u, timeout=4).read().decode().strip())
    except Exception as e:
        print("FAIL", u, e)
def raw(what, payload, port=3128):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=4)
        s.sendall(payload)
        data = b""
        while True:
            d = s.recv(4096)
            if not d:
                break
            data += d
        print("RAW", what, data.split(b"\\r\\n")[0].decode(), "SECRET" in data.decode(errors="replace"))
    except Exception as e:
        print("FAIL", what, e)
get("http://${STAND_IN}/hello")
get("http://other.example.org/")
get("http://127.0.0.1:${hostPortNum}/direct")
raw("proxy-abs-ip", b"GET http://127.0.0.1:${hostPortNum}/via-proxy HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n")
raw("proxy-abs-localhost", b"GET http://localhost:${hostPortNum}/via-proxy HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n")
raw("connect-ip", b"CONNECT 127.0.0.1:${hostPortNum} HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
raw("connect-other", b"CONNECT other.example.org:443 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
raw("connect-stand-in", b"CONNECT ${STAND_IN}:443 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /tunnel HTTP/1.1\\r\\nHost: ${STAND_IN}\\r\\nConnection: close\\r\\n\\r\\n")
try:
    print("RESOLVED", socket.gethostbyname("${STAND_IN}"))
except Exception as e:
    print("NO-DNS", type(e).__name__)
`;

function lineOf(r: SandboxRunResult, prefix: string): string {
  return r.stdout.split("\n").find((l) => l.startsWith(prefix)) ?? `(no line ${prefix})`;
}

describe.skipIf(!!skipReason)(`sandbox network${skipReason}`, () => {
  it("offline by default: nothing is reachable, not even the stand-in", async () => {
    standInHits.length = 0;
    hostHits.length = 0;
    const r = await runInSandbox({ language: "python", code: PROBE(hostPort), workspaceDir: ws, limits: { wallMs: 20_000 } });
    expect(r.stdout.split("\n")[0]).toBe("ran None");
    expect(r.stdout).not.toMatch(/^OK /m);
    expect(lineOf(r, `FAIL http://${STAND_IN}/hello`)).toMatch(/Name or service not known|Temporary failure in name resolution/);
    expect(lineOf(r, "FAIL connect-stand-in")).toContain("Connection refused"); // no forwarder, no proxy
    expect(r.stdout).toContain("NO-DNS");
    expect(standInHits).toEqual([]);
    expect(hostHits).toEqual([]);
  });

  it("an allowlist naming the stand-in reaches only it; other domains and host loopback services are refused", async () => {
    standInHits.length = 0;
    hostHits.length = 0;
    const r = await runInSandbox({
      language: "python",
      code: PROBE(hostPort),
      workspaceDir: ws,
      network: { mode: "allowlist", domains: [STAND_IN] },
      limits: { wallMs: 20_000 },
    });
    expect(r.stdout.split("\n")[0]).toBe("ran http://127.0.0.1:3128");
    expect(lineOf(r, `OK http://${STAND_IN}/hello`)).toContain("stand-in answered /hello");
    expect(lineOf(r, "FAIL http://other.example.org/")).toContain("403");
    expect(lineOf(r, `FAIL http://127.0.0.1:${hostPort}/direct`)).toContain("Connection refused"); // the sandbox's own empty loopback
    expect(lineOf(r, "RAW proxy-abs-ip")).toBe("RAW proxy-abs-ip HTTP/1.1 403 Forbidden False");
    expect(lineOf(r, "RAW proxy-abs-localhost")).toBe("RAW proxy-abs-localhost HTTP/1.1 403 Forbidden False");
    expect(lineOf(r, "RAW connect-ip")).toBe("RAW connect-ip HTTP/1.1 403 Forbidden False");
    expect(lineOf(r, "RAW connect-other")).toBe("RAW connect-other HTTP/1.1 403 Forbidden False");
    expect(lineOf(r, "RAW connect-stand-in")).toBe("RAW connect-stand-in HTTP/1.1 200 Connection Established False");
    expect(r.stdout).toContain("NO-DNS"); // names are resolved by the engine's proxy, not in the sandbox
    expect(standInHits).toEqual([`GET ${STAND_IN} /hello`, `GET ${STAND_IN} /tunnel`]);
    expect(hostHits).toEqual([]);
  });

  it("bash gets the proxy too (HTTP through /dev/tcp to the in-sandbox forwarder)", async () => {
    standInHits.length = 0;
    const code = `echo ran; exec 3<>/dev/tcp/127.0.0.1/3128; printf 'GET http://${STAND_IN}/from-bash HTTP/1.1\\r\\nHost: ${STAND_IN}\\r\\nConnection: close\\r\\n\\r\\n' >&3; cat <&3`;
    const r = await runInSandbox({ language: "bash", code, workspaceDir: ws, network: { mode: "allowlist", domains: [STAND_IN] } });
    expect(r.stdout.split("\n")[0]).toBe("ran");
    expect(r.stdout).toContain("stand-in answered /from-bash");
    expect(standInHits).toEqual([`GET ${STAND_IN} /from-bash`]);
  });

  it("an allowlist that does not name the stand-in refuses it even though the test mapping exists", async () => {
    standInHits.length = 0;
    const r = await runInSandbox({
      language: "python",
      code: `import urllib.request\nprint("ran")\ntry:\n    urllib.request.urlopen("http://${STAND_IN}/", timeout=4)\nexcept Exception as e:\n    print("FAIL", e)`,
      workspaceDir: ws,
      network: { mode: "allowlist", domains: ["docs.example.org"] },
    });
    expect(r.stdout).toBe("ran\nFAIL HTTP Error 403: Forbidden\n");
    expect(standInHits).toEqual([]);
  });
});

describe("sandbox network: allowlist validation", () => {
  it("normalises domains and accepts leading-label wildcards", () => {
    expect(normalizeAllowlist(["Example.COM.", "*.googleapis.com", "bücher.example", "example.com"])).toEqual(["example.com", "*.googleapis.com", "xn--bcher-kva.example"]);
  });

  it.each([
    ["127.0.0.1", /IP address/],
    ["[::1]", /IP address/],
    ["10.0.0.5", /IP address/],
    ["*", /wildcard/],
    ["*.*", /wildcard/],
    ["*.com", /top-level/],
    ["api.*.com", /wildcard/],
    ["https://example.com", /not a domain/],
    ["example.com:443", /not a domain/],
    ["example.com/path", /not a domain/],
    ["localhost", /localhost/],
    ["", /non-empty/],
  ])("refuses %j", (entry, why) => {
    expect(() => normalizeAllowlist([entry])).toThrow(SandboxRequestError);
    expect(() => normalizeAllowlist([entry])).toThrow(why);
  });

  it("refuses more than 100 entries and non-arrays", () => {
    expect(() => normalizeAllowlist(Array.from({ length: 101 }, (_, i) => `h${i}.example.com`))).toThrow(/more than 100/);
    expect(() => normalizeAllowlist("example.com")).toThrow(/array/);
  });

  it("a bad allowlist is refused by runInSandbox before anything runs", async () => {
    await expect(runInSandbox({ language: "bash", code: "echo", workspaceDir: "/tmp", network: { mode: "allowlist", domains: ["*"] } })).rejects.toBeInstanceOf(SandboxRequestError);
    await expect(runInSandbox({ language: "bash", code: "echo", workspaceDir: "/tmp", network: { mode: "open" } as never })).rejects.toThrow(/unknown sandbox network mode/);
  });

  it("matches exact names, and subdomains only for wildcard entries", () => {
    const list = normalizeAllowlist(["example.com", "*.api.example.org"]);
    expect(hostAllowed("example.com", list)).toBe(true);
    expect(hostAllowed("EXAMPLE.com.", list)).toBe(true);
    expect(hostAllowed("www.example.com", list)).toBe(false);
    expect(hostAllowed("evilexample.com", list)).toBe(false);
    expect(hostAllowed("v1.api.example.org", list)).toBe(true);
    expect(hostAllowed("api.example.org", list)).toBe(false);
    expect(hostAllowed("xapi.example.org", list)).toBe(false);
  });

  it("the test-only loopback mapping accepts only loopback targets", () => {
    expect(testLoopbackHosts({ ENGINE_EGRESS_TEST_LOOPBACK_HOSTS: "a.test=127.0.0.1:8080, b.test=[::1]:9" })).toEqual(
      new Map([
        ["a.test", { host: "127.0.0.1", port: 8080 }],
        ["b.test", { host: "::1", port: 9 }],
      ]),
    );
    expect(() => testLoopbackHosts({ ENGINE_EGRESS_TEST_LOOPBACK_HOSTS: "a.test=10.0.0.1:80" })).toThrow(/loopback/);
    expect(() => testLoopbackHosts({ ENGINE_EGRESS_TEST_LOOPBACK_HOSTS: "a.test=169.254.169.254:80" })).toThrow(/loopback/);
    expect(testLoopbackHosts({})).toEqual(new Map());
  });
});

describe("sandbox network: the egress proxy itself (over its Unix socket)", () => {
  /** Sends one raw request to the proxy's socket and returns the first line of its answer. */
  function ask(socketPath: string, payload: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const s = net.connect(socketPath);
      let data = "";
      s.on("connect", () => s.write(payload));
      s.setEncoding("utf8").on("data", (d: string) => {
        data += d;
        if (data.includes("\r\n")) {
          s.destroy();
          resolve(data.split("\r\n")[0] as string);
        }
      });
      s.on("error", reject);
      s.on("end", () => resolve(data.split("\r\n")[0] ?? ""));
    });
  }

  it("refuses allowlisted names that resolve to loopback, metadata or private addresses", async () => {
    const answers: Record<string, string> = {
      "loop.example.org": "127.0.0.1",
      "loop6.example.org": "::1",
      "meta.example.org": "169.254.169.254",
      "lan.example.org": "10.0.0.5",
    };
    const lookup = async (host: string) => {
      const address = answers[host];
      if (!address) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
      return [{ address, family: address.includes(":") ? (6 as const) : (4 as const) }];
    };
    hostHits.length = 0;
    const privateEgress = process.env.ENGINE_ALLOW_PRIVATE_EGRESS;
    delete process.env.ENGINE_ALLOW_PRIVATE_EGRESS; // the default: private ranges refused
    const proxy = await startEgressProxy(normalizeAllowlist([...Object.keys(answers), "missing.example.org"]), null, { lookup });
    try {
      for (const name of Object.keys(answers)) {
        expect(await ask(proxy.socketPath, `CONNECT ${name}:${hostPort} HTTP/1.1\r\nHost: x\r\n\r\n`)).toBe("HTTP/1.1 403 Forbidden");
        expect(await ask(proxy.socketPath, `GET http://${name}:${hostPort}/ HTTP/1.1\r\nHost: ${name}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403 /);
      }
      expect(await ask(proxy.socketPath, "CONNECT missing.example.org:443 HTTP/1.1\r\nHost: x\r\n\r\n")).toBe("HTTP/1.1 502 Bad Gateway");
      expect(await ask(proxy.socketPath, "GET /relative HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
      expect(proxy.log.join("\n")).toMatch(/loop\.example\.org:\d+ → refused \(egress refused: Refused .*loopback addresses are not allowed\)/);
      expect(proxy.log.join("\n")).toMatch(/meta\.example\.org.*cloud metadata/);
      expect(proxy.log.join("\n")).toMatch(/lan\.example\.org.*private addresses are not allowed/);
      expect(hostHits).toEqual([]);
    } finally {
      await proxy.close();
      if (privateEgress !== undefined) process.env.ENGINE_ALLOW_PRIVATE_EGRESS = privateEgress;
    }
  });
});
