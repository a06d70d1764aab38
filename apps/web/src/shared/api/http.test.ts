import { errorBodySchema } from '@fleet-dashboard/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, createHttpClient } from './http';

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}) {
  return async (url: string | URL | Request, init?: RequestInit) => {
    seen.url = String(url);
    seen.init = init ?? {};
    return new Response(body === undefined ? 'not json' : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

describe('http client', () => {
  it('parses responses with the schema and builds the query', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const http = createHttpClient({ fetch: fakeFetch(200, { status: 'ok' }, seen) });
    const out = await http.request({ path: '/api/x', query: { selector: 'a=b', skip: undefined }, schema: z.object({ status: z.literal('ok') }) });
    expect(out).toEqual({ status: 'ok' });
    expect(seen.url).toBe('/api/x?selector=a%3Db');
    expect((seen.init?.headers as Record<string, string>)['x-requested-with']).toBeUndefined();
  });

  it('sends the CSRF header on mutations', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const http = createHttpClient({ fetch: fakeFetch(200, {}, seen) });
    await http.request({ method: 'POST', path: '/api/y', body: { a: 1 }, schema: z.object({}) });
    const headers = seen.init?.headers as Record<string, string>;
    expect(headers['x-requested-with']).toBe('fleet-dashboard');
    expect(headers['content-type']).toBe('application/json');
    expect(seen.init?.body).toBe('{"a":1}');
  });

  it('sends and receives text of one media type (the YAML editor), with the same CSRF header and errors', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const yamlFetch = async (url: string | URL | Request, init?: RequestInit) => {
      seen.url = String(url);
      seen.init = init ?? {};
      return new Response('kind: GitRepo\n', { status: 200, headers: { 'content-type': 'application/yaml' } });
    };
    const http = createHttpClient({ fetch: yamlFetch });
    const out = await http.requestText({ method: 'PUT', path: '/api/o', query: { format: 'yaml' }, text: 'a: 1\n', mediaType: 'application/yaml' });
    expect(out).toBe('kind: GitRepo\n');
    expect(seen.url).toBe('/api/o?format=yaml');
    const headers = seen.init?.headers as Record<string, string>;
    expect(headers).toMatchObject({ accept: 'application/yaml', 'content-type': 'application/yaml', 'x-requested-with': 'fleet-dashboard' });
    expect(seen.init?.body).toBe('a: 1\n');
    const unauthorized: string[] = [];
    const failing = createHttpClient({
      fetch: fakeFetch(401, { error: { code: 'Unauthorized', message: 'no session' } }),
      onUnauthorized: (path) => unauthorized.push(path),
    });
    await expect(failing.requestText({ path: '/api/o', mediaType: 'application/yaml' })).rejects.toMatchObject({ status: 401, code: 'Unauthorized' });
    expect(unauthorized).toEqual(['/api/o']);
  });

  it('tells onUnauthorized about every 401 before throwing it', async () => {
    const seen: string[] = [];
    const body = { error: { code: 'Unauthorized', message: 'no session', details: { reason: 'expired' } } };
    const http = createHttpClient({ fetch: fakeFetch(401, body), onUnauthorized: (path, error) => seen.push(`${path} ${error.status}`) });
    await expect(http.request({ path: '/api/workspaces', schema: z.unknown() })).rejects.toMatchObject({ status: 401, code: 'Unauthorized' });
    expect(seen).toEqual(['/api/workspaces 401']);
    const forbidden = createHttpClient({ fetch: fakeFetch(403, { error: { code: 'Forbidden', message: 'no' } }), onUnauthorized: () => seen.push('403') });
    await expect(forbidden.request({ path: '/api/x', schema: z.unknown() })).rejects.toBeInstanceOf(ApiError);
    expect(seen).toHaveLength(1);
  });

  it('turns the error body into an ApiError', async () => {
    const body = errorBodySchema.parse({ error: { code: 'Forbidden', message: 'no', details: { verb: 'get', resource: 'gitrepos' } } });
    const http = createHttpClient({ fetch: fakeFetch(403, body) });
    const error = await http.request({ path: '/api/z', schema: z.object({}) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'Forbidden', message: 'no', details: { verb: 'get', resource: 'gitrepos' } });
  });

  it('maps a status without an error body and a network failure', async () => {
    const http = createHttpClient({ fetch: fakeFetch(502, undefined) });
    await expect(http.request({ path: '/a', schema: z.object({}) })).rejects.toMatchObject({ status: 502, code: 'Upstream' });
    const down = createHttpClient({
      fetch: async () => {
        throw new TypeError('connection refused');
      },
    });
    await expect(down.request({ path: '/a', schema: z.object({}) })).rejects.toMatchObject({ status: 0, code: 'Unavailable' });
  });
});
