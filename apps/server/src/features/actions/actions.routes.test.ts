import { CustomObjectsApi } from '@kubernetes/client-node';
import { bulkResponseSchema, forceUpdateResponseSchema } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../k8s/resource-types';
import { startAppHarness, type AppHarness } from '../app-harness.fixture';

let t: AppHarness;
const WS = 'fleet-default';
const spec = async (plural: 'gitrepos' | 'bundles' | 'clusters', name: string): Promise<Record<string, unknown>> => {
  const type = plural === 'gitrepos' ? RESOURCE_TYPES.gitRepo : plural === 'bundles' ? RESOURCE_TYPES.bundle : RESOURCE_TYPES.cluster;
  return ((await t.kube.get(type, WS, name)).spec ?? {}) as Record<string, unknown>;
};

beforeAll(async () => {
  t = await startAppHarness({ namespaces: [WS, 'fleet-local', 'team-a'] });
  await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name: 'app' }, spec: { repo: 'https://example.com/app.git' } });
  await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name: 'gen5' }, spec: { repo: 'https://example.com/app.git', forceSyncGeneration: 5 } });
  await t.seed('bundles', WS, { kind: 'Bundle', metadata: { name: 'app-simple' }, spec: { resources: [] } });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'c1', labels: { env: 'dev' } } });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'c2' }, spec: {} });
});
afterAll(() => t.stop());

describe('force update', () => {
  it('follows Rancher: (current || 1) + 1 on GitRepos, Bundles and Clusters', async () => {
    const first = await t.write('post', `/api/workspaces/${WS}/gitrepos/app/force-update`).expect(200);
    expect(forceUpdateResponseSchema.parse(first.body)).toEqual({ generation: 2 });
    await t.write('post', `/api/workspaces/${WS}/gitrepos/app/force-update`).expect(200, { generation: 3 });
    await t.write('post', `/api/workspaces/${WS}/gitrepos/gen5/force-update`).expect(200, { generation: 6 });
    expect((await spec('gitrepos', 'app')).forceSyncGeneration).toBe(3);
    await t.write('post', `/api/workspaces/${WS}/bundles/app-simple/force-update`).expect(200, { generation: 2 });
    expect((await spec('bundles', 'app-simple')).forceSyncGeneration).toBe(2);
    // c1 has no spec at all: the patch adds it.
    await t.write('post', `/api/workspaces/${WS}/clusters/c1/force-update`).expect(200, { generation: 2 });
    expect((await spec('clusters', 'c1')).redeployAgentGeneration).toBe(2);
  });

  it('concurrent clicks each count exactly once', async () => {
    const before = (await spec('gitrepos', 'gen5')).forceSyncGeneration as number;
    const results = await Promise.all([1, 2, 3, 4].map(() => t.write('post', `/api/workspaces/${WS}/gitrepos/gen5/force-update`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const generations = results.map((r) => r.body.generation as number).sort((a, b) => a - b);
    expect(generations).toEqual([before + 1, before + 2, before + 3, before + 4]);
    expect((await spec('gitrepos', 'gen5')).forceSyncGeneration).toBe(before + 4);
  });

  it('is 404 for a missing object and needs the CSRF header', async () => {
    const missing = await t.write('post', `/api/workspaces/${WS}/gitrepos/ghost/force-update`).expect(404);
    expect(missing.body.error.code).toBe('NotFound');
    await request(t.app).post(`/api/workspaces/${WS}/gitrepos/app/force-update`).expect(403);
  });
});

describe('pause, polling and labels', () => {
  it('pauses and unpauses GitRepos and Clusters', async () => {
    await t.write('post', `/api/workspaces/${WS}/gitrepos/app/pause`).expect(200, { paused: true });
    expect((await spec('gitrepos', 'app')).paused).toBe(true);
    await t.write('post', `/api/workspaces/${WS}/gitrepos/app/unpause`).expect(200, { paused: false });
    expect((await spec('gitrepos', 'app')).paused).toBe(false);
    await t.write('post', `/api/workspaces/${WS}/clusters/c2/pause`).expect(200, { paused: true });
    expect((await spec('clusters', 'c2')).paused).toBe(true);
    await t.write('post', `/api/workspaces/${WS}/bundles/app-simple/pause`).expect(404);
  });

  it('turns polling off and on', async () => {
    await t.write('post', `/api/workspaces/${WS}/gitrepos/app/polling`).send({ enabled: false }).expect(200, { pollingEnabled: false });
    expect((await spec('gitrepos', 'app')).disablePolling).toBe(true);
    await t.write('post', `/api/workspaces/${WS}/gitrepos/app/polling`).send({ enabled: true }).expect(200, { pollingEnabled: true });
    expect((await spec('gitrepos', 'app')).disablePolling).toBe(false);
    const bad = await t.write('post', `/api/workspaces/${WS}/gitrepos/app/polling`).send({ enabled: 'yes' }).expect(400);
    expect(bad.body.error.message).toContain('enabled');
  });

  it('replaces Cluster labels at the given resourceVersion, 409 with the current object otherwise', async () => {
    const c1 = await t.kube.get(RESOURCE_TYPES.cluster, WS, 'c1');
    const rv = c1.metadata?.resourceVersion ?? '';
    const ok = await t.write('put', `/api/workspaces/${WS}/clusters/c1/labels`).send({ labels: { env: 'prod', 'example.com/tier': 'gold' }, resourceVersion: rv }).expect(200);
    expect(ok.body.metadata.labels).toEqual({ env: 'prod', 'example.com/tier': 'gold' });
    const stale = await t.write('put', `/api/workspaces/${WS}/clusters/c1/labels`).send({ labels: { env: 'dev' }, resourceVersion: rv }).expect(409);
    expect(stale.body.error.code).toBe('Conflict');
    expect(stale.body.error.details.current.metadata.labels).toEqual({ env: 'prod', 'example.com/tier': 'gold' });
    expect((await t.kube.get(RESOURCE_TYPES.cluster, WS, 'c1')).metadata?.labels).toEqual({ env: 'prod', 'example.com/tier': 'gold' });
  });

  it('validates label keys and values', async () => {
    const res = await t.write('put', `/api/workspaces/${WS}/clusters/c1/labels`).send({ labels: { 'bad key': 'v', ok: 'in valid' }, resourceVersion: '1' }).expect(422);
    expect(res.body.error.code).toBe('Invalid');
    expect(res.body.error.details.fields).toEqual([
      { path: 'metadata.labels[bad key]', message: 'invalid label key "bad key"' },
      { path: 'metadata.labels[ok]', message: 'invalid label value "in valid"' },
    ]);
    await t.write('put', `/api/workspaces/${WS}/clusters/c1/labels`).send({ labels: {} }).expect(400);
  });
});

describe('bulk', () => {
  it('runs an action on many objects and reports each one', async () => {
    for (const name of ['b1', 'b2', 'b3']) await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name }, spec: { repo: 'https://example.com/b.git' } });
    const res = await t.write('post', `/api/workspaces/${WS}/gitrepos/_bulk/force-update`).send({ names: ['b1', 'b2', 'nope', 'b3'] }).expect(200);
    const body = bulkResponseSchema.parse(res.body);
    expect(body.results.map((r) => [r.name, r.ok, r.error?.code])).toEqual([
      ['b1', true, undefined],
      ['b2', true, undefined],
      ['nope', false, 'NotFound'],
      ['b3', true, undefined],
    ]);
    for (const name of ['b1', 'b2', 'b3']) expect((await spec('gitrepos', name)).forceSyncGeneration).toBe(2);
    const paused = await t.write('post', `/api/workspaces/${WS}/gitrepos/_bulk/pause`).send({ names: ['b1', 'b2'] }).expect(200);
    expect(paused.body.results.every((r: any) => r.ok)).toBe(true);
    const deleted = await t.write('post', `/api/workspaces/${WS}/gitrepos/_bulk/delete`).send({ names: ['b1', 'b2', 'b3'] }).expect(200);
    expect(deleted.body.results.map((r: any) => r.ok)).toEqual([true, true, true]);
    await request(t.app).get(`/api/workspaces/${WS}/gitrepos/b1`).expect(404);
  });

  it('an object named "bulk" takes its own actions; the bulk route is _bulk', async () => {
    await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name: 'bulk' }, spec: { repo: 'https://example.com/bulk.git' } });
    await t.write('post', `/api/workspaces/${WS}/gitrepos/bulk/force-update`).expect(200, { generation: 2 });
    await t.write('post', `/api/workspaces/${WS}/gitrepos/bulk/pause`).expect(200, { paused: true });
    expect(await spec('gitrepos', 'bulk')).toMatchObject({ forceSyncGeneration: 2, paused: true });
    const res = await t.write('post', `/api/workspaces/${WS}/gitrepos/_bulk/unpause`).send({ names: ['bulk'] }).expect(200);
    expect(res.body.results).toEqual([{ name: 'bulk', ok: true }]);
    expect((await spec('gitrepos', 'bulk')).paused).toBe(false);
  });

  it('refuses actions a resource does not have and empty name lists', async () => {
    const res = await t.write('post', `/api/workspaces/${WS}/clustergroups/_bulk/pause`).send({ names: ['x'] }).expect(400);
    expect(res.body.error.message).toContain('not a bulk action of clustergroups');
    await t.write('post', `/api/workspaces/${WS}/gitrepos/_bulk/explode`).send({ names: ['x'] }).expect(400);
    await t.write('post', `/api/workspaces/${WS}/gitrepos/_bulk/pause`).send({ names: [] }).expect(400);
  });
});

describe('move to another workspace', () => {
  const mgmt = () => t.h.kubeConfig.makeApiClient(CustomObjectsApi);
  const MGMT = { group: 'management.cattle.io', version: 'v3' } as const;

  beforeAll(async () => {
    for (const name of [WS, 'fleet-local', 'team-a']) {
      await mgmt().createClusterCustomObject({ ...MGMT, plural: 'fleetworkspaces', body: { apiVersion: 'management.cattle.io/v3', kind: 'FleetWorkspace', metadata: { name } } });
    }
    await mgmt().createClusterCustomObject({
      ...MGMT,
      plural: 'clusters',
      body: { apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: 'c-m-abc123' }, spec: { displayName: 'prod-eu', fleetWorkspaceName: WS } },
    });
    await mgmt().createClusterCustomObject({
      ...MGMT,
      plural: 'clusters',
      body: { apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: 'c-m-byname' }, spec: { displayName: 'edge-1', fleetWorkspaceName: WS } },
    });
    await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'prod-eu', labels: { 'management.cattle.io/cluster-name': 'c-m-abc123' } }, spec: {} });
    await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'edge-1' }, spec: {} });
    await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'agent-only' }, spec: {} });
  });

  const mgmtWorkspace = async (name: string) => ((await mgmt().getClusterCustomObject({ ...MGMT, plural: 'clusters', name })) as any).spec.fleetWorkspaceName;

  it('sets fleetWorkspaceName on the management cluster found by label or by display name', async () => {
    const res = await t.write('post', `/api/workspaces/${WS}/clusters/prod-eu/move`).send({ workspace: 'team-a' }).expect(200);
    expect(res.body).toEqual({ managementCluster: 'c-m-abc123', from: WS, workspace: 'team-a' });
    expect(await mgmtWorkspace('c-m-abc123')).toBe('team-a');
    const byName = await t.write('post', `/api/workspaces/${WS}/clusters/edge-1/move`).send({ workspace: 'team-a' }).expect(200);
    expect(byName.body.managementCluster).toBe('c-m-byname');
    expect(await mgmtWorkspace('c-m-byname')).toBe('team-a');
  });

  it('refuses fleet-local, unknown workspaces and agent-registered clusters with a reason', async () => {
    const local = await t.write('post', `/api/workspaces/${WS}/clusters/agent-only/move`).send({ workspace: 'fleet-local' }).expect(400);
    expect(local.body.error.details.reason).toBe('FleetLocal');
    const unknown = await t.write('post', `/api/workspaces/${WS}/clusters/agent-only/move`).send({ workspace: 'nowhere' }).expect(400);
    expect(unknown.body.error).toMatchObject({ message: 'Workspace "nowhere" does not exist', details: { reason: 'NoSuchWorkspace' } });
    const agent = await t.write('post', `/api/workspaces/${WS}/clusters/agent-only/move`).send({ workspace: 'team-a' }).expect(400);
    expect(agent.body.error.details.reason).toBe('NoManagementCluster');
    expect(agent.body.error.message).toContain('registered by its own agent');
    await t.write('post', `/api/workspaces/${WS}/clusters/ghost/move`).send({ workspace: 'team-a' }).expect(404);
  });
});

describe('move without Rancher', () => {
  it('refuses when management.cattle.io is not served', async () => {
    const bare = await startAppHarness({ namespaces: [WS, 'team-a'], kube: (k) => ({ ...k, servedResources: async (group, version) => (group === 'management.cattle.io' ? null : k.servedResources(group, version)) }) });
    try {
      await bare.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'c' }, spec: {} });
      const res = await bare.write('post', `/api/workspaces/${WS}/clusters/c/move`).send({ workspace: 'team-a' }).expect(400);
      expect(res.body.error.details.reason).toBe('NoRancher');
      expect(res.body.error.message).toContain('management.cattle.io/v3 is not served');
      // The real discovery call: fleet.cattle.io is served, an unknown group is not.
      expect(await bare.kube.servedResources('fleet.cattle.io', 'v1alpha1')).toContain('gitrepos');
      expect(await bare.kube.servedResources('nothing.example.com', 'v1')).toBeNull();
    } finally {
      await bare.stop();
    }
  });
});
