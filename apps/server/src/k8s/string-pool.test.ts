import { describe, expect, it } from 'vitest';
import { createStringPool } from './string-pool';

describe('createStringPool', () => {
  it('keeps every value of a parsed object and the object itself', () => {
    const pool = createStringPool();
    const text = JSON.stringify({ metadata: { name: 'app-0001', namespace: 'fleet-default', labels: { 'fleet.cattle.io/repo-name': 'app-0001' }, uid: 'u-1', resourceVersion: '17' }, spec: { paths: ['a', 'b'], nested: [[{ deep: 'value' }]] }, n: 3, ok: true, none: null });
    const obj = JSON.parse(text) as unknown;
    expect(pool.internAll(obj)).toBe(obj);
    expect(JSON.stringify(obj)).toBe(text);
  });

  it('pools repeated values once and never pools uid or resourceVersion', () => {
    const pool = createStringPool();
    for (let i = 0; i < 100; i++) pool.internAll({ metadata: { namespace: 'fleet-default', uid: `uid-${i}`, resourceVersion: String(i), labels: { cluster: `c-${i % 10}` } } });
    // 'fleet-default' + 10 cluster names; no uid, no resourceVersion.
    expect(pool.size()).toBe(11);
  });

  it('returns an equal string and leaves long strings out of the pool', () => {
    const pool = createStringPool({ maxLength: 8 });
    expect(pool.get('short')).toBe('short');
    expect(pool.get('a much longer string')).toBe('a much longer string');
    expect(pool.size()).toBe(1);
  });

  it('stays bounded: a full generation becomes the previous one, and the oldest is let go', () => {
    const pool = createStringPool({ maxEntries: 4 });
    for (let i = 0; i < 1000; i++) pool.get(`value-${i}`);
    expect(pool.size()).toBeLessThanOrEqual(8);
  });

  it('promotes a value found in the previous generation', () => {
    const pool = createStringPool({ maxEntries: 2 });
    pool.get('a');
    pool.get('b'); // generation full: {a, b} becomes the previous one
    pool.get('a'); // found there, copied into the current one
    expect(pool.size()).toBe(3);
  });

  it('does not descend without end into deeply nested values', () => {
    const pool = createStringPool();
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 500; i++) deep = { child: deep };
    expect(() => pool.internAll(deep)).not.toThrow();
  });
});
