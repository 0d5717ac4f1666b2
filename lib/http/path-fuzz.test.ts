// Handler-level fuzz: bad path segments (undecodable percent-encoding, NUL, over-long ids) and
// seeded random byte strings on every id-bearing route of the engine app, the proxy handler and
// the app API (the real route functions of lib/app-api/server.ts, with Next's param decoding
// imitated). 0 responses ≥ 500; every error is the envelope; refused segments (undecodable, NUL, dot, over-long) are exactly 400.
// The same table runs against `next start` in e2e/fuzz.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeEngine } from "@/lib/engine/instance";
import { APP_ROUTES, BAD_SEGMENTS, ENGINE_ROUTES, PROXY_ROUTES, fill, isDecodable, randomSegments, type FuzzRoute } from "./path-fuzz";
import { MAX_SEGMENT_CHARS, rawPathProblem } from "./raw-path";
import { startStandIn, type StandIn } from "@/lib/proxy/testing";

process.env.APP_DB = ":memory:";
process.env.ENGINE_DB = ":memory:";
process.env.GEMINI_API_KEY = "fuzz-key-0123456789";

type Route = (req: Request, ctx?: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
let routes: Record<string, Route>;
let standIn: StandIn;

beforeAll(async () => {
  // The gemini upstream: a stand-in that answers every decodable path with the live service's 404.
  standIn = await startStandIn((_req, res) => {
    res.writeHead(404, { "content-type": "application/json", connection: "close" }); // no keep-alive race with the stand-in
    res.end(JSON.stringify({ error: { code: "not_found", message: "Requested entity was not found.", status: "NOT_FOUND" } }));
  });
  process.env.GEMINI_BASE_URL = standIn.url;
  const s = await import("@/lib/app-api/server");
  routes = s as unknown as Record<string, Route>;
});
afterAll(async () => {
  closeEngine();
  await standIn.close();
});

/** Next's params: decoded segments, or a rejection when a segment can't be decoded. */
function params(raw: Record<string, string>): { params: Promise<Record<string, string>> } {
  const p = (async () => Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeURIComponent(v)])))();
  p.catch(() => {});
  return { params: p };
}

/** Dispatch a raw app path the way the app's route files do. */
async function dispatch(method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, headers: { host: "127.0.0.1:3000", "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const req = new Request(`http://127.0.0.1:3000${path}`, init);
  const pathname = path.split("?")[0] as string;
  const segs = pathname.split("/").slice(1);
  if (segs[0] === "engine") return routes.engineRoute!(req);
  if (segs[0] === "api" && segs[1] === "backends" && segs.length >= 4) return routes.proxyRoute!(req);
  if (segs[0] === "api" && segs[1] === "sessions" && segs.length === 3) {
    const fn = { GET: routes.getSessionRoute, PATCH: routes.patchSessionRoute, DELETE: routes.deleteSessionRoute }[method];
    return fn!(req, params({ id: segs[2] as string }));
  }
  if (segs[0] === "api" && segs[1] === "record" && segs[2] === "interactions" && segs.length === 4) {
    return routes.getTurnRoute!(req, params({ id: segs[3] as string }));
  }
  return routes.unknownApiRoute!(req);
}

async function check(route: FuzzRoute, path: string, refused: boolean): Promise<void> {
  const res = await dispatch(route.method, path, route.body);
  const text = await res.text();
  const where = `${route.method} ${path.slice(0, 120)} → ${res.status} ${text.slice(0, 160)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), where).toMatch(/^application\/json/);
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; status?: unknown } };
    expect(typeof body.error?.code, where).toBe("string");
    expect(typeof body.error?.message, where).toBe("string");
    if (!route.upstream) expect(typeof body.error?.status, where).toBe("string");
  }
  if (refused) expect(res.status, where).toBe(400);
}

const ALL: FuzzRoute[] = [
  ...ENGINE_ROUTES.map((r) => ({ ...r, path: `/engine${r.path}` })),
  ...PROXY_ROUTES,
  ...APP_ROUTES,
];

describe("rawPathProblem", () => {
  it("passes ordinary paths and refuses undecodable, NUL, dot and over-long segments", () => {
    expect(rawPathProblem("/v1beta/interactions/int_abc")).toBeNull();
    expect(rawPathProblem("/api/sessions/s_1%3A2")).toBeNull();
    expect(rawPathProblem("/v1beta/interactions/%FF")?.httpStatus).toBe(400);
    expect(rawPathProblem("/v1beta/interactions/%E0%A4%A/cancel")?.message).toMatch(/percent-encoding/);
    expect(rawPathProblem("/api/sessions/a%00b")?.message).toMatch(/control characters/);
    expect(rawPathProblem(`/api/sessions/${"x".repeat(MAX_SEGMENT_CHARS + 1)}`)?.message).toMatch(/too long/);
    expect(rawPathProblem(`/api/sessions/${"x".repeat(MAX_SEGMENT_CHARS)}`)).toBeNull();
    expect(rawPathProblem("/engine/%2e%2e/interactions")?.message).toMatch(/dot segments/);
  });
});

describe("bad path segments × every id-bearing route (handlers)", () => {
  for (const route of ALL) {
    it(`${route.method} ${route.path}`, async () => {
      for (const b of BAD_SEGMENTS) await check(route, fill(route, b.seg), b.refused);
    });
  }

  it("the standalone engine app (no /engine prefix) answers the same", async () => {
    const { createEngine } = await import("@/lib/engine/engine");
    const engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
    try {
      for (const route of ENGINE_ROUTES) {
        for (const b of BAD_SEGMENTS) {
          const init: RequestInit = { method: route.method, headers: { "content-type": "application/json" } };
          if (route.body !== undefined) init.body = JSON.stringify(route.body);
          const res = await engine.fetch(new Request(`http://127.0.0.1:8787${fill(route, b.seg)}`, init));
          const where = `${route.method} ${fill(route, b.seg).slice(0, 80)} → ${res.status}`;
          expect(res.status, where).toBeLessThan(500);
          if (b.refused) expect(res.status, where).toBe(400);
          if (res.status >= 400) expect(((await res.json()) as { error: { message: string } }).error.message, where).toBeTruthy();
          else await res.body?.cancel();
        }
      }
    } finally {
      engine.close();
    }
  });
});

describe("seeded random byte strings × every id-bearing route (handlers)", () => {
  const SEED = 0x5eed6;
  const segs = randomSegments(SEED, 40);
  it(`seed ${SEED}: 40 random segments, 0 responses ≥ 500, errors in the envelope`, async () => {
    for (const route of ALL) for (const s of segs) await check(route, fill(route, s), !isDecodable(s));
  });
});

describe("the proxy forwards only the Interactions API surface", () => {
  it("refuses the engine's /admin/… and other non-API paths with a JSON 404", async () => {
    for (const path of ["/admin/health", "/admin/export", "/admin/reset", "/foo", "/upload", "/upload/v1beta", "/vbeta/interactions", "/v1gamma/interactions"]) {
      const method = path === "/admin/reset" ? "POST" : "GET";
      const res = await dispatch(method, `/api/backends/local${path}`);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Not an Interactions API path/);
    }
  });

  it("forwards v1, v1beta, v1alpha, v1beta1 and upload paths", async () => {
    for (const v of ["v1", "v1beta", "v1alpha", "v1beta1"]) {
      const res = await dispatch("GET", `/api/backends/local/${v}/interactions/int_nope`);
      // The engine answers (404 for an unknown id) — the proxy did not refuse the path.
      expect(res.status, v).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message, v).not.toMatch(/Not an Interactions API path/);
    }
    // Forwarded: the engine itself answers (it does not serve environment uploads yet: 501).
    const up = await dispatch("POST", "/api/backends/local/upload/v1beta/environments/x", {});
    expect(up.status).toBe(501);
    expect(((await up.json()) as { error: { message: string } }).error.message).not.toMatch(/Not an Interactions API path/);
  });
});
