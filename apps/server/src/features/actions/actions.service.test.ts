import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextGeneration } from './actions.service';

describe('nextGeneration (Rancher: (current || 1) + 1)', () => {
  it('starts at 2 and increments', () => {
    expect(nextGeneration(undefined)).toBe(2);
    expect(nextGeneration(null)).toBe(2);
    expect(nextGeneration(0)).toBe(2);
    expect(nextGeneration(1)).toBe(2);
    expect(nextGeneration(2)).toBe(3);
    expect(nextGeneration('7')).toBe(2);
  });

  it('always moves past the current value', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (n) => nextGeneration(n) === n + 1));
  });
});
