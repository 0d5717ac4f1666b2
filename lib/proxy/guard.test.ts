import { describe, expect, it } from "vitest";
import { checkGuard, guardReason, withGuard } from "./guard";

function r(host: string | null, headers: Record<string, string> = {}, method = "POST", path = "/api/backends/local/v1beta/interactions") {
  const h = new Headers(headers);
  if (host !== null) h.set("host", host);
  return new Request(`http://127.0.0.1:3000${path}`, { method, headers: h, body: method === "GET" ? undefined : "{}" });
}

describe("guard", () => {
  it("passes requests without Origin on allowed hosts (Node SDK, curl)", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "127.0.0.1", "LOCALHOST:8080"]) {
      expect(guardReason(r(host)), host).toBeNull();
    }
  });

  it("passes same-origin browser requests", () => {
    expect(guardReason(r("127.0.0.1:3000", { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(guardReason(r("localhost:3000", { origin: "http://localhost:3000" }))).toBeNull();
    expect(guardReason(r("[::1]:3000", { origin: "http://[::1]:3000" }))).toBeNull();
    expect(guardReason(r("localhost", { origin: "http://localhost" }))).toBeNull();
    expect(guardReason(r("localhost:80", { origin: "http://localhost" }))).toBeNull();
  });

  it("refuses a foreign Origin with a 403 envelope (CSRF)", async () => {
    const res = checkGuard(r("127.0.0.1:3000", { origin: "https://evil.example" }));
    expect(res?.status).toBe(403);
    const body = await res!.json();
    expect(body.error).toMatchObject({ code: "permission_denied", status: "PERMISSION_DENIED" });
    expect(body.error.message).toMatch(/origin/i);
    // Same host, other port or scheme is another origin.
    expect(guardReason(r("127.0.0.1:3000", { origin: "http://127.0.0.1:3001" }))).not.toBeNull();
    expect(guardReason(r("127.0.0.1:3000", { origin: "http://localhost:3000" }))).not.toBeNull();
    expect(guardReason(r("127.0.0.1:3000", { origin: "null" }))).not.toBeNull();
    expect(guardReason(r("127.0.0.1:3000", { origin: "file://" }))).not.toBeNull();
  });

  it("refuses a foreign Host with a 403 (DNS rebinding), even with a matching Origin", () => {
    for (const host of ["evil.example:3000", "evil.example", "127.0.0.1.nip.io:3000", "localhost.evil.example", "0.0.0.0:3000"]) {
      const res = checkGuard(r(host, { origin: `http://${host}` }));
      expect(res?.status, host).toBe(403);
      expect(checkGuard(r(host))?.status, `${host} without origin`).toBe(403);
    }
  });

  it("refuses malformed Host values", () => {
    for (const host of ["", "user@127.0.0.1", "127.0.0.1/x", "127.0.0.1 evil"]) {
      expect(guardReason(r(host)), JSON.stringify(host)).not.toBeNull();
    }
  });

  it("treats Sec-Fetch-Site: cross-site as foreign", () => {
    expect(guardReason(r("127.0.0.1:3000", { "sec-fetch-site": "cross-site" }, "GET"))).toMatch(/cross-site/);
    expect(guardReason(r("127.0.0.1:3000", { "sec-fetch-site": "none" }, "GET"))).toBeNull();
  });

  it("allows APP_ALLOWED_HOSTS entries, by name (any port) or name:port", () => {
    const opts = { allowedHosts: ["playground.lan", "box.lan:8443"] };
    expect(guardReason(r("playground.lan:3000", { origin: "http://playground.lan:3000" }), opts)).toBeNull();
    expect(guardReason(r("box.lan:8443", { origin: "https://box.lan:8443" }), opts)).toBeNull();
    expect(guardReason(r("box.lan:3000"), opts)).not.toBeNull();
    expect(guardReason(r("other.lan:3000"), opts)).not.toBeNull();
  });

  it("withGuard runs the handler only when the request passes", async () => {
    let calls = 0;
    const h = withGuard(async () => {
      calls++;
      return new Response("ok");
    });
    expect((await h(r("127.0.0.1:3000", { origin: "http://evil.example" }))).status).toBe(403);
    expect((await h(r("evil.example:3000"))).status).toBe(403);
    expect(calls).toBe(0);
    expect(await (await h(r("127.0.0.1:3000"))).text()).toBe("ok");
    expect(await (await h(r("127.0.0.1:3000", { origin: "http://127.0.0.1:3000" }))).text()).toBe("ok");
    expect(calls).toBe(2);
  });
});
