// Values playwright.config.ts chose once for this run (workers inherit its env).
import path from "node:path";

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the e2e suite through playwright.config.ts`);
  return v;
}

export const E2E_TMP = need("E2E_TMP");
export const SERVER_LOG = path.join(E2E_TMP, "server.log");
export const APP_URL = `http://127.0.0.1:${need("E2E_PORT")}`;
export const STAND_IN_URL = `http://127.0.0.1:${need("E2E_GEMINI_PORT")}`;
