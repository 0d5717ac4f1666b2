// Network for sandboxed code, only to allowlisted domains. The sandbox keeps its own empty network
// namespace; its only way out is a Unix socket bind-mounted into it, behind which this module runs
// an HTTP forward proxy (CONNECT for TLS/any TCP, absolute-form requests for plain HTTP) that lets
// through only the run's allowlisted domains, resolved and checked by the egress policy
// (lib/http/egress.ts) with loopback refused — so host services (the app, the engine's admin
// routes) stay unreachable whatever the allowlist says. An in-sandbox forwarder (FORWARDER_PY)
// bridges 127.0.0.1:3128 inside the sandbox to that socket, and HTTP(S)_PROXY point at it.
import http from "node:http";
import net from "node:net";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { domainToASCII } from "node:url";
import { checkEgressUrl, classifyAddress, EgressError, type EgressPolicyOptions } from "@/lib/http/egress";
import { SandboxRequestError } from "./limits";

export const MAX_ALLOWLIST_ENTRIES = 100;
/** Where the proxy's socket appears inside the sandbox, and the forwarder's port there. */
export const SANDBOX_EGRESS_DIR = "/run/egress";
export const SANDBOX_PROXY_PORT = 3128;
const UPSTREAM_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 60_000;
/** Characters that make a string a URL, an authority or a pattern rather than a host name. */
const NOT_IN_A_NAME = /[/:?#@%\\\s[\]*]/;

/**
 * Normalises and validates an allowlist: lower-case ASCII (IDN → punycode) host names, or
 * `*.example.com` for the subdomains of example.com (not example.com itself). Refused: bare IP
 * addresses, `*` and other wildcards for everything (`*.com`), ports, schemes, paths, `localhost`.
 */
export function normalizeAllowlist(domains: unknown): string[] {
  if (!Array.isArray(domains)) throw new SandboxRequestError("network.domains must be an array of domain names");
  if (domains.length > MAX_ALLOWLIST_ENTRIES) throw new SandboxRequestError(`network.domains has more than ${MAX_ALLOWLIST_ENTRIES} entries`);
  const out = new Set<string>();
  for (const raw of domains) {
    if (typeof raw !== "string" || !raw.trim()) throw new SandboxRequestError("network.domains entries must be non-empty strings");
    const entry = raw.trim().toLowerCase().replace(/\.$/, "");
    const bare = entry.replace(/^\[(.*)\]$/, "$1");
    if (net.isIP(bare) || /^[0-9.]+$/.test(bare)) throw new SandboxRequestError(`network allowlist entry "${raw}" is an IP address; name a domain`);
    const wildcard = entry.startsWith("*.");
    const name = wildcard ? entry.slice(2) : entry;
    if (entry.includes("*") && (!wildcard || name.includes("*"))) throw new SandboxRequestError(`network allowlist entry "${raw}": a wildcard is only allowed as a leading "*." of a domain`);
    const ascii = NOT_IN_A_NAME.test(name) ? "" : domainToASCII(name);
    if (!ascii || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(ascii)) {
      throw new SandboxRequestError(`network allowlist entry "${raw}" is not a domain name (no scheme, port or path)`);
    }
    if (wildcard && !ascii.includes(".")) throw new SandboxRequestError(`network allowlist entry "${raw}" would allow a whole top-level domain`);
    if (ascii === "localhost" || ascii.endsWith(".localhost")) throw new SandboxRequestError(`network allowlist entry "${raw}": localhost is never reachable from the sandbox`);
    out.add(wildcard ? `*.${ascii}` : ascii);
  }
  return [...out];
}

export function hostAllowed(host: string, allowlist: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  const h = NOT_IN_A_NAME.test(name) ? "" : domainToASCII(name);
  if (!h) return false;
  return allowlist.some((e) => (e.startsWith("*.") ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e));
}

/**
 * TEST ONLY: `ENGINE_EGRESS_TEST_LOOPBACK_HOSTS=name=127.0.0.1:port,…` makes the proxy send an
 * allowlisted `name` to a loopback stand-in (this network has no outside hosts). Targets must be
 * loopback; read at call time. Never set it in a deployment.
 */
export function testLoopbackHosts(env: Record<string, string | undefined> = process.env): Map<string, { host: string; port: number }> {
  const map = new Map<string, { host: string; port: number }>();
  const raw = env.ENGINE_EGRESS_TEST_LOOPBACK_HOSTS?.trim();
  if (!raw) return map;
  for (const item of raw.split(",")) {
    const m = /^\s*([^=\s]+)\s*=\s*(\[[^\]]+\]|[^:\s]+):(\d{1,5})\s*$/.exec(item);
    const host = m?.[2]?.replace(/^\[(.*)\]$/, "$1");
    if (!m || !host || classifyAddress(host) !== "loopback" || Number(m[3]) > 65535) {
      throw new Error(`ENGINE_EGRESS_TEST_LOOPBACK_HOSTS: "${item}" is not name=<loopback ip>:<port>`);
    }
    map.set((m[1] as string).toLowerCase(), { host, port: Number(m[3]) });
  }
  return map;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where to connect for host:port, or a Refusal saying why not. */
async function resolveTarget(host: string, port: number, allowlist: readonly string[], lookup?: EgressPolicyOptions["lookup"]): Promise<{ address: string; port: number }> {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase().replace(/\.$/, "");
  if (net.isIP(h)) throw new Refusal(403, `egress refused: ${h} is an IP address; only the allowlisted domains are reachable`);
  if (!hostAllowed(h, allowlist)) throw new Refusal(403, `egress refused: ${h} is not in this environment's network allowlist`);
  const stand = testLoopbackHosts().get(h);
  if (stand) return { address: stand.host, port: stand.port };
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Refusal(400, `egress refused: bad port ${port}`);
  try {
    // Loopback is never a destination for sandboxed code; private ranges follow ENGINE_ALLOW_PRIVATE_EGRESS.
    const { addresses } = await checkEgressUrl(`http://${h.includes(":") ? `[${h}]` : h}:${port}/`, { allowLoopback: false, lookup });
    return { address: addresses[0] as string, port };
  } catch (err) {
    if (err instanceof EgressError) throw new Refusal(err.code === "dns" ? 502 : 403, `egress refused: ${err.message}`);
    throw err;
  }
}

function parseAuthority(authority: string, defaultPort: number): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!m) return null;
  return { host: m[1] as string, port: m[2] ? Number(m[2]) : defaultPort };
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade"]);

export interface SandboxEgressProxy {
  /** Host directory holding the socket; bind it at SANDBOX_EGRESS_DIR. */
  dir: string;
  socketPath: string;
  /** What went through (for tests and logs): "CONNECT host:port → allowed|refused …". */
  log: string[];
  close(): Promise<void>;
}

/**
 * Starts a proxy for one run on a fresh Unix socket owned by `uid` (the run's host uid, if any).
 * `opts.lookup` replaces the OS resolver (tests: a name that resolves to loopback or metadata).
 */
export async function startEgressProxy(
  allowlist: readonly string[],
  uid: number | null,
  opts: { lookup?: EgressPolicyOptions["lookup"] } = {},
): Promise<SandboxEgressProxy> {
  const dir = await mkdtemp(join(tmpdir(), "sandbox-egress-"));
  const socketPath = join(dir, "egress.sock");
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.setTimeout(IDLE_TIMEOUT_MS, () => s.destroy());
  };

  const server = http.createServer((req, res) => {
    // Plain HTTP through the proxy: absolute-form only (GET http://host/path).
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("egress proxy: send absolute-form requests (http://host/path) or CONNECT\n");
      return;
    }
    if (url.protocol !== "http:") {
      res.writeHead(400, { "content-type": "text/plain" }).end("egress proxy: only http:// URLs are forwarded as requests; use CONNECT for https\n");
      return;
    }
    const port = url.port ? Number(url.port) : 80;
    resolveTarget(url.hostname, port, allowlist, opts.lookup).then(
      (target) => {
        log.push(`${req.method} ${url.host} → allowed`);
        const headers: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
        headers.host = url.host;
        headers.connection = "close";
        const up = http.request({ host: target.address, port: target.port, method: req.method, path: `${url.pathname}${url.search}`, headers, timeout: UPSTREAM_TIMEOUT_MS, agent: false });
        up.on("response", (ur) => {
          const out: http.OutgoingHttpHeaders = {};
          for (const [k, v] of Object.entries(ur.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
          res.writeHead(ur.statusCode ?? 502, out);
          ur.pipe(res);
        });
        up.on("timeout", () => up.destroy(new Error("upstream timed out")));
        up.on("error", (e) => {
          if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`egress proxy: ${url.host}: ${e.message}\n`);
          else res.destroy();
        });
        req.pipe(up);
      },
      (err: unknown) => {
        const status = err instanceof Refusal ? err.status : 502;
        const msg = err instanceof Error ? err.message : String(err);
        log.push(`${req.method} ${url.host} → refused (${msg})`);
        res.writeHead(status, { "content-type": "text/plain" }).end(`${msg}\n`);
      },
    );
  });

  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(client);
    client.on("error", () => {});
    const auth = parseAuthority(req.url ?? "", 443);
    if (!auth) {
      client.end("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\negress proxy: CONNECT host:port\n");
      return;
    }
    resolveTarget(auth.host, auth.port, allowlist, opts.lookup).then(
      (target) => {
        log.push(`CONNECT ${auth.host}:${auth.port} → allowed`);
        const up = net.connect({ host: target.address, port: target.port });
        track(up);
        let established = false;
        up.setTimeout(UPSTREAM_TIMEOUT_MS, () => up.destroy(new Error("connect timed out")));
        up.once("connect", () => {
          established = true;
          up.setTimeout(IDLE_TIMEOUT_MS);
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          if (head.length) up.write(head);
          up.pipe(client);
          client.pipe(up);
        });
        up.on("error", (e) => {
          if (!established) client.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\negress proxy: ${auth.host}: ${e.message}\n`);
          else client.destroy();
        });
        client.on("close", () => up.destroy());
      },
      (err: unknown) => {
        const status = err instanceof Refusal ? err.status : 502;
        const msg = err instanceof Error ? err.message : String(err);
        log.push(`CONNECT ${auth.host}:${auth.port} → refused (${msg})`);
        client.end(`HTTP/1.1 ${status} ${status === 403 ? "Forbidden" : status === 400 ? "Bad Request" : "Bad Gateway"}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${msg}\n`);
      },
    );
  });
  server.on("connection", track);
  server.on("clientError", (_e, s) => s.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  if (uid !== null) {
    // Only the run's own uid may enter the directory and connect to the socket.
    await chown(dir, uid, uid);
    await chown(socketPath, uid, uid);
  }
  return {
    dir,
    socketPath,
    log,
    async close() {
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The in-sandbox half: listens on 127.0.0.1:3128 of the sandbox's own loopback, forks into the
 * background once it is listening (so the user's code starts only when the proxy is up), and
 * pipes every connection to the engine's Unix socket. Plain stdlib Python, run with -I -S.
 */
export const FORWARDER_PY = `
import os, socket, threading
SOCK = "${SANDBOX_EGRESS_DIR}/egress.sock"
threading.stack_size(256 * 1024)
def pump(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    finally:
        try:
            b.shutdown(socket.SHUT_WR)
        except OSError:
            pass
def handle(c):
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        u.connect(SOCK)
    except OSError:
        c.close()
        return
    t = threading.Thread(target=pump, args=(u, c), daemon=True)
    t.start()
    pump(c, u)
    t.join()
    c.close()
    u.close()
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", ${SANDBOX_PROXY_PORT}))
srv.listen(64)
if os.fork() > 0:
    os._exit(0)
null = os.open("/dev/null", os.O_RDWR)
for fd in (0, 1, 2):
    os.dup2(null, fd)
while True:
    try:
        c, _ = srv.accept()
    except OSError:
        continue
    threading.Thread(target=handle, args=(c,), daemon=True).start()
`;
