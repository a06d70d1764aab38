// The adapter over @kubernetes/client-node: the few calls the server makes, on any resource type,
// with every failure turned into KubeApiError (status + Status body). Nothing above k8s/ imports
// the client library.
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { KubeApiError, parseKubeStatus, type KubeRequestContext } from './kube-errors';
import { createKubeTransport, type ConnectionOptions, type KubeTransport } from './kube-transport';
import { qualifiedResource, resourcePath, type ResourceType } from './resource-types';
import { createStringPool, type StringPool } from './string-pool';

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
  /**
   * Starts a raw watch; `done` runs once when it ends (null = closed by the server, silent too
   * long, or stopped), `opened` when the API server accepted it. Returns a stop function.
   */
  watch(request: WatchRequest, onEvent: (event: RawWatchEvent) => void, done: (error: unknown) => void, opened?: () => void): Promise<() => void>;
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

/**
 * Fills in apiVersion/kind (list items omit them). Bodies come straight from JSON.parse, so they
 * are plain JSON already and are used as they are, without a copy.
 */
function plain(value: unknown, type: ResourceType): KubeObject {
  const obj = value as KubeObject;
  obj.apiVersion ??= type.group ? `${type.group}/${type.version}` : type.version;
  obj.kind ??= type.kind;
  return obj;
}

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Drops what no list or watch consumer reads, once at ingest: `metadata.managedFields` and
 * kubectl's last-applied annotation (together 36-47 % of a Fleet object's JSON). An annotations
 * map left empty is removed. The object is kept; its metadata (and annotations) are rebuilt
 * without those keys rather than `delete`d from: deleting a key that is not the last one turns
 * the object into a hash table in V8 (~450 bytes more for each cached object, and the rows built
 * from it no longer share a hidden class). Returns the same object.
 */
export function slimIngested<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as { metadata?: unknown };
  const metadata = obj.metadata;
  if (typeof metadata !== 'object' || metadata === null) return value;
  const m = metadata as Record<string, unknown> & { annotations?: unknown };
  const annotations = m.annotations;
  const dropAnnotation = annotations !== null && typeof annotations === 'object' && LAST_APPLIED_ANNOTATION in annotations;
  if (!('managedFields' in m) && !dropAnnotation) return value;
  const slim: Record<string, unknown> = {};
  for (const key in m) {
    if (key === 'managedFields' || !Object.hasOwn(m, key)) continue;
    if (key === 'annotations' && dropAnnotation) {
      const kept: Record<string, string> = {};
      let any = false;
      for (const [k, v] of Object.entries(annotations as Record<string, string>)) {
        if (k === LAST_APPLIED_ANNOTATION) continue;
        kept[k] = v;
        any = true;
      }
      if (any) slim.annotations = kept;
      continue;
    }
    slim[key] = m[key];
  }
  obj.metadata = slim;
  return value;
}

const PAGE_SIZE = 500;

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
};

async function requestJson<T>(transport: KubeTransport, req: RawRequest): Promise<T> {
  const res = await transport.request(req);
  if (res.status < 200 || res.status >= 300) throw new KubeApiError(res.status, parseKubeStatus(res.text), req.context);
  if (res.text === '') return undefined as T;
  try {
    return JSON.parse(res.text) as T;
  } catch {
    throw new KubeApiError(502, { message: `the Kubernetes API answered ${req.method} ${req.path} with a body that is not JSON` }, req.context);
  }
}

const dryRunQuery = (options?: WriteOptions): Record<string, string> => (options?.dryRun ? { dryRun: 'All' } : {});

export interface KubeClientOptions extends ConnectionOptions {
  kubeConfig: KubeConfig;
  /** Interns the string values of listed and watched objects (the caches' objects). Default: one per client. */
  stringPool?: StringPool;
}

export function createKubeClient(options: KubeClientOptions): KubeClient {
  const transport = createKubeTransport(options);
  const json = <T>(req: RawRequest): Promise<T> => requestJson<T>(transport, req);
  const pool = options.stringPool ?? createStringPool();
  /** What a listed or watched object becomes in the caches: slimmed, typed, its strings shared. */
  const ingest = (item: unknown, type: ResourceType): KubeObject =>
    typeof item === 'object' && item !== null ? pool.internAll(plain(slimIngested(item), type)) : (item as KubeObject);

  type Page = { items?: unknown[]; metadata?: { resourceVersion?: string; continue?: string } };

  return {
    async list(type, namespace) {
      const context: KubeRequestContext = { verb: 'list', resource: qualifiedResource(type), ...(namespace ? { namespace } : {}) };
      const path = resourcePath(type, namespace || undefined);
      const items: KubeObject[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      do {
        const page = await json<Page>({ method: 'GET', path, query: { limit: String(PAGE_SIZE), ...(cont ? { continue: cont } : {}) }, context });
        for (const item of page?.items ?? []) items.push(ingest(item, type));
        resourceVersion = page?.metadata?.resourceVersion ?? resourceVersion;
        cont = page?.metadata?.continue || undefined;
      } while (cont);
      return { items, resourceVersion };
    },

    async get(type, namespace, name) {
      const context: KubeRequestContext = { verb: 'get', resource: qualifiedResource(type), name, ...(namespace ? { namespace } : {}) };
      return plain(await json<unknown>({ method: 'GET', path: resourcePath(type, namespace, name), context }), type);
    },

    async watch(request, onEvent, done, opened) {
      const context: KubeRequestContext = { verb: 'watch', resource: qualifiedResource(request.type), ...(request.namespace ? { namespace: request.namespace } : {}) };
      const query: Record<string, string> = { watch: 'true', allowWatchBookmarks: 'true', resourceVersion: request.resourceVersion };
      if (request.timeoutSeconds !== undefined) query.timeoutSeconds = String(request.timeoutSeconds);
      // done() runs once: a malformed line ends the watch with an error, not with the stream's close.
      let ended = false;
      let stopStream: () => void = () => undefined;
      stopStream = await transport.stream(
        { method: 'GET', path: resourcePath(request.type, request.namespace || undefined), query },
        {
          onLine(line) {
            let parsed: { type?: unknown; object?: unknown };
            try {
              parsed = JSON.parse(line) as { type?: unknown; object?: unknown };
            } catch {
              ended = true;
              stopStream();
              done(new KubeApiError(502, { message: 'the Kubernetes API sent a watch event that is not JSON' }, context));
              return;
            }
            if (typeof parsed.type === 'string') onEvent({ type: parsed.type, object: parsed.type === 'ERROR' ? parsed.object : ingest(parsed.object, request.type) });
          },
          onOpen: () => opened?.(),
          onEnd: (error) => {
            if (!ended) done(error);
            ended = true;
          },
          onFailure: (status, text) => {
            if (!ended) done(new KubeApiError(status, parseKubeStatus(text), context));
            ended = true;
          },
        },
      );
      return () => stopStream();
    },

    async whoAmI() {
      const review = await json<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        context: { verb: 'create', resource: 'selfsubjectreviews.authentication.k8s.io' },
      });
      const info = review?.status?.userInfo;
      return { username: info?.username ?? '', groups: info?.groups ?? [] };
    },

    async version() {
      const info = await json<{ gitVersion?: string }>({ method: 'GET', path: '/version', context: { verb: 'get', resource: 'version' } });
      return info?.gitVersion ?? '';
    },

    async create(type, namespace, body, options) {
      const context: KubeRequestContext = { verb: 'create', resource: qualifiedResource(type), ...(namespace ? { namespace } : {}) };
      const created = await json<unknown>({ method: 'POST', path: resourcePath(type, namespace), query: dryRunQuery(options), body, context });
      return plain(created, type);
    },

    async replace(type, namespace, name, body, options) {
      const context: KubeRequestContext = { verb: 'update', resource: qualifiedResource(type), name, ...(namespace ? { namespace } : {}) };
      const replaced = await json<unknown>({ method: 'PUT', path: resourcePath(type, namespace, name), query: dryRunQuery(options), body, context });
      return plain(replaced, type);
    },

    async patch(type, namespace, name, patchType, patch, options) {
      const context: KubeRequestContext = { verb: 'patch', resource: qualifiedResource(type), name, ...(namespace ? { namespace } : {}) };
      const patched = await json<unknown>({
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
      await json<unknown>({ method: 'DELETE', path: resourcePath(type, namespace, name), query: dryRunQuery(options), context });
    },

    async servedResources(group, version) {
      const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
      try {
        const list = await json<{ resources?: Array<{ name?: string }> }>({ method: 'GET', path, context: { verb: 'get', resource: path } });
        return (list?.resources ?? []).map((r) => r.name ?? '').filter((n) => n !== '' && !n.includes('/'));
      } catch (error) {
        if (error instanceof KubeApiError && error.statusCode === 404) return null;
        throw error;
      }
    },

    request<T>(req: RawRequest) {
      return json<T>(req);
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
