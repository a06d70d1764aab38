// Test setup for the feature routes: a sandbox API server with the given namespaces, a watch
// cache, the Express app and a supertest agent that sends the CSRF header on writes.
import { CoreV1Api } from '@kubernetes/client-node';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@fleet-dashboard/contracts';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import request from 'supertest';
import { createApp } from '../app';
import { createKubeClient, type KubeClient } from '../k8s/kube-client';
import { createWatchCache, type WatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics } from '../observability/metrics';
import { cacheRowOf } from '../rows/list-row.mapper';
import { FLEET, startSandboxHarness, type SandboxHarness } from '../testing/sandbox.fixture';

export interface AppHarness {
  h: SandboxHarness;
  kube: KubeClient;
  cache: WatchCache;
  app: ReturnType<typeof createApp>;
  /** Mutating request with the CSRF header. */
  write(method: 'post' | 'put' | 'delete', path: string): request.Test;
  /** Creates a Fleet object directly through the API. */
  seed(plural: string, namespace: string, body: Record<string, unknown>): Promise<KubeObject>;
  stop(): Promise<void>;
}

export async function startAppHarness(options: { namespaces: string[]; bodyLimit?: string; kube?: (kube: KubeClient) => KubeClient }): Promise<AppHarness> {
  const h = await startSandboxHarness();
  const core = h.kubeConfig.makeApiClient(CoreV1Api);
  for (const name of options.namespaces) await core.createNamespace({ body: { metadata: { name } } });
  const base = createKubeClient({ kubeConfig: h.kubeConfig });
  const kube = options.kube ? options.kube(base) : base;
  const cache = createWatchCache({ client: kube, rowOf: cacheRowOf, lingerMs: 1000 });
  const app = createApp({
    mode: 'kubeconfig',
    kube,
    cache,
    logger: createLogger({ level: 'silent' }),
    metrics: createServerMetrics(),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  return {
    h,
    kube,
    cache,
    app,
    write: (method, path) => request(app)[method](path).set(CSRF_HEADER, CSRF_HEADER_VALUE),
    seed: async (plural, namespace, body) =>
      (await h.api.createNamespacedCustomObject({ ...FLEET, namespace, plural, body: { apiVersion: 'fleet.cattle.io/v1alpha1', ...body } })) as KubeObject,
    async stop() {
      await cache.close();
      await h.stop();
    },
  };
}
