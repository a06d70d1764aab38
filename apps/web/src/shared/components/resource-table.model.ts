// The pure part of ResourceTable: column definitions, per-row derived values (computed once per
// row object and cached), filtering, sorting and the virtual window.
import type { RouteLocationRaw } from 'vue-router';

export type SortValue = string | number;

export interface Column<T> {
  id: string;
  label: string;
  /** Plain text of the cell (also used when no slot renders it). */
  text?: (row: T) => string;
  /** Value to sort by; the column is not sortable without it. */
  sortValue?: (row: T) => SortValue;
  /** Turns the cell into a link. */
  link?: (row: T) => RouteLocationRaw;
  /** The cell names the row (`<th scope="row">`). */
  isRowHeader?: boolean;
  /** CSS width of the column (table-layout is fixed). */
  width?: string;
  align?: 'start' | 'end';
  /** The header names the column for assistive technology only. */
  isLabelHidden?: boolean;
}

/** The column holding each row's actions menu (rendered through the `cell-actions` slot). */
export function actionsColumn<T>(): Column<T> {
  return { id: 'actions', label: 'Actions', width: '3.5rem', align: 'end', isLabelHidden: true };
}

export interface SortSpec {
  column: string;
  descending: boolean;
}

/** `name` → ascending by name, `-age` → descending by age. */
export function parseSort(text: string | undefined | null): SortSpec | null {
  if (!text) return null;
  const descending = text.startsWith('-');
  const column = descending ? text.slice(1) : text;
  return column ? { column, descending } : null;
}

export function formatSort(spec: SortSpec | null): string {
  return spec ? `${spec.descending ? '-' : ''}${spec.column}` : '';
}

/** Next sort after clicking a header: ascending, then descending, then ascending again. */
export function nextSort(current: SortSpec | null, column: string): SortSpec {
  if (current?.column === column) return { column, descending: !current.descending };
  return { column, descending: false };
}

export interface Derived {
  /** Lower-case text the filter searches: the name and every label as `key=value`. */
  search: string;
  sort: Record<string, SortValue>;
}

export interface RowLike {
  key?: unknown;
  name?: unknown;
  labels?: unknown;
}

export function searchTextOf(row: RowLike): string {
  const parts = [typeof row.name === 'string' ? row.name : ''];
  if (row.labels && typeof row.labels === 'object') {
    for (const [k, v] of Object.entries(row.labels as Record<string, unknown>)) parts.push(`${k}=${String(v)}`);
  }
  return parts.join('\n').toLowerCase();
}

/** A deriver caching per row object: unchanged rows (same identity) are never derived again. */
export function createDeriver<T extends object>(columns: readonly Column<T>[], searchText: (row: T) => string) {
  let cache = new WeakMap<T, Derived>();
  let count = 0;
  return {
    derive(row: T): Derived {
      const hit = cache.get(row);
      if (hit) return hit;
      count += 1;
      const sort: Record<string, SortValue> = {};
      for (const c of columns) if (c.sortValue) sort[c.id] = c.sortValue(row);
      const derived = { search: searchText(row).toLowerCase(), sort };
      cache.set(row, derived);
      return derived;
    },
    /** How many rows were derived so far (for tests and measurements). */
    derivations: () => count,
    reset() {
      cache = new WeakMap();
    },
  };
}

// One collator for every comparison (String.localeCompare with options builds one per call).
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: SortValue | undefined, b: SortValue | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

const termsOf = (filter: string): string[] => filter.toLowerCase().split(/\s+/).filter(Boolean);

function comparatorOf<T>(derive: (row: T) => Derived, sort: SortSpec): (a: T, b: T) => number {
  const dir = sort.descending ? -1 : 1;
  return (a, b) => {
    const da = derive(a);
    const db = derive(b);
    return compare(da.sort[sort.column], db.sort[sort.column]) * dir || compare(da.search, db.search);
  };
}

/**
 * Rows matching every whitespace-separated term of `filter` (case-insensitive, in the name or a
 * `key=value` label), sorted by `sort` with the search text as a stable tie-breaker.
 */
export function filterAndSort<T extends object>(
  rows: readonly T[],
  derive: (row: T) => Derived,
  filter: string,
  sort: SortSpec | null,
): T[] {
  const terms = termsOf(filter);
  const out = terms.length === 0 ? [...rows] : rows.filter((r) => terms.every((t) => derive(r).search.includes(t)));
  if (sort) out.sort(comparatorOf(derive, sort));
  return out;
}

/**
 * `filterAndSort` that reuses its last answer. A live update replaces a few row objects and keeps
 * the others (the same objects), so when the rows differ from the previous call's by a few
 * objects, the gone ones are dropped from the previous sorted output (still sorted) and the new
 * ones inserted by binary search: O(k log n) comparisons instead of a sort of every row on every
 * change (10,000 clusters: ~130,000 locale comparisons). Any other change (filter, sort, deriver,
 * many rows at once) sorts afresh. The answer is the same as `filterAndSort`'s, a new array each time.
 */
export function createSortedView<T extends object>() {
  let last: { rows: readonly T[]; derive: (row: T) => Derived; filter: string; sort: string; out: T[] } | null = null;
  return (rows: readonly T[], derive: (row: T) => Derived, filter: string, sort: SortSpec | null): T[] => {
    const sortText = formatSort(sort);
    const reusable = last !== null && sort !== null && last.derive === derive && last.filter === filter && last.sort === sortText;
    let out: T[] | null = null;
    if (reusable && last) out = rows === last.rows ? last.out : patched(last.rows, last.out, rows, derive, filter, sort);
    out ??= filterAndSort(rows, derive, filter, sort);
    last = { rows, derive, filter, sort: sortText, out };
    return out;
  };
}

/**
 * The previous sorted output updated to the new rows, or null when too much changed to be worth
 * it. Rows come in the store's order, where an updated object keeps its place: with as many rows
 * as before, the objects that differ position by position are the changes (no sets of every row).
 */
function patched<T extends object>(previousRows: readonly T[], previousOut: readonly T[], rows: readonly T[], derive: (row: T) => Derived, filter: string, sort: SortSpec): T[] | null {
  const limit = Math.max(32, rows.length / 8);
  const cmp = comparatorOf(derive, sort);
  const terms = termsOf(filter);
  const added: T[] = [];
  let out: T[];
  if (rows.length === previousRows.length) {
    const gone: T[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as T;
      if (row === previousRows[i]) continue;
      gone.push(previousRows[i] as T);
      added.push(row);
      if (added.length > limit) return null;
    }
    out = [...previousOut];
    for (const row of gone) {
      const at = indexInSorted(out, row, cmp);
      if (at >= 0) out.splice(at, 1);
    }
  } else {
    const before = new Set(previousRows);
    for (const r of rows) if (!before.has(r)) added.push(r);
    const removed = previousRows.length - (rows.length - added.length);
    if (added.length + removed > limit) return null;
    if (removed > 0) {
      const now = new Set(rows);
      out = previousOut.filter((r) => now.has(r));
    } else out = [...previousOut];
  }
  for (const row of added) {
    if (!terms.every((t) => derive(row).search.includes(t))) continue;
    out.splice(bound(out, row, cmp, true), 0, row);
  }
  return out;
}

/** The first index whose row sorts after `row` (upper) or not before it (lower). */
function bound<T>(sorted: readonly T[], row: T, cmp: (a: T, b: T) => number, upper: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cmp(sorted[mid] as T, row);
    if (c < 0 || (upper && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where this very object is in the sorted rows (-1 when it is not: filtered out). */
function indexInSorted<T>(sorted: readonly T[], row: T, cmp: (a: T, b: T) => number): number {
  for (let i = bound(sorted, row, cmp, false); i < sorted.length && cmp(sorted[i] as T, row) === 0; i++) if (sorted[i] === row) return i;
  return -1;
}

export interface VirtualWindow {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/** Rows [start, end) to render for a scroll position, with `overscan` extra rows on each side. */
export function virtualWindow(total: number, scrollTop: number, viewportHeight: number, rowHeight: number, overscan = 8): VirtualWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.max(start, Math.min(total, first + visible + overscan));
  return { start, end, padTop: start * rowHeight, padBottom: (total - end) * rowHeight };
}
