// A backend is one Kubernetes-compatible API server the contract suite talks to:
// the real control plane (tools/testbed) or the in-memory sandbox (packages/kube-sandbox).
import http from 'node:http';
import https from 'node:https';

export type UserName = 'admin' | 'operator' | 'viewer' | 'outsider';

/** Serializable description handed from the global setup to the test workers. */
export interface BackendInfo {
  name: 'testbed' | 'sandbox';
  server: string;
  caData?: string;
  tokens: Partial<Record<UserName, string>>;
  /** testbed only: etcd's client URL, used to force compaction. */
  etcdEndpoint?: string;
}

export interface KubeResponse<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
  text: string;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  contentType?: string;
  user?: UserName;
}

/** One plain HTTP(S) request to the backend, JSON in and out. */
export function kubeRequest<T = any>(
  backend: BackendInfo,
  path: string,
  opts: RequestOptions = {},
): Promise<KubeResponse<T>> {
  const url = new URL(path, backend.server);
  const token = backend.tokens[opts.user ?? 'admin'];
  const payload =
    opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method: opts.method ?? 'GET', headers, ca: backend.caData, timeout: 20_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T, text });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${path} timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

export interface WatchHandle {
  /** Resolves with the next `count` events, or rejects after `timeoutMs`. */
  next(count?: number, timeoutMs?: number): Promise<WatchEvent[]>;
  /** Waits for the first event matching `pred`, returning every event seen up to it. */
  until(pred: (e: WatchEvent) => boolean, timeoutMs?: number): Promise<WatchEvent[]>;
  /** Collects what arrives during `ms`. */
  drain(ms: number): Promise<WatchEvent[]>;
  status: Promise<number>;
  close(): void;
}

/** Opens a watch (newline-delimited JSON) on `path` (query string included). */
export function openWatch(backend: BackendInfo, path: string, user: UserName = 'admin'): WatchHandle {
  const url = new URL(path, backend.server);
  const token = backend.tokens[user];
  const transport = url.protocol === 'https:' ? https : http;
  const queue: WatchEvent[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let buffer = '';
  let resolveStatus!: (s: number) => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const req = transport.request(url, {
    method: 'GET',
    headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ca: backend.caData,
  });
  req.on('response', (res) => {
    resolveStatus(res.statusCode ?? 0);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) queue.push(JSON.parse(line) as WatchEvent);
      }
      wake?.();
    });
    res.on('end', () => {
      const rest = buffer.trim();
      if (rest) {
        try {
          queue.push(JSON.parse(rest) as WatchEvent);
        } catch {
          // a non-event body (e.g. a Status for a refused watch) is read through `status`
        }
      }
      ended = true;
      wake?.();
    });
  });
  req.on('error', () => {
    ended = true;
    resolveStatus(0);
    wake?.();
  });
  req.end();

  const waitFor = async (ready: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (ended) throw new Error(`watch ended before ${what}; got ${JSON.stringify(queue.map((e) => e.type))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(queue.map((e) => e.type))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      wake = undefined;
    }
  };

  return {
    status,
    async next(count = 1, timeoutMs = 10_000) {
      await waitFor(() => queue.length >= count, timeoutMs, `${count} event(s)`);
      return queue.splice(0, count);
    },
    async until(pred, timeoutMs = 10_000) {
      await waitFor(() => queue.some(pred), timeoutMs, 'a matching event');
      const i = queue.findIndex(pred);
      return queue.splice(0, i + 1);
    },
    async drain(ms) {
      await new Promise((r) => setTimeout(r, ms));
      return queue.splice(0, queue.length);
    },
    close() {
      ended = true;
      req.destroy();
    },
  };
}
