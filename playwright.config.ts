// E2E against the built app (`next build` first; see the test:e2e script), on the embedded engine,
// in Debian's Chromium (toolchain.md A6). Three web servers: loopback stand-ins for the `gemini`
// backend (e2e/stand-in-gemini.mjs) and the `openai` backend (e2e/support/stand-in-openai.mjs), and `next start`, whose output is also written to a log file
// the security spec reads. Every run gets fresh SQLite files in a temp dir.
import { defineConfig, devices } from "@playwright/test";
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CANARY_KEY, OPENAI_CANARY_KEY, VERTEX_CANARY_TOKEN } from "./e2e/support/canary";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/chromium";
import { freePort } from "./e2e/support/free-port";

// The config is evaluated again in worker processes: choose ports and the temp dir once; workers
// inherit these env vars.
if (!process.env.E2E_PORT) process.env.E2E_PORT = String(await freePort());
if (!process.env.E2E_GEMINI_PORT) process.env.E2E_GEMINI_PORT = String(await freePort());
if (!process.env.E2E_OPENAI_PORT) process.env.E2E_OPENAI_PORT = String(await freePort());
if (!process.env.E2E_TMP) process.env.E2E_TMP = mkdtempSync(path.join(tmpdir(), "playground-e2e-"));

const PORT = Number(process.env.E2E_PORT);
const GEMINI_PORT = Number(process.env.E2E_GEMINI_PORT);
const OPENAI_PORT = Number(process.env.E2E_OPENAI_PORT);
const TMP = process.env.E2E_TMP;
chmodSync(TMP, 0o711); // the engine's workspaces live here; the sandbox's unprivileged uid must traverse it
const baseURL = `http://127.0.0.1:${PORT}`;
const SERVER_LOG = path.join(TMP, "server.log"); // read by e2e/support/env.ts

export default defineConfig({
  testDir: "./e2e",
  globalTeardown: "./e2e/support/global-teardown.ts",
  timeout: 90_000, // per test; generous because a 2-core box may be busy
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: [
    {
      command: `node e2e/stand-in-gemini.mjs`,
      url: `http://127.0.0.1:${GEMINI_PORT}/__stand-in/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      env: { STAND_IN_PORT: String(GEMINI_PORT) },
    },
    {
      // The `openai` backend's upstream: a scripted OpenAI-compatible chat server (e2e/backends.spec.ts).
      command: `node e2e/support/stand-in-openai.mjs`,
      url: `http://127.0.0.1:${OPENAI_PORT}/__stand-in/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      env: { STAND_IN_PORT: String(OPENAI_PORT), STAND_IN_KEY: OPENAI_CANARY_KEY },
    },
    {
      // tee: the security spec reads every line the app server printed (the key must be in none).
      // As `npm start` runs it: with the GC flags of scripts/gc-flags.mjs.
      command: `sh -c 'F=$(node scripts/gc-flags.mjs) && node $F node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1 2>&1 | tee "${SERVER_LOG}"'`,
      url: `${baseURL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_ENV: "production",
        GEMINI_API_KEY: CANARY_KEY,
        GEMINI_BASE_URL: `http://127.0.0.1:${GEMINI_PORT}`,
        OPENAI_BASE_URL: `http://127.0.0.1:${OPENAI_PORT}/v1`,
        OPENAI_API_KEY: OPENAI_CANARY_KEY,
        // The `vertex` backend with the app's own embedded engine standing in for Vertex AI (docs/proxy.md#the-vertex-backend).
        GOOGLE_CLOUD_PROJECT: "e2e-project",
        GOOGLE_CLOUD_LOCATION: "us-central1",
        VERTEX_ACCESS_TOKEN: VERTEX_CANARY_TOKEN,
        VERTEX_BASE_URL: `${baseURL}/engine`,
        APP_DB: path.join(TMP, "app.db"),
        ENGINE_DB: path.join(TMP, "engine.db"),
        SIM_PACE_MS: "15",
      },
    },
  ],
});
