import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createPresetsApi } from "./presets";

function setup() {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  return createPresetsApi({ db: () => db });
}
const req = (method: string, body?: unknown, url = "http://127.0.0.1/api/presets") =>
  new Request(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const ctx = (id: string, version?: string) => ({ params: Promise.resolve({ id, version }) });

describe("presets: versions on every save, restore, errors in the envelope", () => {
  it("create → save → versions → restore", async () => {
    const api = setup();
    const created = await api.create(req("POST", { name: "Weather", payload: { a: 1 } }));
    expect(created.status).toBe(201);
    const p = (await created.json()) as { id: string; latest_version: number };
    expect(p.latest_version).toBe(1);

    const saved = await (await api.save(req("PUT", { payload: { a: 2 }, name: "Weather v2" }), ctx(p.id))).json();
    expect(saved).toMatchObject({ latest_version: 2, name: "Weather v2" });

    const got = (await (await api.get(req("GET"), ctx(p.id))).json()) as { versions: { version: number }[]; latest: { payload: unknown } };
    expect(got.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(got.latest.payload).toEqual({ a: 2 });
    expect(await (await api.version(req("GET"), ctx(p.id, "1"))).json()).toMatchObject({ version: 1, payload: { a: 1 } });

    const restored = await (await api.restore(req("POST", { version: 1 }), ctx(p.id))).json();
    expect(restored).toMatchObject({ latest_version: 3 });
    const v3 = (await (await api.version(req("GET"), ctx(p.id, "3"))).json()) as { payload: unknown; note: string };
    expect(v3).toMatchObject({ payload: { a: 1 }, note: "Restored from version 1" });

    const list = (await (await api.list()).json()) as { presets: unknown[] };
    expect(list.presets).toHaveLength(1);
    expect((await api.remove(req("DELETE"), ctx(p.id))).status).toBe(204);
    expect((await api.get(req("GET"), ctx(p.id))).status).toBe(404);
  });

  it("refuses bad input with a 400 envelope and unknown ids with 404", async () => {
    const api = setup();
    const bad = await api.create(req("POST", { name: "", payload: {} }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "invalid_request", message: expect.stringContaining("name") });
    expect((await api.create(req("POST", { name: "x", payload: [] }))).status).toBe(400);
    expect((await api.create(req("POST", { name: "x", payload: {}, extra: 1 }))).status).toBe(400);
    expect((await api.save(req("PUT", { payload: {} }), ctx("p_nope"))).status).toBe(404);
    expect((await api.version(req("GET"), ctx("p_nope", "abc"))).status).toBe(400);
    expect((await api.restore(req("POST", { version: 9 }), ctx("p_nope"))).status).toBe(404);
  });

  it("mocked-result marks are stored per session", async () => {
    const api = setup();
    expect((await api.markMocked(req("POST", { session_id: "s1", results: [{ call_id: "c1", name: "f", mode: "js" }] }))).status).toBe(200);
    const got = (await (await api.listMocked(req("GET", undefined, "http://127.0.0.1/api/mocks?session=s1"))).json()) as { mocked: { call_id: string; mode: string }[] };
    expect(got.mocked).toEqual([expect.objectContaining({ call_id: "c1", mode: "js", name: "f" })]);
    expect((await api.listMocked(req("GET", undefined, "http://127.0.0.1/api/mocks"))).status).toBe(400);
    expect((await api.markMocked(req("POST", { session_id: "s1", results: [{ call_id: "c1", name: "f", mode: "manual" }] }))).status).toBe(400);
  });
});
