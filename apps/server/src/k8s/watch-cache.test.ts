import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServerMetrics } from '../observability/metrics';
import { cacheRowOf } from '../rows/list-row.mapper';
import { createGitRepo, FLEET, startSandboxHarness, waitFor, type SandboxHarness } from '../testing/sandbox.fixture';
import { createKubeClient, type KubeClient } from './kube-client';
import { RESOURCE_TYPES } from './resource-types';
import { backoffDelay, createWatchCache, type CacheChange, type WatchCache } from './watch-cache';

const NS = 'fleet-default';
let h: SandboxHarness;
let client: KubeClient;
let cache: WatchCache | undefined;

beforeAll(async () => {
  h = await startSandboxHarness();
  client = createKubeClient({ kubeConfig: h.kubeConfig });
  await h.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
});
afterAll(async () => h.stop());
afterEach(async () => {
  await cache?.close();
  cache = undefined;
});

async function gauge(metrics: ReturnType<typeof createServerMetrics>, name: string): Promise<number> {
  const m = await metrics.registry.getSingleMetric(name)?.get();
  return (m?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

describe('backoffDelay', () => {
  it('grows exponentially with jitter and stops at the ceiling', () => {
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(22_500);
  });
});

describe('WatchCache status', () => {
  it('a watch accepted again after a failure is live without waiting for an event', async () => {
    let sessions = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    cache = createWatchCache({
      client,
      backoffInitialMs: 1,
      backoffMaxMs: 2,
      async *watch(options) {
        sessions++;
        if (sessions === 1) {
          yield { type: 'list', items: [], resourceVersion: '10' };
          yield { type: 'error', error: { code: undefined, reason: 'ConnectionError', message: 'socket hang up', expired: false } };
          return;
        }
        expect(options.resourceVersion).toBe('10'); // resumed, not relisted
        yield { type: 'open' };
        await Promise.race([held, new Promise((r) => options.signal.addEventListener('abort', r))]);
      },
    });
    const states: string[] = [];
    const sub = cache.subscribe({ type: RESOURCE_TYPES.gitRepo, namespace: NS }, { onStatus: (s) => states.push(s.state) });
    await waitFor(() => (states.at(-1) === 'live' && states.includes('error') ? true : undefined), 2000, 'live after the error');
    expect(states).toEqual(['live', 'error', 'live']);
    sub.unsubscribe();
    release();
  });
});

describe('WatchCache against the sandbox', () => {
  it('runs one upstream watch for 100 subscribers and stops after the last leaves', async () => {
    const metrics = createServerMetrics();
    cache = createWatchCache({ client, metrics: metrics.cache, lingerMs: 50, rowOf: cacheRowOf });
    await createGitRepo(h.api, NS, 'shared');
    const subs = Array.from({ length: 100 }, () => cache!.subscribe({ type: RESOURCE_TYPES.gitRepo, namespace: NS }));
    await Promise.all(subs.map((s) => s.ready));
    expect(await gauge(metrics, 'fleet_dashboard_upstream_watches')).toBe(1);
    expect(await gauge(metrics, 'fleet_dashboard_cache_subscribers')).toBe(100);
    expect(cache.stats()).toHaveLength(1);
    const row = subs[0]!.get(`${NS}/shared`)?.row;
    expect(row).toMatchObject({ kind: 'GitRepo', name: 'shared', repo: 'https://github.com/rancher/fleet-examples', branch: 'main' });
    // the row is computed once and shared by every subscriber
    expect(subs[99]!.get(`${NS}/shared`)?.row).toBe(row);
    for (const s of subs) s.unsubscribe();
    await waitFor(async () => ((await gauge(metrics, 'fleet_dashboard_upstream_watches')) === 0 ? true : undefined), 3000, 'watch stop');
    expect(cache.stats()).toHaveLength(0);
  });

  it('delivers a change made through the API to a subscriber', async () => {
    cache = createWatchCache({ client, rowOf: cacheRowOf });
    const seen: CacheChange[] = [];
    const sub = cache.subscribe({ type: RESOURCE_TYPES.gitRepo, namespace: NS }, { onChanges: (c) => seen.push(...c) });
    await sub.ready;
    const started = Date.now();
    await createGitRepo(h.api, NS, 'fresh');
    const change = await waitFor(() => seen.find((c) => c.entry.key === `${NS}/fresh`), 2000, 'change');
    expect(Date.now() - started).toBeLessThan(500);
    expect(change.type).toBe('upsert');
    expect(change.entry.row).toMatchObject({ name: 'fresh', state: 'GitUpdating' });
    sub.unsubscribe();
  });

  it('relists after 410 Expired and subscribers converge on the API state', async () => {
    // A client whose watches can be cut, so changes happen while nobody watches.
    let cut: (() => void) | undefined;
    let gate: Promise<void> | undefined;
    let openGate: (() => void) | undefined;
    const gated: KubeClient = {
      ...client,
      async watch(request, onEvent, done) {
        if (gate) await gate;
        const stop = await client.watch(request, onEvent, done);
        cut = () => {
          stop();
        };
        return stop;
      },
    };
    const metrics = createServerMetrics();
    cache = createWatchCache({ client: gated, metrics: metrics.cache, backoffInitialMs: 20, rowOf: cacheRowOf });
    const statuses: string[] = [];
    const mirror = new Map<string, unknown>();
    const sub = cache.subscribe(
      { type: RESOURCE_TYPES.gitRepo, namespace: NS },
      {
        onChanges: (changes) => {
          for (const c of changes) {
            if (c.type === 'upsert') mirror.set(c.entry.key, c.entry.row);
            else mirror.delete(c.entry.key);
          }
        },
        onStatus: (s) => statuses.push(s.state),
      },
    );
    await sub.ready;
    for (const e of sub.entries()) mirror.set(e.key, e.row);
    await waitFor(() => cut, 2000, 'watch');

    gate = new Promise((r) => {
      openGate = r;
    });
    cut!();
    await createGitRepo(h.api, NS, 'while-away');
    await h.api.deleteNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos', name: 'shared' });
    await h.api.patchNamespacedCustomObject(
      { ...FLEET, namespace: NS, plural: 'gitrepos', name: 'fresh', body: { spec: { paused: true } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    h.sandbox.compact();
    gate = undefined;
    openGate!();

    const expected = (await client.list(RESOURCE_TYPES.gitRepo, NS)).items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`).sort();
    await waitFor(() => ([...mirror.keys()].sort().join() === expected.join() ? true : undefined), 5000, 'convergence');
    await waitFor(() => ((mirror.get(`${NS}/fresh`) as { paused?: boolean } | undefined)?.paused ? true : undefined), 5000, 'paused row');
    expect(statuses).toContain('resyncing');
    expect(statuses.at(-1)).toBe('live');
    const relists = await metrics.registry.getSingleMetric('fleet_dashboard_relists_total')?.get();
    expect(relists?.values.find((v) => v.labels.reason === 'expired')?.value).toBe(1);
    sub.unsubscribe();
  });

  it('reports errors as status and keeps retrying with backoff', async () => {
    let calls = 0;
    const failing: KubeClient = {
      ...client,
      async list() {
        calls++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
    };
    cache = createWatchCache({ client: failing, backoffInitialMs: 10, backoffMaxMs: 20 });
    const states: string[] = [];
    const sub = cache.subscribe({ type: RESOURCE_TYPES.gitRepo, namespace: NS }, { onStatus: (s) => states.push(`${s.state}:${s.message ?? ''}`) });
    await waitFor(() => (calls >= 3 ? true : undefined), 2000, 'retries');
    expect(sub.isReady()).toBe(false);
    expect(states[0]).toContain('error:connect ECONNREFUSED');
    sub.unsubscribe();
  });
});
