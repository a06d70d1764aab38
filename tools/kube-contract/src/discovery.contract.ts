import { describe, expect, it } from 'vitest';
import { kubeRequest } from './backend.js';
import { FLEET, useBackends } from './fixtures.js';

describe.each(useBackends())('discovery and identity ($name)', (b) => {
  it('/version answers with a gitVersion', async () => {
    const res = await kubeRequest(b, '/version');
    expect(res.status).toBe(200);
    expect(res.body.gitVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it('/apis lists the Fleet group and its version', async () => {
    const res = await kubeRequest(b, '/apis');
    expect(res.status).toBe(200);
    const fleet = res.body.groups.find((g: any) => g.name === 'fleet.cattle.io');
    expect(fleet).toMatchObject({ preferredVersion: { groupVersion: 'fleet.cattle.io/v1alpha1', version: 'v1alpha1' } });
  });

  it('the Fleet group version lists its resources with scope, kind, verbs and status', async () => {
    const res = await kubeRequest(b, FLEET);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'fleet.cattle.io/v1alpha1' });
    const byName = new Map(res.body.resources.map((r: any) => [r.name, r]));
    expect(byName.get('gitrepos')).toMatchObject({ kind: 'GitRepo', namespaced: true, singularName: 'gitrepo' });
    expect((byName.get('gitrepos') as any).verbs).toEqual(
      expect.arrayContaining(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
    );
    expect(byName.get('gitrepos/status')).toMatchObject({ kind: 'GitRepo', namespaced: true });
    expect(byName.get('contents')).toMatchObject({ kind: 'Content', namespaced: false });
    for (const r of ['bundles', 'bundledeployments', 'clusters', 'clustergroups']) expect(byName.has(r)).toBe(true);
  });

  it('/api/v1 serves namespaces, secrets and events', async () => {
    const res = await kubeRequest(b, '/api/v1');
    const names = res.body.resources.map((r: any) => r.name);
    expect(names).toEqual(expect.arrayContaining(['namespaces', 'secrets', 'events']));
  });

  it('an unknown resource is 404 NotFound', async () => {
    const res = await kubeRequest(b, `${FLEET}/namespaces/default/nothings`);
    expect(res.status).toBe(404);
  });

  it('SelfSubjectReview names the admin user', async () => {
    const res = await kubeRequest(b, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status.userInfo.username).toBe('admin');
    expect(res.body.status.userInfo.groups).toEqual(expect.arrayContaining(['system:masters', 'system:authenticated']));
  });

  it('SelfSubjectAccessReview allows the admin to patch GitRepos', async () => {
    const res = await kubeRequest(b, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      method: 'POST',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { group: 'fleet.cattle.io', resource: 'gitrepos', verb: 'patch', namespace: 'fleet-default' } },
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status.allowed).toBe(true);
  });
});
