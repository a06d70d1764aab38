// Minimal HTTPS client for the testbed's own set-up calls (no retries, no caching).
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';

export interface HttpTarget {
  /** Base URL, https://127.0.0.1:<port> or http://127.0.0.1:<port>. */
  server: string;
  caData?: string;
  token?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
  json<T = unknown>(): T;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

export function httpCall(target: HttpTarget, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const url = new URL(path, target.server);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  if (payload !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: options.method ?? 'GET', headers, ca: target.caData, timeout: options.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body, json: <T>() => JSON.parse(body) as T });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url.href} timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Like httpCall, but fails unless the status is 2xx (or one of `accept`). */
export async function httpExpect(
  target: HttpTarget,
  path: string,
  options: RequestOptions & { accept?: number[] } = {},
): Promise<HttpResponse> {
  const response = await httpCall(target, path, options);
  const ok = (response.status >= 200 && response.status < 300) || (options.accept ?? []).includes(response.status);
  if (!ok) throw new Error(`${options.method ?? 'GET'} ${path}: HTTP ${response.status} ${response.body.slice(0, 500)}`);
  return response;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true, or throws after `timeoutMs` with the last error. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; abortIf?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = options.abortIf?.();
    if (reason !== undefined) throw new Error(`${what}: ${reason}`);
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}
