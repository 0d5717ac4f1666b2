// Vertex AI settings: kept on the server, Settings before env, the credential never returned
// (only its kind and a hint), a saved token and a saved credentials JSON replacing each other.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppStore } from "@/lib/record/store";
import { deferAfterEach } from "@/lib/proxy/testing";
import { createVertexBackend } from "@/lib/proxy/vertex";
import { createAppApi } from "./app-api";
import { resolveVertex, type VertexEnv } from "./settings";

const TOKEN = "ya29.settings-canary-0123456789abcdef";
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEcanarySETTINGSkeymaterial0123456789\n-----END PRIVATE KEY-----\n";
const SA = JSON.stringify({ type: "service_account", client_email: "sa@p.iam.gserviceaccount.com", private_key: PEM, private_key_id: "kid-canary-9876" });

const defer = deferAfterEach();

function setup(env: VertexEnv = {}) {
  const store = new AppStore(":memory:");
  defer(() => store.close());
  const fullEnv = { GEMINI_BASE_URL: "http://127.0.0.1:9", ...env };
  const vertex = createVertexBackend({ config: () => resolveVertex(fullEnv, store), connectTimeoutMs: () => 1_000 });
  const api = createAppApi({ store: () => store, env: () => fullEnv, backends: { vertex }, catalog: () => ({ models: [], agents: [] }) });
  return { api, store, vertex };
}

const put = (body: unknown) =>
  new Request("http://127.0.0.1:3000/api/settings", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("vertex settings", () => {
  it("saves project, location and a token; returns the token only masked", async () => {
    const { api, store } = setup();
    expect((await (await api.getSettings()).json()).vertex).toMatchObject({ configured: false, project: null, location: "global", credential: "adc", base_url: "https://aiplatform.googleapis.com" });
    const res = await api.putSettings(put({ vertex_project: "my-proj", vertex_location: "US-Central1", vertex_access_token: TOKEN }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text).vertex).toEqual({
      configured: true,
      project: "my-proj",
      project_source: "settings",
      location: "us-central1",
      location_source: "settings",
      base_url: "https://us-central1-aiplatform.googleapis.com",
      credential: "access_token",
      credential_source: "settings",
      credential_hint: "ya29…cdef",
    });
    expect(store.getSetting("vertex_access_token")).toBe(TOKEN);
  });

  it("a credentials JSON replaces the token (and back); the view shows its type and client_email, never the key", async () => {
    const { api, store, vertex } = setup();
    await api.putSettings(put({ vertex_access_token: TOKEN }));
    const text = await (await api.putSettings(put({ vertex_credentials: SA }))).text();
    for (const s of [PEM, "kid-canary-9876", "MIIEcanary"]) expect(text).not.toContain(s);
    expect(JSON.parse(text).vertex).toMatchObject({ credential: "service_account", credential_source: "settings", credential_hint: "sa@p.iam.gserviceaccount.com" });
    expect(store.getSetting("vertex_access_token")).toBeNull();
    expect(vertex.secrets()).toEqual(expect.arrayContaining([PEM, "kid-canary-9876"]));
    await api.putSettings(put({ vertex_access_token: TOKEN }));
    expect(store.getSetting("vertex_credentials")).toBeNull();
    const del = await (await api.deleteKey(new Request("http://127.0.0.1:3000/api/settings/key?backend=vertex", { method: "DELETE" }))).json();
    expect(del.vertex).toMatchObject({ configured: false, credential: "adc", project: null });
  });

  it("rejects bad input with a 400 envelope that does not echo the value", async () => {
    const { api, store } = setup();
    const bad = [
      { vertex_project: "has spaces" },
      { vertex_location: "us central" },
      { vertex_access_token: "short" },
      { vertex_credentials: "{not json" },
      { vertex_credentials: JSON.stringify({ type: "service_account", client_email: "x@y", private_key: "canary-not-a-pem-0123" }) },
      { vertex_credentials: JSON.stringify({ type: "authorized_user", client_id: "a" }) },
      { vertex_credentials: JSON.stringify({ type: "martian" }) },
      { vertex_access_token: TOKEN, vertex_credentials: SA },
    ];
    for (const body of bad) {
      const res = await api.putSettings(put(body));
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      const t = await res.text();
      expect(JSON.parse(t).error.code).toBe("invalid_request");
      for (const s of [TOKEN, PEM, "canary-not-a-pem-0123"]) expect(t).not.toContain(s);
    }
    expect(store.getSetting("vertex_credentials")).toBeNull();
  });

  it("reads the environment: Settings win, then VERTEX_ACCESS_TOKEN, then GOOGLE_APPLICATION_CREDENTIALS (a file), else ADC", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vertex-"));
    const file = join(dir, "key.json");
    writeFileSync(file, SA);
    expect(resolveVertex({ GOOGLE_CLOUD_PROJECT: "envp", GOOGLE_APPLICATION_CREDENTIALS: file }, null)).toMatchObject({
      project: "envp",
      projectSource: "env",
      location: "global",
      credential: { kind: "json", source: "env", origin: "GOOGLE_APPLICATION_CREDENTIALS" },
    });
    expect(resolveVertex({ VERTEX_ACCESS_TOKEN: TOKEN, GOOGLE_APPLICATION_CREDENTIALS: file }, null).credential).toEqual({ kind: "access_token", token: TOKEN, source: "env" });
    expect(resolveVertex({ GOOGLE_APPLICATION_CREDENTIALS: join(dir, "missing.json") }, null).credential).toMatchObject({ kind: "invalid", message: expect.stringMatching(/ENOENT/) });
    expect(resolveVertex({}, null).credential).toEqual({ kind: "adc", source: "adc" });
    const { api } = setup({ GOOGLE_CLOUD_PROJECT: "envp", GOOGLE_CLOUD_LOCATION: "europe-west4", VERTEX_ACCESS_TOKEN: TOKEN, VERTEX_BASE_URL: "http://127.0.0.1:3000/engine" });
    const view = await (await api.getSettings()).text();
    expect(view).not.toContain(TOKEN);
    expect(JSON.parse(view).vertex).toMatchObject({ project: "envp", project_source: "env", location: "europe-west4", location_source: "env", base_url: "http://127.0.0.1:3000/engine", credential_source: "env" });
    await api.putSettings(put({ vertex_project: "saved" }));
    expect((await (await api.getSettings()).json()).vertex.project).toBe("saved");
  });

  it("a missing credentials file is a 401 saying so, before anything is sent", async () => {
    const { vertex } = setup({ GOOGLE_CLOUD_PROJECT: "p", GOOGLE_APPLICATION_CREDENTIALS: "/nonexistent/key.json", VERTEX_BASE_URL: "http://127.0.0.1:9" });
    const err = await vertex
      .send({ method: "GET", path: "/v1beta/interactions/x", search: "", headers: new Headers(), body: null, signal: AbortSignal.timeout(2_000) })
      .catch((e: unknown) => e as { code?: string; message?: string });
    expect(err).toMatchObject({ code: "unauthenticated", message: expect.stringMatching(/GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be read \(ENOENT\)/) });
  });
});
