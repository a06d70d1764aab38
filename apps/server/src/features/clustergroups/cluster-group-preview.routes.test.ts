import { clusterGroupPreviewResponseSchema } from '@fleet-dashboard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError } from '../../k8s/kube-errors';
import { startAppHarness, type AppHarness } from '../app-harness.fixture';

let t: AppHarness;
let lists = 0;
const WS = 'fleet-default';

beforeAll(async () => {
  t = await startAppHarness({
    namespaces: [WS, 'team-a'],
    kube: (k) => ({
      ...k,
      list: (type, ns) => {
        if (type.plural === 'clusters') lists++;
        return k.list(type, ns);
      },
    }),
  });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'eu-1', labels: { env: 'prod', region: 'eu' } } });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'us-1', labels: { env: 'prod', region: 'us' } } });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'dev-1', labels: { env: 'dev' } } });
  await t.seed('clusters', 'team-a', { kind: 'Cluster', metadata: { name: 'other', labels: { env: 'prod' } } });
});
afterAll(() => t.stop());

const preview = (body: object) => t.write('post', `/api/workspaces/${WS}/clustergroups/preview`).send(body);

describe('cluster group preview', () => {
  it('matches a LabelSelector object against the workspace clusters, from one cache', async () => {
    const res = await preview({ selector: { matchLabels: { env: 'prod' } } }).expect(200);
    expect(clusterGroupPreviewResponseSchema.parse(res.body)).toEqual({ matching: ['eu-1', 'us-1'], total: 3 });
    await preview({ selector: { matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] } }).expect(200, { matching: ['dev-1', 'us-1'], total: 3 });
    await preview({ selector: {} }).expect(200, { matching: ['dev-1', 'eu-1', 'us-1'], total: 3 });
    await preview({ selectorText: 'env=prod,region in (us)' }).expect(200, { matching: ['us-1'], total: 3 });
    await preview({ selectorText: '!region' }).expect(200, { matching: ['dev-1'], total: 3 });
    expect(lists).toBe(1);
  });

  it('sees new clusters through the watch', async () => {
    await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'eu-2', labels: { env: 'prod', region: 'eu' } } });
    for (let i = 0; i < 100; i++) {
      const res = await preview({ selectorText: 'region=eu' }).expect(200);
      if (res.body.total === 4) {
        expect(res.body.matching).toEqual(['eu-1', 'eu-2']);
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the new cluster never showed up');
  });

  it('answers a selector that does not parse with 400 and the position', async () => {
    const res = await preview({ selectorText: 'env in (prod' }).expect(400);
    expect(res.body.error.details.position).toBe(12);
    expect(res.body.error.message).toContain('character 13');
    const bad = await preview({ selector: { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] } }).expect(400);
    expect(bad.body.error.message).toContain('selector is invalid');
    await preview({ nothing: true }).expect(400);
  });

  it('reports a forbidden cluster list as 403', async () => {
    const denied = await startAppHarness({
      namespaces: [WS],
      kube: (k) => ({ ...k, list: () => Promise.reject(new KubeApiError(403, { message: 'clusters.fleet.cattle.io is forbidden: User "v" cannot list resource "clusters" in API group "fleet.cattle.io" in the namespace "fleet-default"' })) }),
    });
    try {
      const res = await denied.write('post', `/api/workspaces/${WS}/clustergroups/preview`).send({ selector: {} }).expect(403);
      expect(res.body.error.message).toBe('Not allowed to list clusters.fleet.cattle.io in namespace "fleet-default"');
    } finally {
      await denied.stop();
    }
  });
});
