import { afterEach, describe, expect, it } from "vitest";
import { createRecordApi } from "./record-api";
import { createRecorder } from "@/lib/record/recorder";
import { AppStore } from "@/lib/record/store";
import { isValidSessionId, RecordedInteraction, SessionDetail, SessionList, TurnList } from "@/lib/contract/app-api";

let stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
});

function setup() {
  const store = new AppStore(":memory:");
  stores.push(store);
  return { store, api: createRecordApi({ store: () => store }) };
}

const U = "http://127.0.0.1:3000";
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const jsonReq = (method: string, path: string, body: unknown) =>
  new Request(U + path, { method, headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

/** Record one turn the way the proxy does (JSON create). */
function recordTurn(store: AppStore, opts: { id: string; session: string | null; input: string; output: string; background?: boolean }) {
  const t = createRecorder(store).track({
    op: { kind: "create" },
    backend: "local",
    apiVersion: "v1beta",
    sessionId: opts.session,
    request: { model: "local-sim", input: opts.input, background: opts.background ?? false },
    startedMs: Date.now(),
  });
  t.response(200, false, Date.now());
  t.body(JSON.stringify({ id: opts.id, status: "completed", steps: [{ type: "model_output", content: [{ type: "text", text: opts.output }] }] }), Date.now());
  t.end("complete", Date.now());
}

describe("sessions API", () => {
  it("creates (idempotent on id), lists newest first, renames, searches titles and turn text, deletes", async () => {
    const { api, store } = setup();
    const a = await (await api.createSession(jsonReq("POST", "/api/sessions", { id: "s_a", title: "Rivers of Europe" }))).json();
    expect(a).toMatchObject({ id: "s_a", title: "Rivers of Europe", turn_count: 0 });
    const again = await (await api.createSession(jsonReq("POST", "/api/sessions", { id: "s_a", title: "Other" }))).json();
    expect(again.title).toBe("Rivers of Europe");
    expect(again.created).toBe(a.created);
    const b = await (await api.createSession(jsonReq("POST", "/api/sessions", {}))).json();
    expect(b.id).toMatch(/^s_/);
    expect(b.title).toBe("");

    await new Promise((r) => setTimeout(r, 5));
    recordTurn(store, { id: "int_1", session: "s_a", input: "Name a river", output: "The Danube." });
    recordTurn(store, { id: "int_2", session: b.id, input: "Tell me about owls", output: "Owls hoot." });
    // The untitled session took its title from its first turn.
    expect(store.getSession(b.id)!.title).toBe("Tell me about owls");

    const list = (await (await api.listSessions(new Request(`${U}/api/sessions`))).json()).sessions;
    expect(list.map((s: { id: string }) => s.id).sort()).toEqual(["s_a", b.id].sort());
    expect(list.find((s: { id: string }) => s.id === "s_a").turn_count).toBe(1);
    for (let i = 1; i < list.length; i++) expect(list[i - 1].updated).toBeGreaterThanOrEqual(list[i].updated);

    const search = async (q: string) =>
      (await (await api.listSessions(new Request(`${U}/api/sessions?q=${encodeURIComponent(q)}`))).json()).sessions.map((s: { id: string }) => s.id);
    expect(await search("danube")).toEqual(["s_a"]);
    expect(await search("Rivers")).toEqual(["s_a"]);
    expect(await search("hoot")).toEqual([b.id]);
    expect(await search("100%")).toEqual([]);

    const renamed = await (await api.patchSession(jsonReq("PATCH", "/api/sessions/s_a", { title: "Danube trip" }), ctx("s_a"))).json();
    expect(renamed.title).toBe("Danube trip");

    const got = await (await api.getSession(new Request(`${U}/api/sessions/s_a`), ctx("s_a"))).json();
    expect(got.session.id).toBe("s_a");
    expect(got.turns.map((t: { interaction_id: string }) => t.interaction_id)).toEqual(["int_1"]);
    expect(got.turns[0]).toMatchObject({ session_id: "s_a", backend: "local", status: "completed", request: { input: "Name a river" } });

    expect(await (await api.deleteSession(new Request(`${U}/api/sessions/s_a`, { method: "DELETE" }), ctx("s_a"))).json()).toEqual({});
    expect(store.getTurn("int_1")).toBeNull();
    expect(store.getEvents("int_1")).toEqual([]);
    expect(store.getTurn("int_2")).not.toBeNull();
    expect((await api.getSession(new Request(`${U}/api/sessions/s_a`), ctx("s_a"))).status).toBe(404);
    // Deleting again is not an error.
    expect((await api.deleteSession(new Request(`${U}/api/sessions/s_a`, { method: "DELETE" }), ctx("s_a"))).status).toBe(200);
  });

  it("validates bodies and queries first: 400 envelopes, nothing stored", async () => {
    const { api, store } = setup();
    for (const body of ["{oops", { id: "bad id with spaces" }, { title: 5 }, { id: "ok", extra: true }]) {
      const res = await api.createSession(jsonReq("POST", "/api/sessions", body));
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
    expect(store.listSessions()).toEqual([]);
    store.ensureSession("s1", "Keep me");
    const res = await api.patchSession(jsonReq("PATCH", "/api/sessions/s1", { title: 42 }), ctx("s1"));
    expect(res.status).toBe(400);
    expect(store.getSession("s1")!.title).toBe("Keep me");
    expect((await api.patchSession(jsonReq("PATCH", "/api/sessions/nope", { title: "x" }), ctx("nope"))).status).toBe(404);
    expect((await api.listSessions(new Request(`${U}/api/sessions?q=${"x".repeat(600)}`))).status).toBe(400);
  });
});

describe("record API", () => {
  it("lists turns (background filter) and returns one turn with its raw events", async () => {
    const { api, store } = setup();
    recordTurn(store, { id: "int_fg", session: "s1", input: "a", output: "b" });
    recordTurn(store, { id: "int_bg", session: "s1", input: "c", output: "d", background: true });
    store.appendEvents("int_fg", [
      { t_ms: 1, line: ": keep-alive" },
      { t_ms: 2, line: "data: [DONE]" },
    ]);
    const all = (await (await api.listTurns(new Request(`${U}/api/record/interactions`))).json()).turns;
    expect(all.map((t: { interaction_id: string }) => t.interaction_id).sort()).toEqual(["int_bg", "int_fg"]);
    const bg = (await (await api.listTurns(new Request(`${U}/api/record/interactions?background=true`))).json()).turns;
    expect(bg.map((t: { interaction_id: string }) => t.interaction_id)).toEqual(["int_bg"]);
    expect((await api.listTurns(new Request(`${U}/api/record/interactions?background=maybe`))).status).toBe(400);

    const one = await (await api.getTurn(new Request(`${U}/api/record/interactions/int_fg`), ctx("int_fg"))).json();
    expect(one.interaction_id).toBe("int_fg");
    expect(one.interaction.steps[0].content[0].text).toBe("b");
    expect(one.events).toEqual([
      { seq: 0, t_ms: 1, line: ": keep-alive" },
      { seq: 1, t_ms: 2, line: "data: [DONE]" },
    ]);
    for (const k of ["status", "stream", "background", "store", "created_ms", "first_event_ms", "completed_ms", "terminal", "last_event_id", "event_count", "http_status", "error"]) {
      expect(one, k).toHaveProperty(k);
    }
    const missing = await api.getTurn(new Request(`${U}/api/record/interactions/nope`), ctx("nope"));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
  });

  it("survives a reopen of the database file (history outlives the process)", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "app-db-"));
    try {
      const file = join(dir, "nested", "app.db");
      const s1 = new AppStore(file);
      recordTurn(s1, { id: "int_keep", session: "s_keep", input: "remember", output: "kept" });
      s1.close();
      const s2 = new AppStore(file);
      expect(s2.getTurn("int_keep")!.interaction!.steps[0]!.content![0]!.text).toBe("kept");
      expect(s2.getSession("s_keep")!.title).toBe("remember");
      expect(s2.db.pragma("journal_mode", { simple: true })).toBe("wal");
      s2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("contract (lib/contract/app-api.ts)", () => {
  it("every record response parses with its schema; the one session-id rule refuses bad ids as 404", async () => {
    const { api, store } = setup();
    recordTurn(store, { id: "int_c1", session: "s-contract", input: "hi", output: "hello" });
    const detail = await api.getSession(new Request(`${U}/api/sessions/s-contract`), ctx("s-contract"));
    expect(SessionDetail.parse(await detail.json()).turns.map((t) => t.interaction_id)).toEqual(["int_c1"]);
    const list = await api.listSessions(new Request(`${U}/api/sessions`));
    expect(SessionList.parse(await list.json()).sessions[0]?.id).toBe("s-contract");
    const turns = await api.listTurns(new Request(`${U}/api/record/interactions?session=s-contract`));
    expect(TurnList.parse(await turns.json()).turns).toHaveLength(1);
    const one = await api.getTurn(new Request(`${U}/api/record/interactions/int_c1`), ctx("int_c1"));
    expect(RecordedInteraction.parse(await one.json()).interaction_id).toBe("int_c1");
    for (const bad of ["-x", "a b", "x".repeat(129), "é"]) {
      expect(isValidSessionId(bad)).toBe(false);
      expect((await api.getSession(new Request(`${U}/api/sessions/x`), ctx(bad))).status).toBe(404);
    }
    expect(isValidSessionId("3f2c0c7e-1b2a-4c3d-9e8f-0a1b2c3d4e5f")).toBe(true);
    const created = await api.createSession(jsonReq("POST", "/api/sessions", { id: "-bad" }));
    expect(created.status).toBe(400);
  });
});
