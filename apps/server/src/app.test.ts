import { CoreV1Api } from '@kubernetes/client-node';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema, resourceListResponseSchema, workspacesResponseSchema } from '@fleet-dashboard/contracts';
import { createApp } from './app';
import { createKubeClient, type KubeClient } from './k8s/kube-client';
import { KubeApiError } from './k8s/kube-errors';
import { createWatchCache, type WatchCache } from './k8s/watch-cache';
import { createLogger } from './observability/logger';
import { createServerMetrics } from './observability/metrics';
import { cacheRowOf } from './rows/list-row.mapper';
import { createGitRepo, FLEET, startSandboxHarness, type SandboxHarness } from './testing/sandbox.fixture';

let h: SandboxHarness;
let kube: KubeClient;
let cache: WatchCache;
let app: ReturnType<typeof createApp>;
const logger = createLogger({ level: 'silent' });

beforeAll(async () => {
  h = await startSandboxHarness();
  kube = createKubeClient({ kubeConfig: h.kubeConfig });
  const core = h.kubeConfig.makeApiClient(CoreV1Api);
  for (const name of ['fleet-default', 'team-a']) await core.createNamespace({ body: { metadata: { name } } });
  await createGitRepo(h.api, 'fleet-default', 'alpha');
  await h.api.createNamespacedCustomObject({
    ...FLEET,
    namespace: 'fleet-default',
    plural: 'gitrepos',
    body: {
      apiVersion: 'fleet.cattle.io/v1alpha1',
      kind: 'GitRepo',
      metadata: { name: 'beta', labels: { env: 'prod' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}' } },
      spec: { repo: 'https://example.com/beta', paused: true },
    },
  });
  await h.api.createNamespacedCustomObject({
    ...FLEET,
    namespace: 'team-a',
    plural: 'clusters',
    body: { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'Cluster', metadata: { name: 'c1', labels: { env: 'prod' } }, spec: {} },
  });
  cache = createWatchCache({ client: kube, rowOf: cacheRowOf, lingerMs: 1000 });
  app = createApp({ mode: 'kubeconfig', kube, cache, logger, metrics: createServerMetrics(), bodyLimit: '1kb' });
});
afterAll(async () => {
  await cache.close();
  await h.stop();
});

describe('health and identity', () => {
  it('answers healthz and readyz', async () => {
    await request(app).get('/api/healthz').expect(200, { status: 'ok' });
    await request(app).get('/api/readyz').expect(200, { status: 'ready' });
  });

  it('readyz is 503 Unavailable when the API server does not answer', async () => {
    const down: KubeClient = { ...kube, version: () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const broken = createApp({ mode: 'kubeconfig', kube: down, cache, logger, metrics: createServerMetrics() });
    const res = await request(broken).get('/api/readyz').expect(503);
    expect(errorBodySchema.parse(res.body).error).toMatchObject({ code: 'Unavailable' });
    expect(res.body.error.message).toContain('ECONNREFUSED');
  });

  it('tells who the server acts as', async () => {
    const res = await request(app).get('/api/me').expect(200);
    expect(res.body).toEqual({ mode: 'kubeconfig', username: 'admin', groups: ['system:masters', 'system:authenticated'] });
  });

  it('serves Prometheus metrics', async () => {
    await request(app).get('/api/workspaces/fleet-default/gitrepos').expect(200);
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('fleet_dashboard_http_request_duration_seconds');
  });
});

describe('resources', () => {
  it('lists workspaces with counts', async () => {
    const res = await request(app).get('/api/workspaces').expect(200);
    const body = workspacesResponseSchema.parse(res.body);
    expect(body.items.map((w) => [w.name, w.counts.gitRepos, w.counts.clusters])).toEqual([
      ['fleet-default', 2, 0],
      ['team-a', 0, 1],
    ]);
  });

  it('lists rows of a workspace, optionally by selector', async () => {
    const res = await request(app).get('/api/workspaces/fleet-default/gitrepos').expect(200);
    const body = resourceListResponseSchema.parse(res.body);
    expect(body.items.map((r) => [r.name, 'state' in r ? r.state : ''])).toEqual([
      ['alpha', 'GitUpdating'],
      ['beta', 'Paused'],
    ]);
    expect(body.revision).toMatch(/^\d+$/);
    const sel = await request(app).get('/api/workspaces/fleet-default/gitrepos').query({ selector: 'env in (prod)' }).expect(200);
    expect(sel.body.items.map((r: any) => r.name)).toEqual(['beta']);
    const empty = await request(app).get('/api/workspaces/team-a/gitrepos').expect(200);
    expect(empty.body.items).toEqual([]);
  });

  it('returns one full object without managedFields and last-applied', async () => {
    const res = await request(app).get('/api/workspaces/fleet-default/gitrepos/beta').expect(200);
    expect(res.body.spec).toEqual({ repo: 'https://example.com/beta', paused: true });
    expect(res.body.metadata.managedFields).toBeUndefined();
    expect(res.body.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });

  it('maps a missing object to NotFound and bad paths to BadRequest/Invalid', async () => {
    const missing = await request(app).get('/api/workspaces/fleet-default/gitrepos/nope').expect(404);
    expect(errorBodySchema.parse(missing.body).error.code).toBe('NotFound');
    expect(missing.body.error.details.requestId).toBe(missing.headers['x-request-id']);
    const badResource = await request(app).get('/api/workspaces/fleet-default/pods').expect(400);
    expect(badResource.body.error.code).toBe('BadRequest');
    const badSelector = await request(app).get('/api/workspaces/fleet-default/gitrepos').query({ selector: 'env in (' }).expect(422);
    expect(badSelector.body.error.code).toBe('Invalid');
    const unknown = await request(app).get('/api/nothing-here').expect(404);
    expect(unknown.body.error.code).toBe('NotFound');
  });
});

describe('request handling', () => {
  it('requires the CSRF header on mutating requests', async () => {
    const refused = await request(app).post('/api/workspaces').send({}).expect(403);
    expect(refused.body.error).toMatchObject({ code: 'Forbidden', details: { reason: 'csrf' } });
    // With the header the request reaches the route, which validates the body.
    const allowed = await request(app).post('/api/workspaces').set('X-Requested-With', 'fleet-dashboard').send({}).expect(400);
    expect(allowed.body.error).toMatchObject({ code: 'BadRequest', message: expect.stringContaining('invalid body: name') });
  });

  it('limits body size and rejects malformed JSON', async () => {
    const big = await request(app)
      .post('/api/workspaces')
      .set('X-Requested-With', 'fleet-dashboard')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ x: 'y'.repeat(4096) }))
      .expect(413);
    expect(big.body.error.code).toBe('TooLarge');
    const bad = await request(app).post('/api/workspaces').set('X-Requested-With', 'fleet-dashboard').set('Content-Type', 'application/json').send('{oops').expect(400);
    expect(bad.body.error.code).toBe('BadRequest');
  });

  it('keeps a sane incoming request id and makes one up otherwise', async () => {
    const kept = await request(app).get('/api/healthz').set('X-Request-Id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const made = await request(app).get('/api/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps a Forbidden list onto a 403 naming verb and resource', async () => {
    const forbidden: KubeClient = {
      ...kube,
      list: () =>
        Promise.reject(
          new KubeApiError(403, {
            message: 'clusters.fleet.cattle.io is forbidden: User "v" cannot list resource "clusters" in API group "fleet.cattle.io" in the namespace "team-a"',
          }),
        ),
    };
    const c = createWatchCache({ client: forbidden, backoffInitialMs: 1000 });
    const a = createApp({ mode: 'kubeconfig', kube: forbidden, cache: c, logger, metrics: createServerMetrics() });
    const res = await request(a).get('/api/workspaces/team-a/clusters').expect(403);
    expect(res.body.error).toMatchObject({ code: 'Forbidden', message: 'Not allowed to list clusters.fleet.cattle.io in namespace "team-a"', details: { verb: 'list' } });
    await c.close();
  });
});
