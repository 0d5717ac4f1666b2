// GET/PUT /api/testing/faults against a real in-memory engine: the list is validated (zod, then the
// documented presets) before the engine is touched, set on the engine's control plane in-process,
// and then applies to the engine's API surface.
import { describe, expect, it } from "vitest";
import { createEngine } from "@/lib/engine/engine";
import { deferAfterEach } from "@/lib/proxy/testing";
import { composeFaults, FaultsView, splitFaults } from "@/lib/contract/faults";
import { createFaultsApi } from "./faults";

const defer = deferAfterEach();

function setup() {
  const engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
  defer(() => engine.close());
  const api = createFaultsApi({ engine: (path, init) => engine.fetch(new Request(`http://engine.internal${path}`, init)) });
  const create = () =>
    engine.fetch(new Request("http://engine.internal/v1beta/interactions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "gemini-3.5-flash", input: "Hi" }) }));
  return { api, engine, create };
}

const put = (body: unknown) =>
  new Request("http://127.0.0.1:3000/api/testing/faults", { method: "PUT", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("/api/testing/faults", () => {
  it("lists the documented presets with their reports and parameters; none active at first", async () => {
    const { api } = setup();
    const view = FaultsView.parse(await (await api.get()).json());
    expect(view.faults).toBe("");
    expect(view.active).toEqual([]);
    expect(view.presets.map((p) => p.name)).toEqual(["drop-after", "early-404", "chain-501", "content-filter", "rate-limit", "interleave-args", "stuck", "cancel-404"]);
    expect(view.presets.find((p) => p.name === "early-404")).toMatchObject({ links: [{ label: "python-genai#2985", url: "https://github.com/googleapis/python-genai/issues/2985" }], param: { kind: "duration", default: "5s" } });
    expect(view.presets.every((p) => p.what.length > 10)).toBe(true);
  });

  it("sets the engine's own list, which then applies to every request; '' turns it off", async () => {
    const { api, create } = setup();
    const res = await api.put(put({ faults: " rate-limit=2 , early-404=5s ," }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ faults: "rate-limit=2,early-404=5s", active: ["rate-limit", "early-404"] });
    expect((await (await api.get()).json()).faults).toBe("rate-limit=2,early-404=5s");
    const limited = await create();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("resource_exhausted");
    expect((await (await api.put(put({ faults: "" }))).json()).active).toEqual([]);
    expect((await create()).status).toBe(200);
  });

  it("refuses bad input with a 400 envelope and leaves the engine's list alone", async () => {
    const { api } = setup();
    await api.put(put({ faults: "chain-501" }));
    const cases: [unknown, RegExp][] = [
      [{}, /faults/],
      [{ faults: 5 }, /faults/],
      [{ faults: "chain-501", extra: 1 }, /extra|Unrecognized/i],
      [{ faults: "bogus" }, /unknown preset "bogus".*Known presets/],
      [{ faults: "drop-after=x" }, /drop-after=N/],
      [{ faults: "stuck=1" }, /stuck takes no value/],
      [{ faults: "content-filter=xml" }, /json, sse or line/],
      ["{not json", /JSON/i],
    ];
    for (const [body, message] of cases) {
      const res = await api.put(put(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const e = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(e.code).toBe("invalid_request");
      expect(e.message).toMatch(message);
    }
    expect((await (await api.get()).json()).faults).toBe("chain-501");
  });

  it("composes and splits the list the Testing control edits", () => {
    expect(composeFaults({ "early-404": "5s", "chain-501": "", "rate-limit": " 2 " })).toBe("early-404=5s,chain-501,rate-limit=2");
    expect(splitFaults("early-404=5s, chain-501")).toEqual({ "early-404": "5s", "chain-501": "" });
  });
});
