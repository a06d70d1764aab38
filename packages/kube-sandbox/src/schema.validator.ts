// Structural OpenAPI v3 schema handling for custom resources, mirroring apiextensions-apiserver:
// pruning of unknown fields, defaulting, and validation with kube-openapi's messages.
import type { FieldError } from './api-status.errors';
import { hasBlockingError, RULES_NOT_CHECKED, type CelRuleChecker, type CelValidationRule } from './cel-rules.validator';

export interface JsonSchema {
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  default?: unknown;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maximum?: number;
  minimum?: number;
  exclusiveMaximum?: boolean;
  exclusiveMinimum?: boolean;
  multipleOf?: number;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  maxProperties?: number;
  minProperties?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: CelValidationRule[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: unknown };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** Drops fields ObjectMeta does not know, as decoding into metav1.ObjectMeta does. */
export function pruneObjectMeta(meta: JsonObject): void {
  for (const k of Object.keys(meta)) if (!OBJECT_META_FIELDS.has(k)) delete meta[k];
}

/** Removes fields the schema does not specify (in place), like structural pruning. */
export function prune(value: unknown, schema: JsonSchema | undefined, isRoot = false): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    if (schema.items !== undefined) for (const item of value) prune(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const props = schema.properties;
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of Object.keys(value)) {
    if (isRoot && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
      if (key === 'metadata' && isObject(value.metadata)) pruneObjectMeta(value.metadata);
      continue;
    }
    if (schema['x-kubernetes-embedded-resource'] === true && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const child = props?.[key];
    if (child !== undefined) prune(value[key], child);
    else if (additional !== undefined) prune(value[key], additional);
    else if (!preserve && schema.additionalProperties !== true) delete value[key];
  }
}

/** Applies `default`s and drops nulls of non-nullable fields (in place), like structural defaulting. */
export function applyDefaults(value: unknown, schema: JsonSchema | undefined): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    if (schema.items !== undefined) for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  if (schema.properties !== undefined) {
    for (const [key, child] of Object.entries(schema.properties)) {
      const present = Object.prototype.hasOwnProperty.call(value, key);
      const v = value[key];
      if ((!present || (v === null && child.nullable !== true)) && child.default !== undefined) {
        value[key] = structuredClone(child.default);
      } else if (present && v === null && child.nullable !== true) {
        delete value[key];
      }
    }
  }
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of Object.keys(value)) {
    const child = schema.properties?.[key] ?? additional;
    if (child === undefined) continue;
    if (value[key] === null && child.nullable !== true && schema.properties?.[key] === undefined) {
      if (child.default !== undefined) value[key] = structuredClone(child.default);
      else delete value[key];
      continue;
    }
    applyDefaults(value[key], child);
  }
}

function jsonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'object';
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function formatOk(format: string, v: string): boolean {
  switch (format) {
    case 'date-time':
    case 'datetime':
      return DATE_TIME_RE.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')));
    case 'date':
      return DATE_RE.test(v);
    case 'byte':
      return BASE64_RE.test(v);
    case 'uuid':
      return UUID_RE.test(v);
    default:
      return true;
  }
}

function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Validates a (pruned, defaulted) value against the schema; errors use kube-openapi messages. */
export function validateValue(value: unknown, schema: JsonSchema, path: string, errs: FieldError[], isRoot = false): void {
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const actual = jsonTypeName(value);
  if (value === null || value === undefined) {
    if (schema.nullable === true) return;
    if (schema.type !== undefined || intOrString) {
      const expected = intOrString ? 'integer,string' : (schema.type ?? '');
      errs.push({ type: 'FieldValueTypeInvalid', field: path, value: 'null', detail: `${path} in body must be of type ${expected}: "null"` });
    }
    return;
  }
  if (intOrString) {
    if (actual !== 'integer' && actual !== 'string') {
      errs.push({ type: 'FieldValueTypeInvalid', field: path, value: actual, detail: `${path} in body must be of type integer,string: "${actual}"` });
      return;
    }
  } else if (schema.type !== undefined && schema.type !== '') {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) {
      errs.push({ type: 'FieldValueTypeInvalid', field: path, value: actual, detail: `${path} in body must be of type ${schema.type}: "${actual}"` });
      return;
    }
  }
  if (typeof value === 'string') {
    if (schema.format !== undefined && !formatOk(schema.format, value)) {
      errs.push({ type: 'FieldValueTypeInvalid', field: path, value, detail: `${path} in body must be of type ${schema.format}: ${JSON.stringify(value)}` });
    }
    if (schema.maxLength !== undefined && runeLength(value) > schema.maxLength) {
      errs.push({ type: 'FieldValueTooLong', field: path, value, detail: `may not be longer than ${schema.maxLength}` });
    }
    if (schema.minLength !== undefined && runeLength(value) < schema.minLength) {
      errs.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be at least ${schema.minLength} chars long` });
    }
    if (schema.pattern !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(schema.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re !== undefined && !re.test(value)) {
        errs.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should match '${schema.pattern}'` });
      }
    }
  }
  if (typeof value === 'number') {
    if (schema.maximum !== undefined) {
      const bad = schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum;
      if (bad) {
        const rel = schema.exclusiveMaximum === true ? 'less than' : 'less than or equal to';
        errs.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be ${rel} ${schema.maximum}` });
      }
    }
    if (schema.minimum !== undefined) {
      const bad = schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum;
      if (bad) {
        const rel = schema.exclusiveMinimum === true ? 'greater than' : 'greater than or equal to';
        errs.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be ${rel} ${schema.minimum}` });
      }
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) {
      errs.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be a multiple of ${schema.multipleOf}` });
    }
  }
  if (schema.enum !== undefined && schema.enum.length > 0 && !schema.enum.some((e) => deepEqual(e, value))) {
    const values = schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
    errs.push({
      type: 'FieldValueNotSupported',
      field: path,
      value,
      detail: `supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    });
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errs.push({ type: 'FieldValueTooMany', field: path, value: value.length, detail: `must have at most ${schema.maxItems} items` });
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errs.push({ type: 'FieldValueInvalid', field: path, value: value.length, detail: `${path} in body should have at least ${schema.minItems} items` });
    }
    if (schema.uniqueItems === true) {
      const dup = value.some((x, i) => value.findIndex((y) => deepEqual(x, y)) !== i);
      if (dup) errs.push({ type: 'FieldValueInvalid', field: path, value: '', detail: `${path} in body shouldn't contain duplicates` });
    }
    if (schema.items !== undefined) value.forEach((item, i) => validateValue(item, schema.items as JsonSchema, `${path}[${i}]`, errs));
    validateListType(value, schema, path, errs);
    return;
  }
  if (isObject(value)) {
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      errs.push({ type: 'FieldValueTooMany', field: path, value: count, detail: `must have at most ${schema.maxProperties} items` });
    }
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      errs.push({ type: 'FieldValueInvalid', field: path, value: count, detail: `${path} in body should have at least ${schema.minProperties} properties` });
    }
    for (const req of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(value, req) || value[req] === undefined) {
        errs.push({ type: 'FieldValueRequired', field: childPath(path, req), detail: '' });
      }
    }
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const key of Object.keys(value)) {
      if (isRoot && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue;
      const child = schema.properties?.[key] ?? additional;
      if (child !== undefined) validateValue(value[key], child, childPath(path, key), errs);
    }
  }
}

function validateListType(value: unknown[], schema: JsonSchema, path: string, errs: FieldError[]): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') {
    value.forEach((x, i) => {
      if (value.findIndex((y) => deepEqual(x, y)) !== i) errs.push({ type: 'FieldValueDuplicate', field: `${path}[${i}]`, value: x, detail: '' });
    });
  } else if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Map<string, number>();
    value.forEach((x, i) => {
      if (!isObject(x)) return;
      const keyValue: Record<string, unknown> = {};
      for (const k of keys) if (x[k] !== undefined) keyValue[k] = x[k];
      const id = JSON.stringify(keys.map((k) => x[k] ?? null));
      if (seen.has(id)) errs.push({ type: 'FieldValueDuplicate', field: `${path}[${i}]`, value: keyValue, detail: '' });
      else seen.set(id, i);
    });
  }
}

/**
 * Prunes, defaults and validates a custom resource object; returns the validation errors.
 * With `celRules`, the schema's `x-kubernetes-validations` run too, unless a schema error already
 * blocks them (then one `<nil>` error says so, as apiextensions-apiserver does).
 */
export function processCustomResource(obj: JsonObject, schema: JsonSchema | undefined, celRules?: CelRuleChecker): FieldError[] {
  if (schema === undefined) return [];
  prune(obj, schema, true);
  applyDefaults(obj, schema);
  const errs: FieldError[] = [];
  validateValue(obj, schema, '', errs, true);
  if (celRules !== undefined && celRules.hasRules(schema)) {
    if (hasBlockingError(errs)) errs.push({ ...RULES_NOT_CHECKED });
    else celRules.check(obj, schema, errs);
  }
  return errs;
}

export type { Json };
