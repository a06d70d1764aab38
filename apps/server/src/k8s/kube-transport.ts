// The HTTP(S) connection to the API server: the kubeconfig's credentials (TLS, token, client
// certificate, exec plugin), one keep-alive agent per TLS identity, the proxy (kubeconfig
// `proxy-url`, else HTTPS_PROXY / HTTP_PROXY unless NO_PROXY matches the server), a deadline on
// every request and, for watch streams, an idle limit. Nothing else in the server opens sockets
// to the API server.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { KubeTimeoutError } from './kube-errors';

/** Proxy settings from the environment (config.ts reads it; nothing here does). */
export interface ProxySettings {
  /** Proxy for an https:// API server (HTTPS_PROXY). */
  httpsProxy?: string | undefined;
  /** Proxy for an http:// API server (HTTP_PROXY). */
  httpProxy?: string | undefined;
  /** Hosts reached directly (NO_PROXY): `host`, `.domain`, `domain`, `host:port`, IP, CIDR, `*`. */
  noProxy?: string | undefined;
}

export interface ConnectionOptions {
  proxy?: ProxySettings;
  /** Deadline of every non-watch request, and of a watch until its response headers arrive. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** A watch stream silent (no event, no bookmark) this long is closed and resumed. Default 90 000 ms. */
  watchIdleTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_WATCH_IDLE_TIMEOUT_MS = 90_000;

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. `/apis/fleet.cattle.io/v1alpha1`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

export interface StreamHandlers {
  /** One JSON document of the stream (a line of a watch). */
  onLine(line: string): void;
  /** Once: null when the server closed the stream (or it fell silent), else the failure. */
  onEnd(error: unknown): void;
  /** A non-2xx answer: its status and body; the stream ends with it. */
  onFailure(status: number, text: string): void;
  /** 2xx headers arrived: the stream is established. */
  onOpen?(): void;
}

export interface KubeTransport {
  /** The API server's address, for messages. */
  readonly server: string;
  request(req: TransportRequest): Promise<{ status: number; text: string }>;
  /** Opens a streaming GET; returns a stop function (which ends it with `onEnd(null)` unless it ended already). */
  stream(req: TransportRequest, handlers: StreamHandlers): Promise<() => void>;
}

function normalizedHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!base || !Number.isInteger(bits) || isIP(host) !== 4 || isIP(base) !== 4 || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return ((ipv4ToNumber(host) & mask) >>> 0) === ((ipv4ToNumber(base) & mask) >>> 0);
}

/**
 * Whether NO_PROXY exempts `hostname:port` (Go's net/http semantics): comma-separated entries;
 * `*` matches everything; `example.com` matches it and its subdomains, `.example.com` only
 * subdomains; an entry with `:port` matches that port only; IPs match exactly, CIDRs by range.
 */
export function noProxyMatches(hostname: string, port: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = normalizedHost(hostname);
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1] ?? '';
      entryPort = bracketed[2];
    } else if ((entry.match(/:/g) ?? []).length === 1) {
      const [h, p] = entry.split(':');
      entry = h ?? '';
      entryPort = p;
    }
    entry = normalizedHost(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(entry) !== 0) {
      if (entry === host) return true;
      continue;
    }
    if (entry.startsWith('.')) {
      if (host.endsWith(entry)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The proxy for the API server at `server`: the kubeconfig's `proxy-url` wins, else the environment's. */
export function proxyFor(server: URL, kubeconfigProxyUrl: string | undefined, settings: ProxySettings | undefined): URL | undefined {
  if (kubeconfigProxyUrl) return new URL(kubeconfigProxyUrl);
  const isHttps = server.protocol === 'https:';
  const chosen = isHttps ? settings?.httpsProxy : settings?.httpProxy;
  if (!chosen) return undefined;
  const port = server.port || (isHttps ? '443' : '80');
  if (noProxyMatches(server.hostname, port, settings?.noProxy)) return undefined;
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported proxy scheme ${url.protocol} (http: and https: proxies are supported)`);
  return url;
}

const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

export function createKubeTransport(options: { kubeConfig: KubeConfig } & ConnectionOptions): KubeTransport {
  const kc = options.kubeConfig;
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const base = cluster.server.replace(/\/+$/, '');
  const serverUrl = new URL(base);
  const isHttps = serverUrl.protocol === 'https:';
  const proxy = proxyFor(serverUrl, cluster.proxyUrl, options.proxy);
  if (proxy && cluster.proxyUrl && !/^https?:$/.test(proxy.protocol)) throw new Error(`unsupported proxy-url scheme ${proxy.protocol} (http: and https: proxies are supported)`);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const idleMs = options.watchIdleTimeoutMs ?? DEFAULT_WATCH_IDLE_TIMEOUT_MS;

  // One agent per TLS identity (an exec plugin may rotate client certificates).
  let agent: { fingerprint: string; agent: http.Agent } | undefined;
  const agentFor = (tls: https.AgentOptions): http.Agent => {
    const fingerprint = JSON.stringify(TLS_KEYS.map((k) => (tls[k] === undefined ? null : String(tls[k]))));
    if (agent?.fingerprint === fingerprint) return agent.agent;
    agent?.agent.destroy();
    // No socket limit: every watch holds a socket for minutes, and a limit would queue requests
    // behind them. Idle sockets are reused.
    const common = { keepAlive: true, ...tls };
    const made = proxy
      ? isHttps
        ? new HttpsProxyAgent({ ...common, proxy })
        : new HttpProxyAgent({ keepAlive: true, proxy })
      : isHttps
        ? new https.Agent(common)
        : new http.Agent({ keepAlive: true });
    agent = { fingerprint, agent: made };
    return made;
  };

  const prepare = async (req: TransportRequest): Promise<{ url: URL; options: https.RequestOptions; payload: string | undefined }> => {
    const url = new URL(base + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const applied: https.RequestOptions = { method: req.method, headers: { Accept: 'application/json' } };
    await kc.applyToHTTPSOptions(applied);
    const tls: https.AgentOptions = {};
    for (const k of TLS_KEYS) if (applied[k] !== undefined) (tls as Record<string, unknown>)[k] = applied[k];
    const headers = { ...(applied.headers as Record<string, string>) };
    if (applied.auth) headers.Authorization = `Basic ${Buffer.from(applied.auth).toString('base64')}`;
    if (payload !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return { url, payload, options: { method: req.method, headers, agent: agentFor(tls) } };
  };

  const timeoutError = (req: TransportRequest, ms: number, what: string): KubeTimeoutError =>
    new KubeTimeoutError(`The Kubernetes API server at ${base} did not answer ${req.method} ${req.path} within ${formatMs(ms)}${what}`, base);

  return {
    server: base,

    async request(req) {
      const { url, options: requestOptions, payload } = await prepare(req);
      return new Promise((resolve, reject) => {
        const request = (isHttps ? https : http).request(url, requestOptions, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (error) => {
            clearTimeout(timer);
            reject(error);
          });
        });
        const timer = setTimeout(() => request.destroy(timeoutError(req, requestTimeoutMs, '')), requestTimeoutMs);
        request.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        if (payload !== undefined) request.write(payload);
        request.end();
      });
    },

    async stream(req, handlers) {
      const { url, options: requestOptions } = await prepare(req);
      let ended = false;
      let timer: NodeJS.Timeout | undefined;
      const end = (error: unknown): void => {
        if (ended) return;
        ended = true;
        if (timer) clearTimeout(timer);
        handlers.onEnd(error);
      };
      const request = (isHttps ? https : http).request(url, requestOptions, (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (ended) return;
            ended = true;
            if (timer) clearTimeout(timer);
            handlers.onFailure(status, Buffer.concat(chunks).toString('utf8'));
          });
          return;
        }
        handlers.onOpen?.();
        // Headers arrived: from now on the limit is silence, not total time.
        const arm = (): void => {
          if (timer) clearTimeout(timer);
          // Silence is treated as a close: the caller resumes from its last resourceVersion.
          timer = setTimeout(() => {
            request.destroy();
            end(null);
          }, idleMs);
        };
        arm();
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (ended) return;
          arm();
          buffered += chunk;
          let nl = buffered.indexOf('\n');
          while (nl >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line !== '') handlers.onLine(line);
            if (ended) return;
            nl = buffered.indexOf('\n');
          }
        });
        res.on('end', () => {
          const rest = buffered.trim();
          if (rest !== '' && !ended) handlers.onLine(rest);
          end(null);
        });
        res.on('error', (error) => end(error));
      });
      timer = setTimeout(() => request.destroy(timeoutError(req, requestTimeoutMs, ' (watch not started)')), requestTimeoutMs);
      request.on('error', (error) => end(error));
      request.end();
      return () => {
        if (ended) return;
        request.destroy();
        end(null);
      };
    },
  };
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
