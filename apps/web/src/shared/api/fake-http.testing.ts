// A scripted HttpClient for tests: records every request and answers through a handler that
// returns a body (validated by the request's schema, as the real client does) or throws an
// ApiError built from a status and an error body.
import { errorCodeForStatus, type ErrorDetails } from '@fleet-dashboard/contracts';
import { ApiError, type HttpClient, type HttpMethod } from './http';

export interface RecordedRequest {
  method: HttpMethod;
  path: string;
  body: unknown;
}

export type FakeHandler = (request: RecordedRequest) => unknown;

/** What a handler throws to answer with an error body `{error: {code, message, details}}`. */
export function apiFailure(status: number, message: string, details?: ErrorDetails): ApiError {
  return new ApiError({ status, code: errorCodeForStatus(status), message, details });
}

export function createFakeHttp(handler: FakeHandler) {
  const requests: RecordedRequest[] = [];
  const http: HttpClient = {
    async request(request) {
      const recorded: RecordedRequest = { method: request.method ?? 'GET', path: request.path, body: request.body };
      requests.push(recorded);
      await Promise.resolve();
      return request.schema.parse(handler(recorded));
    },
    async requestText(request) {
      const recorded: RecordedRequest = { method: request.method ?? 'GET', path: request.path, body: request.text };
      requests.push(recorded);
      await Promise.resolve();
      return String(handler(recorded));
    },
  };
  return { http, requests };
}
