// Kubernetes failures as data (KubeApiError: HTTP status + the `Status` body, when there is one)
// and their mapping onto AppError subclasses.
import type { FieldCause } from '@fleet-dashboard/contracts';
import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalError,
  InvalidError,
  NotFoundError,
  TooLargeError,
  UnauthorizedError,
  TimeoutError,
  UnavailableError,
  UpstreamError,
} from '../http/app-error';

/** The `Status` object Kubernetes answers errors with (the fields the dashboard uses). */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/** What was being attempted, so errors can say so even when the Status body is thin. */
export interface KubeRequestContext {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  readonly statusCode: number;
  readonly status: KubeStatus | undefined;
  readonly context: KubeRequestContext | undefined;
  constructor(statusCode: number, status: KubeStatus | undefined, context?: KubeRequestContext, options?: { cause?: unknown }) {
    super(status?.message || `Kubernetes API answered HTTP ${statusCode}`, options);
    this.statusCode = statusCode;
    this.status = status;
    this.context = context;
  }
}

/** A request to the API server that did not finish within the server's request timeout. */
export class KubeTimeoutError extends Error {
  override readonly name = 'KubeTimeoutError';
  /** The API server's address. */
  readonly server: string;
  constructor(message: string, server: string) {
    super(message);
    this.server = server;
  }
}

export function isKubeApiError(error: unknown, statusCode?: number): error is KubeApiError {
  return error instanceof KubeApiError && (statusCode === undefined || error.statusCode === statusCode);
}

/** Parses a Status body given as text or object; undefined when it is not one. */
export function parseKubeStatus(body: unknown): KubeStatus | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const obj = value as KubeStatus;
  return obj.kind === 'Status' || typeof obj.message === 'string' || typeof obj.reason === 'string' ? obj : undefined;
}

const FORBIDDEN_RE = /cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/;

function forbidden(error: KubeApiError): AppError {
  const m = FORBIDDEN_RE.exec(error.status?.message ?? '');
  const ctx = error.context;
  const verb = m?.[1] ?? ctx?.verb ?? 'access';
  const resource = m ? (m[3] ? `${m[2]}.${m[3]}` : (m[2] ?? '')) : (ctx?.resource ?? error.status?.details?.kind ?? 'resource');
  const namespace = m?.[4] ?? ctx?.namespace;
  const where = namespace ? ` in namespace "${namespace}"` : '';
  const details: Record<string, string> = { verb, resource };
  if (namespace) details.namespace = namespace;
  const name = error.status?.details?.name ?? ctx?.name;
  if (name) details.name = name;
  return new ForbiddenError(`Not allowed to ${verb} ${resource}${where}`, details, { cause: error });
}

function invalid(error: KubeApiError): AppError {
  const causes: FieldCause[] = (error.status?.details?.causes ?? []).map((c) => {
    const cause: FieldCause = { field: c.field ?? '', message: c.message ?? '' };
    if (c.reason) cause.reason = c.reason;
    return cause;
  });
  const message = error.status?.message || 'The object is invalid';
  return new InvalidError(message, causes.length > 0 ? { causes } : undefined, { cause: error });
}

/**
 * Maps a failure of a Kubernetes call onto an AppError: 403 names verb and resource, 422 lists
 * the field causes, 404/409 keep the API server's message, 5xx and network failures become
 * Upstream (503 and 429 Unavailable), a request past the deadline Timeout (504). Anything already
 * an AppError passes through.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof KubeTimeoutError) return new TimeoutError(error.message, undefined, { cause: error });
  if (!(error instanceof KubeApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new UpstreamError(`Kubernetes API request failed: ${message}`, undefined, { cause: error });
  }
  const msg = error.status?.message || error.message;
  switch (error.statusCode) {
    case 400:
      return new BadRequestError(msg, undefined, { cause: error });
    case 401:
      return new UnauthorizedError('The Kubernetes API did not accept the credentials', undefined, { cause: error });
    case 403:
      return forbidden(error);
    case 404:
      return new NotFoundError(msg, undefined, { cause: error });
    case 409:
      return new ConflictError(msg, undefined, { cause: error });
    case 410:
      return new ConflictError(msg, { reason: error.status?.reason ?? 'Expired' }, { cause: error });
    case 413:
      return new TooLargeError(msg, undefined, { cause: error });
    case 422:
      return invalid(error);
    case 429:
    case 503:
      return new UnavailableError(msg, undefined, { cause: error });
    default:
      if (error.statusCode >= 500) return new UpstreamError(msg, undefined, { cause: error });
      if (error.statusCode >= 400) return new BadRequestError(msg, undefined, { cause: error });
      return new InternalError(msg, undefined, { cause: error });
  }
}
