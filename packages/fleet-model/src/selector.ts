// Kubernetes label selectors: matching (metav1.LabelSelectorAsSelector semantics), the
// string form (`env=prod,region in (eu,us),!legacy`) and a parser for user input.
import type { LabelSelector, LabelSelectorRequirement } from './types';

export type Labels = Readonly<Record<string, string>> | null | undefined;

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof OPERATORS)[number];

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A qualified name: optional DNS-subdomain prefix (≤253) + `/` + name (≤63). */
export function isValidLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN_RE.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && NAME_RE.test(name);
}

/** Empty, or ≤63 characters of `[A-Za-z0-9-_.]` starting and ending alphanumeric. */
export function isValidLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_RE.test(value));
}

/** Problems that make Kubernetes reject the selector (LabelSelectorAsSelector errors); empty = valid. */
export function selectorErrors(selector: LabelSelector): string[] {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!isValidLabelKey(k)) errors.push(`invalid label key "${k}"`);
    if (!isValidLabelValue(v)) errors.push(`invalid label value "${v}"`);
  }
  for (const r of selector.matchExpressions ?? []) {
    if (!isValidLabelKey(r.key)) errors.push(`invalid label key "${r.key}"`);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errors.push(`for 'in', 'notin' operators, values set can't be empty (key "${r.key}")`);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errors.push(`values set must be empty for exists and does not exist (key "${r.key}")`);
        break;
      default:
        errors.push(`"${r.operator}" is not a valid label selector operator`);
    }
    for (const v of values) if (!isValidLabelValue(v)) errors.push(`invalid label value "${v}"`);
  }
  return errors;
}

function requirementMatches(labels: Readonly<Record<string, string>>, r: LabelSelectorRequirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && value !== undefined && values.includes(value);
    case 'NotIn':
      return !has || value === undefined || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/**
 * Kubernetes semantics: a null/undefined selector matches nothing, `{}` matches everything,
 * matchLabels and matchExpressions are ANDed, NotIn and DoesNotExist match an absent key.
 * An invalid selector (Kubernetes would reject it) matches nothing.
 */
export function matchesSelector(labels: Labels, selector: LabelSelector | null | undefined): boolean {
  if (selector == null) return false;
  if (selectorErrors(selector).length > 0) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(l, k) || l[k] !== v) return false;
  }
  return (selector.matchExpressions ?? []).every((r) => requirementMatches(l, r));
}

/**
 * Kubernetes string form: matchLabels (sorted by key) as `k=v`, then the expressions in
 * order as `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. `{}` gives ''.
 */
export function selectorToString(selector: LabelSelector | null | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  const labels = Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k, v] of labels) parts.push(`${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    const values = (r.values ?? []).join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator} (${values})`);
  }
  return parts.join(',');
}

export interface SelectorParseError {
  message: string;
  /** 0-based character offset in the input. */
  position: number;
}

export type ParseSelectorResult = { ok: true; selector: LabelSelector } | { ok: false; error: SelectorParseError };

class Scanner {
  pos = 0;
  constructor(readonly input: string) {}
  skipSpace(): void {
    while (this.pos < this.input.length && /\s/.test(this.input[this.pos] ?? '')) this.pos++;
  }
  peek(): string {
    return this.input[this.pos] ?? '';
  }
  atEnd(): boolean {
    return this.pos >= this.input.length;
  }
  /** A key or value token: anything up to whitespace or one of `,()=!`. */
  word(): { text: string; start: number } {
    const start = this.pos;
    while (this.pos < this.input.length && !/[\s,()=!<>]/.test(this.input[this.pos] ?? '')) this.pos++;
    return { text: this.input.slice(start, this.pos), start };
  }
}

function fail(message: string, position: number): ParseSelectorResult {
  return { ok: false, error: { message, position } };
}

/**
 * Parses the Kubernetes string form into a LabelSelector. Supports `k=v`, `k==v`, `k!=v`
 * (NotIn [v]), `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. Errors carry the character offset.
 */
export function parseSelector(input: string): ParseSelectorResult {
  const s = new Scanner(input);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  s.skipSpace();
  if (s.atEnd()) return { ok: true, selector: {} };
  for (;;) {
    s.skipSpace();
    let negated = false;
    if (s.peek() === '!') {
      negated = true;
      s.pos++;
      s.skipSpace();
    }
    const key = s.word();
    if (key.text === '') return fail('expected a label key', key.start);
    if (!isValidLabelKey(key.text)) return fail(`invalid label key "${key.text}"`, key.start);
    s.skipSpace();
    if (negated) {
      matchExpressions.push({ key: key.text, operator: 'DoesNotExist' });
    } else if (s.atEnd() || s.peek() === ',') {
      matchExpressions.push({ key: key.text, operator: 'Exists' });
    } else if (s.peek() === '=' || s.peek() === '!') {
      const notEqual = s.peek() === '!';
      s.pos++;
      if (notEqual && s.peek() !== '=') return fail("expected '=' after '!'", s.pos);
      if (notEqual) s.pos++;
      else if (s.peek() === '=') s.pos++;
      s.skipSpace();
      const value = s.word();
      if (!isValidLabelValue(value.text)) return fail(`invalid label value "${value.text}"`, value.start);
      if (notEqual) matchExpressions.push({ key: key.text, operator: 'NotIn', values: [value.text] });
      else if (Object.prototype.hasOwnProperty.call(matchLabels, key.text) && matchLabels[key.text] !== value.text) {
        matchExpressions.push({ key: key.text, operator: 'In', values: [value.text] });
      } else matchLabels[key.text] = value.text;
    } else {
      const op = s.word();
      const lower = op.text.toLowerCase();
      if (lower !== 'in' && lower !== 'notin') {
        return fail(`expected '=', '!=', 'in', 'notin', ',' or end of input, found "${op.text || s.peek()}"`, op.start);
      }
      s.skipSpace();
      if (s.peek() !== '(') return fail("expected '('", s.pos);
      s.pos++;
      const values: string[] = [];
      for (;;) {
        s.skipSpace();
        const v = s.word();
        if (!isValidLabelValue(v.text)) return fail(`invalid label value "${v.text}"`, v.start);
        if (v.text === '' && values.length === 0 && s.peek() === ')') {
          return fail(`for 'in', 'notin' operators, values set can't be empty`, v.start);
        }
        values.push(v.text);
        s.skipSpace();
        if (s.peek() === ',') {
          s.pos++;
          continue;
        }
        if (s.peek() === ')') {
          s.pos++;
          break;
        }
        return fail("expected ',' or ')'", s.pos);
      }
      matchExpressions.push({ key: key.text, operator: lower === 'in' ? 'In' : 'NotIn', values });
    }
    s.skipSpace();
    if (s.atEnd()) break;
    if (s.peek() !== ',') return fail("expected ',' or end of input", s.pos);
    s.pos++;
  }
  const selector: LabelSelector = {};
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  if (matchExpressions.length > 0) selector.matchExpressions = matchExpressions;
  return { ok: true, selector };
}

export { OPERATORS as SELECTOR_OPERATORS };
