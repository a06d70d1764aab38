// fetch wrapper: JSON in and out, the CSRF header on every mutating request, and failures turned
// into ApiError from the contracts' error body `{error: {code, message, details?}}`.
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  errorBodySchema,
  errorCodeForStatus,
  type ErrorCode,
  type ErrorDetails,
} from '@fleet-dashboard/contracts';
import type { z } from 'zod';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(options: { status: number; code: ErrorCode; message: string; details?: ErrorDetails | undefined }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest<T> {
  method?: HttpMethod;
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Validates the response body. */
  schema: z.ZodType<T>;
  signal?: AbortSignal;
}

export interface HttpClient {
  request<T>(request: HttpRequest<T>): Promise<T>;
}

export interface HttpClientOptions {
  /** Prefix for every path (default '' = same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called with every 401 answer before it is thrown (the session is missing or expired). */
  onUnauthorized?: (path: string, error: ApiError) => void;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) return new ApiError({ status: response.status, ...parsed.data.error });
  return new ApiError({
    status: response.status,
    code: errorCodeForStatus(response.status),
    message: response.statusText || `HTTP ${response.status}`,
  });
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    async request<T>(request: HttpRequest<T>): Promise<T> {
      const method = request.method ?? 'GET';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) params.set(k, v);
      const qs = params.toString();
      const headers: Record<string, string> = { accept: 'application/json' };
      if (method !== 'GET') headers[CSRF_HEADER] = CSRF_HEADER_VALUE;
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${request.path}${qs ? `?${qs}` : ''}`, {
          method,
          headers,
          credentials: 'same-origin',
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
        });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        throw new ApiError({ status: 0, code: 'Unavailable', message: `cannot reach the server: ${String(error)}` });
      }
      if (!response.ok) {
        const error = await errorOf(response);
        if (error.status === 401) options.onUnauthorized?.(request.path, error);
        throw error;
      }
      const parsed = request.schema.safeParse(await response.json());
      if (!parsed.success) {
        throw new ApiError({ status: response.status, code: 'Upstream', message: `unexpected response from ${request.path}` });
      }
      return parsed.data;
    },
  };
}
