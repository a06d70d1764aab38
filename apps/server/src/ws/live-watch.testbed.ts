// The websocket path on the real kube-apiserver: a change by another client reaches a list
// subscriber within one flush, a hundred subscriptions share one upstream watch (read from
// /metrics), and a 410 Expired after an etcd compaction relists and converges.
import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import type { GitRepoRow } from '@fleet-dashboard/contracts';
import { compactEtcd } from '@fleet-dashboard/testbed';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServer, type RunningServer } from '../app';
import { createKubeClient, type KubeClient } from '../k8s/kube-client';
import { RESOURCE_TYPES } from '../k8s/resource-types';
import { createWatchCache, type WatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics } from '../observability/metrics';
import { cacheRowOf } from '../rows/list-row.mapper';
import { waitFor } from '../testing/sandbox.fixture';
import { connectWatch, type WatchClient } from '../testing/ws-client.fixture';

const FLUSH_MS = 50;
const tb = inject('testbed');
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

function adminKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'testbed', server: tb.server, caData: Buffer.from(tb.caData).toString('base64'), skipTLSVerify: false }],
    users: [{ name: 'admin', token: tb.tokens.admin ?? '' }],
    contexts: [{ name: 'admin', cluster: 'testbed', user: 'admin' }],
    currentContext: 'admin',
  });
  return kc;
}

const gitRepo = (name: string) => ({ apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name }, spec: { repo: 'https://github.com/rancher/fleet-examples', paths: ['simple'] } });

async function namespaceWith(kube: KubeClient, prefix: string, repos: string[]): Promise<string> {
  const ns = unique(prefix);
  await kube.create(RESOURCE_TYPES.namespace, undefined, { metadata: { name: ns } });
  for (const name of repos) await kube.create(RESOURCE_TYPES.gitRepo, ns, gitRepo(name));
  return ns;
}

/** The rows a browser holds after applying snapshot and changes of subscription `id`. */
function reduce(c: WatchClient, id: string): Map<string, GitRepoRow> {
  const rows = new Map<string, GitRepoRow>();
  for (const m of c.messages) {
    if (m.type === 'snapshot' && m.id === id) {
      rows.clear();
      for (const item of m.items as GitRepoRow[]) rows.set(item.key, item);
    } else if (m.type === 'changes' && m.id === id) {
      for (const e of m.events) {
        if (e.type === 'delete') rows.delete(e.key);
        else if ('row' in e) rows.set(e.key, e.row as GitRepoRow);
      }
    }
  }
  return rows;
}

/** One sample of a Prometheus text exposition, by metric name and exact labels. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',');
    if (have.length === wanted.length && wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

let admin: KubeClient;
beforeAll(() => {
  admin = createKubeClient({ kubeConfig: adminKubeConfig() });
});

describe('the websocket on the real API server', () => {
  let cache: WatchCache;
  let server: RunningServer;
  beforeAll(async () => {
    const metrics = createServerMetrics();
    cache = createWatchCache({ client: admin, rowOf: cacheRowOf, lingerMs: 500, metrics: metrics.cache });
    server = await createServer({ mode: 'kubeconfig', kube: admin, cache, logger: createLogger({ level: 'silent' }), metrics, host: '127.0.0.1', port: 0, allowedOrigins: [], flushIntervalMs: FLUSH_MS });
  });
  afterAll(async () => {
    await server.close();
    await cache.close();
  });

  it("a list subscriber gets another client's change within one flush of the cache seeing it", async () => {
    const ns = await namespaceWith(admin, 'flush', ['app']);
    const c = connectWatch(server.url);
    await c.opened;
    c.send({ type: 'subscribe', id: 'list', resource: 'gitrepos', workspace: ns });
    await c.next('list', 'snapshot', 10_000);
    // When the shared cache itself sees the change (a second listener on the same cache).
    let seenAt = 0;
    const probe = cache.subscribe({ type: RESOURCE_TYPES.gitRepo, namespace: ns }, { onChanges: (cs) => cs.some((x) => x.entry.object.metadata?.name === 'app' && (x.entry.object.spec as { paused?: boolean }).paused) && (seenAt ||= Date.now()) });
    const from = c.messages.length;
    const writtenAt = Date.now();
    const patched = await admin.patch(RESOURCE_TYPES.gitRepo, ns, 'app', 'merge', { spec: { paused: true } });
    const change = await c.next('list', 'changes', 5000, from);
    expect(change.events).toEqual([expect.objectContaining({ type: 'upsert', key: `${ns}/app`, row: expect.objectContaining({ paused: true, resourceVersion: patched.metadata?.resourceVersion }) })]);
    expect(seenAt).toBeGreaterThan(0);
    // Batched: at most one flush interval (plus timer slack on a shared machine) after the cache saw it.
    expect(change.at - seenAt).toBeLessThanOrEqual(FLUSH_MS + 40);
    expect(change.at - writtenAt).toBeLessThan(1000);
    probe.unsubscribe();
    c.close();
  });

  it('a hundred subscriptions to one list open exactly one upstream watch (per /metrics)', async () => {
    const ns = await namespaceWith(admin, 'fanout', ['a', 'b']);
    const clients = Array.from({ length: 4 }, () => connectWatch(server.url));
    await Promise.all(clients.map((c) => c.opened));
    clients.forEach((c, i) => {
      for (let j = 0; j < 25; j++) c.send({ type: 'subscribe', id: `s${i}-${j}`, resource: 'gitrepos', workspace: ns });
    });
    await Promise.all(clients.flatMap((c, i) => Array.from({ length: 25 }, (_, j) => c.next(`s${i}-${j}`, 'snapshot', 10_000))));
    const metrics = (await request(server.url).get('/metrics').expect(200)).text;
    const labels = { resource: 'gitrepos', namespace: ns };
    expect(sample(metrics, 'fleet_dashboard_upstream_watches', labels)).toBe(1);
    expect(sample(metrics, 'fleet_dashboard_cache_subscribers', labels)).toBe(100);
    for (const c of clients) expect([...reduce(c, 's0-0').keys(), ...reduce(c, `s${clients.indexOf(c)}-24`).keys()].length).toBeGreaterThan(0);
    clients.forEach((c) => c.close());
    await waitFor(async () => (sample((await request(server.url).get('/metrics')).text, 'fleet_dashboard_cache_subscribers', labels) === 0 ? true : undefined), 5000, 'subscribers gone');
  });
});

describe('410 Expired on the real API server', () => {
  it('relists after an etcd compaction and the subscribers converge on the API state', async () => {
    const ns = await namespaceWith(admin, 'relist', ['keep', 'drop', 'change']);
    // A client whose watch can be cut and whose next watch waits for the test, so changes
    // happen while nobody watches and the resumed watch asks for a compacted revision.
    let cut: (() => void) | undefined;
    let gate: Promise<void> | undefined;
    const gated: KubeClient = {
      ...admin,
      async watch(req, onEvent, done) {
        if (gate) await gate;
        const stop = await admin.watch(req, onEvent, done);
        cut = stop;
        return stop;
      },
    };
    const metrics = createServerMetrics();
    const cache = createWatchCache({ client: gated, rowOf: cacheRowOf, metrics: metrics.cache, backoffInitialMs: 50, lingerMs: 200 });
    const server = await createServer({ mode: 'kubeconfig', kube: admin, cache, logger: createLogger({ level: 'silent' }), metrics, host: '127.0.0.1', port: 0, allowedOrigins: [], flushIntervalMs: FLUSH_MS });
    const c = connectWatch(server.url);
    try {
      await c.opened;
      c.send({ type: 'subscribe', id: 'list', resource: 'gitrepos', workspace: ns });
      await c.next('list', 'snapshot', 10_000);
      await waitFor(() => cut, 5000, 'the watch running');

      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      cut?.();
      await admin.create(RESOURCE_TYPES.gitRepo, ns, gitRepo('while-away'));
      await admin.delete(RESOURCE_TYPES.gitRepo, ns, 'drop');
      await admin.patch(RESOURCE_TYPES.gitRepo, ns, 'change', 'merge', { spec: { paused: true } });
      await compactEtcd(tb.etcdEndpoint);
      gate = undefined;
      open();

      const truth = async (): Promise<string> =>
        (await admin.list(RESOURCE_TYPES.gitRepo, ns)).items
          .map((o) => `${o.metadata?.namespace}/${o.metadata?.name}@${o.metadata?.resourceVersion}`)
          .sort()
          .join(',');
      const held = (): string =>
        [...reduce(c, 'list').values()]
          .map((r) => `${r.key}@${r.resourceVersion}`)
          .sort()
          .join(',');
      await waitFor(async () => (held() === (await truth()) ? true : undefined), 15_000, 'the browser rows equal the API list');
      expect([...reduce(c, 'list').keys()].sort()).toEqual([`${ns}/change`, `${ns}/keep`, `${ns}/while-away`]);
      expect(reduce(c, 'list').get(`${ns}/change`)?.paused).toBe(true);
      const states = c.messages.filter((m) => m.type === 'status' && m.id === 'list').map((m) => ('state' in m ? m.state : ''));
      expect(states).toContain('resyncing');
      await waitFor(() => (c.messages.filter((m) => m.type === 'status' && m.id === 'list').at(-1)?.type === 'status' ? true : undefined), 1000, 'status');
      const last = c.messages.filter((m) => m.type === 'status' && m.id === 'list').at(-1);
      expect(last && 'state' in last ? last.state : '').toBe('live');
      const text = (await request(server.url).get('/metrics').expect(200)).text;
      expect(sample(text, 'fleet_dashboard_relists_total', { resource: 'gitrepos', namespace: ns, reason: 'expired' })).toBe(1);
    } finally {
      c.close();
      await server.close();
      await cache.close();
    }
  });
});
