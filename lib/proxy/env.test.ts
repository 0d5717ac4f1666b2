// lib/env.ts (typed accessors) and lib/env-check.mjs (start-time check) must agree.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";

const root = process.cwd();

function envCheck(env: Record<string, string>): boolean {
  const r = spawnSync(process.execPath, [path.join(root, "lib/env-check.mjs")], {
    env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return r.status === 0;
}

describe("env", () => {
  it("has offline-first defaults", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      GEMINI_BASE_URL: "https://generativelanguage.googleapis.com",
      APP_DB: ".data/app.db",
      ENGINE_DB: ".data/engine.db",
      MAX_BODY_BYTES: 20 * 1024 * 1024,
      APP_ALLOWED_HOSTS: [],
      UPSTREAM_TIMEOUT_MS: 5_000,
    });
    expect(env.GEMINI_API_KEY).toBeUndefined();
    expect(env.OPENAI_BASE_URL).toBeUndefined();
  });

  it("parses values and treats empty strings as unset", () => {
    const env = loadEnv({
      GEMINI_API_KEY: " k-0123456789 ",
      GEMINI_BASE_URL: "http://127.0.0.1:9999/",
      MAX_BODY_BYTES: "4096",
      APP_ALLOWED_HOSTS: "Box.LAN, other.lan:8443 ,",
      UPSTREAM_TIMEOUT_MS: "",
      APP_DB: ":memory:",
    });
    expect(env.GEMINI_API_KEY).toBe("k-0123456789");
    expect(env.GEMINI_BASE_URL).toBe("http://127.0.0.1:9999");
    expect(env.MAX_BODY_BYTES).toBe(4096);
    expect(env.APP_ALLOWED_HOSTS).toEqual(["box.lan", "other.lan:8443"]);
    expect(env.UPSTREAM_TIMEOUT_MS).toBe(5_000);
    expect(env.APP_DB).toBe(":memory:");
  });

  const cases: [string, Record<string, string>, boolean][] = [
    ["defaults", {}, true],
    ["good values", { GEMINI_BASE_URL: "http://127.0.0.1:1234", MAX_BODY_BYTES: "2048", SIM_PACE_MS: "0", ENGINE_PORT: "8787", UPSTREAM_TIMEOUT_MS: "5000", APP_ALLOWED_HOSTS: "a.lan,b.lan:3000" }, true],
    ["non-http base url", { GEMINI_BASE_URL: "ftp://x" }, false],
    ["not a url", { OPENAI_BASE_URL: "nope" }, false],
    ["body limit too small", { MAX_BODY_BYTES: "10" }, false],
    ["pace not an integer", { SIM_PACE_MS: "1.5" }, false],
    ["port out of range", { ENGINE_PORT: "70000" }, false],
    ["timeout out of range", { UPSTREAM_TIMEOUT_MS: "5" }, false],
    ["key with spaces", { GEMINI_API_KEY: "a b" }, false],
    ["bad host list", { APP_ALLOWED_HOSTS: "ok.lan,bad host" }, false],
    ["private egress on", { ENGINE_ALLOW_PRIVATE_EGRESS: "TRUE" }, true],
    ["private egress typo", { ENGINE_ALLOW_PRIVATE_EGRESS: "yes" }, false],
  ];
  for (const [name, env, ok] of cases) {
    it(`env.ts and env-check.mjs agree: ${name}`, () => {
      let parsed = true;
      try {
        loadEnv(env);
      } catch {
        parsed = false;
      }
      expect(parsed).toBe(ok);
      expect(envCheck(env)).toBe(ok);
    });
  }

  it("never echoes a key in its error", () => {
    expect(() => loadEnv({ GEMINI_API_KEY: "secret value" })).toThrow(/GEMINI_API_KEY/);
    try {
      loadEnv({ GEMINI_API_KEY: "secret value" });
    } catch (e) {
      expect(String(e)).not.toContain("secret value");
    }
  });

  it(".env.example documents every key with a comment above it", () => {
    const text = readFileSync(path.join(root, ".env.example"), "utf8");
    const lines = text.split("\n");
    const keys = ["GEMINI_API_KEY", "GEMINI_BASE_URL", "APP_DB", "ENGINE_DB", "MAX_BODY_BYTES", "APP_ALLOWED_HOSTS", "UPSTREAM_TIMEOUT_MS", "SIM_PACE_MS", "ENGINE_PORT", "OPENAI_BASE_URL", "OPENAI_API_KEY", "ENGINE_ALLOW_PRIVATE_EGRESS"];
    for (const k of keys) {
      const i = lines.findIndex((l) => new RegExp(`^#?\\s*${k}=`).test(l));
      expect(i, k).toBeGreaterThan(0);
      expect(lines[i - 1]!.startsWith("#"), `comment above ${k}`).toBe(true);
    }
  });
});
