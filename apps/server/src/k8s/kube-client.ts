// The adapter over @kubernetes/client-node: the few calls the server makes, on any resource type,
// with every failure turned into KubeApiError (status + Status body). Nothing above k8s/ imports
// the client library.
import {
  ApiException,
  AuthenticationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  VersionApi,
  Watch,
  type KubeConfig,
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

export interface KubeClient {
  list(type: ResourceType, namespace?: string): Promise<ListResult>;
  get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject>;
  /** Starts a raw watch; `done` runs once when it ends (null = closed by the server). Returns a stop function. */
  watch(request: WatchRequest, onEvent: (event: RawWatchEvent) => void, done: (error: unknown) => void): Promise<() => void>;
  whoAmI(): Promise<WhoAmI>;
  /** Server version (`/version`), used as a liveness probe of the API server. */
  version(): Promise<string>;
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
  };
}
