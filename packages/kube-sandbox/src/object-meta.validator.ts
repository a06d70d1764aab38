// ObjectMeta validation (k8s.io/apimachinery/pkg/api/validation), the parts a client can trip over.
import type { FieldError } from './api-status.errors';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join('or ')}regex used for validation is '${fmt}')`;
}

function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

export function dns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

export function dns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

/** Names of path segments: any name but '.', '..', or names containing '/' or '%'. */
export function pathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const ch of ['/', '%']) if (value.includes(ch)) errs.push(`may not contain '${ch}'`);
  return errs;
}

export function qualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0] ?? '';
  else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of dns1123Subdomain(prefix)) errs.push(`prefix part ${e}`);
  } else {
    return [
      regexError(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (name.length > 0 && !QUALIFIED_NAME_RE.test(name)) {
    errs.push(
      `name part ${regexError(
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      )}`,
    );
  }
  return errs;
}

export function labelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

export type NameRule = 'subdomain' | 'label' | 'path';

function nameErrors(rule: NameRule, value: string): string[] {
  if (rule === 'subdomain') return dns1123Subdomain(value);
  if (rule === 'label') return dns1123Label(value);
  return pathSegmentName(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates metadata of an object about to be created or updated. */
export function validateObjectMeta(
  meta: Record<string, unknown>,
  opts: { rule: NameRule; namespaced: boolean },
): FieldError[] {
  const errs: FieldError[] = [];
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';
  if (generateName !== '' && name === '') {
    // the generated name is validated below
  }
  if (name === '') {
    errs.push({ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    for (const msg of nameErrors(opts.rule, name)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: msg });
  }
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  if (opts.namespaced) {
    if (ns === '') errs.push({ type: 'FieldValueRequired', field: 'metadata.namespace', detail: '' });
    else for (const msg of dns1123Label(ns)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.namespace', value: ns, detail: msg });
  } else if (ns !== '') {
    errs.push({ type: 'FieldValueForbidden', field: 'metadata.namespace', detail: 'not allowed on this type' });
  }
  if (meta.labels !== undefined && meta.labels !== null) {
    if (!isRecord(meta.labels)) {
      errs.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value: meta.labels, detail: 'must be a map of strings' });
    } else {
      for (const [k, v] of Object.entries(meta.labels)) {
        for (const msg of qualifiedName(k)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value: k, detail: msg });
        const sv = typeof v === 'string' ? v : String(v);
        for (const msg of labelValue(sv)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value: sv, detail: msg });
      }
    }
  }
  if (isRecord(meta.annotations)) {
    let total = 0;
    for (const [k, v] of Object.entries(meta.annotations)) {
      for (const msg of qualifiedName(k.toLowerCase()))
        errs.push({ type: 'FieldValueInvalid', field: 'metadata.annotations', value: k, detail: msg });
      total += k.length + (typeof v === 'string' ? v.length : 0);
    }
    if (total > 256 * 1024) {
      errs.push({ type: 'FieldValueTooLong', field: 'metadata.annotations', detail: `may not be more than ${256 * 1024} bytes` });
    }
  }
  if (Array.isArray(meta.finalizers)) {
    meta.finalizers.forEach((f, i) => {
      const s = typeof f === 'string' ? f : '';
      for (const msg of qualifiedName(s)) errs.push({ type: 'FieldValueInvalid', field: `metadata.finalizers[${i}]`, value: s, detail: msg });
    });
  }
  return errs;
}
