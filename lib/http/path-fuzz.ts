// Test support (not used by the app): the table of bad path segments × every id-bearing route,
// plus seeded random byte strings, shared by the handler-level fuzz tests (lib/http/path-fuzz.test.ts)
// and the one against `next start` (e2e/fuzz.spec.ts). Every entry is a raw, already-encoded path:
// what a client puts on the request line. The random strings come from the simulator's seeded
// generator (mulberry32), so a failing case replays from its seed.
import { mulberry32 } from "../engine/simulator/prng";

export interface FuzzRoute {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Raw path template; `{x}` is replaced by the (encoded) bad segment. */
  path: string;
  /** Which layer answers: the engine app, the proxy handler or the app API. */
  layer: "engine" | "proxy" | "app";
  /** Body for POST/PATCH (JSON). */
  body?: unknown;
  /** An upstream's own error envelope passes through the proxy untouched (it may lack `status`). */
  upstream?: boolean;
}

/** Segments that must never reach a lookup: `refused` ones (undecodable, NUL, dot, over-long) must answer exactly 400. */
export const BAD_SEGMENTS: { seg: string; why: string; refused: boolean }[] = [
  { seg: "%FF", why: "lone 0xFF byte", refused: true },
  { seg: "%E0%A4%A", why: "truncated escape inside a multi-byte sequence", refused: true },
  { seg: "%E0%A4", why: "truncated multi-byte sequence", refused: true },
  { seg: "%C0%AF", why: "overlong UTF-8 for '/'", refused: true },
  { seg: "%ED%A0%80", why: "UTF-16 surrogate in UTF-8", refused: true },
  { seg: "%", why: "bare percent", refused: true },
  { seg: "%G1", why: "non-hex escape", refused: true },
  { seg: "int_%FFabc", why: "bad byte inside an id", refused: true },
  { seg: "%00", why: "NUL", refused: true },
  { seg: "int_abc%00", why: "NUL inside an id", refused: true },
  { seg: "%0A", why: "newline", refused: true },
  { seg: "%7F", why: "DEL", refused: true },
  { seg: "x".repeat(600), why: "over-long id (600 chars)", refused: true },
  { seg: "%41".repeat(300), why: "over-long encoded id", refused: true },
  // Decodable but wrong: a 404 (or 400) in the envelope. URL parsers resolve encoded dot segments
  // (`/engine/%2e%2e/x` is `/x`); proxy.ts refuses those that would leave /api or /engine.
  { seg: "%2e%2e", why: "encoded ..", refused: false },
  { seg: "%2E", why: "encoded .", refused: false },
  { seg: "%2F", why: "encoded slash", refused: false },
  { seg: "int_%F0%9F%98%80", why: "emoji in an id", refused: false },
  { seg: "x".repeat(300), why: "long id (300 chars)", refused: false },
];

/** Engine routes with an id (or a version/name) in the path, relative to the engine's root. */
export const ENGINE_ROUTES: FuzzRoute[] = [
  { method: "GET", path: "/v1beta/interactions/{x}", layer: "engine" },
  { method: "GET", path: "/v1beta/interactions/{x}?stream=true", layer: "engine" },
  { method: "POST", path: "/v1beta/interactions/{x}/cancel", layer: "engine", body: {} },
  { method: "DELETE", path: "/v1beta/interactions/{x}", layer: "engine" },
  { method: "GET", path: "/v1beta/agents/{x}", layer: "engine" },
  { method: "GET", path: "/{x}/interactions", layer: "engine" },
  { method: "POST", path: "/{x}/interactions", layer: "engine", body: { model: "local-sim", input: "hi" } },
  { method: "GET", path: "/admin/{x}", layer: "engine" },
];

/** Proxy routes (relative to the app root). */
export const PROXY_ROUTES: FuzzRoute[] = [
  { method: "GET", path: "/api/backends/{x}/v1beta/interactions/abc", layer: "proxy" },
  { method: "GET", path: "/api/backends/local/{x}/interactions", layer: "proxy" },
  { method: "GET", path: "/api/backends/local/v1beta/interactions/{x}", layer: "proxy" },
  { method: "GET", path: "/api/backends/local/v1beta/interactions/{x}?stream=true", layer: "proxy" },
  { method: "POST", path: "/api/backends/local/v1beta/interactions/{x}/cancel", layer: "proxy", body: {} },
  { method: "DELETE", path: "/api/backends/local/v1beta/interactions/{x}", layer: "proxy" },
  { method: "GET", path: "/api/backends/gemini/v1beta/interactions/{x}", layer: "proxy", upstream: true },
  { method: "GET", path: "/api/backends/local/admin/{x}", layer: "proxy" },
];

/** App API routes (relative to the app root). */
export const APP_ROUTES: FuzzRoute[] = [
  { method: "GET", path: "/api/sessions/{x}", layer: "app" },
  { method: "PATCH", path: "/api/sessions/{x}", layer: "app", body: { title: "t" } },
  { method: "DELETE", path: "/api/sessions/{x}", layer: "app" },
  { method: "GET", path: "/api/record/interactions/{x}", layer: "app" },
  { method: "GET", path: "/api/{x}", layer: "app" },
  { method: "GET", path: "/api/sessions/{x}/more", layer: "app" },
];

export function fill(route: FuzzRoute, seg: string): string {
  return route.path.replace("{x}", seg);
}

const SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";

/**
 * `count` random path segments from `seed`: random bytes, each written as `%XX` or (half the
 * time, when it is an unreserved ASCII character) literally, sometimes with a stray `%`.
 */
export function randomSegments(seed: number, count: number, maxBytes = 24): string[] {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(rnd() * maxBytes);
    let s = "";
    for (let k = 0; k < n; k++) {
      const b = Math.floor(rnd() * 256);
      const ch = String.fromCharCode(b);
      if (SAFE.includes(ch) && rnd() < 0.5) s += ch;
      else if (rnd() < 0.03) s += "%";
      else s += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    out.push(s);
  }
  return out;
}

export function isDecodable(seg: string): boolean {
  try {
    decodeURIComponent(seg);
    return true;
  } catch {
    return false;
  }
}
