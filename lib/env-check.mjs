// Validates the environment once, when next.config.mjs loads (build and start), so a bad value
// fails fast with a readable message instead of surfacing later as a broken request.
// lib/env.ts holds the typed accessors the server code uses; keep the two in step.
const problems = [];
const url = (name) => {
  const v = process.env[name];
  if (v === undefined || v === "") return;
  try {
    const u = new URL(v);
    if (!/^https?:$/.test(u.protocol)) problems.push(`${name} must be an http(s) URL, got "${v}"`);
  } catch {
    problems.push(`${name} must be a URL, got "${v}"`);
  }
};
const int = (name, min, max) => {
  const v = process.env[name];
  if (v === undefined || v === "") return;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be an integer in [${min}, ${max}], got "${v}"`);
};
url("GEMINI_BASE_URL");
url("OPENAI_BASE_URL");
url("VERTEX_BASE_URL");
int("ENGINE_PORT", 1, 65535);
int("SIM_PACE_MS", 0, 60_000);
int("MAX_BODY_BYTES", 1024, 512 * 1024 * 1024);
int("UPSTREAM_TIMEOUT_MS", 100, 120_000);
int("ENGINE_ENVIRONMENT_TTL_HOURS", 1, 24 * 365);
int("ENGINE_UPLOAD_MAX_BYTES", 1, 4 * 1024 * 1024 * 1024);
int("ENGINE_WORKSPACE_MAX_BYTES", 1024, 64 * 1024 * 1024 * 1024);
int("JOBS_404_GRACE_MS", 0, 3_600_000);
int("JOBS_STUCK_MS", 1_000, 7 * 86_400_000);
int("JOBS_REFRESH_CONCURRENCY", 1, 64);
int("ENGINE_SANDBOX_UID_BASE", 1000, 4_294_000_000);
int("ENGINE_SANDBOX_SLOTS", 1, 256);
for (const name of ["ENGINE_ALLOW_PRIVATE_EGRESS", "ENGINE_TOOLS_ALLOW_LOOPBACK"]) {
  const v = (process.env[name] ?? "").trim().toLowerCase();
  if (v !== "" && !["0", "1", "true", "false"].includes(v)) problems.push(`${name} must be 1, true, 0 or false, got "${v}"`);
}
for (const name of ["GEMINI_API_KEY", "OPENAI_API_KEY", "VERTEX_ACCESS_TOKEN"]) {
  const v = process.env[name];
  // Keys travel in a header: printable ASCII, no spaces. The value itself is never echoed.
  if (v !== undefined && v.trim() !== "" && !/^[\x21-\x7e]+$/.test(v.trim())) problems.push(`${name} must be printable ASCII without spaces`);
}
for (const h of (process.env.APP_ALLOWED_HOSTS ?? "").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean)) {
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(h)) problems.push(`APP_ALLOWED_HOSTS entries must be host or host:port, got "${h}"`);
}
{
  const p = (process.env.GOOGLE_CLOUD_PROJECT ?? "").trim();
  if (p !== "" && !/^[a-z0-9][a-z0-9.:-]{0,127}$/i.test(p)) problems.push(`GOOGLE_CLOUD_PROJECT must be a Google Cloud project id, got "${p}"`);
  const l = (process.env.GOOGLE_CLOUD_LOCATION ?? "").trim().toLowerCase();
  if (l !== "" && !/^[a-z][a-z0-9-]{0,62}$/.test(l)) problems.push(`GOOGLE_CLOUD_LOCATION must be a Vertex AI location such as us-central1, got "${l}"`);
}
if (problems.length) {
  throw new Error(`Invalid environment:\n  - ${problems.join("\n  - ")}\nSee .env.example.`);
}
