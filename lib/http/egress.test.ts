import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEgressUrl, classifyAddress, createEgressFetch, EgressError, egressFetch, egressFetchBytes, type EgressErrorCode } from "./egress";

async function codeOf(p: Promise<unknown>): Promise<EgressErrorCode | string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return err instanceof EgressError ? err.code : `not an EgressError: ${String(err)}`;
  }
}

const fakeDns =
  (table: Record<string, string[]>) =>
  async (host: string): Promise<{ address: string; family: 4 | 6 }[]> => {
    const list = table[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["fd00:0ec2:0000::0254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["::ffff:169.254.169.254", "metadata"],
    ["169.254.1.1", "link_local"],
    ["fe80::1", "link_local"],
    ["febf::1", "link_local"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["2002:0a00:0001::1", "private"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["::a9fe:a9fe", "reserved"],
    ["172.32.0.1", "public"],
    ["8.8.8.8", "public"],
    ["2606:4700:4700::1111", "public"],
    ["not-an-ip", "invalid"],
    ["999.1.1.1", "invalid"],
  ])("%s → %s", (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });
});

describe("checkEgressUrl", () => {
  const lookup = fakeDns({
    "meta.example": ["169.254.169.254"],
    "lan.example": ["10.0.0.5"],
    "mixed.example": ["93.184.216.34", "10.0.0.5"],
    "public.example": ["93.184.216.34", "2606:2800:220:1::1"],
    "v6meta.example": ["fd00:ec2::254"],
  });

  it("refuses the metadata address and names, whatever the policy", async () => {
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.google.internal./", "http://metadata/", "http://[fd00:ec2::254]/", "http://[::ffff:a9fe:a9fe]/"])
      expect(await codeOf(checkEgressUrl(url, { allowPrivate: true, lookup })), url).toBe("refused");
  });

  it("refuses a DNS name that resolves to a refused address; allowPrivate opens 10.x but never metadata", async () => {
    expect(await codeOf(checkEgressUrl("http://meta.example/", { lookup }))).toBe("refused");
    expect(await codeOf(checkEgressUrl("http://meta.example/", { lookup, allowPrivate: true }))).toBe("refused");
    expect(await codeOf(checkEgressUrl("http://v6meta.example/", { lookup, allowPrivate: true }))).toBe("refused");
    expect(await codeOf(checkEgressUrl("http://lan.example/", { lookup, allowPrivate: false }))).toBe("refused");
    expect(await codeOf(checkEgressUrl("http://mixed.example/", { lookup, allowPrivate: false }))).toBe("refused");
    await expect(checkEgressUrl("http://lan.example/x", { lookup, allowPrivate: true })).resolves.toMatchObject({ addresses: ["10.0.0.5"] });
    await expect(checkEgressUrl("https://public.example/", { lookup })).resolves.toMatchObject({ addresses: ["93.184.216.34", "2606:2800:220:1::1"] });
  });

  it("says why, naming the address but not the path or credentials", async () => {
    const err = await checkEgressUrl("http://meta.example/secret?token=abc", { lookup }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EgressError);
    expect((err as Error).message).toMatch(/meta\.example resolves to 169\.254\.169\.254.*metadata/);
    expect((err as Error).message).not.toMatch(/token|secret/);
  });

  it("reads ENGINE_ALLOW_PRIVATE_EGRESS when allowPrivate is not given", async () => {
    const before = process.env.ENGINE_ALLOW_PRIVATE_EGRESS;
    try {
      process.env.ENGINE_ALLOW_PRIVATE_EGRESS = "1";
      expect(await codeOf(checkEgressUrl("http://10.1.2.3/"))).toBe("ok");
      expect(await codeOf(checkEgressUrl("http://169.254.169.254/"))).toBe("refused");
      process.env.ENGINE_ALLOW_PRIVATE_EGRESS = "";
      expect(await codeOf(checkEgressUrl("http://10.1.2.3/"))).toBe("refused");
    } finally {
      if (before === undefined) delete process.env.ENGINE_ALLOW_PRIVATE_EGRESS;
      else process.env.ENGINE_ALLOW_PRIVATE_EGRESS = before;
    }
  });

  it("allows loopback unless allowLoopback is false; refuses 0.0.0.0", async () => {
    expect(await codeOf(checkEgressUrl("http://127.0.0.1:9/"))).toBe("ok");
    expect(await codeOf(checkEgressUrl("http://[::1]:9/"))).toBe("ok");
    expect(await codeOf(checkEgressUrl("http://0x7f.1/"))).toBe("ok"); // WHATWG URL normalises to 127.0.0.1
    expect(await codeOf(checkEgressUrl("http://127.0.0.1/", { allowLoopback: false }))).toBe("refused");
    expect(await codeOf(checkEgressUrl("http://0.0.0.0:80/"))).toBe("refused");
    expect(await codeOf(checkEgressUrl("http://[::]/"))).toBe("refused");
  });

  it("bad_url for other schemes, garbage and credentials; dns for unknown names", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1/", "javascript:alert(1)", "not a url", "http://user:pw@127.0.0.1/"])
      expect(await codeOf(checkEgressUrl(url)), url).toBe("bad_url");
    expect(await codeOf(checkEgressUrl("http://nope.example/", { lookup }))).toBe("dns");
  });
});

describe("egressFetch against loopback servers", () => {
  let base = "";
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x");
      if (u.pathname === "/hello") {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end(`hello ${req.method} ${body}`);
        });
      } else if (u.pathname === "/to-metadata") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
        res.end();
      } else if (u.pathname === "/to-hello") {
        res.writeHead(303, { location: "/hello" });
        res.end();
      } else if (u.pathname === "/loop") {
        res.writeHead(302, { location: `/loop?n=${Number(u.searchParams.get("n") ?? 0) + 1}` });
        res.end();
      } else if (u.pathname === "/huge") {
        // 100 MB, streamed in 64 KiB chunks, no content-length: must be cut without buffering it all.
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        res.writeHead(200, { "content-type": "application/octet-stream" });
        const pump = () => {
          while (sent < 100 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        res.on("close", () => (sent = Infinity));
        pump();
      } else if (u.pathname === "/declared-huge") {
        res.writeHead(200, { "content-length": String(50 * 1024 * 1024) });
        res.write("x");
      } else if (u.pathname === "/echo-headers") {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) });
        if (req.method === "HEAD") return void res.end();
        res.end(JSON.stringify(req.headers));
      } else if (u.pathname === "/silent") {
        // never answers
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("fetches a loopback server and returns a real Response", async () => {
    const res = await egressFetch(`${base}/hello`, { method: "POST", body: "ping" });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("hello POST ping");
    expect(res.url).toBe(`${base}/hello`);
  });

  it("follows a redirect on loopback (303 → GET) and reports the final url", async () => {
    const res = await egressFetch(`${base}/to-hello`, { method: "POST", body: "dropped" });
    expect(await res.text()).toBe("hello GET ");
    expect(res.redirected).toBe(true);
    expect(res.url).toBe(`${base}/hello`);
  });

  it("refuses a redirect hop to 169.254.169.254", async () => {
    const err = await egressFetch(`${base}/to-metadata`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EgressError);
    expect((err as EgressError).code).toBe("refused");
    expect((err as EgressError).url).toBe("http://169.254.169.254/latest/meta-data/");
  });

  it("redirect: manual hands back the 3xx without checking the target", async () => {
    const res = await egressFetch(`${base}/to-metadata`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://169.254.169.254/latest/meta-data/");
  });

  it("a redirect loop ends in too_many_redirects", async () => {
    expect(await codeOf(egressFetch(`${base}/loop`, { egress: { maxRedirects: 3 } }))).toBe("too_many_redirects");
  });

  it("cuts a 100 MB streamed body at the cap without buffering it", async () => {
    const t0 = Date.now();
    expect(await codeOf(egressFetchBytes(`${base}/huge`, { egress: { maxBytes: 1024 * 1024 } }))).toBe("too_large");
    expect(Date.now() - t0).toBeLessThan(2_000);
    // Through the stream API too: the body errors with too_large.
    const res = await egressFetch(`${base}/huge`, { egress: { maxBytes: 256 * 1024 } });
    expect(await codeOf(res.arrayBuffer())).toBe("too_large");
  });

  it("refuses a declared Content-Length over the cap before reading", async () => {
    expect(await codeOf(egressFetch(`${base}/declared-huge`, { egress: { maxBytes: 1024 } }))).toBe("too_large");
  });

  it("takes a Request as input; HEAD with a large declared length is not too_large", async () => {
    const res = await egressFetch(new Request(`${base}/hello`, { method: "PUT", body: "from a Request", headers: { "x-mcp": "1" } }));
    expect(await res.text()).toBe("hello PUT from a Request");
    const head = await egressFetch(`${base}/echo-headers`, { method: "HEAD", egress: { maxBytes: 10 } });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it("times out a server that never answers", async () => {
    const t0 = Date.now();
    expect(await codeOf(egressFetch(`${base}/silent`, { egress: { timeoutMs: 300 } }))).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(1_500);
  });

  it("a caller's abort rejects with the caller's reason", async () => {
    const ctrl = new AbortController();
    const p = egressFetch(`${base}/silent`, { signal: ctrl.signal });
    const reason = new Error("caller gave up");
    setTimeout(() => ctrl.abort(reason), 50);
    await expect(p).rejects.toBe(reason);
  });

  it("bad_url for non-http schemes; refused for loopback when allowLoopback is false", async () => {
    expect(await codeOf(egressFetch("file:///etc/passwd"))).toBe("bad_url");
    expect(await codeOf(egressFetch(`${base}/hello`, { egress: { allowLoopback: false } }))).toBe("refused");
  });

  it("pins the checked address at connect time: a name that rebinds to metadata is refused", async () => {
    // First answer (the pre-check) is loopback, every later one is the metadata address.
    let calls = 0;
    const rebinding = async () => [{ address: calls++ === 0 ? "127.0.0.1" : "169.254.169.254", family: 4 as const }];
    const port = new URL(base).port;
    const err = await egressFetch(`http://rebind.test:${port}/hello`, { egress: { lookup: rebinding } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EgressError);
    expect((err as EgressError).code).toBe("refused");
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it("a name resolving to loopback via the injected lookup is fetched; createEgressFetch binds options", async () => {
    const port = new URL(base).port;
    const f = createEgressFetch({ lookup: fakeDns({ "mcp.test": ["127.0.0.1"] }) });
    const res = await f(`http://mcp.test:${port}/hello`);
    expect(await res.text()).toBe("hello GET ");
    expect(await codeOf(createEgressFetch({ allowLoopback: false })(`${base}/hello`))).toBe("refused");
  });
});
