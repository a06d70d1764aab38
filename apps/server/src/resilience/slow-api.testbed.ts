// A slow and a hung kube-apiserver (a fault proxy that delays every byte by 2 s, then stalls all
// traffic) under a BFF whose API requests have a 3 s deadline (`--request-timeout 3`): REST calls
// that need the API server answer 504 Timeout in bounded time, reads served from the watch cache and
// the health endpoint keep answering at once, a new subscription reports `error` instead of
// hanging, and after the API server answers again everything is live and equal to it.
import { CSRF_HEADER, CSRF_HEADER_VALUE, errorBodySchema } from '@fleet-dashboard/contracts';
import { adminKubeConfig, createFaultProxy, startTestbed, type FaultProxy, type Testbed } from '@fleet-dashboard/testbed';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../app';
import { createKubeClient, type KubeClient } from '../k8s/kube-client';
import { RESOURCE_TYPES } from '../k8s/resource-types';
import { createWatchCache, type WatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics } from '../observability/metrics';
import { cacheRowOf } from '../rows/list-row.mapper';
import { compareWithApi, connectWatchClient, until, type WatchClient } from './watch-client.fixture';

const WS = 'fleet-default';
const REQUEST_TIMEOUT_MS = 3000;
/** What "bounded" means here: the deadline plus scheduling slack on a shared machine. */
const ANSWER_LIMIT_MS = REQUEST_TIMEOUT_MS + 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}

let testbed: Testbed;
let proxy: FaultProxy;
let direct: KubeClient;
let cache: WatchCache;
let server: RunningServer;
let client: WatchClient;
const figures: string[] = [];

beforeAll(async () => {
  testbed = await startTestbed();
  proxy = await createFaultProxy({ target: testbed.server });
  direct = createKubeClient({ kubeConfig: adminKubeConfig(testbed, testbed.server) });
  const gitRepo = (name: string) => ({ apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name }, spec: { repo: 'https://example.com/app.git' } });
  for (const name of ['slow-a', 'slow-b']) await direct.create(RESOURCE_TYPES.gitRepo, WS, gitRepo(name));
  const kube = createKubeClient({ kubeConfig: adminKubeConfig(testbed, proxy.url), requestTimeoutMs: REQUEST_TIMEOUT_MS, watchIdleTimeoutMs: 60_000 });
  const metrics = createServerMetrics();
  cache = createWatchCache({ client: kube, rowOf: cacheRowOf, metrics: metrics.cache, lingerMs: 1000 });
  server = await createServer({ mode: 'kubeconfig', kube, cache, logger: createLogger({ level: 'silent' }), metrics, host: '127.0.0.1', port: 0, allowedOrigins: [] });
  client = await connectWatchClient({ url: server.url, subscriptions: [{ id: 'repos', resource: 'gitrepos', workspace: WS }] });
  await until('the GitRepo subscription live', () => (client.state('repos') === 'live' && client.data('repos').items.size === 2 ? true : undefined), 15_000);
}, 10 * 60_000);

afterAll(async () => {
  console.log(['slow and hung API (request deadline 3 s):', ...figures.map((f) => `  ${f}`)].join('\n'));
  proxy?.resume();
  await client?.close();
  await server?.close();
  await cache?.close();
  await proxy?.close();
  await testbed?.stop();
}, 60_000);

function expectTimeoutBody(res: request.Response, what: string): void {
  const body = errorBodySchema.parse(res.body);
  expect(res.status, `${what}: ${res.text}`).toBe(504);
  expect(body.error.code).toBe('Timeout');
  expect(body.error.message).toMatch(/\S/);
  expect(res.text).not.toMatch(/\n\s+at\s|node_modules|\.ts:\d+/);
}

describe('a slow, then hung API server', () => {
  it('slow (2 s each way): a read through the API answers 504 Timeout near the deadline; cache reads and healthz stay instant', async () => {
    proxy.delay(2000);
    try {
      const read = timed(() => request(server.url).get(`/api/workspaces/${WS}/gitrepos/slow-a`));
      await sleep(200);
      const health = await timed(() => request(server.url).get('/api/healthz'));
      expect(health.value.status).toBe(200);
      const list = await timed(() => request(server.url).get(`/api/workspaces/${WS}/gitrepos`));
      expect(list.value.status).toBe(200);
      expect(list.value.body.items).toHaveLength(2);
      const slow = await read;
      expectTimeoutBody(slow.value, 'GET one GitRepo through a slow API');
      expect(slow.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(slow.ms).toBeLessThan(ANSWER_LIMIT_MS);
      expect(health.ms).toBeLessThan(500);
      expect(list.ms).toBeLessThan(500);
      figures.push(`slow: GET one object → 504 in ${slow.ms} ms; healthz ${health.ms} ms and a cached list ${list.ms} ms meanwhile`);
    } finally {
      proxy.delay(0);
    }
  }, 30_000);

  it('hung (nothing flows): reads, writes and readyz answer in bounded time; a new subscription says error', async () => {
    proxy.stall();
    try {
      const [get, force, ready] = await Promise.all([
        timed(() => request(server.url).get(`/api/workspaces/${WS}/gitrepos/slow-b?format=yaml`)),
        timed(() => request(server.url).post(`/api/workspaces/${WS}/gitrepos/slow-b/force-update`).set(CSRF_HEADER, CSRF_HEADER_VALUE)),
        timed(() => request(server.url).get('/api/readyz')),
        (async () => {
          const health = await timed(() => request(server.url).get('/api/healthz'));
          expect(health.value.status).toBe(200);
          expect(health.ms).toBeLessThan(500);
        })(),
      ]);
      expectTimeoutBody(get.value, 'GET one GitRepo from a hung API');
      expectTimeoutBody(force.value, 'Force Update on a hung API');
      expect(ready.value.status).toBe(503);
      expect(errorBodySchema.parse(ready.value.body).error.code).toBe('Unavailable');
      for (const t of [get, force, ready]) expect(t.ms).toBeLessThan(ANSWER_LIMIT_MS);
      figures.push(`hung: GET → 504 in ${get.ms} ms, Force Update → 504 in ${force.ms} ms, readyz → 503 in ${ready.ms} ms`);

      // A subscription whose cache has to list first: it reports error instead of hanging.
      const fresh = await connectWatchClient({ url: server.url, subscriptions: [{ id: 'clusters', resource: 'clusters', workspace: WS }] });
      try {
        const started = Date.now();
        await until('the new subscription to report an error', () => (fresh.statuses('clusters').some((s) => s.state === 'error') ? true : undefined), ANSWER_LIMIT_MS + 1000);
        figures.push(`hung: a new subscription reported error after ${Date.now() - started} ms`);
        // The first socket is still served from its cache.
        expect(client.isOpen()).toBe(true);
      } finally {
        await fresh.close();
      }
    } finally {
      proxy.resume();
    }
    const started = Date.now();
    const res = await until(
      'REST through the API to work again',
      async () => {
        const r = await request(server.url).get(`/api/workspaces/${WS}/gitrepos/slow-b`);
        return r.status === 200 ? r : undefined;
      },
      15_000,
    );
    expect(res.body.metadata.name).toBe('slow-b');
    await until('the subscription to equal the API server', async () => ((await compareWithApi(client, direct)).length === 0 && client.state('repos') === 'live' ? true : undefined), 15_000);
    figures.push(`hung: after resume, REST answered and the store equalled the API server in ${Date.now() - started} ms`);
  }, 60_000);

  it('after the hang: a write made meanwhile reaches the open subscription', async () => {
    const started = Date.now();
    await direct.create(RESOURCE_TYPES.gitRepo, WS, { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'after-hang' }, spec: { repo: 'https://example.com/x.git' } });
    await until('the new GitRepo in the client store', () => (client.data('repos').items.has(`${WS}/after-hang`) ? true : undefined), 30_000);
    figures.push(`after the hang: a new GitRepo reached the open subscription in ${Date.now() - started} ms (status log: ${client.statuses('repos').map((s) => s.state).join('→') || 'none'})`);
    expect(await compareWithApi(client, direct)).toEqual([]);
  }, 40_000);
});
