// Events of one object over the websocket and REST, from one namespace-wide events watch.
import type { EventRow } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../app';
import { createKubeClient, type KubeClient } from '../k8s/kube-client';
import { RESOURCE_TYPES } from '../k8s/resource-types';
import { createWatchCache, type WatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics, type ServerMetrics } from '../observability/metrics';
import { cacheRowOf } from '../rows/list-row.mapper';
import { startSandboxHarness, waitFor, type SandboxHarness } from '../testing/sandbox.fixture';
import { connectWatch } from '../testing/ws-client.fixture';

const WS = 'fleet-default';
let h: SandboxHarness;
let kube: KubeClient;
let cache: WatchCache;
let metrics: ServerMetrics;
let server: RunningServer;
let seq = 0;

async function event(kind: string, name: string, reason: string): Promise<void> {
  seq++;
  await kube.create(RESOURCE_TYPES.event, WS, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${seq}`, namespace: WS },
    involvedObject: { apiVersion: 'fleet.cattle.io/v1alpha1', kind, name, namespace: WS },
    reason,
    message: `${reason} of ${name}`,
    type: 'Normal',
    count: 1,
    lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  });
}

beforeAll(async () => {
  h = await startSandboxHarness();
  kube = createKubeClient({ kubeConfig: h.kubeConfig });
  await kube.create(RESOURCE_TYPES.namespace, undefined, { metadata: { name: WS } });
  await event('GitRepo', 'app', 'Synced');
  await event('GitRepo', 'other', 'Synced');
  await event('Bundle', 'app', 'Deployed');
  metrics = createServerMetrics();
  cache = createWatchCache({ client: kube, rowOf: cacheRowOf, metrics: metrics.cache });
  server = await createServer({ mode: 'kubeconfig', kube, cache, logger: createLogger({ level: 'silent' }), metrics, host: '127.0.0.1', port: 0, allowedOrigins: [], flushIntervalMs: 20 });
});
afterAll(async () => {
  await server.close();
  await cache.close();
  await h.stop();
});

describe('events of an object', () => {
  it('streams only the events whose involvedObject matches, all from one namespace-wide watch', async () => {
    const c = connectWatch(server.url);
    await c.opened;
    c.send({ type: 'subscribe', id: 'app', resource: 'events', workspace: WS, involved: { kind: 'GitRepo', name: 'app' } });
    c.send({ type: 'subscribe', id: 'bundle', resource: 'events', workspace: WS, involved: { kind: 'Bundle', name: 'app' } });
    c.send({ type: 'subscribe', id: 'all', resource: 'events', workspace: WS });
    const app = await c.next('app', 'snapshot');
    expect((app.items as EventRow[]).map((r) => [r.involvedKind, r.involvedName, r.reason])).toEqual([['GitRepo', 'app', 'Synced']]);
    expect(app.items[0]).toMatchObject({ kind: 'Event', message: 'Synced of app', type: 'Normal', count: 1 });
    expect(((await c.next('bundle', 'snapshot')).items as EventRow[]).map((r) => r.involvedKind)).toEqual(['Bundle']);
    expect((await c.next('all', 'snapshot')).items).toHaveLength(3);

    const from = c.messages.length;
    await event('GitRepo', 'app', 'Stalled');
    await event('GitRepo', 'other', 'Stalled');
    const change = await c.next('app', 'changes', 5000, from);
    expect(change.events).toHaveLength(1);
    expect(change.events[0]).toMatchObject({ type: 'upsert', row: { involvedName: 'app', reason: 'Stalled' } });
    await waitFor(() => c.messages.slice(from).filter((m) => m.type === 'changes' && m.id === 'all').flatMap((m) => ('events' in m ? m.events : [])).length === 2 || undefined, 5000, 'both events on "all"');
    expect(c.messages.slice(from).some((m) => m.type === 'changes' && m.id === 'bundle')).toBe(false);

    // Three subscriptions, one upstream watch of the namespace's events.
    const watches = await metrics.registry.getSingleMetric('fleet_dashboard_upstream_watches')?.get();
    expect(watches?.values.filter((v) => v.labels.resource === 'events')).toEqual([expect.objectContaining({ value: 1, labels: { resource: 'events', namespace: WS } })]);
    c.close();
  });

  it('GET /workspaces/:ws/events?kind=&name= answers the same, newest first', async () => {
    const res = await request(server.server).get(`/api/workspaces/${WS}/events?kind=GitRepo&name=app`).expect(200);
    expect((res.body.items as EventRow[]).map((r) => [r.involvedKind, r.involvedName, r.reason])).toEqual([
      ['GitRepo', 'app', 'Stalled'],
      ['GitRepo', 'app', 'Synced'],
    ]);
    const byName = await request(server.server).get(`/api/workspaces/${WS}/events?name=app`).expect(200);
    expect((byName.body.items as EventRow[]).map((r) => r.involvedKind).sort()).toEqual(['Bundle', 'GitRepo', 'GitRepo']);
    expect((await request(server.server).get(`/api/workspaces/${WS}/events`).expect(200)).body.items).toHaveLength(5);
    const bad = await request(server.server).get(`/api/workspaces/${WS}/events?name=Not_A_Name`).expect(400);
    expect(bad.body.error.code).toBe('BadRequest');
  });

  it('"involved" on anything but events is refused', async () => {
    const c = connectWatch(server.url);
    await c.opened;
    c.send({ type: 'subscribe', id: 'x', resource: 'gitrepos', workspace: WS, involved: { kind: 'GitRepo', name: 'app' } });
    const error = await c.next('x', 'error');
    expect(error.error).toMatchObject({ code: 'BadRequest', message: '"involved" applies to events only' });
    c.close();
  });
});
