// Opaque ids: `int_` + random base62 for interactions; event ids are a per-run random prefix plus
// the event's sequence number, unique across runs without a crypto call per event.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (const b of bytes) {
      // 248 = 62 * 4: reject the tail so every character is equally likely.
      if (b < 248) out += ALPHABET[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function newInteractionId(): string {
  return `int_${randomBase62(22)}`;
}

/** Event ids for one run: `evt_<run prefix>_<seq base36>`. */
export function eventIdFactory(): (seq: number) => string {
  const prefix = `evt_${randomBase62(10)}_`;
  return (seq) => prefix + seq.toString(36);
}
