// Workspaces over the websocket (live rows with counts) and POST /api/workspaces, on the sandbox.
import { CSRF_HEADER, CSRF_HEADER_VALUE, createWorkspaceResponseSchema, type WorkspaceRow } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../app';
import { createKubeClient, type KubeClient } from '../../k8s/kube-client';
import { RESOURCE_TYPES } from '../../k8s/resource-types';
import { createWatchCache, type WatchCache } from '../../k8s/watch-cache';
import { createLogger } from '../../observability/logger';
import { createServerMetrics } from '../../observability/metrics';
import { cacheRowOf } from '../../rows/list-row.mapper';
import { createGitRepo, FLEET, startSandboxHarness, waitFor, type SandboxHarness } from '../../testing/sandbox.fixture';
import { connectWatch, type WatchClient } from '../../testing/ws-client.fixture';
import { createWorkspaceFeed } from './workspace-feed.service';

let h: SandboxHarness;
let kube: KubeClient;
let cache: WatchCache;
let server: RunningServer;

beforeAll(async () => {
  h = await startSandboxHarness();
  kube = createKubeClient({ kubeConfig: h.kubeConfig });
  for (const name of ['fleet-default', 'fleet-local']) await kube.create(RESOURCE_TYPES.namespace, undefined, { metadata: { name } });
  await kube.create(RESOURCE_TYPES.fleetWorkspace, undefined, { apiVersion: 'management.cattle.io/v3', kind: 'FleetWorkspace', metadata: { name: 'fleet-local' } });
  await createGitRepo(h.api, 'fleet-default', 'app');
  cache = createWatchCache({ client: kube, rowOf: cacheRowOf, lingerMs: 200 });
  server = await createServer({ mode: 'kubeconfig', kube, cache, logger: createLogger({ level: 'silent' }), metrics: createServerMetrics(), host: '127.0.0.1', port: 0, allowedOrigins: [] });
});
afterAll(async () => {
  await server.close();
  await cache.close();
  await h.stop();
});

/** Applies snapshot and changes of subscription `id` to a map, as a browser does. */
function rowsOf(c: WatchClient, id: string): Map<string, WorkspaceRow> {
  const rows = new Map<string, WorkspaceRow>();
  for (const m of c.messages) {
    if (m.type === 'snapshot' && m.id === id) {
      rows.clear();
      for (const item of m.items as WorkspaceRow[]) rows.set(item.key, item);
    } else if (m.type === 'changes' && m.id === id) {
      for (const e of m.events) {
        if (e.type === 'delete') rows.delete(e.key);
        else if ('row' in e) rows.set(e.key, e.row as WorkspaceRow);
      }
    }
  }
  return rows;
}

describe('workspaces over the websocket', () => {
  it('snapshot with counts, then rows appear, change and disappear with the objects', async () => {
    const c = connectWatch(server.url);
    await c.opened;
    c.send({ type: 'subscribe', id: 'ws', resource: 'workspaces' });
    const snapshot = await c.next('ws', 'snapshot');
    expect(snapshot.items).toEqual([
      { kind: 'Workspace', key: 'fleet-default', name: 'fleet-default', counts: { gitRepos: 1, clusters: 0, clusterGroups: 0, bundles: 0 } },
      { kind: 'Workspace', key: 'fleet-local', name: 'fleet-local', counts: { gitRepos: 0, clusters: 0, clusterGroups: 0, bundles: 0 } },
    ]);

    await kube.create(RESOURCE_TYPES.namespace, undefined, { metadata: { name: 'team-a' } });
    const from = c.messages.length;
    // A burst of changes is recomputed once per throttle interval, not once per event.
    for (let i = 0; i < 5; i++) await createGitRepo(h.api, 'team-a', `r${i}`);
    await h.api.createNamespacedCustomObject({ ...FLEET, namespace: 'team-a', plural: 'clusters', body: { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'Cluster', metadata: { name: 'c1' }, spec: {} } });
    await waitFor(() => (rowsOf(c, 'ws').get('team-a')?.counts.clusters === 1 && rowsOf(c, 'ws').get('team-a')?.counts.gitRepos === 5 ? true : undefined), 5000, 'team-a counted');
    const burst = c.messages.slice(from).filter((m) => m.type === 'changes');
    expect(burst.length).toBeLessThanOrEqual(3);
    expect(burst.flatMap((m) => ('events' in m ? m.events.map((e) => e.key) : [])).every((k) => k === 'team-a')).toBe(true);

    for (let i = 0; i < 5; i++) await h.api.deleteNamespacedCustomObject({ ...FLEET, namespace: 'team-a', plural: 'gitrepos', name: `r${i}` });
    await h.api.deleteNamespacedCustomObject({ ...FLEET, namespace: 'team-a', plural: 'clusters', name: 'c1' });
    await waitFor(() => (rowsOf(c, 'ws').has('team-a') ? undefined : true), 5000, 'team-a gone');
    expect([...rowsOf(c, 'ws').keys()]).toEqual(['fleet-default', 'fleet-local']);
    c.close();
  });

  it('one feed for every subscriber, and it lets go of the caches when the last one leaves', async () => {
    const subscribed: string[] = [];
    const released: string[] = [];
    const counting = {
      subscribe: ((ref, listener) => {
        subscribed.push(ref.type.plural);
        const sub = cache.subscribe(ref, listener);
        return { ...sub, unsubscribe: () => (released.push(ref.type.plural), sub.unsubscribe()) };
      }) as WatchCache['subscribe'],
    };
    const feed = createWorkspaceFeed({ cache: counting, kube, throttleMs: 10 });
    const a = feed.subscribe({});
    const b = feed.subscribe({});
    await a.ready;
    expect(b.isReady()).toBe(true);
    expect(subscribed.sort()).toEqual(['bundles', 'clustergroups', 'clusters', 'fleetworkspaces', 'gitrepos']);
    expect(a.rows().map((r) => r.name)).toEqual(['fleet-default', 'fleet-local']);
    expect([...a.fleetWorkspaceNames()]).toEqual(['fleet-local']);
    a.unsubscribe();
    expect(released).toEqual([]);
    b.unsubscribe();
    expect(released.sort()).toEqual(['bundles', 'clustergroups', 'clusters', 'fleetworkspaces', 'gitrepos']);
  });
});

describe('POST /api/workspaces', () => {
  const post = (body: unknown) => request(server.server).post('/api/workspaces').set(CSRF_HEADER, CSRF_HEADER_VALUE).send(body as object);

  it('creates the namespace and, where Rancher’s API is served, the FleetWorkspace; 409 the second time', async () => {
    const res = await post({ name: 'team-new' }).expect(201);
    expect(createWorkspaceResponseSchema.parse(res.body)).toEqual({ name: 'team-new', fleetWorkspace: true });
    expect((await kube.get(RESOURCE_TYPES.namespace, undefined, 'team-new')).metadata?.name).toBe('team-new');
    expect((await kube.get(RESOURCE_TYPES.fleetWorkspace, undefined, 'team-new')).kind).toBe('FleetWorkspace');
    const again = await post({ name: 'team-new' }).expect(409);
    expect(again.body.error).toMatchObject({ code: 'Conflict', message: 'Workspace "team-new" already exists (there is a namespace of that name)' });
    // It is listed as soon as the FleetWorkspace cache sees it.
    await waitFor(async () => ((await request(server.server).get('/api/workspaces')).body.items.some((r: WorkspaceRow) => r.name === 'team-new') ? true : undefined), 5000, 'listed');
  });

  it('only the namespace where FleetWorkspaces are not served', async () => {
    const noRancher: KubeClient = { ...kube, servedResources: async (group, version) => (group === 'management.cattle.io' ? null : kube.servedResources(group, version)) };
    const plain = await createServer({ mode: 'kubeconfig', kube: noRancher, cache, logger: createLogger({ level: 'silent' }), metrics: createServerMetrics(), host: '127.0.0.1', port: 0, allowedOrigins: [] });
    try {
      const res = await request(plain.server).post('/api/workspaces').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ name: 'plain-ns' }).expect(201);
      expect(res.body).toEqual({ name: 'plain-ns', fleetWorkspace: false });
      await expect(kube.get(RESOURCE_TYPES.fleetWorkspace, undefined, 'plain-ns')).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await plain.close();
    }
  });

  it('validates the name and needs the CSRF header', async () => {
    const bad = await post({ name: 'Not_Valid' }).expect(400);
    expect(bad.body.error.message).toContain('name');
    await request(server.server).post('/api/workspaces').send({ name: 'csrf-less' }).expect(403);
    await expect(kube.get(RESOURCE_TYPES.namespace, undefined, 'csrf-less')).rejects.toMatchObject({ statusCode: 404 });
  });
});
