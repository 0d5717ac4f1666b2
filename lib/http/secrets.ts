// Keeping server-side keys out of everything the proxy returns or logs. Upstreams sometimes echo
// the key they were given (e.g. "API key not valid: AIza…" in an error body); every body, header
// and message that leaves the server passes through one of these.

/** Shorter strings would redact ordinary text; real keys are ~39 characters. */
const MIN_SECRET = 8;
const MASK = "[redacted]";

export function usableSecrets(secrets: readonly (string | null | undefined)[]): string[] {
  return [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET))];
}

export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => text.includes(s));
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/**
 * Redact secrets inside a byte chunk by overwriting them with `*` of the same length, so the
 * chunk keeps its size and no multi-byte character or SSE frame boundary moves. Returns the
 * chunk itself when it is clean (the common case: one `indexOf` per secret), or a redacted copy.
 * A secret split across two chunks is not caught; upstream error bodies are read whole instead.
 */
export function redactBytes(chunk: Uint8Array, secrets: readonly Uint8Array[]): Uint8Array {
  let out: Buffer | null = null;
  for (const secret of secrets) {
    const view: Buffer = out ?? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = view.indexOf(secret);
    if (at < 0) continue;
    out ??= Buffer.from(chunk); // copy: never mutate a buffer the upstream may reuse
    while (at >= 0) {
      out.fill(0x2a, at, at + secret.length);
      at = out.indexOf(secret, at + secret.length);
    }
  }
  return out ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength) : chunk;
}

export function secretBytes(secrets: readonly string[]): Uint8Array[] {
  return secrets.map((s) => new TextEncoder().encode(s));
}

/** A masked form for Settings: enough to recognise the key, never enough to use it. */
export function maskKey(key: string): string {
  if (key.length >= 16) return `${key.slice(0, 4)}…${key.slice(-4)}`;
  if (key.length >= 8) return `…${key.slice(-2)}`;
  return "…";
}
