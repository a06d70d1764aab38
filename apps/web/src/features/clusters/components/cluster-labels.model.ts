// The rows of the Edit Labels form and their validation (Kubernetes label syntax, as the server
// checks it), pure so it is tested without a DOM.
import { isValidLabelKey, isValidLabelValue } from '@fleet-dashboard/fleet-model';

export interface LabelRow {
  id: number;
  key: string;
  value: string;
}

export interface LabelRowErrors {
  key?: string;
  value?: string;
}

let nextRowId = 1;

export function labelRow(key = '', value = ''): LabelRow {
  return { id: nextRowId++, key, value };
}

export function rowsOf(labels: Readonly<Record<string, string>>): LabelRow[] {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => labelRow(k, v));
}

const isBlank = (row: LabelRow): boolean => row.key.trim() === '' && row.value.trim() === '';

/** Problems per row id; blank rows are ignored. */
export function validateRows(rows: readonly LabelRow[]): Map<number, LabelRowErrors> {
  const errors = new Map<number, LabelRowErrors>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (isBlank(row)) continue;
    const e: LabelRowErrors = {};
    const key = row.key.trim();
    if (!key) e.key = 'A label needs a key.';
    else if (!isValidLabelKey(key)) e.key = 'Not a valid key: an optional DNS prefix and "/", then up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit.';
    else if (seen.has(key)) e.key = 'This key is already used above.';
    if (!isValidLabelValue(row.value.trim())) e.value = 'Not a valid value: up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit (or empty).';
    seen.add(key);
    if (e.key || e.value) errors.set(row.id, e);
  }
  return errors;
}

/** The labels the rows describe (trimmed; blank rows dropped). */
export function labelsOf(rows: readonly LabelRow[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const row of rows) if (!isBlank(row)) labels[row.key.trim()] = row.value.trim();
  return labels;
}
