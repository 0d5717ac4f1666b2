// npm run bench:web — how heavy the first page is (a benchmark, not a test: it prints figures and
// fails only if the page cannot be loaded). In one run it starts the production app (`next start`
// on a free port; runs `next build` first when .next/BUILD_ID is missing, or always with
// BENCH_BUILD=1), opens `/` in Chromium (/usr/bin/chromium or CHROMIUM_PATH, through the
// playwright-core API, with the flags of playwright.config.ts, both from e2e/support/chromium.ts)
// at 1280×800, waits until the network has been idle for 5 s, and prints every JavaScript file the page loaded: bytes on the wire (CDP
// `encodedDataLength`: headers + compressed body as transferred) and decoded, the largest chunks,
// the total against the 250 KiB goal as a ratio, and whether any Monaco code was among them.
// Options (env): BENCH_IDLE_MS (default 5000), BENCH_PORT (default: a free port), BENCH_PATH (default /).
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium";
import { startApp, writeFigures } from "./support";

const ROOT = process.cwd();
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000);
const PAGE_PATH = process.env.BENCH_PATH ?? "/";
const GOAL_BYTES = 250 * 1024;
/** String literals only Monaco's own code holds (service ids of the editor core). */
const MONACO_MARKERS = ["codeEditorService", "editorWorkerService"];

const kib = (n: number) => `${(n / 1024).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} KiB`;

interface Req {
  url: string;
  type: string;
  status: number;
  encoding: string;
  /** bytes on the wire: headers + body as transferred */
  wire: number;
  /** decoded body bytes */
  decoded: number;
  monaco: boolean;
}

async function measure(base: string): Promise<{ js: Req[]; all: Req[]; finalUrl: string }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const reqs = new Map<string, Req>();
    const inflight = new Set<string>();
    const bodies: Promise<void>[] = [];
    let lastActivity = Date.now();
    cdp.on("Network.requestWillBeSent", (e) => {
      inflight.add(e.requestId);
      lastActivity = Date.now();
      if (!reqs.has(e.requestId)) reqs.set(e.requestId, { url: e.request.url, type: e.type ?? "Other", status: 0, encoding: "", wire: 0, decoded: 0, monaco: false });
    });
    cdp.on("Network.responseReceived", (e) => {
      const r = reqs.get(e.requestId);
      if (!r) return;
      r.type = e.type;
      r.status = e.response.status;
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      r.encoding = h["content-encoding"] ?? "identity";
    });
    cdp.on("Network.loadingFinished", (e) => {
      inflight.delete(e.requestId);
      lastActivity = Date.now();
      const r = reqs.get(e.requestId);
      if (!r) return;
      r.wire = e.encodedDataLength;
      if (r.type === "Script") {
        bodies.push(
          cdp
            .send("Network.getResponseBody", { requestId: e.requestId })
            .then((b) => {
              const text = b.base64Encoded ? Buffer.from(b.body, "base64").toString("utf8") : b.body;
              r.decoded = Buffer.byteLength(text);
              r.monaco = MONACO_MARKERS.some((m) => text.includes(m));
            })
            .catch(() => undefined),
        );
      }
    });
    cdp.on("Network.loadingFailed", (e) => {
      inflight.delete(e.requestId);
      lastActivity = Date.now();
    });
    await page.goto(base + PAGE_PATH, { waitUntil: "load" });
    // Network idle: nothing in flight for IDLE_MS (an open SSE stream would never count as idle).
    const t0 = Date.now();
    while (!(inflight.size === 0 && Date.now() - lastActivity >= IDLE_MS)) {
      if (Date.now() - t0 > 60_000) throw new Error(`network not idle after 60 s (${inflight.size} requests in flight)`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(bodies);
    const all = [...reqs.values()];
    return { js: all.filter((r) => r.type === "Script"), all, finalUrl: page.url() };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const app = await startApp(ROOT, { name: "web", forceBuild: process.env.BENCH_BUILD === "1" });
  const { base, child } = app;
  try {
    const { js, all, finalUrl } = await measure(base);
    const wire = js.reduce((a, r) => a + r.wire, 0);
    const decoded = js.reduce((a, r) => a + r.decoded, 0);
    const short = (u: string) => u.replace(base, "");
    console.log(`next start (pid ${child.pid}) on ${base}; loaded ${PAGE_PATH} → ${short(finalUrl)} at 1280×800, network idle ${IDLE_MS} ms`);
    console.log(`${all.length} requests, ${js.length} JavaScript files\n`);
    console.log("on the wire | decoded     | encoding | file (largest first)");
    console.log("------------|-------------|----------|---------------------");
    for (const r of [...js].sort((a, b) => b.wire - a.wire)) {
      console.log(`${kib(r.wire).padStart(11)} | ${kib(r.decoded).padStart(11)} | ${r.encoding.padEnd(8)} | ${short(r.url)}${r.monaco ? "  ← MONACO" : ""}`);
    }
    const failing = all.filter((r) => r.status >= 400);
    console.log("");
    console.log(`first-load JS on the wire: ${kib(wire)} (decoded ${kib(decoded)})`);
    console.log(`goal ≤ 250 KiB on the wire: ${(wire / GOAL_BYTES).toFixed(2)}× of the goal — ${wire <= GOAL_BYTES ? "met" : "NOT met"}`);
    const monaco = js.filter((r) => r.monaco);
    console.log(`Monaco among them: ${monaco.length ? `YES (${monaco.map((r) => short(r.url)).join(", ")})` : "no"}`);
    if (failing.length) console.log(`failing requests: ${failing.map((r) => `${r.status} ${short(r.url)}`).join(", ")}`);
    writeFigures(ROOT, "web", { path: PAGE_PATH, idleMs: IDLE_MS, wire, decoded, goal: GOAL_BYTES, js, requests: all });
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
