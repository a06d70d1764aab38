// Bulk selection of table rows by key: the selected set, the "Select all" state over the rows
// shown (the filtered ones) and the next key list after a toggle (the caller emits it).
import { computed } from 'vue';

export interface RowSelectionOptions<T> {
  /** Keys of the selected rows; undefined when the table has no selection column. */
  selectedKeys: () => readonly string[] | undefined;
  /** The rows shown (after filtering). */
  shown: () => readonly T[];
  keyOf: (row: T) => string;
  emit: (keys: string[]) => void;
}

export function useRowSelection<T>(options: RowSelectionOptions<T>) {
  const isSelectable = computed(() => options.selectedKeys() !== undefined);
  const selected = computed(() => new Set(options.selectedKeys() ?? []));
  const shownSelected = computed(() => options.shown().filter((r) => selected.value.has(options.keyOf(r))).length);
  const allState = computed(() => {
    const total = options.shown().length;
    return { checked: total > 0 && shownSelected.value === total, indeterminate: shownSelected.value > 0 && shownSelected.value < total };
  });

  function toggleAll(): void {
    const keys = options.shown().map(options.keyOf);
    const next = new Set(selected.value);
    if (allState.value.checked) for (const k of keys) next.delete(k);
    else for (const k of keys) next.add(k);
    options.emit([...next]);
  }

  function toggle(row: T): void {
    const key = options.keyOf(row);
    options.emit(selected.value.has(key) ? [...selected.value].filter((k) => k !== key) : [...selected.value, key]);
  }

  return { isSelectable, selected, allState, toggleAll, toggle };
}
