// The same conformance suite over real HTTP, against the standalone server (`npm run engine`'s
// entry point) started as a child process on a free loopback port with a temporary database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { defineConformance } from "./sdk-conformance-suite";
import { startStandalone, type StandaloneEngine } from "./testing";

const dir = mkdtempSync(join(tmpdir(), "engine-http-"));
let server: StandaloneEngine;
beforeAll(async () => {
  server = await startStandalone({ ENGINE_DB: join(dir, "engine.db"), SIM_PACE_MS: "0" });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

defineConformance("standalone over HTTP", () => ({ baseUrl: server.url }), ["plain", "stream", "chain", "resume", "cancel", "delete", "errors", "versions"]);
