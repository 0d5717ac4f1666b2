// The managed-agents scenario through the proxy: the SDK's resumable upload comes back through
// `/api/backends/local/upload/…` (the proxy rewrites X-Goog-Upload-URL), in-process and over a socket.
import { GoogleGenAI } from "@google/genai";
import { describe, expect, it } from "vitest";
import { createEngine } from "@/lib/engine/engine";
import { runManagedScenario } from "@/lib/engine/managed/sdk-managed-scenario";
import { createLocalBackend } from "./backends";
import { withGuard } from "./guard";
import { createProxyHandler, rewriteUploadUrl, clientOrigin } from "./handler";
import { deferAfterEach, serveHandler } from "./testing";

const defer = deferAfterEach();

function proxy() {
  const e = createEngine({ dbPath: ":memory:", paceMs: 0 });
  defer(() => e.close());
  return createProxyHandler({ backends: { local: createLocalBackend({ engine: () => e }) }, env: { MAX_BODY_BYTES: 20 * 1024 * 1024 } });
}

describe("@google/genai managed agents through the proxy", () => {
  it("in-process (httpOptions.fetch → handler → embedded engine)", async () => {
    const handler = proxy();
    const urls: string[] = [];
    const ai = new GoogleGenAI({
      apiKey: "placeholder",
      httpOptions: {
        baseUrl: "http://127.0.0.1:3000/api/backends/local",
        apiVersion: "v1beta",
        fetch: (input: RequestInfo | URL, init?: RequestInit) => {
          const req = new Request(input, init);
          urls.push(`${req.method} ${new URL(req.url).pathname}`);
          return handler(req);
        },
      },
    });
    await runManagedScenario(ai, "proxy");
    // Start and chunks both went through the proxy's upload path.
    expect(urls.filter((u) => u.includes("/api/backends/local/upload/v1beta/environments/"))).toEqual([
      expect.stringMatching(/^PUT \/api\/backends\/local\/upload\/v1beta\/environments\/env_\w+\/files\/workspace\/data\/sales\.csv$/),
      expect.stringMatching(/^POST \/api\/backends\/local\/upload\/v1beta\/environments\/env_\w+\/files\/workspace\/data\/sales\.csv$/),
    ]);
  }, 30_000);

  it("over a socket", async () => {
    const served = await serveHandler(withGuard(proxy()));
    defer(() => served.close());
    const ai = new GoogleGenAI({ apiKey: "placeholder", httpOptions: { baseUrl: `${served.url}/api/backends/local`, apiVersion: "v1beta" } });
    await runManagedScenario(ai, "socket");
  }, 30_000);

  it("rewrites an upstream upload URL onto the proxy and drops anything else", () => {
    const h = new Headers({ "x-goog-upload-url": "https://generativelanguage.googleapis.com/upload/v1beta/environments/e1/files/a.txt?upload_id=XYZ&upload_protocol=resumable" });
    rewriteUploadUrl(h, new URL("http://localhost:3000/api/backends/gemini/upload/v1beta/environments/e1/files/a.txt"), "/api/backends", "gemini");
    expect(h.get("x-goog-upload-url")).toBe("http://localhost:3000/api/backends/gemini/upload/v1beta/environments/e1/files/a.txt?upload_id=XYZ&upload_protocol=resumable");
    // The origin comes from the client's Host header (a page on 127.0.0.1 while req.url says localhost).
    const req = (host: string) => new Request("http://localhost:3000/api/backends/local/upload/v1beta/x", { headers: { host } });
    expect(clientOrigin(req("127.0.0.1:4123"), new URL("http://localhost:3000/x")).origin).toBe("http://127.0.0.1:4123");
    expect(clientOrigin(req("[::1]:4123"), new URL("http://localhost:3000/x")).origin).toBe("http://[::1]:4123");
    expect(clientOrigin(req("evil.example/path?"), new URL("http://localhost:3000/x")).origin).toBe("http://localhost:3000");
    const other = new Headers({ "x-goog-upload-url": "https://evil.example/steal" });
    rewriteUploadUrl(other, new URL("http://localhost:3000/x"), "/api/backends", "gemini");
    expect(other.get("x-goog-upload-url")).toBeNull();
  });
});
