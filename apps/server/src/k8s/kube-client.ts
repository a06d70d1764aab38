// The adapter over @kubernetes/client-node: the few calls the server makes, on any resource type,
// with every failure turned into KubeApiError (status + Status body). Nothing above k8s/ imports
// the client library.
import http from 'node:http';
import https from 'node:https';
import {
  ApiException,
  AuthenticationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  VersionApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { KubeApiError, parseKubeStatus, type KubeRequestContext } from './kube-errors';
import { qualifiedResource, resourcePath, type ResourceType } from './resource-types';

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export interface RawWatchEvent {
  type: string;
  object: unknown;
}

export interface WatchRequest {
  type: ResourceType;
  /** '' or undefined: all namespaces. */
  namespace?: string;
  resourceVersion: string;
  /** Asks the server to end the watch after this long (the caller resumes). */
  timeoutSeconds?: number;
}

export interface WhoAmI {
  username: string;
  groups: string[];
}

/** Content types of the PATCH bodies the dashboard sends (strategic merge is 415 on custom resources). */
export type PatchType = 'json' | 'merge';

export interface WriteOptions {
  /** Server-side dry run (`dryRun=All`): validated and defaulted, not persisted. */
  dryRun?: boolean;
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. `/apis/fleet.cattle.io/v1alpha1`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  /** Names the attempt in errors (403 messages). */
  context: KubeRequestContext;
}

export interface KubeClient {
  list(type: ResourceType, namespace?: string): Promise<ListResult>;
  get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject>;
  /** Starts a raw watch; `done` runs once when it ends (null = closed by the server). Returns a stop function. */
  watch(request: WatchRequest, onEvent: (event: RawWatchEvent) => void, done: (error: unknown) => void): Promise<() => void>;
  whoAmI(): Promise<WhoAmI>;
  /** Server version (`/version`), used as a liveness probe of the API server. */
  version(): Promise<string>;
  create(type: ResourceType, namespace: string | undefined, body: unknown, options?: WriteOptions): Promise<KubeObject>;
  /** PUT: the body must carry `metadata.resourceVersion` (a stale one is 409). */
  replace(type: ResourceType, namespace: string | undefined, name: string, body: unknown, options?: WriteOptions): Promise<KubeObject>;
  patch(type: ResourceType, namespace: string | undefined, name: string, patchType: PatchType, patch: unknown, options?: WriteOptions): Promise<KubeObject>;
  delete(type: ResourceType, namespace: string | undefined, name: string, options?: WriteOptions): Promise<void>;
  /** `/apis/<group>/<version>` discovery: the plurals served, or null when the group/version is not served. */
  servedResources(group: string, version: string): Promise<string[] | null>;
  /** One JSON request with the client's identity; errors become KubeApiError. */
  request<T = unknown>(request: RawRequest): Promise<T>;
}

function toKubeApiError(error: unknown, context: KubeRequestContext): unknown {
  if (error instanceof ApiException) {
    const code = Number(error.code);
    return new KubeApiError(code, parseKubeStatus(error.body), context, { cause: error });
  }
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof code === 'number') return new KubeApiError(code, undefined, context, { cause: error });
  return error;
}

async function call<T>(context: KubeRequestContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toKubeApiError(error, context);
  }
}

/** Typed core models drop apiVersion/kind and use Date objects; turn them into plain JSON. */
function plain(value: unknown, type: ResourceType): KubeObject {
  const obj = JSON.parse(JSON.stringify(value)) as KubeObject;
  obj.apiVersion ??= type.group ? `${type.group}/${type.version}` : type.version;
  obj.kind ??= type.kind;
  return obj;
}

const PAGE_SIZE = 500;
const REQUEST_TIMEOUT_MS = 30_000;

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
};

/** One HTTP(S) request with the kubeconfig's credentials (TLS, token, client certificate, exec). */
async function send(kc: KubeConfig, req: RawRequest): Promise<{ status: number; text: string }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const options: https.RequestOptions = { method: req.method, headers: { Accept: 'application/json' }, timeout: REQUEST_TIMEOUT_MS };
  await kc.applyToHTTPSOptions(options);
  const headers = { ...(options.headers as Record<string, string>) };
  if (payload !== undefined) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const isHttps = url.protocol === 'https:';
  const agent = options.agent;
  const transportOptions: https.RequestOptions = { ...options, headers };
  // The agent client-node builds matches the cluster's scheme; drop one that does not.
  if (agent && (agent instanceof https.Agent) !== isHttps) delete transportOptions.agent;
  return new Promise((resolve, reject) => {
    const request = (isHttps ? https : http).request(url, transportOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`request to ${req.path} timed out`)));
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

async function requestJson<T>(kc: KubeConfig, req: RawRequest): Promise<T> {
  const res = await send(kc, req);
  if (res.status < 200 || res.status >= 300) throw new KubeApiError(res.status, parseKubeStatus(res.text), req.context);
  if (res.text === '') return undefined as T;
  try {
    return JSON.parse(res.text) as T;
  } catch {
    throw new KubeApiError(502, { message: `the Kubernetes API answered ${req.method} ${req.path} with a body that is not JSON` }, req.context);
  }
}

const dryRunQuery = (options?: WriteOptions): Record<string, string> => (options?.dryRun ? { dryRun: 'All' } : {});

export function createKubeClient(options: { kubeConfig: KubeConfig }): KubeClient {
  const kc = options.kubeConfig;
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const auth = kc.makeApiClient(AuthenticationV1Api);
  const versionApi = kc.makeApiClient(VersionApi);
  const watcher = new Watch(kc);

  type Page = { items?: unknown[]; metadata?: { resourceVersion?: string; _continue?: string; continue?: string } };
  const listPage = async (type: ResourceType, namespace: string | undefined, cont: string | undefined): Promise<Page> => {
    const paging = { limit: PAGE_SIZE, _continue: cont };
    if (type.group === '' && type.plural === 'events') {
      return (namespace ? await core.listNamespacedEvent({ namespace, ...paging }) : await core.listEventForAllNamespaces(paging)) as Page;
    }
    if (type.group === '' && type.plural === 'namespaces') return (await core.listNamespace(paging)) as Page;
    if (type.group === '') throw new Error(`unsupported core resource ${type.plural}`);
    const base = { group: type.group, version: type.version, ...paging };
    if (!type.namespaced) return (await custom.listClusterCustomObject({ ...base, plural: type.plural })) as Page;
    if (namespace) return (await custom.listNamespacedCustomObject({ ...base, namespace, plural: type.plural })) as Page;
    return (await custom.listCustomObjectForAllNamespaces({ ...base, plural: type.plural })) as Page;
  };

  return {
    async list(type, namespace) {
      const context: KubeRequestContext = { verb: 'list', resource: qualifiedResource(type), ...(namespace ? { namespace } : {}) };
      const items: KubeObject[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      do {
        const page = await call(context, () => listPage(type, namespace || undefined, cont));
        for (const item of page.items ?? []) items.push(plain(item, type));
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        cont = page.metadata?._continue || page.metadata?.continue || undefined;
      } while (cont);
      return { items, resourceVersion };
    },

    async get(type, namespace, name) {
      const context: KubeRequestContext = { verb: 'get', resource: qualifiedResource(type), name, ...(namespace ? { namespace } : {}) };
      return call(context, async () => {
        if (type.group === '' && type.plural === 'events') return plain(await core.readNamespacedEvent({ namespace: namespace ?? '', name }), type);
        if (type.group === '' && type.plural === 'namespaces') return plain(await core.readNamespace({ name }), type);
        const base = { group: type.group, version: type.version, plural: type.plural, name };
        const found: unknown = type.namespaced
          ? await custom.getNamespacedCustomObject({ ...base, namespace: namespace ?? '' })
          : await custom.getClusterCustomObject(base);
        return plain(found, type);
      });
    },

    async watch(request, onEvent, done) {
      const path = resourcePath(request.type, request.namespace || undefined);
      const context: KubeRequestContext = { verb: 'watch', resource: qualifiedResource(request.type), ...(request.namespace ? { namespace: request.namespace } : {}) };
      const query: Record<string, string | number | boolean | undefined> = {
        allowWatchBookmarks: true,
        resourceVersion: request.resourceVersion,
        timeoutSeconds: request.timeoutSeconds,
      };
      const controller = await watcher.watch(
        path,
        query,
        (type: string, object: unknown) => onEvent({ type, object }),
        (error: unknown) => done(error == null ? null : toKubeApiError(error, context)),
      );
      return () => controller.abort();
    },

    async whoAmI() {
      const review = await call({ verb: 'create', resource: 'selfsubjectreviews.authentication.k8s.io' }, () =>
        auth.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } }),
      );
      const info = review.status?.userInfo;
      return { username: info?.username ?? '', groups: info?.groups ?? [] };
    },

    async version() {
      const info = await call({ verb: 'get', resource: 'version' }, () => versionApi.getCode());
      return info.gitVersion;
    },

    async create(type, namespace, body, options) {
      const context: KubeRequestContext = { verb: 'create', resource: qualifiedResource(type), ...(namespace ? { namespace } : {}) };
      const created = await requestJson<unknown>(kc, { method: 'POST', path: resourcePath(type, namespace), query: dryRunQuery(options), body, context });
      return plain(created, type);
    },

    async replace(type, namespace, name, body, options) {
      const context: KubeRequestContext = { verb: 'update', resource: qualifiedResource(type), name, ...(namespace ? { namespace } : {}) };
      const replaced = await requestJson<unknown>(kc, { method: 'PUT', path: resourcePath(type, namespace, name), query: dryRunQuery(options), body, context });
      return plain(replaced, type);
    },

    async patch(type, namespace, name, patchType, patch, options) {
      const context: KubeRequestContext = { verb: 'patch', resource: qualifiedResource(type), name, ...(namespace ? { namespace } : {}) };
      const patched = await requestJson<unknown>(kc, {
        method: 'PATCH',
        path: resourcePath(type, namespace, name),
        query: dryRunQuery(options),
        body: patch,
        contentType: PATCH_CONTENT_TYPES[patchType],
        context,
      });
      return plain(patched, type);
    },

    async delete(type, namespace, name, options) {
      const context: KubeRequestContext = { verb: 'delete', resource: qualifiedResource(type), name, ...(namespace ? { namespace } : {}) };
      await requestJson<unknown>(kc, { method: 'DELETE', path: resourcePath(type, namespace, name), query: dryRunQuery(options), context });
    },

    async servedResources(group, version) {
      const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
      try {
        const list = await requestJson<{ resources?: Array<{ name?: string }> }>(kc, { method: 'GET', path, context: { verb: 'get', resource: path } });
        return (list?.resources ?? []).map((r) => r.name ?? '').filter((n) => n !== '' && !n.includes('/'));
      } catch (error) {
        if (error instanceof KubeApiError && error.statusCode === 404) return null;
        throw error;
      }
    },

    request<T>(req: RawRequest) {
      return requestJson<T>(kc, req);
    },
  };
}

/**
 * A kubeconfig for the same cluster as `base` (address, CA, TLS settings) that authenticates
 * with `token` only: the way the server acts as a logged-in user.
 */
export function kubeConfigForToken(base: KubeConfig, token: string): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ ...cluster, name: 'cluster' }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'user', cluster: 'cluster', user: 'user' }],
    currentContext: 'user',
  });
  return kc;
}
