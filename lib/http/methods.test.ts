import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { HTTP_METHODS, allowedMethods, otherMethods } from "./methods";

const ok = () => new Response("ok");

describe("otherMethods (JSON 405 with Allow for what a route does not implement)", () => {
  it("answers every other method with a 405 in the envelope and the Allow header", async () => {
    const rest = otherMethods({ GET: ok, DELETE: ok });
    expect(Object.keys(rest).sort()).toEqual(["OPTIONS", "PATCH", "POST", "PUT"]);
    const r = rest.PUT(new Request("http://x/api/sessions/abc", { method: "PUT" }));
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET, HEAD, DELETE, OPTIONS");
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({
      error: { code: "method_not_allowed", status: "UNIMPLEMENTED", message: "Method PUT is not allowed on this path (allowed: GET, HEAD, DELETE, OPTIONS)." },
    });
    const o = rest.OPTIONS(new Request("http://x/api/sessions/abc", { method: "OPTIONS" }));
    expect(o.status).toBe(204);
    expect(o.headers.get("allow")).toBe("GET, HEAD, DELETE, OPTIONS");
  });

  it("refuses HEAD too when the route has no GET", () => {
    const rest = otherMethods({ POST: ok });
    expect(Object.keys(rest).sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "PUT"]);
    expect(rest.HEAD(new Request("http://x/", { method: "HEAD" })).status).toBe(405);
    expect(allowedMethods(["POST"])).toEqual(["POST", "OPTIONS"]);
  });
});

// Every route file under app/api/ covers every method: exported handlers, otherMethods for the
// rest, or (catch-alls that export GET, POST, PUT, PATCH and DELETE) Next's own HEAD and OPTIONS.
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(join(dir, e.name)) : e.name === "route.ts" ? [join(dir, e.name)] : []));
}

describe("every /api/ route answers every method", () => {
  const root = join(__dirname, "../../app/api");
  const files = routeFiles(root);
  it.each(files.map((f) => relative(root, f)))("%s", (file) => {
    const src = readFileSync(join(root, file), "utf8");
    const named = [...src.matchAll(/export const (\w+)\s*=/g)].map((m) => m[1]!);
    const rest = [...src.matchAll(/export const \{([^}]*)\}\s*=\s*otherMethods\(/g)].flatMap((m) => m[1]!.split(",").map((s) => s.trim()).filter(Boolean));
    const covered = new Set([...named, ...rest]);
    if (covered.has("GET")) covered.add("HEAD");
    if (!rest.length && ["GET", "POST", "PUT", "PATCH", "DELETE"].every((m) => named.includes(m))) covered.add("OPTIONS");
    expect(HTTP_METHODS.filter((m) => !covered.has(m)), `${file} leaves methods to Next's empty 405`).toEqual([]);
  });
  it("found the route files", () => expect(files.length).toBeGreaterThan(10));
});
