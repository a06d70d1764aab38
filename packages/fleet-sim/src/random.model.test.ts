import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom, hashSeed, randomFor } from './random.model';

describe('random', () => {
  it('is deterministic per seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(createRandom(43).next()).not.toBe(xs[0]);
  });

  it('stays in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, max) => {
        const r = createRandom(seed);
        for (let i = 0; i < 20; i++) {
          const n = r.int(max);
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThan(max);
          const f = r.next();
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThan(1);
        }
      }),
    );
  });

  it('makes hex and alnum strings of the requested length', () => {
    const r = createRandom(1);
    expect(r.hex(40)).toMatch(/^[0-9a-f]{40}$/);
    expect(r.alnum(8)).toMatch(/^[a-z0-9]{8}$/);
  });

  it('chance respects the edges and roughly the rate', () => {
    const r = createRandom(3);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(0.25)) hits++;
    expect(hits).toBeGreaterThan(2200);
    expect(hits).toBeLessThan(2800);
  });

  it('randomFor gives the same stream for the same keys, whatever the order of calls', () => {
    const x = randomFor(5, 'bd', 'ns/a').next();
    randomFor(5, 'bd', 'ns/b').next();
    expect(randomFor(5, 'bd', 'ns/a').next()).toBe(x);
    expect(hashSeed('a', 'b')).not.toBe(hashSeed('ab'));
  });

  it('pick refuses an empty list', () => {
    expect(() => createRandom(1).pick([])).toThrow();
    expect(createRandom(1).pick(['only'])).toBe('only');
  });
});
