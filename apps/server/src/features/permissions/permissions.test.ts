import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsResponseSchema } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { startAppHarness, type AppHarness } from '../app-harness.fixture';
import type { AccessQuery, ReadAccess } from '../auth/access-review.service';
import { createPermissionsService } from './permissions.service';

describe('permissions service', () => {
  it('reports refusals with the message of the server’s 403, asking once per verb and resource', async () => {
    const asked: AccessQuery[] = [];
    const access: ReadAccess = {
      can: (q) => {
        asked.push(q);
        // A viewer-like identity: may create GitRepos only.
        return Promise.resolve(q.verb === 'create' && q.type.plural === 'gitrepos');
      },
      require: () => Promise.resolve(),
    };
    const service = createPermissionsService({
      kube: { request: () => Promise.reject(new Error('not used with access')), servedResources: () => Promise.resolve(['clusters', 'fleetworkspaces']) },
      access,
    });
    const body = permissionsResponseSchema.parse(await service.forWorkspace('fleet-default'));
    expect(body.workspace).toBe('fleet-default');
    expect(body.resources.gitrepos.create).toEqual({ allowed: true });
    expect(body.resources.gitrepos.patch).toEqual({ allowed: false, reason: 'Not allowed to patch gitrepos.fleet.cattle.io in namespace "fleet-default"' });
    expect(body.resources.clusters.delete).toEqual({ allowed: false, reason: 'Not allowed to delete clusters.fleet.cattle.io in namespace "fleet-default"' });
    expect(body.resources.clustergroups.update.reason).toBe('Not allowed to update clustergroups.fleet.cattle.io in namespace "fleet-default"');
    expect(body.moveClusters).toEqual({ allowed: false, reason: 'Not allowed to patch clusters.management.cattle.io' });
    expect(asked).toHaveLength(17);
    const fleetAsked = asked.filter((q) => q.type.group === 'fleet.cattle.io');
    expect(new Set(fleetAsked.map((q) => `${q.verb} ${q.type.plural} ${q.namespace ?? ''}`)).size).toBe(16);
    expect(fleetAsked.every((q) => q.namespace === 'fleet-default')).toBe(true);
    expect(asked.filter((q) => q.type.group !== 'fleet.cattle.io')).toEqual([{ verb: 'patch', type: expect.objectContaining({ group: 'management.cattle.io', plural: 'clusters' }) }]);
  });

  it('without an access reviewer asks the acting identity with SelfSubjectAccessReviews, reusing answers briefly', async () => {
    const reviews: { verb: string; resource: string; namespace: string }[] = [];
    const kube = {
      servedResources: () => Promise.resolve(null),
      request: <T>(req: { path: string; body?: unknown }): Promise<T> => {
        const attrs = (req.body as { spec: { resourceAttributes: { verb: string; resource: string; namespace: string } } }).spec.resourceAttributes;
        expect(req.path).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
        reviews.push(attrs);
        return Promise.resolve({ status: { allowed: attrs.verb !== 'delete' } } as T);
      },
    };
    const service = createPermissionsService({ kube });
    const first = await service.forWorkspace('team-a');
    expect(first.resources.bundles.patch).toEqual({ allowed: true });
    expect(first.resources.bundles.delete).toEqual({ allowed: false, reason: 'Not allowed to delete bundles.fleet.cattle.io in namespace "team-a"' });
    expect(reviews).toHaveLength(16);
    // No Rancher management API: moving is refused with the reason, without asking RBAC.
    expect(first.moveClusters).toEqual({ allowed: false, reason: expect.stringContaining('needs Rancher') });
    await service.forWorkspace('team-a');
    expect(reviews).toHaveLength(16);
  });
});

describe('GET /api/workspaces/:ws/permissions on the sandbox', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness({ namespaces: ['fleet-default'] });
  });
  afterAll(() => harness.stop());

  it('answers every verb of every writable resource for the server’s identity (the sandbox admin)', async () => {
    const res = await request(harness.app).get('/api/workspaces/fleet-default/permissions').expect(200);
    const body = permissionsResponseSchema.parse(res.body);
    for (const perms of Object.values(body.resources)) {
      expect(perms).toEqual({ create: { allowed: true }, update: { allowed: true }, patch: { allowed: true }, delete: { allowed: true } });
    }
    // The sandbox serves Rancher's management API (as the testbed does), and the admin may patch its clusters.
    expect(body.moveClusters).toEqual({ allowed: true });
  });

  it('refuses an invalid workspace name', async () => {
    await request(harness.app).get('/api/workspaces/Not_A_Name/permissions').expect(400);
  });
});
