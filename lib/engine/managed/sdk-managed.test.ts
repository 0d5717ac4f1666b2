// The managed-agents scenario with the official SDK against the standalone server (`npm run
// engine`'s entry point) over real HTTP, with a temporary database and workspaces directory.
import { GoogleGenAI } from "@google/genai";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandalone, type StandaloneEngine } from "../testing";
import { runManagedScenario } from "./sdk-managed-scenario";

const dir = mkdtempSync(join(tmpdir(), "engine-managed-http-"));
chmodSync(dir, 0o711); // the sandbox's unprivileged uid must traverse to the workspaces beside the db
let server: StandaloneEngine;
beforeAll(async () => {
  server = await startStandalone({ ENGINE_DB: join(dir, "engine.db"), SIM_PACE_MS: "0" });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("@google/genai managed agents against the standalone engine", () => {
  it("agents, environments, upload, a sandboxed agent turn, list and download", async () => {
    const ai = new GoogleGenAI({ apiKey: "local", httpOptions: { baseUrl: server.url, apiVersion: "v1beta" } });
    await runManagedScenario(ai, "http");
    // The workspaces live beside the database by default.
    expect(server.output()).not.toMatch(/unexpected error/);
  }, 30_000);
});
