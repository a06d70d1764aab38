import { describe, expect, it } from 'vitest';
import { createDeriver, filterAndSort, formatSort, nextSort, parseSort, searchTextOf, virtualWindow, type Column } from './resource-table.model';

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
