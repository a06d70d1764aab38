// A small HTTPS client for the testbed's kube-apiserver: bearer token, its CA, kept-alive
// connections, bounded concurrency. Used where client-node's per-request overhead would be
// measured instead of the API server (bulk seeding, churn, timed writes).
import { Agent, request } from 'node:https';

export interface KubeHttp {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; text: string }>;
  /** JSON body or throws with the status and message. */
  json<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
  close(): void;
}

export interface KubeHttpOptions {
  server: string;
  caData: string;
  token: string;
  maxSockets?: number;
}

export function createKubeHttp(options: KubeHttpOptions): KubeHttp {
  const base = new URL(options.server);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64, ca: options.caData });
  const send = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.end(payload);
    });
  return {
    request: send,
    async json<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
      const res = await send(method, path, body, contentType);
      if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
      return JSON.parse(res.text) as T;
    },
    close: () => agent.destroy(),
  };
}

/** Runs `task` over `items` with at most `concurrency` at once; resolves with the failures. */
export async function runBounded<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return failures;
}
