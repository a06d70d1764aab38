// `x-kubernetes-validations` of custom resource schemas, evaluated with the CEL subset of
// cel.evaluator.ts the way apiextensions-apiserver reports them. A rule the subset cannot
// compile or evaluate does not reject anything: it is recorded once and skipped.
import type { FieldError, FieldErrorType } from './api-status.errors';
import { CelEvalError, CelParseError, celValueFromJson, compileCel, type CelProgram, type CelTypeHint } from './cel.evaluator';

export interface CelValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** The schema shape the checker walks (a structural OpenAPI v3 schema). */
export interface CelRuleSchema extends CelTypeHint {
  properties?: Record<string, CelRuleSchema>;
  items?: CelRuleSchema;
  additionalProperties?: CelRuleSchema | boolean;
  'x-kubernetes-validations'?: CelValidationRule[];
}

export interface UnsupportedCelRule {
  rule: string;
  reason: string;
}

export interface CelRuleChecker {
  /** True when the schema declares at least one rule (the CRD then has a CEL validator). */
  hasRules(schema: CelRuleSchema): boolean;
  /** Appends the failures of every rule under `schema` for `value` (the object root when path is ''). */
  check(value: unknown, schema: CelRuleSchema, errs: FieldError[], path?: string): void;
  /** Rules that were skipped because the evaluator cannot handle them, each listed once. */
  unsupported(): UnsupportedCelRule[];
}

/** apiextensions' hasBlockingErr: schema errors after which the rules are not evaluated. */
const BLOCKING: ReadonlySet<FieldErrorType> = new Set(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);

export const RULES_NOT_CHECKED: FieldError = {
  type: 'FieldValueInvalid',
  field: '<nil>',
  value: null,
  detail: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
};

export function hasBlockingError(errs: FieldError[]): boolean {
  return errs.some((e) => BLOCKING.has(e.type));
}

function ruleText(rule: CelValidationRule): string {
  const message = rule.message?.trim() ?? '';
  return message !== '' ? message : rule.rule.trim();
}

function ruleMessage(rule: CelValidationRule): string {
  const message = rule.message?.trim() ?? '';
  return message !== '' ? message : `failed rule: ${rule.rule.trim()}`;
}

function withFieldPath(path: string, fieldPath: string | undefined): string {
  if (fieldPath === undefined || fieldPath === '') return path;
  if (path === '') return fieldPath.replace(/^\./, '');
  return `${path}${fieldPath.startsWith('[') || fieldPath.startsWith('.') ? '' : '.'}${fieldPath}`;
}

function failure(rule: CelValidationRule, path: string, value: unknown): FieldError {
  const field = withFieldPath(path, rule.fieldPath) || '<nil>';
  const detail = ruleMessage(rule);
  switch (rule.reason) {
    case 'FieldValueForbidden':
      return { type: 'FieldValueForbidden', field, detail };
    case 'FieldValueRequired':
      return { type: 'FieldValueRequired', field, detail };
    case 'FieldValueDuplicate':
      return { type: 'FieldValueDuplicate', field, value, detail: '' };
    default:
      return { type: 'FieldValueInvalid', field, value, detail };
  }
}

export function createCelRuleChecker(): CelRuleChecker {
  const programs = new Map<string, CelProgram | CelParseError>();
  const skipped = new Map<string, string>();
  const ruleBearing = new WeakMap<object, boolean>();

  function skip(rule: string, reason: string): void {
    if (!skipped.has(rule)) skipped.set(rule, reason);
  }

  function program(rule: string): CelProgram | undefined {
    let p = programs.get(rule);
    if (p === undefined) {
      try {
        p = compileCel(rule);
      } catch (e) {
        if (!(e instanceof CelParseError)) throw e;
        p = e;
      }
      programs.set(rule, p);
    }
    if (p instanceof CelParseError) {
      skip(rule, p.message);
      return undefined;
    }
    return p;
  }

  function hasRules(schema: CelRuleSchema): boolean {
    const known = ruleBearing.get(schema);
    if (known !== undefined) return known;
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const found =
      (schema['x-kubernetes-validations']?.length ?? 0) > 0 ||
      Object.values(schema.properties ?? {}).some(hasRules) ||
      (schema.items !== undefined && hasRules(schema.items)) ||
      (additional !== undefined && hasRules(additional));
    ruleBearing.set(schema, found);
    return found;
  }

  function check(value: unknown, schema: CelRuleSchema, errs: FieldError[], path = ''): void {
    if (value === null || value === undefined || !hasRules(schema)) return;
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      if (typeof rule?.rule !== 'string') continue;
      const prog = program(rule.rule);
      if (prog === undefined) continue;
      let result: unknown;
      try {
        result = prog.evaluate({ self: celValueFromJson(value, schema) });
      } catch (e) {
        if (e instanceof CelParseError) {
          skip(rule.rule, e.message);
          continue;
        }
        if (e instanceof CelEvalError) {
          errs.push({ type: 'FieldValueInvalid', field: path || '<nil>', value: schema.type ?? 'object', detail: `${e.message} evaluating rule: ${ruleText(rule)}` });
          continue;
        }
        throw e;
      }
      if (typeof result !== 'boolean') {
        skip(rule.rule, `the rule evaluates to ${typeof result}, not a boolean`);
        continue;
      }
      if (!result) errs.push(failure(rule, path, value));
    }
    if (Array.isArray(value)) {
      if (schema.items !== undefined) value.forEach((item, i) => check(item, schema.items as CelRuleSchema, errs, `${path}[${i}]`));
      return;
    }
    if (typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const key of Object.keys(obj).sort()) {
      const prop = schema.properties?.[key];
      if (prop !== undefined) check(obj[key], prop, errs, path === '' ? key : `${path}.${key}`);
      else if (additional !== undefined) check(obj[key], additional, errs, `${path}[${key}]`);
    }
  }

  return {
    hasRules,
    check,
    unsupported: () => [...skipped].map(([rule, reason]) => ({ rule, reason })),
  };
}
