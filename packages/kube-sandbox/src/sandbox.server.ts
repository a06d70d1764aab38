// The HTTP front of the sandbox: authentication, routing, body limits, JSON replies and watch streams.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify as stringifyYaml } from 'yaml';
import {
  ApiStatusError,
  internalError,
  methodNotAllowed,
  pathNotFound,
  requestEntityTooLarge,
  unauthorized,
} from './api-status.errors';
import { createCelRuleChecker, type UnsupportedCelRule } from './cel-rules.validator';
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery.handlers';
import { createObjectStore, type ObjectStore } from './object.store';
import { createResourceRegistry, type ResourceRegistry } from './resource.registry';
import { createResourceService, type Reply, type ResourceRequest, type ResourceService } from './resource.service';
import { handleReview, type SandboxUser } from './review.handlers';

export interface Sandbox {
  /** http://<host>:<port> */
  url: string;
  /** Bearer token of the single admin user. */
  token: string;
  /** A kubeconfig (cluster server = url, user token) for `KubeConfig.loadFromString`. */
  kubeConfigYaml(): string;
  /** Drops all watch history up to now: a later watch from an older resourceVersion gets 410 Expired. */
  compact(): void;
  /**
   * `x-kubernetes-validations` rules the sandbox could not evaluate (outside its CEL subset):
   * they never reject an object. Each rule is listed once, from the first time it was needed.
   */
  unsupportedCelRules(): UnsupportedCelRule[];
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** Parsed apiextensions.k8s.io/v1 CustomResourceDefinition objects. */
  crds: unknown[];
  host?: string;
  port?: number;
  token?: string;
  /** Watch events kept for resume; a resume from before them gets 410 Expired. */
  historyLimit?: number;
  /** How often BOOKMARK events go to watches that asked for them. */
  bookmarkIntervalMs?: number;
  /** Request body limit in bytes (the real server's is 3 MiB). */
  maxRequestBodyBytes?: number;
}

export const SANDBOX_USER: SandboxUser = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

const MAX_WATCH_BUFFER = 16 * 1024 * 1024;
const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function headers(contentType: string): Record<string, string> {
  return {
    'Audit-Id': randomUUID(),
    'Cache-Control': 'no-cache, private',
    'Content-Type': contentType,
    'X-Kubernetes-Pf-Flowschema-Uid': FLOWSCHEMA_UID,
    'X-Kubernetes-Pf-Prioritylevel-Uid': PRIORITY_UID,
  };
}

const FLOWSCHEMA_UID = randomUUID();
const PRIORITY_UID = randomUUID();

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { ...headers(contentType), 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body));
}

function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof ApiStatusError ? err : internalError(err instanceof Error ? err.message : String(err));
  sendJson(res, e.status.code, e.status);
}

interface Route {
  group: string;
  version: string;
  namespace: string;
  plural: string;
  name: string;
  subresource: string;
}

/** Splits /api/v1/... and /apis/g/v/... resource paths; undefined for anything else. */
function parseResourcePath(parts: string[], registry: ResourceRegistry): Route | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else return undefined;
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const candidate = registry.find(group, version, rest[2] ?? '');
    if (candidate !== undefined && candidate.namespaced) {
      namespace = rest[1] ?? '';
      rest = rest.slice(2);
    }
  }
  if (rest.length > 3) return undefined;
  return { group, version, namespace, plural: rest[0] ?? '', name: rest[1] ?? '', subresource: rest[2] ?? '' };
}

function isTrue(v: string | null): boolean {
  return v === 'true' || v === '1';
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { token: string; registry: ResourceRegistry; service: ResourceService; maxBody: number; serverAddress: string },
): Promise<void> {
  const auth = req.headers.authorization ?? '';
  if (auth !== `Bearer ${ctx.token}`) {
    req.resume();
    sendError(res, unauthorized());
    return;
  }
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const method = req.method ?? 'GET';
  let body: Buffer | undefined;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
    try {
      body = await readBody(req, ctx.maxBody);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        sendError(res, requestEntityTooLarge(`limit is ${ctx.maxBody}`));
        return;
      }
      throw e;
    }
  }
  const p0 = parts[0];
  if (parts.length === 1 && (p0 === 'healthz' || p0 === 'livez' || p0 === 'readyz')) return send(res, 200, 'ok', 'text/plain; charset=utf-8');
  if (parts.length === 1 && p0 === 'version') return sendJson(res, 200, SERVER_VERSION);
  if (parts.length === 0) {
    return sendJson(res, 200, { paths: ['/api', '/api/v1', '/apis', ...ctx.registry.groups().filter((g) => g.name !== '').map((g) => `/apis/${g.name}`), '/healthz', '/livez', '/readyz', '/version'] });
  }
  if (method === 'GET') {
    if (parts.length === 1 && p0 === 'api') return sendJson(res, 200, apiVersions(ctx.serverAddress));
    if (parts.length === 1 && p0 === 'apis') return sendJson(res, 200, apiGroupList(ctx.registry));
    if (parts.length === 2 && p0 === 'api') {
      const doc = apiResourceList(ctx.registry, '', parts[1] ?? '');
      return doc === undefined ? sendError(res, pathNotFound()) : sendJson(res, 200, doc);
    }
    if (parts.length === 2 && p0 === 'apis') {
      const doc = apiGroupDoc(ctx.registry, parts[1] ?? '');
      return doc === undefined ? sendError(res, pathNotFound()) : sendJson(res, 200, doc);
    }
    if (parts.length === 3 && p0 === 'apis') {
      const doc = apiResourceList(ctx.registry, parts[1] ?? '', parts[2] ?? '');
      return doc === undefined ? sendError(res, pathNotFound()) : sendJson(res, 200, doc);
    }
  }
  const route = parseResourcePath(parts, ctx.registry);
  const def = route === undefined ? undefined : ctx.registry.find(route.group, route.version, route.plural);
  if (route === undefined || def === undefined) return sendError(res, pathNotFound());
  if (route.subresource !== '' && !(route.subresource === 'status' && def.hasStatus)) return sendError(res, pathNotFound());
  if (def.namespaced === false && route.namespace !== '') return sendError(res, pathNotFound());
  if (def.createOnly) {
    if (method !== 'POST' || route.name !== '') return sendError(res, methodNotAllowed());
    const out = handleReview(def.group, def.plural, route.namespace, body, SANDBOX_USER, ctx.token);
    return out === undefined ? sendError(res, pathNotFound()) : sendJson(res, 201, out);
  }
  const rr: ResourceRequest = {
    def,
    namespace: route.namespace,
    name: route.name,
    subresource: route.subresource,
    query: url.searchParams,
    contentType: req.headers['content-type'] ?? '',
    body,
  };
  let reply: Reply;
  switch (method) {
    case 'GET':
      if (route.name === '' || isTrue(url.searchParams.get('watch'))) {
        if (isTrue(url.searchParams.get('watch'))) {
          if (route.subresource !== '') return sendError(res, methodNotAllowed());
          startWatch(res, req, ctx.service, rr);
          return;
        }
        reply = ctx.service.list(rr);
      } else reply = ctx.service.get(rr);
      break;
    case 'POST':
      reply = ctx.service.create(rr);
      break;
    case 'PUT':
      reply = ctx.service.update(rr);
      break;
    case 'PATCH':
      reply = ctx.service.patch(rr);
      break;
    case 'DELETE':
      if (route.subresource !== '') return sendError(res, methodNotAllowed());
      reply = ctx.service.delete(rr);
      break;
    default:
      return sendError(res, methodNotAllowed());
  }
  send(res, reply.status, reply.body);
}

function startWatch(res: ServerResponse, req: IncomingMessage, service: ResourceService, rr: ResourceRequest): void {
  let started = false;
  let ended = false;
  const begin = (): void => {
    if (started) return;
    started = true;
    res.writeHead(200, headers('application/json'));
    res.flushHeaders();
  };
  service.watch(rr, {
    write(line) {
      if (ended || res.destroyed) return false;
      begin();
      res.write(line);
      return res.writableLength < MAX_WATCH_BUFFER;
    },
    end() {
      if (ended) return;
      ended = true;
      begin();
      res.end();
    },
    onClose(cb) {
      res.on('close', cb);
      req.on('close', cb);
    },
  });
  begin();
}

/** Starts an in-memory, Kubernetes-compatible API server. */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const store: ObjectStore = createObjectStore({ historyLimit: opts.historyLimit ?? 10000 });
  const registry = createResourceRegistry();
  const celRules = createCelRuleChecker();
  const service = createResourceService({ store, registry, celRules });
  for (const ns of DEFAULT_NAMESPACES) service.ensureNamespace(ns);
  for (const crd of opts.crds) service.installCrd(crd);
  const maxBody = opts.maxRequestBodyBytes ?? 3 * 1024 * 1024;
  let serverAddress = '';
  const server = createServer((req, res) => {
    handle(req, res, { token, registry, service, maxBody, serverAddress }).catch((err: unknown) => sendError(res, err));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  serverAddress = `${urlHost}:${port}`;
  const url = `http://${serverAddress}`;
  const bookmarkTimer = setInterval(() => service.tickBookmarks(), opts.bookmarkIntervalMs ?? 5000);
  bookmarkTimer.unref();
  let stopping: Promise<void> | undefined;
  return {
    url,
    token,
    kubeConfigYaml() {
      return stringifyYaml({
        apiVersion: 'v1',
        kind: 'Config',
        // Plain HTTP on loopback: client-node only accepts an http:// server when TLS checks are
        // declared off, and there is no TLS to check.
        clusters: [{ name: 'sandbox', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'admin', user: { token } }],
        contexts: [{ name: 'sandbox', context: { cluster: 'sandbox', user: 'admin', namespace: 'default' } }],
        'current-context': 'sandbox',
      });
    },
    compact() {
      store.compact();
    },
    unsupportedCelRules() {
      return celRules.unsupported();
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        clearInterval(bookmarkTimer);
        service.closeWatches();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
