// fetch wrapper: JSON in and out (or text, for the YAML editor), the CSRF header on every mutating
// request, and failures turned into ApiError from the contracts' error body `{error: {code, message, details?}}`.
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

/** A request whose body and answer are text of one media type (e.g. `application/yaml`). */
export interface TextRequest {
  method?: HttpMethod;
  path: string;
  query?: Record<string, string | undefined>;
  /** Sent as the body, with `Content-Type: mediaType`. */
  text?: string;
  /** Content-Type of the body and Accept of the answer. */
  mediaType: string;
}

export interface HttpClient {
  request<T>(request: HttpRequest<T>): Promise<T>;
  requestText(request: TextRequest): Promise<string>;
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

  async function send(request: {
    method: HttpMethod;
    path: string;
    query: Record<string, string | undefined> | undefined;
    accept: string;
    body?: { type: string; data: string } | undefined;
    signal?: AbortSignal | undefined;
  }): Promise<Response> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) params.set(k, v);
    const qs = params.toString();
    const headers: Record<string, string> = { accept: request.accept };
    if (request.method !== 'GET') headers[CSRF_HEADER] = CSRF_HEADER_VALUE;
    if (request.body) headers['content-type'] = request.body.type;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${request.path}${qs ? `?${qs}` : ''}`, {
        method: request.method,
        headers,
        credentials: 'same-origin',
        ...(request.body ? { body: request.body.data } : {}),
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
    return response;
  }

  return {
    async request<T>(request: HttpRequest<T>): Promise<T> {
      const response = await send({
        method: request.method ?? 'GET',
        path: request.path,
        query: request.query,
        accept: 'application/json',
        body: request.body !== undefined ? { type: 'application/json', data: JSON.stringify(request.body) } : undefined,
        signal: request.signal,
      });
      const parsed = request.schema.safeParse(await response.json());
      if (!parsed.success) {
        throw new ApiError({ status: response.status, code: 'Upstream', message: `unexpected response from ${request.path}` });
      }
      return parsed.data;
    },
    async requestText(request: TextRequest): Promise<string> {
      const response = await send({
        method: request.method ?? 'GET',
        path: request.path,
        query: request.query,
        accept: request.mediaType,
        body: request.text !== undefined ? { type: request.mediaType, data: request.text } : undefined,
      });
      return response.text();
    },
  };
}
