// The write side against the real kube-apiserver: RBAC enforced by the API server with the
// server acting as each testbed user, and the concurrency rules (test ops, stale PUTs).
import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { CSRF_HEADER, CSRF_HEADER_VALUE, errorBodySchema } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { createApp } from '../app';
import { createKubeClient, type KubeClient } from '../k8s/kube-client';
import { RESOURCE_TYPES } from '../k8s/resource-types';
import { createWatchCache, type WatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics } from '../observability/metrics';

type User = 'admin' | 'operator' | 'viewer' | 'outsider';
const WS = 'fleet-default';
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

interface Served {
  kube: KubeClient;
  cache: WatchCache;
  app: ReturnType<typeof createApp>;
}

const served: Partial<Record<User, Served>> = {};

function serveAs(user: User): Served {
  const existing = served[user];
  if (existing) return existing;
  const tb = inject('testbed');
  const token = tb.tokens[user];
  if (!token) throw new Error(`the testbed has no token for ${user}`);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'testbed', server: tb.server, caData: Buffer.from(tb.caData).toString('base64'), skipTLSVerify: false }],
    users: [{ name: user, token }],
    contexts: [{ name: user, cluster: 'testbed', user }],
    currentContext: user,
  });
  const kube = createKubeClient({ kubeConfig });
  const cache = createWatchCache({ client: kube, lingerMs: 500 });
  const app = createApp({ mode: 'kubeconfig', kube, cache, logger: createLogger({ level: 'silent' }), metrics: createServerMetrics() });
  const s = { kube, cache, app };
  served[user] = s;
  return s;
}

const write = (user: User, method: 'post' | 'put' | 'delete', path: string) => request(serveAs(user).app)[method](path).set(CSRF_HEADER, CSRF_HEADER_VALUE);
const gitRepo = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'fleet.cattle.io/v1alpha1',
  kind: 'GitRepo',
  metadata: { name },
  spec: { repo: 'https://github.com/rancher/fleet-examples', paths: ['simple'], ...spec },
});

let target: string;
const specOf = (o: KubeObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;

beforeAll(async () => {
  target = unique('rbac');
  await write('admin', 'post', `/api/workspaces/${WS}/gitrepos`).send(gitRepo(target, { forceSyncGeneration: 4 })).expect(201);
  await write('admin', 'post', `/api/workspaces/${WS}/clusters`).send({ kind: 'Cluster', metadata: { name: target, labels: { env: 'dev' } }, spec: {} }).expect(201);
});
afterAll(async () => {
  await Promise.all(Object.values(served).map((s) => s.cache.close()));
});

describe('RBAC: the server acting as the viewer', () => {
  it('Force Update is 403 naming verb and resource, and the object is unchanged', async () => {
    const before = await serveAs('admin').kube.get(RESOURCE_TYPES.gitRepo, WS, target);
    const res = await write('viewer', 'post', `/api/workspaces/${WS}/gitrepos/${target}/force-update`).expect(403);
    const error = errorBodySchema.parse(res.body).error;
    expect(error.code).toBe('Forbidden');
    expect(error.message).toBe('Not allowed to patch gitrepos.fleet.cattle.io in namespace "fleet-default"');
    expect(error.details).toMatchObject({ verb: 'patch', resource: 'gitrepos.fleet.cattle.io', name: target });
    const after = await serveAs('admin').kube.get(RESOURCE_TYPES.gitRepo, WS, target);
    expect(specOf(after).forceSyncGeneration).toBe(4);
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('create, replace, delete, pause and labels are 403 as well', async () => {
    const create = await write('viewer', 'post', `/api/workspaces/${WS}/gitrepos`).send(gitRepo(unique('viewer'))).expect(403);
    expect(create.body.error.message).toBe('Not allowed to create gitrepos.fleet.cattle.io in namespace "fleet-default"');
    const current = await serveAs('viewer').kube.get(RESOURCE_TYPES.gitRepo, WS, target);
    const put = await write('viewer', 'put', `/api/workspaces/${WS}/gitrepos/${target}`).send({ ...current, spec: { ...(current.spec as object), branch: 'x' } }).expect(403);
    expect(put.body.error.details.verb).toBe('update');
    const del = await write('viewer', 'delete', `/api/workspaces/${WS}/gitrepos/${target}`).expect(403);
    expect(del.body.error.details.verb).toBe('delete');
    await write('viewer', 'post', `/api/workspaces/${WS}/gitrepos/${target}/pause`).expect(403);
    const cluster = await serveAs('viewer').kube.get(RESOURCE_TYPES.cluster, WS, target);
    await write('viewer', 'put', `/api/workspaces/${WS}/clusters/${target}/labels`).send({ labels: { env: 'prod' }, resourceVersion: cluster.metadata?.resourceVersion }).expect(403);
    const bulk = await write('viewer', 'post', `/api/workspaces/${WS}/gitrepos/_bulk/force-update`).send({ names: [target] }).expect(200);
    expect(bulk.body.results).toEqual([{ name: target, ok: false, error: expect.objectContaining({ code: 'Forbidden' }) }]);
    expect(specOf(await serveAs('admin').kube.get(RESOURCE_TYPES.gitRepo, WS, target)).paused).toBeUndefined();
    expect((await serveAs('admin').kube.get(RESOURCE_TYPES.cluster, WS, target)).metadata?.labels).toEqual({ env: 'dev' });
  });

  it('the viewer still reads and previews', async () => {
    const res = await request(serveAs('viewer').app).get(`/api/workspaces/${WS}/gitrepos/${target}?format=yaml`).expect(200);
    expect(res.text).toContain(`name: ${target}`);
    const preview = await write('viewer', 'post', `/api/workspaces/${WS}/clustergroups/preview`).send({ selectorText: 'env=dev' }).expect(200);
    expect(preview.body.matching).toContain(target);
  });

  it('the operator cannot list secrets: 403 naming list secrets', async () => {
    const res = await request(serveAs('operator').app).get(`/api/workspaces/${WS}/secrets`).expect(403);
    expect(res.body.error.message).toBe('Not allowed to list secrets in namespace "fleet-default"');
  });
});

describe('writes on the real API server', () => {
  it('concurrent Force Updates by the operator add exactly one each', async () => {
    const name = unique('conc');
    await write('operator', 'post', `/api/workspaces/${WS}/gitrepos`).send(gitRepo(name)).expect(201);
    const results = await Promise.all([1, 2, 3].map(() => write('operator', 'post', `/api/workspaces/${WS}/gitrepos/${name}/force-update`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.map((r) => r.body.generation).sort()).toEqual([2, 3, 4]);
    expect(specOf(await serveAs('admin').kube.get(RESOURCE_TYPES.gitRepo, WS, name)).forceSyncGeneration).toBe(4);
  });

  it('two concurrent Force Updates by two users raise the generation by exactly two', async () => {
    const name = unique('two');
    await write('admin', 'post', `/api/workspaces/${WS}/gitrepos`).send(gitRepo(name, { forceSyncGeneration: 7 })).expect(201);
    const [a, b] = await Promise.all([
      write('admin', 'post', `/api/workspaces/${WS}/gitrepos/${name}/force-update`),
      write('operator', 'post', `/api/workspaces/${WS}/gitrepos/${name}/force-update`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.generation, b.body.generation].sort()).toEqual([8, 9]);
    expect(specOf(await serveAs('admin').kube.get(RESOURCE_TYPES.gitRepo, WS, name)).forceSyncGeneration).toBe(9);
  });

  it('a stale replace is 409 with the current object; dry run stores nothing; 422 lists fields', async () => {
    const name = unique('put');
    const created = (await write('operator', 'post', `/api/workspaces/${WS}/gitrepos`).send(gitRepo(name)).expect(201)).body;
    await write('operator', 'put', `/api/workspaces/${WS}/gitrepos/${name}`).send({ ...created, spec: { ...created.spec, branch: 'one' } }).expect(200);
    const stale = await write('operator', 'put', `/api/workspaces/${WS}/gitrepos/${name}`).send({ ...created, spec: { ...created.spec, branch: 'two' } }).expect(409);
    expect(stale.body.error.details.current.spec.branch).toBe('one');
    expect(stale.body.error.details.current.metadata.managedFields).toBeUndefined();
    // Nothing was overwritten.
    expect(specOf(await serveAs('admin').kube.get(RESOURCE_TYPES.gitRepo, WS, name)).branch).toBe('one');

    const dryName = unique('dry');
    await write('operator', 'post', `/api/workspaces/${WS}/gitrepos?dryRun=true`).send(gitRepo(dryName)).expect(200);
    await request(serveAs('operator').app).get(`/api/workspaces/${WS}/gitrepos/${dryName}`).expect(404);

    const invalid = await write('operator', 'post', `/api/workspaces/${WS}/gitrepos`).send({ kind: 'GitRepo', metadata: { name: unique('bad') }, spec: { paths: ['x'] } }).expect(422);
    expect(invalid.body.error.details.fields).toContainEqual({ path: 'spec.repo', message: 'Required value' });
  });

  it('creates credentials the real API server accepts and lists them without data', async () => {
    const ssh = unique('ssh');
    await write('admin', 'post', `/api/workspaces/${WS}/secrets`).send({ name: ssh, type: 'ssh', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n' }).expect(201, { name: ssh, type: 'kubernetes.io/ssh-auth' });
    const basic = unique('basic');
    await write('admin', 'post', `/api/workspaces/${WS}/secrets`).send({ name: basic, type: 'basic', username: 'git', password: 's3cret-value' }).expect(201, { name: basic, type: 'kubernetes.io/basic-auth' });
    const list = await request(serveAs('admin').app).get(`/api/workspaces/${WS}/secrets`).expect(200);
    expect(list.body.items).toEqual(expect.arrayContaining([{ name: ssh, type: 'kubernetes.io/ssh-auth' }, { name: basic, type: 'kubernetes.io/basic-auth' }]));
    expect(list.text).not.toContain(Buffer.from('s3cret-value').toString('base64'));
    const repoName = unique('needs-secret');
    await write('admin', 'post', `/api/workspaces/${WS}/gitrepos`).send(gitRepo(repoName, { clientSecretName: basic, helmSecretName: 'not-there' })).expect(201);
    const diagnostics = await request(serveAs('admin').app).get(`/api/workspaces/${WS}/diagnostics`).expect(200);
    expect(diagnostics.body.missingSecrets).toContainEqual({ gitRepo: repoName, field: 'spec.helmSecretName', secret: 'not-there' });
    expect(diagnostics.body.missingSecrets.filter((m: { gitRepo: string }) => m.gitRepo === repoName)).toHaveLength(1);
  });

  it('serves the CRD schema read through the API', async () => {
    const res = await request(serveAs('admin').app).get('/api/schemas/gitrepos').expect(200);
    expect(res.body.schema.properties.spec.properties.repo.type).toBe('string');
  });

  it('moves a Rancher-managed cluster by setting fleetWorkspaceName on its management cluster', async () => {
    const admin = serveAs('admin').kube;
    const mgmtName = unique('c-m');
    const fleetName = unique('downstream');
    await admin.create({ group: 'management.cattle.io', version: 'v3', plural: 'clusters', kind: 'Cluster', namespaced: false }, undefined, {
      apiVersion: 'management.cattle.io/v3',
      kind: 'Cluster',
      metadata: { name: mgmtName },
      spec: { displayName: fleetName, fleetWorkspaceName: WS },
    });
    await write('admin', 'post', `/api/workspaces/${WS}/clusters`).send({ kind: 'Cluster', metadata: { name: fleetName, labels: { 'management.cattle.io/cluster-name': mgmtName } }, spec: {} }).expect(201);
    const local = await write('admin', 'post', `/api/workspaces/${WS}/clusters/${fleetName}/move`).send({ workspace: 'fleet-local' }).expect(400);
    expect(local.body.error.details.reason).toBe('FleetLocal');
    const nowhere = await write('admin', 'post', `/api/workspaces/${WS}/clusters/${fleetName}/move`).send({ workspace: 'nowhere' }).expect(400);
    expect(nowhere.body.error.details.reason).toBe('NoSuchWorkspace');
    await admin.create(RESOURCE_TYPES.fleetWorkspace, undefined, { apiVersion: 'management.cattle.io/v3', kind: 'FleetWorkspace', metadata: { name: 'team-moved' } });
    const moved = await write('admin', 'post', `/api/workspaces/${WS}/clusters/${fleetName}/move`).send({ workspace: 'team-moved' }).expect(200);
    expect(moved.body).toEqual({ managementCluster: mgmtName, from: WS, workspace: 'team-moved' });
    const mgmt = await admin.get({ group: 'management.cattle.io', version: 'v3', plural: 'clusters', kind: 'Cluster', namespaced: false }, undefined, mgmtName);
    expect((mgmt.spec as { fleetWorkspaceName?: string }).fleetWorkspaceName).toBe('team-moved');
  });
});
