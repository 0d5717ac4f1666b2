// Opaque ids: `int_` + random base62 for interactions; event ids are a per-run random prefix plus
// the event's sequence number, unique across runs without a crypto call per event.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// One crypto call per 4 KiB of randomness instead of one per id.
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomByte(): number {
  if (poolAt >= pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  return pool[poolAt++] as number;
}

export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const b = randomByte();
    // 248 = 62 * 4: reject the tail so every character is equally likely.
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}

export function newInteractionId(): string {
  return `int_${randomBase62(22)}`;
}

/** Event ids for one run: `evt_<run prefix>_<seq base36>` (the store finds an event by its seq). */
export function eventIdFactory(keepPrefix?: string): (seq: number) => string {
  const prefix = keepPrefix ?? `evt_${randomBase62(10)}_`;
  return (seq) => prefix + seq.toString(36);
}

/** The seq an event id of ours embeds, if it is one. */
export function seqFromEventId(eventId: string): number | undefined {
  const m = /^evt_[0-9A-Za-z]{10}_([0-9a-z]{1,10})$/.exec(eventId);
  if (!m) return undefined;
  const n = parseInt(m[1] as string, 36);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The run prefix (`evt_<10>_`) of an event id of ours, if it is one. */
export function prefixOfEventId(eventId: string): string | undefined {
  const m = /^(evt_[0-9A-Za-z]{10}_)[0-9a-z]{1,10}$/.exec(eventId);
  return m ? m[1] : undefined;
}
