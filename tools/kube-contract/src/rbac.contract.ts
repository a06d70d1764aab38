// RBAC is enforced by the real API server only: the sandbox has a single admin user and
// models no authorization, so these tests run against the testbed by design.
import { describe, expect, it } from 'vitest';
import { kubeRequest } from './backend.js';
import { expectStatus, gitRepo, gitRepoPath, useBackends } from './fixtures.js';

const rbacBackends = useBackends().filter((b) => b.hasRbac);

describe.each(rbacBackends)('RBAC for the four testbed users ($name only: the sandbox models no RBAC)', (b) => {
  const ssar = (user: 'operator' | 'viewer' | 'outsider', verb: string, namespace: string, resource = 'gitrepos') =>
    kubeRequest(b, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      method: 'POST',
      user,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { group: resource === 'secrets' ? '' : 'fleet.cattle.io', resource, verb, namespace } },
      },
    });

  it('the viewer lists GitRepos in fleet-default and is denied a patch with a 403 naming verb and resource', async () => {
    const created = await kubeRequest(b, gitRepoPath('fleet-default'), { method: 'POST', body: gitRepo('rbac-target') });
    expect([201, 409]).toContain(created.status);
    const listed = await kubeRequest(b, gitRepoPath('fleet-default'), { user: 'viewer' });
    expect(listed.status).toBe(200);
    const denied = await kubeRequest(b, gitRepoPath('fleet-default', 'rbac-target'), {
      method: 'PATCH',
      user: 'viewer',
      contentType: 'application/merge-patch+json',
      body: { spec: { forceSyncGeneration: 99 } },
    });
    expect(denied.status).toBe(403);
    expectStatus(denied.body, 403, 'Forbidden');
    expect(denied.body.message).toContain('cannot patch resource "gitrepos" in API group "fleet.cattle.io"');
    const after = await kubeRequest(b, gitRepoPath('fleet-default', 'rbac-target'));
    expect(after.body.spec.forceSyncGeneration).toBeUndefined();
  });

  it('the viewer sees nothing in fleet-local', async () => {
    const res = await kubeRequest(b, gitRepoPath('fleet-local'), { user: 'viewer' });
    expect(res.status).toBe(403);
  });

  it('the operator writes Fleet resources in both workspaces but cannot read secret data', async () => {
    expect((await ssar('operator', 'patch', 'fleet-default')).body.status.allowed).toBe(true);
    expect((await ssar('operator', 'create', 'fleet-local')).body.status.allowed).toBe(true);
    expect((await ssar('operator', 'get', 'fleet-default', 'secrets')).body.status.allowed).toBe(false);
    expect((await ssar('operator', 'patch', 'other-namespace')).body.status.allowed).toBe(false);
  });

  it('the outsider is denied a list', async () => {
    const res = await kubeRequest(b, gitRepoPath('fleet-default'), { user: 'outsider' });
    expect(res.status).toBe(403);
    expectStatus(res.body, 403, 'Forbidden');
    expect((await ssar('outsider', 'list', 'fleet-default')).body.status.allowed).toBe(false);
  });

  it('a forbidden watch is refused with 403 before any event', async () => {
    const res = await kubeRequest(b, `${gitRepoPath('fleet-local')}?watch=1`, { user: 'viewer' });
    expect(res.status).toBe(403);
  });
});
