// url_context for real: pages served on loopback by the test, read through the egress policy;
// refused addresses come back "unsafe", every other failure "error" with a reason.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Interaction, Step } from "@/lib/interactions/types";
import { createEngine, type Engine } from "../engine";
import { call } from "../testing";
import { MAX_URLS, readUrl, urlsInText } from "./url-context";
import { startPageServer, type TestServer } from "./test-servers";

const ARTICLE = `<!doctype html><html><head><title>Tide tables of Porto</title><style>p{color:red}</style></head>
<body><nav>Home | About | Login</nav><article><h1>Tide tables of Porto</h1>
<p>The high tide in Porto on Monday is at 06:42, reaching 3.1 metres above chart datum.</p>
<p>The low tide follows at 12:55. Harbour pilots recommend entering the Douro bar on the rising tide.</p></article>
<script>window.secret = "do not read me"</script></body></html>`;

let pages: TestServer;
let engine: Engine;
beforeAll(async () => {
  pages = await startPageServer({
    "/tides": (_q, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(ARTICLE),
    "/notes.txt": (_q, res) => res.writeHead(200, { "content-type": "text/plain" }).end("Plain notes: bring a raincoat."),
    "/loop": (_q, res) => res.writeHead(302, { location: "/loop" }).end(),
    "/to-metadata": (_q, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
    "/huge": (_q, res) => {
      // 100 MB without a length: the reader must stop at its cap, not buffer it all.
      res.writeHead(200, { "content-type": "text/html" });
      const block = Buffer.alloc(1024 * 1024, "a");
      let sent = 0;
      const pump = () => {
        while (sent < 100 && !res.destroyed) {
          sent++;
          if (!res.write(block)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    },
    "/declared-huge": (_q, res) => res.writeHead(200, { "content-type": "text/html", "content-length": String(100 * 1024 * 1024) }).end(),
    "/missing": (_q, res) => res.writeHead(404, { "content-type": "text/plain" }).end("nope"),
    "/image.png": (_q, res) => res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50])),
  });
});
afterAll(() => pages.close());
beforeEach(() => {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
});
afterEach(() => engine.close());

const steps = (i: Interaction, type: string) => i.steps.filter((s: Step) => s.type === type);

describe("readUrl", () => {
  it("extracts the readable text of an HTML page (no scripts, no styles)", async () => {
    const r = await readUrl(`${pages.url}/tides`);
    expect(r).toMatchObject({ status: "success", title: "Tide tables of Porto" });
    expect(r.text).toContain("The high tide in Porto on Monday is at 06:42");
    expect(r.text).not.toContain("do not read me");
    expect(r.text).not.toContain("color:red");
    expect(await readUrl(`${pages.url}/notes.txt`)).toMatchObject({ status: "success", text: "Plain notes: bring a raincoat." });
  });

  it("refuses cloud metadata, directly, by redirect and by a DNS name resolving to it", async () => {
    expect(await readUrl("http://169.254.169.254/latest/meta-data/")).toMatchObject({ status: "unsafe", reason: expect.stringMatching(/169\.254\.169\.254/) });
    expect(await readUrl(`${pages.url}/to-metadata`)).toMatchObject({ status: "unsafe" });
    const viaDns = await readUrl("http://metadata.test.invalid/", { egress: { allowLoopback: true, lookup: async () => [{ address: "169.254.169.254", family: 4 as const }] } });
    expect(viaDns).toMatchObject({ status: "unsafe", reason: expect.stringMatching(/169\.254\.169\.254/) });
    expect(await readUrl("http://10.1.2.3/")).toMatchObject({ status: "unsafe" });
  });

  it("gives error with a reason: redirect loop, 100 MB page, HTTP 404, unsupported type", async () => {
    expect(await readUrl(`${pages.url}/loop`)).toMatchObject({ status: "error", reason: expect.stringMatching(/redirect/) });
    const t0 = Date.now();
    expect(await readUrl(`${pages.url}/huge`)).toMatchObject({ status: "error", reason: expect.stringMatching(/cap|limit|large/) });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await readUrl(`${pages.url}/declared-huge`)).toMatchObject({ status: "error", reason: expect.stringMatching(/cap|limit|large/) });
    expect(await readUrl(`${pages.url}/missing`)).toMatchObject({ status: "error", reason: "the server answered HTTP 404" });
    expect(await readUrl(`${pages.url}/image.png`)).toMatchObject({ status: "error", reason: expect.stringMatching(/unsupported content type image\/png/) });
  });

  it("ENGINE_TOOLS_ALLOW_LOOPBACK=0 refuses loopback pages", async () => {
    process.env.ENGINE_TOOLS_ALLOW_LOOPBACK = "0";
    try {
      expect(await readUrl(`${pages.url}/tides`)).toMatchObject({ status: "unsafe" });
    } finally {
      delete process.env.ENGINE_TOOLS_ALLOW_LOOPBACK;
    }
    expect(await readUrl(`${pages.url}/tides`)).toMatchObject({ status: "success" });
  });

  it("finds URLs in text", () => {
    expect(urlsInText("See https://a.example/x, and (http://b.example/y). Again https://a.example/x.")).toEqual(["https://a.example/x", "http://b.example/y"]);
  });
});

describe("url_context on the engine", () => {
  const create = (input: string) => call(engine, "POST", "/v1beta/interactions", { body: { model: "gemini-3.5-flash", input, tools: [{ type: "url_context" }] } });

  it("reads the page the input names; the answer uses what was read", async () => {
    const res = await create(`When is high tide? See ${pages.url}/tides and ${pages.url}/to-metadata`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Interaction;
    const [c] = steps(body, "url_context_call");
    const [r] = steps(body, "url_context_result");
    expect(c).toMatchObject({ arguments: { urls: [`${pages.url}/tides`, `${pages.url}/to-metadata`] } });
    expect(r).toMatchObject({
      call_id: c!.id,
      result: [
        { url: `${pages.url}/tides`, status: "success" },
        { url: `${pages.url}/to-metadata`, status: "unsafe", reason: expect.stringMatching(/[Rr]efused/) },
      ],
    });
    const text = JSON.stringify(steps(body, "model_output"));
    expect(text).toContain("06:42");
    expect(text).not.toMatch(/can't answer/);
  });

  it("1,000 URLs: reads the first 20 and says the rest were not fetched", async () => {
    const urls = Array.from({ length: 1000 }, (_, i) => `${pages.url}/notes.txt?n=${i}`);
    const before = pages.requests.length;
    const res = await create(`Summarise ${urls.join(" ")}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Interaction;
    const [r] = steps(body, "url_context_result");
    expect((r!.result as unknown[]).length).toBe(MAX_URLS);
    expect(r!.is_error).toBe(true);
    expect(pages.requests.length - before).toBe(MAX_URLS);
    expect(JSON.stringify(body.steps)).toContain("the other 980 were not fetched");
  });

  it("is not called when the input names no URL", async () => {
    const body = (await (await create("What's 2 + 2?")).json()) as Interaction;
    expect(steps(body, "url_context_call")).toEqual([]);
  });
});
