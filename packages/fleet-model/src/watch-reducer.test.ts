import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from './types';
import { applyWatchEvent, compareResourceVersions, createObjectStore, objectKey, replaceAll, type WatchEvent } from './watch-reducer';

const obj = (name: string, rv: string, ns: string | undefined = 'ws', data = ''): KubeObject => ({
  metadata: { name, namespace: ns, resourceVersion: rv },
  data,
});

describe('applyWatchEvent', () => {
  it('adds, modifies and deletes, keyed by namespace/name', () => {
    const store = createObjectStore();
    expect(applyWatchEvent(store, { type: 'ADDED', object: obj('a', '1') })).toMatchObject({ type: 'added', key: 'ws/a' });
    expect(applyWatchEvent(store, { type: 'MODIFIED', object: obj('a', '2') })).toMatchObject({ type: 'modified', key: 'ws/a' });
    expect(applyWatchEvent(store, { type: 'DELETED', object: obj('a', '3') })).toMatchObject({ type: 'deleted', key: 'ws/a' });
    expect(store.items.size).toBe(0);
    expect(store.resourceVersion).toBe('3');
    expect(objectKey({ metadata: { name: 'cluster-scoped', resourceVersion: '1' } })).toBe('cluster-scoped');
  });
  it('ignores stale and replayed events (numeric comparison, "10" > "9")', () => {
    const store = createObjectStore();
    applyWatchEvent(store, { type: 'ADDED', object: obj('a', '10', 'ws', 'new') });
    expect(applyWatchEvent(store, { type: 'MODIFIED', object: obj('a', '9', 'ws', 'old') })).toBeNull();
    expect(applyWatchEvent(store, { type: 'MODIFIED', object: obj('a', '10', 'ws', 'new') })).toBeNull();
    expect(applyWatchEvent(store, { type: 'DELETED', object: obj('a', '8') })).toBeNull();
    expect(store.items.get('ws/a')?.data).toBe('new');
  });
  it('applies events whose resourceVersions are not integers', () => {
    const store = createObjectStore();
    applyWatchEvent(store, { type: 'ADDED', object: obj('a', 'abc') });
    expect(applyWatchEvent(store, { type: 'MODIFIED', object: obj('a', 'abd') })).toMatchObject({ type: 'modified' });
    expect(compareResourceVersions('abc', '1')).toBeNull();
    expect(compareResourceVersions('99999999999999999999', '100000000000000000000')).toBe(-1);
  });
  it('BOOKMARK only advances the store resourceVersion', () => {
    const store = createObjectStore();
    applyWatchEvent(store, { type: 'ADDED', object: obj('a', '5') });
    expect(applyWatchEvent(store, { type: 'BOOKMARK', object: { metadata: { resourceVersion: '42' } } })).toBeNull();
    expect(store.resourceVersion).toBe('42');
    expect(store.items.size).toBe(1);
    applyWatchEvent(store, { type: 'BOOKMARK', object: { metadata: { resourceVersion: '7' } } });
    expect(store.resourceVersion).toBe('42');
  });
  it('delete of an unknown object changes nothing', () => {
    expect(applyWatchEvent(createObjectStore(), { type: 'DELETED', object: obj('x', '1') })).toBeNull();
  });
});

describe('replaceAll', () => {
  it('returns added / modified / deleted against the current content', () => {
    const store = createObjectStore();
    replaceAll(store, [obj('a', '1'), obj('b', '1'), obj('c', '1')], '10');
    const diff = replaceAll(store, [obj('a', '1'), obj('b', '2'), obj('d', '1')], '20');
    expect(diff.added.map((d) => d.key)).toEqual(['ws/d']);
    expect(diff.modified.map((d) => d.key)).toEqual(['ws/b']);
    expect(diff.deleted.map((d) => d.key)).toEqual(['ws/c']);
    expect(diff.modified.map((d) => objectKey(d.object))).toEqual(['ws/b']);
    expect([...store.items.keys()].sort()).toEqual(['ws/a', 'ws/b', 'ws/d']);
    expect(store.resourceVersion).toBe('20');
  });

  it('keeps the stored copy of an object listed again at the same resourceVersion', () => {
    const store = createObjectStore();
    const first = obj('a', '1');
    replaceAll(store, [first], '10');
    const diff = replaceAll(store, [obj('a', '1')], '11');
    expect(diff).toEqual({ added: [], modified: [], deleted: [] });
    expect(store.items.get('ws/a')).toBe(first);
  });
});

describe('properties', () => {
  const events = fc.array(
    fc.record({
      type: fc.constantFrom<'ADDED' | 'MODIFIED'>('ADDED', 'MODIFIED'),
      name: fc.constantFrom('a', 'b', 'c'),
      rv: fc.integer({ min: 1, max: 1000 }),
    }),
    { maxLength: 40 },
  );
  const toEvents = (es: Array<{ type: 'ADDED' | 'MODIFIED'; name: string; rv: number }>): WatchEvent[] =>
    es.map((e) => ({ type: e.type, object: obj(e.name, String(e.rv), 'ws', `${e.name}@${e.rv}`) }));
  const snapshot = (store: ReturnType<typeof createObjectStore>) =>
    [...store.items.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.metadata?.resourceVersion]);

  it('idempotent: applying the same events twice equals applying them once', () => {
    fc.assert(
      fc.property(events, (es) => {
        const once = createObjectStore();
        const twice = createObjectStore();
        for (const e of toEvents(es)) applyWatchEvent(once, e);
        for (const e of [...toEvents(es), ...toEvents(es)]) applyWatchEvent(twice, e);
        expect(snapshot(twice)).toEqual(snapshot(once));
        expect(twice.resourceVersion).toBe(once.resourceVersion);
      }),
    );
  });
  it('order-independent: each object ends at its highest resourceVersion', () => {
    fc.assert(
      fc.property(events, fc.integer(), (es, seed) => {
        const shuffled = [...es].sort((x, y) => ((x.rv * 31 + seed) % 97) - ((y.rv * 31 + seed) % 97));
        const a = createObjectStore();
        const b = createObjectStore();
        for (const e of toEvents(es)) applyWatchEvent(a, e);
        for (const e of toEvents(shuffled)) applyWatchEvent(b, e);
        expect(snapshot(b)).toEqual(snapshot(a));
        for (const [key, rv] of snapshot(a)) {
          const max = Math.max(...es.filter((e) => `ws/${e.name}` === key).map((e) => e.rv));
          expect(rv).toBe(String(max));
        }
      }),
    );
  });
  it('O(1) per event: 100k events on 1k objects stay fast', () => {
    const store = createObjectStore();
    const start = performance.now();
    for (let i = 1; i <= 100_000; i++) applyWatchEvent(store, { type: 'MODIFIED', object: obj(`o${i % 1000}`, String(i)) });
    const ms = performance.now() - start;
    expect(store.items.size).toBe(1000);
    expect(ms).toBeLessThan(2000);
  });
});
