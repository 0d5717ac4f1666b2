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
int("ENGINE_PORT", 1, 65535);
int("SIM_PACE_MS", 0, 60_000);
int("MAX_BODY_BYTES", 1024, 512 * 1024 * 1024);
if (problems.length) {
  throw new Error(`Invalid environment:\n  - ${problems.join("\n  - ")}\nSee .env.example.`);
}
