// Typed, validated environment for server code. Offline-first: every key is optional and the
// defaults start the playground on the embedded engine with no key and no network.
// lib/env-check.mjs runs the same checks (same names, same ranges) when next.config.mjs loads, so a
// bad value fails `next build`/`next start` early; this module is what request-time code reads.
// Never log an Env object: it holds the API keys.
import "server-only";
import { z } from "zod";

const MIB = 1024 * 1024;

/** Empty strings count as unset (a `.env` line `KEY=` must not override a default). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      return /^https?:$/.test(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL")
  .transform((v) => v.replace(/\/+$/, ""));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `host` or `host:port`, lower-cased; a bare host matches any port. */
const hostList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, "must be host or host:port")));

const headerSafe = z.string().trim().regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export const envSchema = z.object({
  GEMINI_API_KEY: optional(headerSafe),
  GEMINI_BASE_URL: optional(httpUrl).transform((v) => v ?? "https://generativelanguage.googleapis.com"),
  APP_DB: optional(z.string()).transform((v) => v ?? ".data/app.db"),
  ENGINE_DB: optional(z.string()).transform((v) => v ?? ".data/engine.db"),
  MAX_BODY_BYTES: optional(int(1024, 512 * MIB)).transform((v) => v ?? 20 * MIB),
  APP_ALLOWED_HOSTS: optional(hostList).transform((v) => v ?? []),
  UPSTREAM_TIMEOUT_MS: optional(int(100, 120_000)).transform((v) => v ?? 5_000),
  SIM_PACE_MS: optional(int(0, 60_000)),
  ENGINE_PORT: optional(int(1, 65535)).transform((v) => v ?? 8787),
  OPENAI_BASE_URL: optional(httpUrl),
  OPENAI_API_KEY: optional(headerSafe),
  // The `vertex` backend (lib/proxy/vertex.ts); Settings values win.
  GOOGLE_CLOUD_PROJECT: optional(z.string().trim().regex(/^[a-z0-9][a-z0-9.:-]{0,127}$/i, "must be a Google Cloud project id")),
  GOOGLE_CLOUD_LOCATION: optional(z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9-]{0,62}$/, "must be a Vertex AI location such as us-central1")),
  VERTEX_ACCESS_TOKEN: optional(headerSafe),
  GOOGLE_APPLICATION_CREDENTIALS: optional(z.string().trim()),
  VERTEX_BASE_URL: optional(httpUrl),
  // Read by lib/engine/engine.ts (which the standalone server also loads); declared here to be checked.
  ENGINE_WORKSPACES: optional(z.string()),
  ENGINE_ENVIRONMENT_TTL_HOURS: optional(int(1, 24 * 365)),
  ENGINE_UPLOAD_MAX_BYTES: optional(int(1, 4 * 1024 * MIB)),
  ENGINE_WORKSPACE_MAX_BYTES: optional(int(1024, 64 * 1024 * MIB)),
  JOBS_404_GRACE_MS: optional(int(0, 3_600_000)).transform((v) => v ?? 60_000),
  JOBS_STUCK_MS: optional(int(1_000, 7 * 86_400_000)).transform((v) => v ?? 600_000),
  JOBS_REFRESH_CONCURRENCY: optional(int(1, 64)).transform((v) => v ?? 4),
  // Read at call time by lib/http/egress.ts (which cannot import this server-only module); declared here to be checked.
  ENGINE_ALLOW_PRIVATE_EGRESS: optional(z.string().trim().toLowerCase().pipe(z.enum(["0", "1", "true", "false"]))).transform(
    (v) => v === "1" || v === "true",
  ),
  // Read at call time by lib/engine/tools/egress.ts (the standalone engine cannot import this module).
  ENGINE_TOOLS_ALLOW_LOOPBACK: optional(z.string().trim().toLowerCase().pipe(z.enum(["0", "1", "true", "false"]))).transform(
    (v) => v !== "0" && v !== "false",
  ),
  // Code-execution sandbox (lib/engine/sandbox, docs/sandbox.md), read there at load time; declared here to be checked.
  ENGINE_SANDBOX_BWRAP: optional(z.string()).transform((v) => v ?? "/usr/bin/bwrap"),
  ENGINE_SANDBOX_UID_BASE: optional(int(1000, 4_294_000_000)).transform((v) => v ?? 2_100_000_000),
  ENGINE_SANDBOX_SLOTS: optional(int(1, 256)).transform((v) => v ?? 8),
  // TEST ONLY: name=127.0.0.1:port,… sends an allowlisted sandbox domain to a loopback stand-in.
  ENGINE_EGRESS_TEST_LOOPBACK_HOSTS: optional(z.string()),
});

export type Env = z.infer<typeof envSchema>;

/** Parse an environment; throws one readable Error listing every bad key (values are not echoed: keys are secret). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new Error(`Invalid environment:\n  - ${lines.join("\n  - ")}\nSee .env.example.`);
}

const g = globalThis as typeof globalThis & { __playgroundEnv?: Env };

/** The process environment, parsed once. */
export function getEnv(): Env {
  return (g.__playgroundEnv ??= loadEnv());
}
