// core/v1 Secret defaulting and validation (pkg/apis/core/validation ValidateSecret and
// ValidateSecretUpdate), with the field paths and texts of kube-apiserver.
import type { FieldError } from './api-status.errors';
import { goJsonKind, GoJsonSyntaxError, parseGoJson } from './go-json.parser';

type Obj = Record<string, unknown>;

/** core.MaxSecretSize */
export const MAX_SECRET_SIZE = 1024 * 1024;

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY_RE = /^[-._a-zA-Z0-9]+$/;
const CONFIG_MAP_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '" +
  CONFIG_MAP_KEY_FMT +
  "')";
const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';
const REDACTED = '<secret contents redacted>';

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** validation.IsConfigMapKey */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_MAP_KEY_RE.test(key)) errs.push(CONFIG_MAP_KEY_MSG);
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Merges `stringData` into `data` (base64) and defaults `type` to Opaque, like the v1 conversion and defaulting. */
export function prepareSecret(obj: Obj): void {
  const data: Obj = isObject(obj.data) ? { ...obj.data } : {};
  if (isObject(obj.stringData)) {
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  }
  delete obj.stringData;
  if (Object.keys(data).length > 0 || obj.data !== undefined) obj.data = data;
  if (typeof obj.type !== 'string' || obj.type === '') obj.type = 'Opaque';
}

function decoded(data: Obj, key: string): Buffer | undefined {
  if (!Object.prototype.hasOwnProperty.call(data, key)) return undefined;
  const v = data[key];
  return typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.alloc(0);
}

/** json.Unmarshal(b, &map[string]interface{}{}): the Go error text, or undefined. */
function dockerConfigError(b: Buffer): string | undefined {
  try {
    const v = parseGoJson(b).value;
    if (v !== null && !isObject(v)) return `json: cannot unmarshal ${goJsonKind(v)} into Go value of type map[string]interface {}`;
    return undefined;
  } catch (e) {
    if (e instanceof GoJsonSyntaxError) return e.message;
    throw e;
  }
}

/** ValidateSecret without the ObjectMeta part (validated separately). */
export function validateSecret(obj: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data: Obj = isObject(obj.data) ? obj.data : {};
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    for (const msg of configMapKeyErrors(key)) errs.push({ type: 'FieldValueInvalid', field: `data[${key}]`, value: key, detail: msg });
    total += decoded(data, key)?.length ?? 0;
  }
  if (total > MAX_SECRET_SIZE) errs.push({ type: 'FieldValueTooLong', field: 'data', detail: `may not be more than ${MAX_SECRET_SIZE} bytes` });

  const required = (field: string): FieldError => ({ type: 'FieldValueRequired', field, detail: '' });
  switch (obj.type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
      const name = annotations['kubernetes.io/service-account.name'];
      if (typeof name !== 'string' || name === '') errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = obj.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const bytes = decoded(data, key);
      if (bytes === undefined) {
        errs.push(required(`data[${key}]`));
        break;
      }
      const err = dockerConfigError(bytes);
      if (err !== undefined) errs.push({ type: 'FieldValueInvalid', field: `data[${key}]`, value: REDACTED, detail: err });
      break;
    }
    case 'kubernetes.io/basic-auth':
      // username or password may be empty, but one of the keys must be there
      if (decoded(data, 'username') === undefined && decoded(data, 'password') === undefined) {
        errs.push(required('data[username]'), required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((decoded(data, 'ssh-privatekey')?.length ?? 0) === 0) errs.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (decoded(data, 'tls.crt') === undefined) errs.push(required('data[tls.crt]'));
      if (decoded(data, 'tls.key') === undefined) errs.push(required('data[tls.key]'));
      break;
    default:
      break;
  }
  return errs;
}

function sameData(a: unknown, b: unknown): boolean {
  const x = isObject(a) ? a : {};
  const y = isObject(b) ? b : {};
  const kx = Object.keys(x);
  if (kx.length !== Object.keys(y).length) return false;
  return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && (decoded(x, k) as Buffer).equals(decoded(y, k) as Buffer));
}

/** ValidateSecretUpdate without the ObjectMeta part: `type` and immutable secrets, then ValidateSecret. */
export function validateSecretUpdate(obj: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.type !== old.type) errs.push({ type: 'FieldValueInvalid', field: 'type', value: obj.type, detail: 'field is immutable' });
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push({ type: 'FieldValueForbidden', field: 'immutable', detail: IMMUTABLE_WHEN_SET });
    if (!sameData(obj.data, old.data)) errs.push({ type: 'FieldValueForbidden', field: 'data', detail: IMMUTABLE_WHEN_SET });
  }
  errs.push(...validateSecret(obj));
  return errs;
}
