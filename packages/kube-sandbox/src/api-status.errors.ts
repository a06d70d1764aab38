// Kubernetes `Status` failure bodies, shaped like k8s.io/apimachinery/pkg/api/errors.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A failure that the HTTP layer writes as a Status body with its code. */
export class ApiStatusError extends Error {
  readonly status: StatusBody;
  constructor(status: StatusBody) {
    super(status.message ?? status.reason ?? 'error');
    this.status = status;
  }
}

/** A group + resource, e.g. `{group: 'fleet.cattle.io', resource: 'gitrepos'}`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function groupResourceString(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

function failure(code: number, reason: string | undefined, message: string, details?: StatusDetails): ApiStatusError {
  const body: Omit<StatusBody, 'code'> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message };
  if (reason !== undefined) body.reason = reason;
  if (details !== undefined) body.details = details;
  return new ApiStatusError({ ...body, code });
}

function grDetails(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = {};
  if (name !== '') d.name = name;
  if (gr.group !== '') d.group = gr.group;
  d.kind = gr.resource;
  return d;
}

export function notFound(gr: GroupResource, name: string): ApiStatusError {
  return failure(404, 'NotFound', `${groupResourceString(gr)} "${name}" not found`, grDetails(gr, name));
}

export function alreadyExists(gr: GroupResource, name: string): ApiStatusError {
  return failure(409, 'AlreadyExists', `${groupResourceString(gr)} "${name}" already exists`, grDetails(gr, name));
}

export function conflict(gr: GroupResource, name: string, cause: string): ApiStatusError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${cause}`,
    grDetails(gr, name),
  );
}

export const OPTIMISTIC_LOCK_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export function badRequest(message: string): ApiStatusError {
  return failure(400, 'BadRequest', message);
}

export function forbidden(gr: GroupResource, name: string, cause: string): ApiStatusError {
  const prefix = name === '' ? `${groupResourceString(gr)} is forbidden` : `${groupResourceString(gr)} "${name}" is forbidden`;
  return failure(403, 'Forbidden', `${prefix}: ${cause}`, grDetails(gr, name));
}

export function unauthorized(): ApiStatusError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function methodNotAllowed(): ApiStatusError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function pathNotFound(): ApiStatusError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function unsupportedMediaType(accepted: string[]): ApiStatusError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

export function requestEntityTooLarge(message: string): ApiStatusError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

export function resourceExpired(message: string): ApiStatusError {
  return failure(410, 'Expired', message);
}

export function internalError(message: string): ApiStatusError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

/**
 * `errors.NewGenericServerResponse(422, ..., isUnexpectedResponse=false)`: the server's own message
 * is dropped, clients see only the generic text and empty details (as kube-apiserver answers a
 * JSON patch that does not apply).
 */
export function genericUnprocessable(): ApiStatusError {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

// ---- field errors (k8s.io/apimachinery/pkg/util/validation/field) ----

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueDuplicate';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueDuplicate: 'Duplicate value',
};

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value; `OMIT` leaves it out of the message. */
  value?: unknown;
  detail: string;
}

export const OMIT = Symbol('omit-value');

/** Go `%v`/`%q`/`%#v` formatting of a decoded JSON value, as field.Error.ErrorBody prints it. */
export function formatGoValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goInner).join(', ')}}`;
  return `map[string]interface {}{${Object.keys(value as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goInner((value as Record<string, unknown>)[k])}`)
    .join(', ')}}`;
}

function goInner(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? `${value}` : goNumber(value);
  if (value === null || value === undefined) return 'interface {}(nil)';
  return formatGoValue(value);
}

export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  // Go prints large/small float64 with an exponent of at least two digits: 1e+21, 1e-07.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

export function fieldErrorBody(e: FieldError): string {
  let s: string;
  if (
    e.type === 'FieldValueRequired' ||
    e.type === 'FieldValueForbidden' ||
    e.type === 'FieldValueTooLong' ||
    e.value === OMIT
  ) {
    s = TYPE_TEXT[e.type];
  } else {
    s = `${TYPE_TEXT[e.type]}: ${formatGoValue(e.value)}`;
  }
  if (e.detail !== '') s += `: ${e.detail}`;
  return s;
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** `errors.NewInvalid(groupKind, name, errs)`. */
export function invalid(gk: { group: string; kind: string }, name: string, errs: FieldError[]): ApiStatusError {
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errs) {
    const m = fieldErrorString(e);
    if (!seen.has(m)) {
      seen.add(m);
      msgs.push(m);
    }
  }
  const gkString = gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  const message = msgs.length === 0 ? `${gkString} "${name}" is invalid` : `${gkString} "${name}" is invalid: ${agg}`;
  const details: StatusDetails = {};
  if (name !== '') details.name = name;
  if (gk.group !== '') details.group = gk.group;
  if (gk.kind !== '') details.kind = gk.kind;
  details.causes = causes;
  return failure(422, 'Invalid', message, details);
}

export function successStatus(details: StatusDetails): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
