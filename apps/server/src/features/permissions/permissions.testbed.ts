// The permissions route against the real kube-apiserver: token mode with the testbed users
// logged in (each asked with their own token), and kubeconfig mode acting as the viewer.
import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { CSRF_HEADER, CSRF_HEADER_VALUE, permissionsResponseSchema, type PermissionsResponse } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../app';
import { createKubeClient, type KubeClient } from '../../k8s/kube-client';
import { RESOURCE_TYPES } from '../../k8s/resource-types';
import { createWatchCache, type WatchCache } from '../../k8s/watch-cache';
import { createLogger } from '../../observability/logger';
import { createServerMetrics } from '../../observability/metrics';
import { cacheRowOf } from '../../rows/list-row.mapper';
import { createTokenAuth } from '../auth/token-auth.service';

type User = 'admin' | 'operator' | 'viewer' | 'outsider';
const tb = inject('testbed');

function kubeConfigOf(user: User): KubeConfig {
  const token = tb.tokens[user];
  if (!token) throw new Error(`the testbed has no token for ${user}`);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'testbed', server: tb.server, caData: Buffer.from(tb.caData).toString('base64'), skipTLSVerify: false }],
    users: [{ name: user, token }],
    contexts: [{ name: user, cluster: 'testbed', user }],
    currentContext: user,
  });
  return kc;
}

const ALL_ALLOWED = { create: { allowed: true }, update: { allowed: true }, patch: { allowed: true }, delete: { allowed: true } };
const refused = (verb: string, resource: string, ws: string) => ({ allowed: false, reason: `Not allowed to ${verb} ${resource}.fleet.cattle.io in namespace "${ws}"` });
const allRefused = (resource: string, ws: string) => ({
  create: refused('create', resource, ws),
  update: refused('update', resource, ws),
  patch: refused('patch', resource, ws),
  delete: refused('delete', resource, ws),
});

const caches: WatchCache[] = [];
afterAll(async () => {
  for (const c of caches) await c.close();
});

describe('token mode: each user asked with their own token', () => {
  let app: ReturnType<typeof createApp>;
  let admin: KubeClient;
  const name = `perm-${randomBytes(3).toString('hex')}`;
  const cookies: Partial<Record<User, string>> = {};
  const permissionsOf = async (user: User, ws: string): Promise<PermissionsResponse> => {
    const res = await request(app).get(`/api/workspaces/${ws}/permissions`).set('Cookie', cookies[user] ?? '').expect(200);
    return permissionsResponseSchema.parse(res.body);
  };

  beforeAll(async () => {
    const kubeConfig = kubeConfigOf('admin');
    admin = createKubeClient({ kubeConfig });
    await admin.create(RESOURCE_TYPES.gitRepo, 'fleet-default', { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name }, spec: { repo: 'https://github.com/rancher/fleet-examples' } });
    const cache = createWatchCache({ client: admin, rowOf: cacheRowOf, lingerMs: 500 });
    caches.push(cache);
    const auth = createTokenAuth({ kubeConfig, cookieKey: randomBytes(32), cookieSecure: false, loginAttemptsPerMinute: 1000 });
    app = createApp({ mode: 'token', kube: admin, cache, auth, logger: createLogger({ level: 'silent' }), metrics: createServerMetrics() });
    for (const user of ['admin', 'operator', 'viewer', 'outsider'] as const) {
      const res = await request(app).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ token: tb.tokens[user] }).expect(200);
      cookies[user] = (([] as string[]).concat(res.headers['set-cookie'] ?? [])[0] ?? '').split(';')[0] ?? '';
    }
  });

  it('viewer: every write refused in fleet-default with the 403 message', async () => {
    const body = await permissionsOf('viewer', 'fleet-default');
    expect(body.resources.gitrepos.patch).toEqual({ allowed: false, reason: 'Not allowed to patch gitrepos.fleet.cattle.io in namespace "fleet-default"' });
    for (const resource of ['gitrepos', 'clusters', 'clustergroups', 'bundles'] as const) expect(body.resources[resource]).toEqual(allRefused(resource, 'fleet-default'));
    // The testbed serves Rancher's management API; the viewer may not patch its clusters.
    expect(body.moveClusters).toEqual({ allowed: false, reason: 'Not allowed to patch clusters.management.cattle.io' });
  });

  it('the reason is the message the API refusal gives for the same action', async () => {
    const forced = await request(app)
      .post(`/api/workspaces/fleet-default/gitrepos/${name}/force-update`)
      .set('Cookie', cookies.viewer ?? '')
      .set(CSRF_HEADER, CSRF_HEADER_VALUE)
      .expect(403);
    expect((await permissionsOf('viewer', 'fleet-default')).resources.gitrepos.patch.reason).toBe(forced.body.error.message);
  });

  it('operator and admin: everything allowed; outsider: nothing', async () => {
    for (const user of ['operator', 'admin'] as const) {
      const body = await permissionsOf(user, 'fleet-default');
      for (const perms of Object.values(body.resources)) expect(perms).toEqual(ALL_ALLOWED);
    }
    expect((await permissionsOf('admin', 'fleet-default')).moveClusters).toEqual({ allowed: true });
    const outsider = await permissionsOf('outsider', 'fleet-local');
    expect(outsider.resources.bundles).toEqual(allRefused('bundles', 'fleet-local'));
  });

  afterAll(() => admin.delete(RESOURCE_TYPES.gitRepo, 'fleet-default', name));

  it('needs a session', async () => {
    await request(app).get('/api/workspaces/fleet-default/permissions').expect(401);
  });
});

describe('kubeconfig mode: the server’s own identity', () => {
  it('acting as the viewer, the viewer’s refusals are reported', async () => {
    const viewer = createKubeClient({ kubeConfig: kubeConfigOf('viewer') });
    const cache = createWatchCache({ client: viewer, rowOf: cacheRowOf, lingerMs: 500 });
    caches.push(cache);
    const app = createApp({ mode: 'kubeconfig', kube: viewer, cache, logger: createLogger({ level: 'silent' }), metrics: createServerMetrics() });
    const body = permissionsResponseSchema.parse((await request(app).get('/api/workspaces/fleet-default/permissions').expect(200)).body);
    expect(body.resources.clusters).toEqual(allRefused('clusters', 'fleet-default'));
  });
});
