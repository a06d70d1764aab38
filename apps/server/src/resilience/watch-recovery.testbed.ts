// Faults under the BFF's watches, on a real kube-apiserver + etcd of its own (the shared testbed of
// the run is left alone), with fleet-sim churning status: kube-apiserver killed and restarted
// mid-watch, etcd restarted, watch connections cut, and a 410 Gone after an etcd compaction. The
// BFF reaches the API server through a fault proxy. A websocket client keeps its data with the
// web app's reducer. After each fault: every subscription reports trouble and then `live`, the
// BFF relisted at most once per cache, and the client's store equals a fresh list of the API
// server, row for row. Recovery times are printed at the end.
import { createFleetSim, seedEstate, type FleetSimHandle } from '@fleet-dashboard/fleet-sim';
import { adminKubeConfig, createFaultProxy, startTestbed, type FaultProxy, type Testbed } from '@fleet-dashboard/testbed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../app';
import { createKubeClient, type KubeClient } from '../k8s/kube-client';
import { createWatchCache, type WatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics, type ServerMetrics } from '../observability/metrics';
import { cacheRowOf } from '../rows/list-row.mapper';
import { compareWithApi, connectWatchClient, counterTotal, until, type Difference, type SubscriptionSpec, type WatchClient } from './watch-client.fixture';

const SUBSCRIPTIONS: SubscriptionSpec[] = [
  { id: 'repos', resource: 'gitrepos', workspace: 'fleet-default' },
  { id: 'clusters', resource: 'clusters', workspace: 'fleet-default' },
  { id: 'groups', resource: 'clustergroups', workspace: 'fleet-default' },
  { id: 'bundles', resource: 'bundles', workspace: 'fleet-default' },
  { id: 'deployments', resource: 'bundledeployments', workspace: 'fleet-default' },
  { id: 'local-repos', resource: 'gitrepos', workspace: 'fleet-local' },
  { id: 'local-bundles', resource: 'bundles', workspace: 'fleet-local' },
];
/** Upstream caches behind the subscriptions (one per type and namespace; BundleDeployments: one cluster-wide). */
const CACHES = 7;
const RECOVERY_LIMIT_MS = 30_000;
/** Live counts once no status message came for this long. */
const SETTLE_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  fault: string;
  /** Fault start → every subscription live again (the time of the last `live` status). */
  liveFromStartMs: number;
  /** Fault end (API ready again) → every subscription live again; negative when they were live before /readyz said so. */
  liveMs: number;
  /** Fault end → the client's store equals the API server (the simulator stopped once all were live). */
  convergedMs: number;
  relists: number;
  watchErrors: number;
  statuses: string;
  /** Where the time went: simulator start, the fault itself, simulator stop. */
  phases: string;
}

let testbed: Testbed;
let proxy: FaultProxy;
let kube: KubeClient;
let direct: KubeClient;
let cache: WatchCache;
let metrics: ServerMetrics;
let server: RunningServer;
let client: WatchClient;
let sim: FleetSimHandle | undefined;
const measured: Measured[] = [];

function describeState(): string {
  const subs = SUBSCRIPTIONS.map((s) => `${s.id}=${client.state(s.id)} [${client.statuses(s.id).map((r) => `${r.state}${r.message ? `(${r.message})` : ''}`).join('→')}]`).join(', ');
  const caches = cache.stats().map((c) => `${c.key}:${c.state}/${c.subscribers}`).join(', ');
  return `subscriptions: ${subs}; caches: ${caches}`;
}

async function metricTotals(): Promise<{ relists: number; errors: number }> {
  const text = await metrics.registry.metrics();
  return { relists: counterTotal(text, 'fleet_dashboard_relists_total'), errors: counterTotal(text, 'fleet_dashboard_watch_errors_total') };
}

async function startChurn(): Promise<FleetSimHandle> {
  const handle = createFleetSim({ kubeConfig: adminKubeConfig(testbed, testbed.server), seed: 11, speed: 8, churnPerSecond: 20, heartbeatSeconds: 2, log: () => undefined });
  await handle.start();
  return handle;
}

/**
 * Runs one fault with the simulator churning before, during and after it; `inject` returns when
 * the fault is over. Measures when every subscription is live again (after reporting trouble,
 * where expected); then the simulator stops and the test measures when the client's store equals
 * a fresh list of the API server.
 */
async function survive(fault: string, inject: () => Promise<string | void>, options: { expectTrouble: boolean }): Promise<Measured> {
  await until('every subscription live before the fault', () => (SUBSCRIPTIONS.every((s) => client.state(s.id) === 'live') ? true : undefined), 20_000).catch((error: Error) => {
    throw new Error(`${error.message}; ${describeState()}`);
  });
  const before = await metricTotals();
  const simStarting = Date.now();
  sim = await startChurn();
  const simStartMs = Date.now() - simStarting;
  await sleep(1500);
  client.clearStatuses();
  const faultStart = Date.now();
  const detail = await inject();
  const faultEnd = Date.now();
  const checkedLiveAt = await until(
    'every subscription live after the fault',
    () => {
      if (!SUBSCRIPTIONS.every((s) => client.state(s.id) === 'live')) return undefined;
      if (options.expectTrouble && !SUBSCRIPTIONS.every((s) => client.statuses(s.id).some((r) => r.state !== 'live'))) return undefined;
      // Settled: no status message for a second (a resumed watch can turn live and then get 410).
      const lastStatus = Math.max(faultStart, ...SUBSCRIPTIONS.flatMap((s) => client.statuses(s.id).map((r) => r.at)));
      return Date.now() - lastStatus >= SETTLE_MS ? Date.now() : undefined;
    },
    RECOVERY_LIMIT_MS,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; ${describeState()}`);
  });
  // When each subscription last turned live (its status log), else when the check saw it.
  const lastLive = SUBSCRIPTIONS.map((s) => client.statuses(s.id).filter((r) => r.state === 'live').at(-1)?.at);
  const liveAt = lastLive.every((t) => t !== undefined) ? Math.max(...(lastLive as number[])) : checkedLiveAt;
  const simStopping = Date.now();
  await sim.stop();
  sim = undefined;
  const simStopMs = Date.now() - simStopping;
  let last: Difference[] = [];
  const convergedAt = await until(
    'the client store to equal the API server',
    async () => {
      last = await compareWithApi(client, direct);
      return last.length === 0 ? Date.now() : undefined;
    },
    RECOVERY_LIMIT_MS,
    200,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; differences: ${JSON.stringify(last.slice(0, 5))} (${last.length} in all)`);
  });
  const after = await metricTotals();
  const result: Measured = {
    fault,
    liveFromStartMs: liveAt - faultStart,
    liveMs: liveAt - faultEnd,
    convergedMs: Math.max(0, convergedAt - faultEnd),
    relists: after.relists - before.relists,
    watchErrors: after.errors - before.errors,
    statuses: SUBSCRIPTIONS.map((s) => `${s.id}: ${client.statuses(s.id).map((r) => r.state).join('→') || '(none)'}`).join('; '),
    phases: `simulator start ${simStartMs} ms, fault ${faultEnd - faultStart} ms${detail ? ` (${detail})` : ''}, simulator stop ${simStopMs} ms`,
  };
  measured.push(result);
  expect(SUBSCRIPTIONS.filter((s) => client.state(s.id) !== 'live').map((s) => s.id)).toEqual([]);
  expect(client.isOpen()).toBe(true);
  expect(client.errors()).toEqual([]);
  return result;
}

beforeAll(async () => {
  testbed = await startTestbed();
  proxy = await createFaultProxy({ target: testbed.server });
  await seedEstate({ kubeConfig: adminKubeConfig(testbed, testbed.server), profile: 'demo', seed: 11 });
  direct = createKubeClient({ kubeConfig: adminKubeConfig(testbed, testbed.server) });
  kube = createKubeClient({ kubeConfig: adminKubeConfig(testbed, proxy.url), requestTimeoutMs: 5000, watchIdleTimeoutMs: 20_000 });
  metrics = createServerMetrics();
  cache = createWatchCache({ client: kube, rowOf: cacheRowOf, metrics: metrics.cache, lingerMs: 1000 });
  server = await createServer({ mode: 'kubeconfig', kube, cache, logger: createLogger({ level: 'silent' }), metrics, host: '127.0.0.1', port: 0, allowedOrigins: [], flushIntervalMs: 50 });
  client = await connectWatchClient({ url: server.url, subscriptions: SUBSCRIPTIONS });
  // The simulator makes bundles and deployments for the seeded GitRepos before the faults start.
  const warmup = await startChurn();
  await until('bundle deployments to exist', () => (client.data('deployments').items.size > 0 ? true : undefined), 30_000);
  await warmup.stop();
}, 10 * 60_000);

afterAll(async () => {
  console.log(
    ['fault recovery (all subscriptions live: after the fault began / after the API answered again; store equal to the API after it answered):', ...measured.map((m) => `  ${m.fault}: live ${m.liveFromStartMs} ms / ${m.liveMs} ms, converged ${m.convergedMs} ms, relists ${m.relists}, watch errors ${m.watchErrors}\n    ${m.phases}\n    statuses: ${m.statuses}`)].join('\n'),
  );
  await sim?.stop();
  await client?.close();
  await server?.close();
  await cache?.close();
  await proxy?.close();
  await testbed?.stop();
}, 60_000);

describe('the BFF survives faults under its watches', () => {
  it('kube-apiserver killed (SIGKILL) mid-watch and started again 2 s later', async () => {
    const m = await survive('kube-apiserver restart', async () => {
      const r = await testbed.restartApiserver({ downMs: 2000 });
      return `killed → exited ${r.exitedAt - r.killedAt} ms, started → ready ${r.readyAt - r.startedAt} ms`;
    }, { expectTrouble: true });
    expect(m.relists).toBeLessThanOrEqual(CACHES);
    expect(m.watchErrors).toBeGreaterThanOrEqual(1);
    expect(m.watchErrors).toBeLessThanOrEqual(CACHES * 8);
  }, 90_000);

  it('etcd killed and started again 2 s later', async () => {
    const m = await survive('etcd restart', async () => {
      const r = await testbed.restartEtcd({ downMs: 2000 });
      return `killed → exited ${r.exitedAt - r.killedAt} ms, started → API ready ${r.readyAt - r.startedAt} ms`;
    }, { expectTrouble: false });
    expect(m.relists).toBeLessThanOrEqual(CACHES);
    expect(m.watchErrors).toBeLessThanOrEqual(CACHES * 8);
  }, 90_000);

  it('every watch connection cut by the proxy', async () => {
    const m = await survive(
      'watch connections dropped',
      async () => {
        expect(proxy.dropConnections()).toBeGreaterThanOrEqual(1);
      },
      { expectTrouble: true },
    );
    expect(m.relists).toBe(0); // resumed from the last resourceVersion
    expect(m.watchErrors).toBeLessThanOrEqual(CACHES * 2);
  }, 90_000);

  it('410 Gone: etcd compacted, then the watches cut, so they resume from a compacted resourceVersion', async () => {
    const m = await survive(
      '410 Gone after compaction',
      async () => {
        await sleep(500); // churn after the caches' last events, so their resourceVersions fall behind
        await testbed.compact();
        proxy.dropConnections();
      },
      { expectTrouble: true },
    );
    expect(m.relists).toBeGreaterThanOrEqual(1);
    expect(m.relists).toBeLessThanOrEqual(CACHES);
  }, 90_000);

  // kube-apiserver without its watch cache sends no bookmarks: a watch resumed after an error on a
  // resource nobody changes must still report `live` (watch-resource.ts yields `open` when the API
  // server accepts the watch; watch-cache.ts turns an `error` cache live on it).
  it('a resumed watch on a quiet resource reports live again without waiting for an event', async () => {
    await until('every subscription live', () => (SUBSCRIPTIONS.every((s) => client.state(s.id) === 'live') ? true : undefined), 20_000);
    client.clearStatuses();
    expect(proxy.dropConnections()).toBeGreaterThanOrEqual(1);
    await until(
      'every subscription to report the cut and then live, with nothing changing upstream',
      () => (SUBSCRIPTIONS.every((s) => client.statuses(s.id).some((r) => r.state === 'error') && client.state(s.id) === 'live') ? true : undefined),
      10_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; ${describeState()}`);
    });
  }, 30_000);
});
