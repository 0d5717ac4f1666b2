import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeEngine, getEngine } from "./instance";

const dir = mkdtempSync(join(tmpdir(), "engine-instance-"));
const saved = process.env.ENGINE_DB;
afterAll(() => {
  closeEngine();
  if (saved === undefined) delete process.env.ENGINE_DB;
  else process.env.ENGINE_DB = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe("getEngine", () => {
  it("is one engine per process, on ENGINE_DB, shared through globalThis", async () => {
    process.env.ENGINE_DB = join(dir, "app.db");
    const a = getEngine();
    const b = getEngine();
    expect(a).toBe(b);
    expect(a.store.path).toBe(join(dir, "app.db"));
    // A separately bundled copy of this module would find the same instance through the symbol.
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("interactions-playground.engine")]).toBe(a);
    const res = await a.fetch(new Request("http://x/engine/admin/health"), { prefix: "/engine" });
    expect(res.status).toBe(200);
    closeEngine();
    const c = getEngine();
    expect(c).not.toBe(a);
  });
});
