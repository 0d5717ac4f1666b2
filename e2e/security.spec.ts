// The key stays on the server, and the API refuses cross-site and rebinding requests.
// The app was built and started with GEMINI_API_KEY = the canary (package.json test:e2e and
// playwright.config.ts); the `seen` fixture already fails any test whose page saw the canary.
// Named to sort last: the server-log check below then also covers every earlier spec's traffic.
import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { CANARY_KEY } from "./support/canary";
import { APP_URL, SERVER_LOG, STAND_IN_URL } from "./support/env";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

interface StandInRequest {
  method: string;
  path: string;
  api_key: string | null;
  session_header: string | null;
  body: unknown;
}

async function standInRequests(): Promise<StandInRequest[]> {
  const res = await fetch(`${STAND_IN_URL}/__stand-in/requests`);
  return ((await res.json()) as { requests: StandInRequest[] }).requests;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** POST through node:http so the Host header is exactly what we say (fetch would override it). */
function rawPost(urlPath: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const u = new URL(APP_URL);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: urlPath, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (data += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const CREATE_PATH = "/api/backends/local/v1beta/interactions";
const CREATE_BODY = JSON.stringify({ model: "gemini-3.5-flash", input: "Say hello.", store: false });

test.describe("security", () => {
  test("a foreign Origin and a foreign Host get 403; the app's own pass", async ({ request }) => {
    const evil = await request.post(CREATE_PATH, { headers: { Origin: "http://evil.example", "content-type": "application/json" }, data: CREATE_BODY });
    expect(evil.status()).toBe(403);
    expect(((await evil.json()) as { error?: { code?: string } }).error?.code).toBeTruthy();

    const own = await request.post(CREATE_PATH, { headers: { Origin: APP_URL, "content-type": "application/json" }, data: CREATE_BODY });
    expect(own.status(), await own.text()).toBe(200);

    const rebound = await rawPost(CREATE_PATH, { host: "evil.example" }, CREATE_BODY);
    expect(rebound.status).toBe(403);
    const reboundPort = await rawPost(CREATE_PATH, { host: `evil.example:${new URL(APP_URL).port}` }, CREATE_BODY);
    expect(reboundPort.status).toBe(403);

    // Positive control for the raw client: the app's own Host, no Origin (like the Node SDK or curl).
    const plain = await rawPost(CREATE_PATH, { host: new URL(APP_URL).host }, CREATE_BODY);
    expect(plain.status, plain.body).toBe(200);

    // The guard covers the engine mount and the record too.
    const engine = await request.post("/engine/v1beta/interactions", { headers: { Origin: "http://evil.example", "content-type": "application/json" }, data: CREATE_BODY });
    expect(engine.status()).toBe(403);
    const sessions = await request.get("/api/sessions", { headers: { Origin: "http://evil.example" } });
    expect(sessions.status()).toBe(403);
  });

  test("the gemini backend reaches the stand-in with the key injected; the browser never sees it", async ({ page, seen }) => {
    const pg = new Playground(page);
    await pg.goto();
    const before = (await standInRequests()).length;

    // From the page, as the browser SDK would call it, sending a key of its own (must be dropped).
    const result = await page.evaluate(async () => {
      const send = async (stream: boolean) => {
        const res = await fetch("/api/backends/gemini/v1beta/interactions", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: stream ? "text/event-stream" : "application/json",
            "x-goog-api-key": "browser-sent-key",
            "x-playground-session": "e2e-security-session",
          },
          body: JSON.stringify({ model: "gemini-3.5-flash", input: `ping from the e2e page (stream=${stream})`, stream }),
        });
        return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
      };
      return { json: await send(false), sse: await send(true) };
    });

    expect(result.json.status, result.json.text).toBe(200);
    expect(result.json.type).toContain("application/json");
    expect(result.json.text).toContain("Stand-in Gemini heard: ping from the e2e page (stream=false)");
    expect(result.sse.status, result.sse.text).toBe(200);
    expect(result.sse.type).toContain("text/event-stream");
    expect(result.sse.text).toContain('"event_type":"interaction.completed"');
    expect(result.sse.text).toContain("data: [DONE]");
    for (const r of [result.json, result.sse]) expect(r.text).not.toContain(CANARY_KEY);

    const upstream = (await standInRequests()).slice(before).filter((r) => r.method === "POST" && r.path === "/v1beta/interactions");
    expect(upstream).toHaveLength(2);
    for (const r of upstream) {
      expect(r.api_key, "the key the proxy injected upstream").toBe(CANARY_KEY);
      expect(r.session_header, "x-playground-session is stripped before upstream").toBeNull();
    }

    // Settings shows the key masked, never whole.
    const settings = await page.evaluate(async () => (await fetch("/api/settings")).json());
    expect(settings).toMatchObject({ gemini: { configured: true, source: "env" } });
    expect(JSON.stringify(settings)).not.toContain(CANARY_KEY);

    // The recorder filed both turns; their records hold no key either.
    const turns = await page.evaluate(async () => (await fetch("/api/sessions/e2e-security-session")).text());
    expect(turns).toContain("ping from the e2e page");
    expect(turns).not.toContain(CANARY_KEY);

    // And as a user: switch the Backend to Gemini and send a prompt through the browser SDK.
    await pg.backend.selectOption({ label: "Gemini API" });
    const prompt = "Hello from the e2e user";
    await pg.ask(prompt);
    await pg.expectStatus(1, "completed");
    await expect(pg.output(1)).toContainText(`Stand-in Gemini heard: ${prompt}`);
    const viaUi = (await standInRequests()).filter((r) => r.method === "POST" && JSON.stringify(r.body).includes(prompt));
    expect(viaUi).toHaveLength(1);
    expect(viaUi[0]?.api_key).toBe(CANARY_KEY);
    expect(viaUi[0]?.session_header).toBeNull();

    // `seen` re-checks every response after the test; make sure it actually captured these.
    await seen.settle();
    const captured = seen.responses.filter((r) => r.url.includes("/api/backends/gemini/"));
    expect(captured.length).toBeGreaterThanOrEqual(2);
    expect(captured.some((r) => r.body?.includes("Stand-in Gemini heard"))).toBe(true);
    const fetched = await seen.fetchBodies();
    expect(fetched.some((f) => f.text.includes("data: [DONE]"))).toBe(true);
  });

  test("no file under .next/static (or prerendered output) holds the canary", () => {
    const root = path.resolve(".next");
    const staticFiles = walk(path.join(root, "static"));
    const served = walk(path.join(root, "server", "app")).filter((f) => /\.(html|rsc|body|meta|json)$/.test(f));
    const files = [...staticFiles, ...served];
    // Positive control: the scan reads the real client bundles.
    expect(staticFiles.length).toBeGreaterThan(20);
    expect(files.some((f) => readFileSync(f).includes("/api/backends"))).toBe(true);
    const hits = files.filter((f) => readFileSync(f).includes(CANARY_KEY));
    expect(hits).toEqual([]);
  });

  test("no server log line holds the canary", async ({ page }) => {
    // Drive one more turn through each backend so the log covers them even if run alone.
    await page.goto("/");
    await page.evaluate(async () => {
      for (const backend of ["local", "gemini"]) {
        await fetch(`/api/backends/${backend}/v1beta/interactions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "gemini-3.5-flash", input: "log check", stream: true }),
        }).then((r) => r.text());
      }
      // An error path too: unknown backend and a bad body.
      await fetch("/api/backends/nope/v1beta/interactions", { method: "POST", body: "{}" });
      await fetch("/api/backends/gemini/v1beta/interactions", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    });
    const log = readFileSync(SERVER_LOG, "utf8");
    // Positive control: this is the app server's output.
    expect(log).toMatch(/Ready|Next\.js/);
    const lines = log.split("\n").filter((l) => l.includes(CANARY_KEY));
    expect(lines).toEqual([]);
  });
});
