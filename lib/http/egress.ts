// The one egress policy for everything the server fetches on a user's behalf: MCP servers, URL
// fetches (url_context), webhooks, sources. Plain Node (no Next imports, no "server-only", so tsx
// scripts and the standalone engine can use it) — but server code only: never import it from the browser.
//
// What it decides (docs/egress.md):
// - only http: and https: URLs, without user:password@;
// - always refused: link-local (169.254.0.0/16, fe80::/10), cloud metadata (169.254.169.254,
//   169.254.170.2, fd00:ec2::254, 100.100.100.200, the names `metadata.google.internal` and `metadata`),
//   unspecified (0.0.0.0/8, ::), multicast, broadcast and other reserved/special-purpose ranges;
// - private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) refused unless allowPrivate
//   (default: ENGINE_ALLOW_PRIVATE_EGRESS=1|true);
// - loopback (127/8, ::1) allowed unless allowLoopback === false (local development);
// - an IPv4 address embedded in IPv6 (::ffff:a.b.c.d, 64:ff9b::/96, 6to4) is judged as that IPv4 address;
// - a DNS name is refused if ANY address it resolves to is refused.
// egressFetch checks the address actually connected to (undici Agent whose connect.lookup runs the
// same check, so a DNS answer that changes between check and connect — rebinding — is still caught),
// follows redirects itself re-checking every hop, and caps total time and response body size.
//
// NOT subject to this policy: backend base URLs the operator configures (GEMINI_BASE_URL,
// OPENAI_BASE_URL, a LAN Ollama, …). Those are trusted configuration, not user input, and keep using
// the proxy/engine's own fetch. Use this module only for URLs that come from a request, a record or a user.
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, fetch as undiciFetch } from "undici";

export type EgressErrorCode = "bad_url" | "refused" | "dns" | "timeout" | "too_large" | "too_many_redirects" | "network";

export type AddressClass =
  | "loopback"
  | "link_local"
  | "metadata"
  | "private"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "public"
  | "invalid";

export interface EgressPolicyOptions {
  /** Allow private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). Default: env ENGINE_ALLOW_PRIVATE_EGRESS === "1"/"true". */
  allowPrivate?: boolean;
  /** Allow loopback (127/8, ::1). Default true (local development). */
  allowLoopback?: boolean;
  /** Total time cap (DNS, connect, redirects, headers and body), ms. Default 10_000. Infinity: none (long-lived streams the caller closes). */
  timeoutMs?: number;
  /** Response body cap in bytes (decoded). Default 5 MiB. */
  maxBytes?: number;
  /** Redirects followed, every hop re-checked. Default 5. */
  maxRedirects?: number;
  /** Injectable DNS (tests). Default: the OS resolver (dns.lookup, all addresses). */
  lookup?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

export type EgressInit = RequestInit & { egress?: EgressPolicyOptions };

export const EGRESS_DEFAULTS = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 } as const;

/** A refused or failed egress request. `url` never carries user:password; messages carry only the origin. */
export class EgressError extends Error {
  readonly code: EgressErrorCode;
  readonly url: string;
  constructor(code: EgressErrorCode, url: string | URL, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EgressError";
    this.code = code;
    this.url = safeUrl(url);
  }
}

function safeUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    u.username = "";
    u.password = "";
    return u.href;
  } catch {
    return String(url).slice(0, 200);
  }
}

function originOf(url: string | URL): string {
  try {
    return new URL(String(url)).origin;
  } catch {
    return "(unparseable URL)";
  }
}

/** Names refused before any DNS query (lower-case, without the trailing dot). */
const METADATA_HOSTNAMES = new Set(["metadata.google.internal", "metadata", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);
/** Cloud metadata endpoints: AWS/GCP/Azure, AWS ECS, AWS IPv6 IMDS, Alibaba Cloud. */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"]);

function classifyV4(a: ipaddr.IPv4): AddressClass {
  if (METADATA_ADDRESSES.has(a.toString())) return "metadata";
  switch (a.range()) {
    case "unicast":
      return "public";
    case "loopback":
      return "loopback";
    case "linkLocal":
      return "link_local";
    case "private":
    case "carrierGradeNat":
      return "private";
    case "unspecified":
      return "unspecified";
    case "multicast":
      return "multicast";
    case "broadcast":
      return "broadcast";
    default:
      return "reserved";
  }
}

/** Classify one IP literal (IPv4, IPv6, with or without [brackets]). Anything unparseable is "invalid". */
export function classifyAddress(ip: string): AddressClass {
  const raw = ip.trim().replace(/^\[(.*)\]$/, "$1");
  if (!net.isIP(raw)) return "invalid";
  const addr = ipaddr.parse(raw);
  if (addr.kind() === "ipv4") return classifyV4(addr as ipaddr.IPv4);
  const v6 = addr as ipaddr.IPv6;
  if (METADATA_ADDRESSES.has(v6.toRFC5952String())) return "metadata";
  const range = v6.range();
  const parts = v6.parts;
  const embedded = (hi = 0, lo = 0) => classifyV4(new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]));
  switch (range) {
    case "unicast":
      // ::a.b.c.d (IPv4-compatible, deprecated) parses as unicast; nothing legitimate lives there.
      return parts.slice(0, 6).every((p) => p === 0) ? "reserved" : "public";
    case "ipv4Mapped": // ::ffff:a.b.c.d
    case "rfc6052": // NAT64 64:ff9b::a.b.c.d
    case "rfc6145": // ::ffff:0:a.b.c.d
      return embedded(parts[6], parts[7]);
    case "6to4": // 2002:AABB:CCDD::
      return embedded(parts[1], parts[2]);
    case "loopback":
      return "loopback";
    case "linkLocal":
      return "link_local";
    case "uniqueLocal":
      return "private";
    case "unspecified":
      return "unspecified";
    case "multicast":
      return "multicast";
    default:
      return "reserved";
  }
}

interface Policy {
  allowPrivate: boolean;
  allowLoopback: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  lookup: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

/** ENGINE_ALLOW_PRIVATE_EGRESS, read at call time: "1" or "true" (any case) allow private ranges. */
export function envAllowsPrivateEgress(env: Record<string, string | undefined> = process.env): boolean {
  const v = (env.ENGINE_ALLOW_PRIVATE_EGRESS ?? "").trim().toLowerCase();
  return v === "1" || v === "true";
}

const osLookup = async (host: string) => {
  const list = await dns.promises.lookup(host, { all: true, verbatim: true });
  return list.map((a) => ({ address: a.address, family: a.family === 6 ? (6 as const) : (4 as const) }));
};

function resolvePolicy(opts: EgressPolicyOptions = {}): Policy {
  // Infinity is accepted (no cap) for callers that hold a long-lived stream and close it themselves.
  const num = (v: number | undefined, d: number) => (typeof v === "number" && v >= 0 ? v : d);
  return {
    allowPrivate: opts.allowPrivate ?? envAllowsPrivateEgress(),
    allowLoopback: opts.allowLoopback ?? true,
    timeoutMs: num(opts.timeoutMs, EGRESS_DEFAULTS.timeoutMs),
    maxBytes: num(opts.maxBytes, EGRESS_DEFAULTS.maxBytes),
    maxRedirects: Math.floor(num(opts.maxRedirects, EGRESS_DEFAULTS.maxRedirects)),
    lookup: opts.lookup ?? osLookup,
  };
}

/** Why a class of address is refused under this policy, or null if it is allowed. */
function refusal(cls: AddressClass, p: Pick<Policy, "allowPrivate" | "allowLoopback">): string | null {
  switch (cls) {
    case "public":
      return null;
    case "loopback":
      return p.allowLoopback ? null : "loopback addresses are not allowed";
    case "private":
      return p.allowPrivate ? null : "private addresses are not allowed (set ENGINE_ALLOW_PRIVATE_EGRESS=1 to allow them)";
    case "metadata":
      return "cloud metadata endpoints are never allowed";
    case "link_local":
      return "link-local addresses are never allowed";
    default:
      return `${cls.replace("_", "-")} addresses are never allowed`;
  }
}

/** Resolve a hostname (or take an IP literal) and check every address; throws EgressError refused/dns. */
async function resolveChecked(hostname: string, url: string | URL, p: Policy): Promise<{ address: string; family: 4 | 6 }[]> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
  if (METADATA_HOSTNAMES.has(host)) throw new EgressError("refused", url, `Refused ${originOf(url)}: cloud metadata endpoints are never allowed`);
  let addresses: { address: string; family: 4 | 6 }[];
  const family = net.isIP(host);
  if (family) addresses = [{ address: host, family: family as 4 | 6 }];
  else {
    try {
      addresses = await p.lookup(host);
    } catch (err) {
      throw new EgressError("dns", url, `Could not resolve ${host}: ${(err as NodeJS.ErrnoException)?.code ?? "lookup failed"}`, { cause: err });
    }
    if (!addresses.length) throw new EgressError("dns", url, `Could not resolve ${host}: no addresses`);
  }
  for (const a of addresses) {
    const cls = classifyAddress(a.address);
    const why = cls === "invalid" ? "the resolver returned an invalid address" : refusal(cls, p);
    if (why) {
      const via = family ? "" : ` (${host} resolves to ${a.address})`;
      throw new EgressError("refused", url, `Refused ${originOf(url)}${via}: ${why}`);
    }
  }
  return addresses;
}

function parseUrl(url: string | URL): URL {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    throw new EgressError("bad_url", String(url), "Not a valid URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new EgressError("bad_url", u, `Only http: and https: URLs are allowed, not ${u.protocol}`);
  if (u.username || u.password) throw new EgressError("bad_url", u, "URLs with user:password@ are not allowed");
  if (!u.hostname) throw new EgressError("bad_url", u, "URL has no host");
  return u;
}

/** Parse + resolve + classify; throws EgressError("bad_url" | "refused" | "dns"). */
export async function checkEgressUrl(url: string | URL, opts?: EgressPolicyOptions): Promise<{ url: URL; addresses: string[] }> {
  const p = resolvePolicy(opts);
  const u = parseUrl(url);
  const addresses = await resolveChecked(u.hostname, u, p);
  return { url: u, addresses: addresses.map((a) => a.address) };
}

// One undici Agent per (lookup, allowPrivate, allowLoopback), so connections are reused between calls.
// Its connect.lookup re-runs the check on the address the socket really connects to (IP-literal hosts
// skip lookup in net.connect and were checked by checkEgressUrl already).
const agents = new WeakMap<Policy["lookup"], Map<string, Agent>>();

function agentFor(p: Policy): Agent {
  let byFlags = agents.get(p.lookup);
  if (!byFlags) agents.set(p.lookup, (byFlags = new Map()));
  const key = `${p.allowPrivate}|${p.allowLoopback}`;
  let agent = byFlags.get(key);
  if (!agent) {
    const pinned = { ...p };
    const lookup = (
      hostname: string,
      options: { all?: boolean },
      cb: (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void,
    ) => {
      resolveChecked(hostname, `tcp://${hostname}`, pinned).then(
        ([first, ...more]) => (options?.all ? cb(null, [first!, ...more]) : cb(null, first!.address, first!.family)),
        (err: Error) => cb(err, ""),
      );
    };
    agent = new Agent({ connect: { lookup } as never, keepAliveTimeout: 4_000 });
    byFlags.set(key, agent);
  }
  return agent;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

function findEgressCause(err: unknown): EgressError | undefined {
  for (let e = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) if (e instanceof EgressError) return e;
  return undefined;
}

/**
 * fetch-compatible (same signature, a real global Response) with the egress policy enforced on every
 * hop and on the connected address, a total time cap and a body cap. Request bodies are buffered (so a
 * 307/308 can resend them). Throws EgressError; an abort by init.signal rejects with that signal's reason.
 */
export async function egressFetch(input: string | URL | Request, init: EgressInit = {}): Promise<Response> {
  const { egress, signal: userSignal, redirect: redirectInit, ...rest } = init;
  const p = resolvePolicy(egress);
  const inputUrl = input instanceof Request ? input.url : input;
  let url = parseUrl(inputUrl);
  const redirectMode = redirectInit ?? (input instanceof Request ? input.redirect : "follow");
  const signal = userSignal ?? (input instanceof Request ? input.signal : undefined);

  // Normalise method/headers/body the way fetch would (content-type for strings, forms, …).
  const req = new Request(input instanceof Request ? input : url, rest);
  let method = req.method;
  const headers = new Headers(req.headers);
  let body: Uint8Array | undefined = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;

  const ctrl = new AbortController();
  const timer = Number.isFinite(p.timeoutMs)
    ? setTimeout(() => ctrl.abort(new EgressError("timeout", url, `Timed out after ${p.timeoutMs} ms fetching ${originOf(url)}`)), p.timeoutMs)
    : undefined;
  const onUserAbort = () => ctrl.abort(signal?.reason);
  if (signal?.aborted) onUserAbort();
  else signal?.addEventListener("abort", onUserAbort, { once: true });
  const finish = () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onUserAbort);
  };
  const fail = (err: unknown): never => {
    if (ctrl.signal.aborted) throw ctrl.signal.reason;
    const egressCause = findEgressCause(err);
    if (egressCause) throw egressCause;
    throw new EgressError("network", url, `Request to ${originOf(url)} failed: ${describe(err)}`, { cause: err });
  };
  const abortable = <T>(work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ctrl.signal.aborted) return reject(ctrl.signal.reason);
      const onAbort = () => reject(ctrl.signal.reason);
      ctrl.signal.addEventListener("abort", onAbort, { once: true });
      work.then(resolve, reject).finally(() => ctrl.signal.removeEventListener("abort", onAbort));
    });

  try {
    for (let hop = 0; ; hop++) {
      await abortable(resolveChecked(url.hostname, url, p));
      let res: Awaited<ReturnType<typeof undiciFetch>>;
      try {
        res = await undiciFetch(url, {
          method,
          headers: [...headers],
          body,
          redirect: "manual",
          signal: ctrl.signal,
          dispatcher: agentFor(p),
        });
      } catch (err) {
        return fail(err);
      }
      const location = res.headers.get("location");
      if (REDIRECT.has(res.status) && location !== null && redirectMode !== "manual") {
        await res.body?.cancel().catch(() => {});
        if (redirectMode === "error") throw new EgressError("network", url, `Redirect from ${originOf(url)} refused (redirect: "error")`);
        if (hop >= p.maxRedirects) throw new EgressError("too_many_redirects", url, `More than ${p.maxRedirects} redirects from ${originOf(inputUrl)}`);
        let next: URL;
        try {
          next = parseUrl(new URL(location, url));
        } catch (err) {
          throw err instanceof EgressError ? err : new EgressError("bad_url", url, "Redirect to an invalid URL");
        }
        if (res.status === 303 ? method !== "GET" && method !== "HEAD" : (res.status === 301 || res.status === 302) && method === "POST") {
          method = "GET";
          body = undefined;
          for (const h of BODY_HEADERS) headers.delete(h);
        }
        if (next.origin !== url.origin) for (const h of CREDENTIAL_HEADERS) headers.delete(h);
        url = next;
        continue;
      }

      const hasBody = !NULL_BODY.has(res.status) && method !== "HEAD" && res.body !== null;
      const declared = Number(res.headers.get("content-length") ?? NaN);
      if (hasBody && Number.isFinite(declared) && declared > p.maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new EgressError("too_large", url, `Response from ${originOf(url)} is ${declared} bytes, over the ${p.maxBytes}-byte cap`);
      }
      const out = new Response(hasBody ? cappedBody(res.body as ReadableStream<Uint8Array>) : null, {
        status: res.status,
        statusText: res.statusText,
        headers: new Headers([...res.headers]),
      });
      if (!hasBody) {
        await res.body?.cancel().catch(() => {});
        finish();
      }
      Object.defineProperty(out, "url", { value: url.href });
      Object.defineProperty(out, "redirected", { value: hop > 0 });
      return out;
    }
  } catch (err) {
    finish();
    throw ctrl.signal.aborted ? ctrl.signal.reason : err;
  }

  function cappedBody(src: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = src.getReader();
    let seen = 0;
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const { done, value } = await reader.read();
            if (done) {
              finish();
              controller.close();
              return;
            }
            seen += value.byteLength;
            if (seen > p.maxBytes) {
              const e = new EgressError("too_large", url, `Response from ${originOf(url)} is over the ${p.maxBytes}-byte cap`);
              finish();
              ctrl.abort(e);
              reader.cancel(e).catch(() => {});
              controller.error(e);
              return;
            }
            controller.enqueue(value);
          } catch (err) {
            finish();
            controller.error(ctrl.signal.aborted ? ctrl.signal.reason : (findEgressCause(err) ?? new EgressError("network", url, `Reading ${originOf(url)} failed: ${describe(err)}`, { cause: err })));
          }
        },
        cancel(reason) {
          finish();
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

/** Fetch and read the whole body within the cap. */
export async function egressFetchBytes(
  url: string | URL,
  init?: EgressInit,
): Promise<{ status: number; headers: Headers; body: Uint8Array; url: string }> {
  const res = await egressFetch(url, init);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return { status: res.status, headers: res.headers, body, url: res.url };
}

/** A `fetch` bound to these options (for libraries, e.g. the MCP SDK transports' `fetch` option). Per-call `egress` overrides them. */
export function createEgressFetch(opts?: EgressPolicyOptions): typeof fetch {
  return ((input: string | URL | Request, init?: EgressInit) => egressFetch(input, { ...init, egress: { ...opts, ...init?.egress } })) as typeof fetch;
}
