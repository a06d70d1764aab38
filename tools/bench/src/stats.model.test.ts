import { describe, expect, it } from 'vitest';
import { droppedFrameShare, median, percentile, summarize } from './stats.model';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the value at rank ceil(p/100 × n)', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });

  it('does not depend on the order of the values', () => {
    expect(percentile([5, 1, 4, 2, 3], 60)).toBe(3);
  });

  it('is NaN without values and refuses p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });
});

describe('summarize', () => {
  it('gives count, extremes, median, p95, p99 and mean', () => {
    const s = summarize([1, 2, 3, 4, 100]);
    expect(s).toEqual({ n: 5, min: 1, median: 3, p95: 100, p99: 100, max: 100, mean: 22 });
  });

  it('is all NaN for no values', () => {
    const s = summarize([]);
    expect(s.n).toBe(0);
    expect(s.median).toBeNaN();
    expect(s.p99).toBeNaN();
  });
});

describe('droppedFrameShare', () => {
  it('counts frame intervals longer than 1.5 frame budgets', () => {
    expect(droppedFrameShare([16.7, 16.6, 33.4, 16.7])).toBe(0.25);
    expect(droppedFrameShare([16.7, 24])).toBe(0);
    expect(droppedFrameShare([])).toBeNaN();
  });
});
