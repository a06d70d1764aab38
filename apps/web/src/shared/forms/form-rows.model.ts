// Editable rows behind the forms: key/value rows (labels, matchLabels), selector expression rows
// and a LabelSelector as rows, with validation in Kubernetes' own terms. Pure; no Vue.
import { isValidLabelKey, isValidLabelValue, SELECTOR_OPERATORS, type LabelSelector, type SelectorOperator } from '@fleet-dashboard/fleet-model';

export interface KeyValueRow {
  id: number;
  key: string;
  value: string;
}

export interface ExpressionRow {
  id: number;
  key: string;
  operator: SelectorOperator;
  /** Comma-separated values (In/NotIn). */
  values: string;
}

export interface SelectorRows {
  labels: KeyValueRow[];
  expressions: ExpressionRow[];
}

/** Problems of one row, by field. */
export interface RowErrors {
  key?: string;
  value?: string;
  values?: string;
}

let nextRowId = 1;
/** A fresh id for a row (keys of v-for, ids of error messages). */
export function rowId(): number {
  return nextRowId++;
}

export function keyValueRow(key = '', value = ''): KeyValueRow {
  return { id: rowId(), key, value };
}

export function expressionRow(key = '', operator: SelectorOperator = 'In', values = ''): ExpressionRow {
  return { id: rowId(), key, operator, values };
}

export function rowsOfRecord(record: Readonly<Record<string, string>> | null | undefined): KeyValueRow[] {
  return Object.entries(record ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => keyValueRow(k, v));
}

const isBlankPair = (row: KeyValueRow): boolean => row.key.trim() === '' && row.value.trim() === '';

/** The record the rows describe (trimmed; blank rows dropped). */
export function recordOfRows(rows: readonly KeyValueRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (!isBlankPair(row)) record[row.key.trim()] = row.value.trim();
  return record;
}

export const KEY_HINT = 'an optional DNS prefix and "/", then up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit';
export const VALUE_HINT = 'up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit';

function keyError(key: string, seen: Set<string>): string | undefined {
  if (!key) return 'A key is required.';
  if (!isValidLabelKey(key)) return `Not a valid key: ${KEY_HINT}.`;
  if (seen.has(key)) return 'This key is already used above.';
  return undefined;
}

/** Problems of key/value rows by row id; blank rows are ignored. */
export function keyValueErrors(rows: readonly KeyValueRow[]): Map<number, RowErrors> {
  const errors = new Map<number, RowErrors>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (isBlankPair(row)) continue;
    const key = row.key.trim();
    const e: RowErrors = {};
    const k = keyError(key, seen);
    if (k) e.key = k;
    if (!isValidLabelValue(row.value.trim())) e.value = `Not a valid value: ${VALUE_HINT} (or empty).`;
    seen.add(key);
    if (e.key || e.value) errors.set(row.id, e);
  }
  return errors;
}

export function splitValues(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function operatorTakesValues(operator: SelectorOperator): boolean {
  return operator === 'In' || operator === 'NotIn';
}

export function selectorRowsOf(selector: LabelSelector | null | undefined): SelectorRows {
  return {
    labels: rowsOfRecord(selector?.matchLabels),
    expressions: (selector?.matchExpressions ?? []).map((r) =>
      expressionRow(r.key, (SELECTOR_OPERATORS as readonly string[]).includes(r.operator) ? (r.operator as SelectorOperator) : 'In', (r.values ?? []).join(',')),
    ),
  };
}

const isBlankExpression = (row: ExpressionRow): boolean => row.key.trim() === '' && row.values.trim() === '';

/** A LabelSelector as the rows write it (no nulls, known operators). */
export type PlainSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: SelectorOperator; values?: string[] }>;
};

/** The LabelSelector the rows describe; blank rows dropped, empty parts omitted (`{}` selects every cluster). */
export function selectorOfRows(rows: SelectorRows): PlainSelector {
  const selector: PlainSelector = {};
  const matchLabels = recordOfRows(rows.labels);
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  const expressions = rows.expressions
    .filter((r) => !isBlankExpression(r))
    .map((r) => (operatorTakesValues(r.operator) ? { key: r.key.trim(), operator: r.operator, values: splitValues(r.values) } : { key: r.key.trim(), operator: r.operator }));
  if (expressions.length > 0) selector.matchExpressions = expressions;
  return selector;
}

export interface SelectorRowErrors {
  labels: Map<number, RowErrors>;
  expressions: Map<number, RowErrors>;
}

/** Problems of selector rows: label keys/values, operators that need (or refuse) values. */
export function selectorRowErrors(rows: SelectorRows): SelectorRowErrors {
  const expressions = new Map<number, RowErrors>();
  for (const row of rows.expressions) {
    if (isBlankExpression(row)) continue;
    const e: RowErrors = {};
    const k = keyError(row.key.trim(), new Set());
    if (k) e.key = k;
    const values = splitValues(row.values);
    if (operatorTakesValues(row.operator)) {
      if (values.length === 0) e.values = `${row.operator} needs at least one value.`;
      else {
        const bad = values.find((v) => !isValidLabelValue(v));
        if (bad !== undefined) e.values = `“${bad}” is not a valid value: ${VALUE_HINT}.`;
      }
    } else if (values.length > 0) e.values = `${row.operator} takes no values.`;
    if (e.key || e.values) expressions.set(row.id, e);
  }
  return { labels: keyValueErrors(rows.labels), expressions };
}

export function hasSelectorErrors(errors: SelectorRowErrors): boolean {
  return errors.labels.size > 0 || errors.expressions.size > 0;
}

/** True when the rows hold no requirement (the selector matches every cluster). */
export function isEmptySelectorRows(rows: SelectorRows): boolean {
  return rows.labels.every(isBlankPair) && rows.expressions.every(isBlankExpression);
}
