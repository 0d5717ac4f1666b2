// Deterministic randomness for the simulator: FNV-1a to hash the inputs into a 32-bit seed,
// mulberry32 to draw from it. Same parts in → same sequence out, on every platform.

/** FNV-1a, 32 bit. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly draw: () => number;
  constructor(seed: number) {
    this.draw = mulberry32(seed);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.draw();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.draw() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick on an empty list");
    return items[Math.floor(this.draw() * items.length)] as T;
  }
}

/** An Rng seeded by every part (strings, numbers; undefined counts as "-"). */
export function createRng(...parts: (string | number | undefined)[]): Rng {
  let h = 0x811c9dc5;
  for (const p of parts) h = hashString(`${p === undefined ? "-" : String(p)}\u0000`, h);
  return new Rng(h);
}
