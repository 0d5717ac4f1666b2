// Bad request paths against the real server (`next start`, with the root proxy.ts and Next's own
// router in front of the handlers): undecodable percent-encoding, NUL, over-long ids and seeded
// random byte strings on every id-bearing route of the engine (/engine/…), the proxy
// (/api/backends/{backend}/…) and the app API (/api/sessions/…, /api/record/…). 0 responses ≥ 500,
// every error in the envelope, refused segments (undecodable, NUL, dot, over-long) exactly 400. The table is lib/http/path-fuzz.ts
// (the handler-level twin is lib/http/path-fuzz.test.ts). No browser: raw node:http requests, so
// the path goes on the request line exactly as written.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { APP_ROUTES, BAD_SEGMENTS, ENGINE_ROUTES, PROXY_ROUTES, fill, isDecodable, randomSegments, type FuzzRoute } from "../lib/http/path-fuzz";
import { APP_URL } from "./support/env";

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(method: string, path: string, body?: unknown): Promise<{ status: number; type: string; text: string; allow?: string }> {
  const u = new URL(APP_URL);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        agent,
        headers: { "content-type": "application/json", ...(payload ? { "content-length": Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
          // A stream that started (a 200 SSE) is not what we look at: stop reading it.
          if (text.length > 4096) res.destroy();
        });
        const done = () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text, allow: res.headers.allow });
        res.on("end", done);
        res.on("close", done);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout: ${method} ${path.slice(0, 100)}`)));
    req.on("error", reject);
    req.end(payload);
  });
}

const ROUTES: FuzzRoute[] = [...ENGINE_ROUTES.map((r) => ({ ...r, path: `/engine${r.path}` })), ...PROXY_ROUTES, ...APP_ROUTES];
const SEED = 0x5eed6;

test.describe("no 500 on bad paths (next start)", () => {
  test.afterAll(() => agent.destroy());

  test("bad segments and seeded random byte strings × every id-bearing route", async () => {
    test.setTimeout(60_000);
    const cases: { route: FuzzRoute; seg: string; refused: boolean }[] = [];
    for (const route of ROUTES) {
      for (const b of BAD_SEGMENTS) cases.push({ route, seg: b.seg, refused: b.refused });
      for (const s of randomSegments(SEED, 16)) cases.push({ route, seg: s, refused: !isDecodable(s) });
    }
    const failures: string[] = [];
    let errors = 0;
    // A few at a time: quick, and still in a fixed order.
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async ({ route, seg, refused }) => {
          const path = fill(route, seg);
          const r = await send(route.method, path, route.body);
          const where = `${route.method} ${path.slice(0, 100)} → ${r.status} ${r.text.slice(0, 120)}`;
          if (r.status >= 500) failures.push(`5xx: ${where}`);
          if (refused && r.status !== 400) failures.push(`not 400: ${where}`);
          // A URL parser resolves encoded dot segments: `/engine/%2e%2e/x` *is* `/x` (what fetch or a
          // browser would send), outside /api and /engine — only "no 5xx" applies there.
          const resolved = new URL(path, APP_URL).pathname;
          if (r.status >= 400 && /^\/(api|engine)(\/|$)/.test(resolved)) {
            errors++;
            let ok = /^application\/json/.test(r.type);
            try {
              const e = (JSON.parse(r.text) as { error?: { code?: unknown; message?: unknown; status?: unknown } }).error;
              ok &&= typeof e?.code === "string" && typeof e?.message === "string" && (route.upstream || typeof e?.status === "string");
            } catch {
              ok = false;
            }
            if (!ok) failures.push(`not the envelope: ${where}`);
          }
        }),
      );
    }
    console.log(`fuzz: ${cases.length} requests, ${errors} errors, all checked; seed ${SEED}`);
    expect(failures, failures.slice(0, 10).join("\n")).toEqual([]);
  });

  test("the proxy never reaches the engine's control plane; unknown /api paths are JSON 404", async () => {
    for (const [method, path] of [
      ["GET", "/api/backends/local/admin/health"],
      ["GET", "/api/backends/local/admin/export"],
      ["POST", "/api/backends/local/admin/reset"],
      ["GET", "/api/nope"],
      ["POST", "/api/sessions/abc/turns"],
      ["GET", "/api/backends/local"],
    ] as const) {
      const r = await send(method, path, method === "POST" ? {} : undefined);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.type).toMatch(/^application\/json/);
      expect((JSON.parse(r.text) as { error: { status: string } }).error.status).toBe("NOT_FOUND");
    }
    // The engine's own mount still serves its control plane.
    expect((await send("GET", "/engine/admin/health")).status).toBe(200);
  });

  test("a method a route does not implement is a JSON 405 with Allow; OPTIONS names the same methods", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/api/sessions", "GET, HEAD, POST, OPTIONS"],
      ["POST", "/api/sessions/abc", "GET, HEAD, PATCH, DELETE, OPTIONS"],
      ["DELETE", "/api/health", "GET, HEAD, OPTIONS"],
      ["PATCH", "/api/record/interactions/int_x", "GET, HEAD, OPTIONS"],
      ["GET", "/api/jobs/track", "POST, OPTIONS"],
      ["POST", "/api/settings", "GET, HEAD, PUT, OPTIONS"],
    ] as const) {
      const r = await send(method, path, method === "GET" ? undefined : {});
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.type).toMatch(/^application\/json/);
      expect(r.allow, `${method} ${path}`).toBe(allow);
      const body = JSON.parse(r.text) as { error: { code: string; status: string; message: string } };
      expect(body.error).toMatchObject({ code: "method_not_allowed", status: "UNIMPLEMENTED" });
      expect(body.error.message).toContain(method);
      const o = await send("OPTIONS", path);
      expect(o.status, `OPTIONS ${path}`).toBe(204);
      expect(o.allow).toBe(allow);
    }
    // HEAD comes with GET; a route without GET refuses it too.
    expect((await send("HEAD", "/api/sessions")).status).toBe(200);
    expect((await send("HEAD", "/api/jobs/track")).status).toBe(405);
  });
});
