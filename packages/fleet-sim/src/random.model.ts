// Seeded pseudo-random numbers. Everything random in the simulator comes from here, so a run
// with the same seed produces the same estate, commits and lifecycle outcomes.

export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Integer in [min, max] (inclusive). */
  between(min: number, max: number): number;
  /** True with probability p (p <= 0 never, p >= 1 always). */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Lowercase hex string of the given length. */
  hex(length: number): string;
  /** Lowercase alphanumeric string of the given length ([a-z0-9]). */
  alnum(length: number): string;
}

/** 32-bit FNV-1a over the parts, separated by a unit separator, then avalanche-mixed. */
export function hashSeed(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.map(String).join('\u001f');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** mulberry32: small, fast, good enough for simulation. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => (p <= 0 ? false : p >= 1 ? true : next() < p),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += int(16).toString(16);
      return out;
    },
    alnum: (length) => {
      let out = '';
      while (out.length < length) out += ALNUM[int(ALNUM.length)];
      return out;
    },
  };
}

/**
 * A random stream bound to a seed and a set of keys. The same keys always yield the same
 * stream, whatever order events arrive in: outcomes stay deterministic under concurrency.
 */
export function randomFor(seed: number, ...keys: ReadonlyArray<string | number>): Random {
  return createRandom(hashSeed(seed, ...keys));
}
