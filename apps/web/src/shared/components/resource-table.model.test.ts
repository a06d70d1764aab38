import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeriver, createSortedView, filterAndSort, formatSort, nextSort, parseSort, searchTextOf, virtualWindow, type Column } from './resource-table.model';

interface R {
  key: string;
  name: string;
  labels: Record<string, string>;
  n: number;
}
const columns: Column<R>[] = [
  { id: 'name', label: 'Name', sortValue: (r) => r.name },
  { id: 'n', label: 'N', sortValue: (r) => r.n },
];
const r = (name: string, n: number, labels: Record<string, string> = {}): R => ({ key: name, name, labels, n });

describe('resource table model', () => {
  it('parses, formats and cycles the sort', () => {
    expect(parseSort('-age')).toEqual({ column: 'age', descending: true });
    expect(parseSort('')).toBeNull();
    expect(formatSort({ column: 'n', descending: false })).toBe('n');
    expect(nextSort(null, 'n')).toEqual({ column: 'n', descending: false });
    expect(nextSort({ column: 'n', descending: false }, 'n')).toEqual({ column: 'n', descending: true });
    expect(nextSort({ column: 'n', descending: true }, 'name')).toEqual({ column: 'name', descending: false });
  });

  it('filters by name and by key=value labels, all terms must match', () => {
    const d = createDeriver(columns, searchTextOf);
    const rows = [r('web-eu', 1, { env: 'prod' }), r('web-us', 2, { env: 'dev' }), r('db', 3, { env: 'prod' })];
    expect(filterAndSort(rows, d.derive, 'WEB', null).map((x) => x.name)).toEqual(['web-eu', 'web-us']);
    expect(filterAndSort(rows, d.derive, 'env=prod', null).map((x) => x.name)).toEqual(['web-eu', 'db']);
    expect(filterAndSort(rows, d.derive, 'web env=prod', null).map((x) => x.name)).toEqual(['web-eu']);
  });

  it('sorts numbers numerically and names naturally, both directions', () => {
    const d = createDeriver(columns, searchTextOf);
    const rows = [r('node-10', 10), r('node-2', 2), r('node-1', 30)];
    expect(filterAndSort(rows, d.derive, '', { column: 'name', descending: false }).map((x) => x.name)).toEqual(['node-1', 'node-2', 'node-10']);
    expect(filterAndSort(rows, d.derive, '', { column: 'n', descending: true }).map((x) => x.n)).toEqual([30, 10, 2]);
  });

  it('derives each row object once, however often it is sorted or filtered', () => {
    const d = createDeriver(columns, searchTextOf);
    const rows = Array.from({ length: 100 }, (_, i) => r(`n${i}`, i));
    filterAndSort(rows, d.derive, '', { column: 'n', descending: true });
    filterAndSort(rows, d.derive, 'n1', { column: 'name', descending: false });
    expect(d.derivations()).toBe(100);
    const changed = [...rows];
    changed[5] = r('n5', 500);
    filterAndSort(changed, d.derive, '', { column: 'n', descending: false });
    expect(d.derivations()).toBe(101);
  });

  it('computes the virtual window with overscan and spacers', () => {
    expect(virtualWindow(10_000, 0, 400, 40, 5)).toEqual({ start: 0, end: 16, padTop: 0, padBottom: (10_000 - 16) * 40 });
    const w = virtualWindow(10_000, 40 * 5000, 400, 40, 5);
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5016);
    expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(10_000 * 40);
    expect(virtualWindow(3, 0, 400, 40)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(virtualWindow(0, 500, 400, 40)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});

describe('createSortedView', () => {
  const sorts = [null, { column: 'name', descending: false }, { column: 'n', descending: true }, { column: 'n', descending: false }];
  // Steps over a list of rows with unique names: replace some rows by changed copies, add, remove,
  // change the filter or the sort; after each, the view answers what a fresh filterAndSort does.
  const step = fc.oneof(
    fc.record({ kind: fc.constant('change' as const), at: fc.array(fc.nat(), { maxLength: 6 }), n: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('add' as const), count: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.array(fc.nat(), { maxLength: 4 }) }),
    fc.record({ kind: fc.constant('filter' as const), text: fc.constantFrom('', 'row-1', 'env=prod', 'row env=dev', 'zzz') }),
    fc.record({ kind: fc.constant('sort' as const), index: fc.nat({ max: sorts.length - 1 }) }),
    fc.record({ kind: fc.constant('many' as const), n: fc.integer({ min: 0, max: 50 }) }),
    // as many rows as before, the others shifted: one deleted, one added at the end
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), n: fc.integer({ min: 0, max: 50 }) }),
  );

  it('answers exactly what filterAndSort answers, change after change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.array(step, { maxLength: 30 }), (initial, steps) => {
        let next = 0;
        const make = (n: number): R => {
          const name = `row-${next++}`;
          return r(name, n, { env: n % 2 === 0 ? 'prod' : 'dev' });
        };
        let rows: R[] = Array.from({ length: initial }, (_, i) => make(i % 7));
        let filter = '';
        let sort = sorts[1] ?? null;
        const d = createDeriver(columns, searchTextOf);
        const view = createSortedView<R>();
        expect(view(rows, d.derive, filter, sort)).toEqual(filterAndSort(rows, d.derive, filter, sort));
        for (const s of steps) {
          if (s.kind === 'change' && rows.length > 0) {
            rows = [...rows];
            for (const i of s.at) {
              const old = rows[i % rows.length] as R;
              rows[i % rows.length] = { ...old, n: s.n, labels: { env: s.n % 2 === 0 ? 'prod' : 'dev' } };
            }
          } else if (s.kind === 'add') rows = [...rows, ...Array.from({ length: s.count }, () => make(s.n))];
          else if (s.kind === 'remove' && rows.length > 0) {
            const gone = new Set(s.at.map((i) => i % rows.length));
            rows = rows.filter((_, i) => !gone.has(i));
          } else if (s.kind === 'filter') filter = s.text;
          else if (s.kind === 'sort') sort = sorts[s.index] ?? null;
          else if (s.kind === 'many') rows = rows.map((x) => ({ ...x, n: (x.n + s.n) % 50 }));
          else if (s.kind === 'replace' && rows.length > 0) rows = [...rows.filter((_, i) => i !== s.at % rows.length), make(s.n)];
          const got = view(rows, d.derive, filter, sort);
          expect(got).toEqual(filterAndSort(rows, d.derive, filter, sort));
        }
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('sorts a few changed rows into place without sorting every row again', () => {
    const d = createDeriver(columns, searchTextOf);
    let comparisons = 0;
    const counting = (row: R) => {
      comparisons++;
      return d.derive(row);
    };
    const rows = Array.from({ length: 2000 }, (_, i) => r(`node-${i}`, i % 97));
    const view = createSortedView<R>();
    const first = view(rows, counting, '', { column: 'n', descending: false });
    const full = comparisons;
    comparisons = 0;
    const changed = [...rows];
    changed[5] = { ...(rows[5] as R), n: 96 };
    const second = view(changed, counting, '', { column: 'n', descending: false });
    expect(second).not.toBe(first);
    expect(second).toEqual(filterAndSort(changed, d.derive, '', { column: 'n', descending: false }));
    // A binary search (log2 2000 ≈ 11 comparisons, two derivations each) instead of ~20,000.
    expect(comparisons).toBeLessThan(full / 100);
  });
});
