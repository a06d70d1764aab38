// Label and field selectors (k8s.io/apimachinery/pkg/labels and pkg/fields).
import { qualifiedName, labelValue } from './object-meta.validator';

export type LabelOperator = 'exists' | '!' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  op: LabelOperator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

export class SelectorParseError extends Error {}

function checkKey(key: string): void {
  const errs = qualifiedName(key);
  if (errs.length > 0) throw new SelectorParseError(`unable to parse requirement: <nil>: Invalid value: ${JSON.stringify(key)}: ${errs.join('; ')}`);
}

function checkValue(value: string): void {
  const errs = labelValue(value);
  if (errs.length > 0) throw new SelectorParseError(`unable to parse requirement: <nil>: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`);
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

export function parseLabelSelector(input: string | undefined | null): LabelSelector {
  if (input == null || input.trim() === '') return [];
  const reqs: LabelSelector = [];
  for (const rawPart of splitTopLevel(input)) {
    const part = rawPart.trim();
    if (part === '') throw new SelectorParseError(`found '', expected: !, identifier, or 'end of string'`);
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^!\s*([^\s=!<>(),]+)$/)) !== null) {
      const key = m[1] ?? '';
      checkKey(key);
      reqs.push({ key, op: '!', values: [] });
    } else if ((m = part.match(/^([^\s=!<>(),]+)\s+(in|notin)\s*\((.*)\)$/)) !== null) {
      const key = m[1] ?? '';
      checkKey(key);
      const values = (m[3] ?? '')
        .split(',')
        .map((v) => v.trim());
      const filtered = values.length === 1 && values[0] === '' ? [''] : values;
      for (const v of filtered) checkValue(v);
      reqs.push({ key, op: m[2] === 'in' ? 'in' : 'notin', values: filtered });
    } else if ((m = part.match(/^([^\s=!<>(),]+)\s*(==|=|!=|>|<)\s*([^\s=!<>(),]*)$/)) !== null) {
      const key = m[1] ?? '';
      const value = m[3] ?? '';
      checkKey(key);
      const rawOp = m[2];
      if (rawOp === '>' || rawOp === '<') {
        if (!/^-?\d+$/.test(value)) throw new SelectorParseError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key, op: rawOp === '>' ? 'gt' : 'lt', values: [value] });
      } else {
        checkValue(value);
        reqs.push({ key, op: rawOp === '!=' ? '!=' : '=', values: [value] });
      }
    } else if ((m = part.match(/^([^\s=!<>(),]+)$/)) !== null) {
      const key = m[1] ?? '';
      checkKey(key);
      reqs.push({ key, op: 'exists', values: [] });
    } else {
      throw new SelectorParseError(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return reqs;
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const req of selector) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
    const v = has ? (labels as Record<string, string>)[req.key] : undefined;
    switch (req.op) {
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case '=':
        if (!has || v !== req.values[0]) return false;
        break;
      case '!=':
        if (has && v === req.values[0]) return false;
        break;
      case 'in':
        if (!has || !req.values.includes(v as string)) return false;
        break;
      case 'notin':
        if (has && req.values.includes(v as string)) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v as string)) return false;
        const n = Number(v);
        const bound = Number(req.values[0]);
        if (req.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type FieldSelector = FieldRequirement[];

/** Parses a field selector and checks every field is one the resource supports. */
export function parseFieldSelector(input: string | undefined | null, supported: readonly string[]): FieldSelector {
  if (input == null || input.trim() === '') return [];
  const reqs: FieldSelector = [];
  for (const rawPart of input.split(',')) {
    const part = rawPart.trim();
    if (part === '') continue;
    const m = part.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (m === null) throw new SelectorParseError(`invalid selector: '${input}'; can't understand '${part}'`);
    const field = m[1] ?? '';
    if (!supported.includes(field)) {
      throw new SelectorParseError(
        `${JSON.stringify(field)} is not a known field selector: only ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
      );
    }
    reqs.push({ field, op: m[2] === '!=' ? '!=' : '=', value: (m[3] ?? '').trim() });
  }
  return reqs;
}

function fieldValue(obj: Record<string, unknown>, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

export function matchesFields(selector: FieldSelector, obj: Record<string, unknown>): boolean {
  for (const req of selector) {
    const v = fieldValue(obj, req.field);
    if (req.op === '=' ? v !== req.value : v === req.value) return false;
  }
  return true;
}
