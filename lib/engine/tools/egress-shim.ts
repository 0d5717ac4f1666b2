// TEMPORARY stand-in for lib/http/egress.ts (the egress helper's module, same contract), so the
// tools can be written against it before it lands. Deleted at the merge; nothing else imports it
// except lib/engine/tools/egress.ts.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

export type EgressErrorCode = "bad_url" | "refused" | "dns" | "timeout" | "too_large" | "too_many_redirects" | "network";
export class EgressError extends Error {
  constructor(
    readonly code: EgressErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EgressError";
  }
}

export interface EgressOptions {
  allowLoopback?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  lookup?: (host: string) => Promise<string[]>;
}

const refused = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) refused.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["::", 128]] as const) refused.addSubnet(net, bits, "ipv6");
const loop = new BlockList();
loop.addSubnet("127.0.0.0", 8, "ipv4");
loop.addAddress("::1", "ipv6");

export async function checkEgressUrl(url: string | URL, opts: EgressOptions = {}): Promise<{ url: URL; addresses: string[] }> {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    throw new EgressError("bad_url", `not a valid URL: ${String(url).slice(0, 200)}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new EgressError("bad_url", `only http and https URLs are allowed, not ${u.protocol}`);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = opts.lookup ? await opts.lookup(host) : (await lookup(host, { all: true })).map((a) => a.address);
    } catch (e) {
      throw new EgressError("dns", `could not resolve ${host}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const a of addresses) {
    const fam: "ipv4" | "ipv6" = isIP(a) === 6 ? "ipv6" : "ipv4";
    const mapped = fam === "ipv6" && /^::ffff:/i.test(a) ? a.replace(/^::ffff:/i, "") : null;
    const [addr, f]: [string, "ipv4" | "ipv6"] = mapped && isIP(mapped) === 4 ? [mapped, "ipv4"] : [a, fam];
    if (loop.check(addr, f)) {
      if (!opts.allowLoopback) throw new EgressError("refused", `${host} resolves to a loopback address (${a}), which is refused`);
      continue;
    }
    if (refused.check(addr, f)) throw new EgressError("refused", `${host} resolves to ${a}, a private, link-local or reserved address, which is refused`);
  }
  return { url: u, addresses };
}

export async function egressFetch(input: string | URL | Request, init: RequestInit & { egress?: EgressOptions } = {}): Promise<Response> {
  const { egress: opts = {}, ...rest } = init;
  const max = opts.maxRedirects ?? 5;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
  const signal = rest.signal ? AbortSignal.any([rest.signal, timeout]) : timeout;
  let url = input instanceof Request ? input.url : String(input);
  const base = input instanceof Request ? { method: input.method, headers: input.headers, body: input.body, duplex: "half" } : {};
  for (let hop = 0; ; hop++) {
    await checkEgressUrl(url, opts);
    let res: Response;
    try {
      res = await fetch(url, { ...base, ...rest, signal, redirect: "manual" } as RequestInit);
    } catch (e) {
      if (timeout.aborted) throw new EgressError("timeout", `no answer from ${new URL(url).host} within ${opts.timeoutMs ?? 15_000} ms`);
      if (rest.signal?.aborted) throw e;
      throw new EgressError("network", `could not reach ${new URL(url).host}: ${e instanceof Error ? (e.cause as Error | undefined)?.message ?? e.message : String(e)}`);
    }
    const loc = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && loc) {
      if (hop >= max) throw new EgressError("too_many_redirects", `more than ${max} redirects`);
      url = new URL(loc, url).toString();
      continue;
    }
    if (opts.maxBytes !== undefined) {
      const len = Number(res.headers.get("content-length") ?? NaN);
      if (len > opts.maxBytes) throw new EgressError("too_large", `the response is ${len} bytes, over the limit of ${opts.maxBytes}`);
    }
    return res;
  }
}

export async function egressFetchBytes(url: string, init: RequestInit & { egress?: EgressOptions } = {}) {
  const res = await egressFetch(url, init);
  const max = init.egress?.maxBytes ?? 10 * 1024 * 1024;
  const chunks: Uint8Array[] = [];
  let n = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const r = await reader.read();
    if (r.done) break;
    n += r.value.byteLength;
    if (n > max) {
      void reader.cancel();
      throw new EgressError("too_large", `the response is over the limit of ${max} bytes`);
    }
    chunks.push(r.value);
  }
  return { status: res.status, headers: res.headers, body: Buffer.concat(chunks), url: res.url || url };
}

export function createEgressFetch(opts: EgressOptions = {}): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => egressFetch(input, { ...init, egress: opts })) as typeof fetch;
}
