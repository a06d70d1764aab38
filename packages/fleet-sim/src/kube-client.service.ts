// Adapter over @kubernetes/client-node: the few verbs the simulator needs, on any resource type,
// with errors turned into KubeError (status code + reason). Status goes through /status,
// patches are JSON merge patches.

import http from 'node:http';
import https from 'node:https';
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { KIND_INFO, type KindInfo } from '@fleet-dashboard/fleet-model';
import type { KubeObject } from './kube-object.model';

export type ResourceType = KindInfo;

export const RESOURCES = {
  gitRepo: KIND_INFO.GitRepo,
  bundle: KIND_INFO.Bundle,
  bundleDeployment: KIND_INFO.BundleDeployment,
  cluster: KIND_INFO.Cluster,
  clusterGroup: KIND_INFO.ClusterGroup,
  fleetWorkspace: KIND_INFO.FleetWorkspace,
  managementCluster: KIND_INFO.ManagementCluster,
  namespace: { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
} as const satisfies Record<string, ResourceType>;

export class KubeError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.name = 'KubeError';
    this.status = status;
    this.reason = reason;
  }
}

export function isKubeError(error: unknown, status?: number): error is KubeError {
  return error instanceof KubeError && (status === undefined || error.status === status);
}

function toKubeError(error: unknown): unknown {
  if (error instanceof ApiException) {
    const code = Number(error.code);
    let body: unknown = error.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body) as unknown;
      } catch {
        // not JSON: keep the text
      }
    }
    const obj = typeof body === 'object' && body !== null ? (body as { reason?: string; message?: string }) : {};
    return new KubeError(code, obj.reason ?? '', obj.message ?? (typeof body === 'string' ? body : `HTTP ${code}`));
  }
  return error;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toKubeError(error);
  }
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface KubeClient {
  list(type: ResourceType, options?: { namespace?: string; labelSelector?: string; pageSize?: number }): Promise<ListResult>;
  get(type: ResourceType, name: string, namespace?: string): Promise<KubeObject | undefined>;
  create(type: ResourceType, obj: KubeObject): Promise<KubeObject>;
  /** JSON merge patch of the object (not its status). */
  patch(type: ResourceType, name: string, namespace: string | undefined, patch: Record<string, unknown>): Promise<KubeObject>;
  /** JSON merge patch through the /status subresource. */
  patchStatus(type: ResourceType, name: string, namespace: string | undefined, patch: Record<string, unknown>): Promise<KubeObject>;
  /** Deletes; a missing object is not an error. */
  delete(type: ResourceType, name: string, namespace?: string): Promise<void>;
  /** Whether the API server serves this resource (discovery). */
  isServed(type: ResourceType): Promise<boolean>;
  /** Starts a watch; `done` is called once when it ends. Returns a function that aborts it. */
  watch(
    type: ResourceType,
    resourceVersion: string,
    onEvent: (type: WatchEventType, obj: KubeObject) => void,
    done: (error: unknown) => void,
  ): Promise<() => void>;
  /** Closes kept-alive connections. */
  close(): void;
  /** Records a core/v1 Event (best effort). */
  event(event: { namespace: string; involved: KubeObject; reason: string; message: string; type: 'Normal' | 'Warning'; time: string }): Promise<void>;
}

interface AgentCarrier {
  getAgent(): unknown;
  setAgent(agent: http.Agent): void;
}

/**
 * client-node builds a new Agent for every request, so every request opens a new connection.
 * This middleware swaps in one keep-alive agent (same TLS options) per client.
 */
function keepAliveOptions(maxSockets: number) {
  const shared = new Map<unknown, http.Agent>();
  // client-node's middleware contract is its small Observable stub: anything with toPromise().
  const of = <T>(value: T) => ({ toPromise: () => Promise.resolve(value) });
  const middleware = {
    pre: (context: AgentCarrier) => {
      const agent = context.getAgent() as { constructor: unknown; options?: http.AgentOptions } | undefined;
      const ctor = agent?.constructor;
      if (agent && (ctor === http.Agent || ctor === https.Agent)) {
        let reused = shared.get(ctor);
        if (!reused) {
          const agentOptions = { ...(agent.options ?? {}), keepAlive: true, maxSockets };
          reused = ctor === https.Agent ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
          shared.set(ctor, reused);
        }
        context.setAgent(reused);
      }
      return of(context);
    },
    post: <T>(response: T) => of(response),
  };
  return {
    options: { middleware: [middleware], middlewareMergeStrategy: 'append' as const },
    destroy: () => {
      for (const agent of shared.values()) agent.destroy();
      shared.clear();
    },
  };
}

export function createKubeClient(options: { kubeConfig: KubeConfig; maxSockets?: number }): KubeClient {
  const kc = options.kubeConfig;
  const keepAlive = keepAliveOptions(options.maxSockets ?? 64);
  const KEEP = keepAlive.options as never;
  const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch, keepAlive.options as never);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const watcher = new Watch(kc);

  const isCore = (type: ResourceType): boolean => type.group === '';
  const asObject = (value: unknown, type: ResourceType): KubeObject => {
    const obj = value as KubeObject;
    // typed core models drop apiVersion/kind on some responses
    return { ...obj, apiVersion: obj.apiVersion ?? (type.group ? `${type.group}/${type.version}` : type.version), kind: obj.kind ?? type.kind };
  };

  const listPage = async (type: ResourceType, namespace: string | undefined, labelSelector: string | undefined, limit: number, cont: string | undefined): Promise<{ items: unknown[]; metadata?: { resourceVersion?: string; continue?: string } }> => {
    if (isCore(type)) {
      const list = await core.listNamespace({ limit, _continue: cont, labelSelector }, KEEP);
      return list as unknown as { items: unknown[]; metadata?: { resourceVersion?: string; continue?: string } };
    }
    const base = { group: type.group, version: type.version, limit, _continue: cont, labelSelector };
    if (type.namespaced && namespace) {
      return (await custom.listNamespacedCustomObject({ ...base, namespace, plural: type.plural }, KEEP)) as { items: unknown[] };
    }
    if (type.namespaced) {
      return (await custom.listCustomObjectForAllNamespaces({ ...base, plural: type.plural }, KEEP)) as { items: unknown[] };
    }
    return (await custom.listClusterCustomObject({ ...base, plural: type.plural }, KEEP)) as { items: unknown[] };
  };

  return {
    async list(type, opts = {}) {
      const items: KubeObject[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      do {
        const page = await call(() => listPage(type, opts.namespace, opts.labelSelector, opts.pageSize ?? 500, cont));
        for (const item of page.items ?? []) items.push(asObject(item, type));
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        cont = page.metadata?.continue || undefined;
      } while (cont);
      return { items, resourceVersion };
    },

    async get(type, name, namespace) {
      try {
        if (isCore(type)) return asObject(await call(() => core.readNamespace({ name }, KEEP)), type);
        const found = type.namespaced
          ? await call(() => custom.getNamespacedCustomObject({ group: type.group, version: type.version, namespace: namespace ?? '', plural: type.plural, name }, KEEP))
          : await call(() => custom.getClusterCustomObject({ group: type.group, version: type.version, plural: type.plural, name }, KEEP));
        return asObject(found, type);
      } catch (error) {
        if (isKubeError(error, 404)) return undefined;
        throw error;
      }
    },

    async create(type, obj) {
      if (isCore(type)) return asObject(await call(() => core.createNamespace({ body: obj as never }, KEEP)), type);
      const created = type.namespaced
        ? await call(() => custom.createNamespacedCustomObject({ group: type.group, version: type.version, namespace: obj.metadata.namespace ?? '', plural: type.plural, body: obj }, KEEP))
        : await call(() => custom.createClusterCustomObject({ group: type.group, version: type.version, plural: type.plural, body: obj }, KEEP));
      return asObject(created, type);
    },

    async patch(type, name, namespace, body) {
      if (isCore(type)) return asObject(await call(() => core.patchNamespace({ name, body }, MERGE_PATCH)), type);
      const patched = type.namespaced
        ? await call(() => custom.patchNamespacedCustomObject({ group: type.group, version: type.version, namespace: namespace ?? '', plural: type.plural, name, body }, MERGE_PATCH))
        : await call(() => custom.patchClusterCustomObject({ group: type.group, version: type.version, plural: type.plural, name, body }, MERGE_PATCH));
      return asObject(patched, type);
    },

    async patchStatus(type, name, namespace, body) {
      const patched = type.namespaced
        ? await call(() => custom.patchNamespacedCustomObjectStatus({ group: type.group, version: type.version, namespace: namespace ?? '', plural: type.plural, name, body }, MERGE_PATCH))
        : await call(() => custom.patchClusterCustomObjectStatus({ group: type.group, version: type.version, plural: type.plural, name, body }, MERGE_PATCH));
      return asObject(patched, type);
    },

    async delete(type, name, namespace) {
      try {
        if (isCore(type)) {
          await call(() => core.deleteNamespace({ name }, KEEP));
        } else if (type.namespaced) {
          await call(() => custom.deleteNamespacedCustomObject({ group: type.group, version: type.version, namespace: namespace ?? '', plural: type.plural, name }, KEEP));
        } else {
          await call(() => custom.deleteClusterCustomObject({ group: type.group, version: type.version, plural: type.plural, name }, KEEP));
        }
      } catch (error) {
        if (!isKubeError(error, 404)) throw error;
      }
    },

    async isServed(type) {
      if (isCore(type)) return true;
      try {
        const list = await call(() => custom.getAPIResources({ group: type.group, version: type.version }, KEEP));
        return (list.resources ?? []).some((r) => r.name === type.plural);
      } catch (error) {
        if (isKubeError(error, 404) || isKubeError(error, 503)) return false;
        throw error;
      }
    },

    async watch(type, resourceVersion, onEvent, done) {
      const path = isCore(type) ? `/api/v1/${type.plural}` : `/apis/${type.group}/${type.version}/${type.plural}`;
      const controller = await watcher.watch(
        path,
        { resourceVersion, allowWatchBookmarks: true },
        (eventType: string, obj: unknown) => onEvent(eventType as WatchEventType, eventType === 'ERROR' ? (obj as KubeObject) : asObject(obj, type)),
        done,
      );
      return () => controller.abort();
    },

    close() {
      keepAlive.destroy();
    },

    async event(e) {
      const name = `${e.involved.metadata.name}.${Date.parse(e.time).toString(16)}`;
      await call(() =>
        core.createNamespacedEvent({
          namespace: e.namespace,
          body: {
            metadata: { name, namespace: e.namespace },
            involvedObject: {
              apiVersion: e.involved.apiVersion,
              kind: e.involved.kind,
              name: e.involved.metadata.name,
              namespace: e.involved.metadata.namespace,
              uid: e.involved.metadata.uid,
            },
            reason: e.reason,
            message: e.message,
            type: e.type,
            source: { component: 'rancher' },
            firstTimestamp: new Date(e.time),
            lastTimestamp: new Date(e.time),
            count: 1,
          },
        }, KEEP),
      );
    },
  };
}
