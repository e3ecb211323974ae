/**
 * A small seeded random source for the demo data. Every city, period and sheet draws from its
 * own stream (derived from the seed and a label), so changing one part of the generator does
 * not reshuffle the numbers of every other part.
 */

/** mulberry32: 32-bit state, fast, good enough for synthetic data (not for cryptography). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the label's UTF-16 code units, mixed with the seed. */
function hashLabel(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export class Random {
  private readonly next: () => number;

  constructor(
    private readonly seed: number,
    private readonly label = '',
  ) {
    this.next = mulberry32(hashLabel(seed, label));
  }

  /**
   * An independent stream for a part of the data set, named below this one's label
   * (`city/440300` → `city/440300/cases/2024Q3`), whatever has been drawn from this one.
   */
  fork(label: string): Random {
    return new Random(this.seed, `${this.label}/${label}`);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A multiplicative jitter around 1: `jitter(0.08)` is in [0.92, 1.08). */
  jitter(spread: number): number {
    return this.between(1 - spread, 1 + spread);
  }

  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, Math.min(count, pool.length));
  }
}
