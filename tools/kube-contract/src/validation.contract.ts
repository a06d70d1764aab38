import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeRequest } from './backend.js';
import {
  createNamespace,
  deleteNamespace,
  expectStatus,
  FLEET,
  gitRepo,
  gitRepoPath,
  uniqueName,
  useBackends,
} from './fixtures.js';

const fields = (body: any): string[] => (body.details?.causes ?? []).map((c: { field: string }) => c.field);

describe.each(useBackends())('schema validation from the CRD openAPIV3Schema ($name)', (b) => {
  const ns = uniqueName('contract-valid');
  beforeAll(() => createNamespace(b, ns));
  afterAll(() => deleteNamespace(b, ns));

  it('a missing required field is 422 Invalid naming the field', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), {
      method: 'POST',
      body: { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'norepo' }, spec: {} },
    });
    expect(res.status).toBe(422);
    expectStatus(res.body, 422, 'Invalid');
    expect(res.body.details).toMatchObject({ name: 'norepo', group: 'fleet.cattle.io', kind: 'GitRepo' });
    expect(fields(res.body)).toContain('spec.repo');
    expect(res.body.message).toContain('GitRepo.fleet.cattle.io "norepo" is invalid');
    expect(res.body.message).toContain('spec.repo: Required value');
  });

  it('a wrong type is 422 Invalid naming the field', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), {
      method: 'POST',
      body: gitRepo('badtype', { paused: 'yes' }),
    });
    expect(res.status).toBe(422);
    expectStatus(res.body, 422, 'Invalid');
    expect(fields(res.body)).toContain('spec.paused');
    expect(res.body.message).toContain('spec.paused: Invalid value');
  });

  it('a value outside an enum is 422 Unsupported value', async () => {
    const res = await kubeRequest(b, `${FLEET}/namespaces/${ns}/bundles`, {
      method: 'POST',
      body: {
        apiVersion: 'fleet.cattle.io/v1alpha1',
        kind: 'Bundle',
        metadata: { name: 'badenum' },
        spec: { targetCustomizationMode: 'SomeMatches' },
      },
    });
    expect(res.status).toBe(422);
    expectStatus(res.body, 422, 'Invalid');
    expect(fields(res.body)).toContain('spec.targetCustomizationMode');
    expect(res.body.message).toContain('Unsupported value: "SomeMatches"');
  });

  it('required fields inside arrays are checked with their index', async () => {
    const res = await kubeRequest(b, `${FLEET}/namespaces/${ns}/clustergroups`, {
      method: 'POST',
      body: {
        apiVersion: 'fleet.cattle.io/v1alpha1',
        kind: 'ClusterGroup',
        metadata: { name: 'badsel' },
        spec: { selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['a'] }, { key: 'x' }] } },
      },
    });
    expect(res.status).toBe(422);
    expect(fields(res.body)).toContain('spec.selector.matchExpressions[1].operator');
  });

  it('unknown fields are pruned silently', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), {
      method: 'POST',
      body: { ...gitRepo('pruned', { notAField: 1 }), topLevelJunk: true },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec.notAField).toBeUndefined();
    expect(res.body.topLevelJunk).toBeUndefined();
    expect(res.body.spec.repo).toBe('https://github.com/rancher/fleet-examples');
  });

  it('an invalid object name is 422 on metadata.name', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('Not_A_Name') });
    expect(res.status).toBe(422);
    expectStatus(res.body, 422, 'Invalid');
    expect(fields(res.body)).toContain('metadata.name');
  });

  it('a body that is not JSON is 400 BadRequest', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: '{"apiVersion": ' });
    expect(res.status).toBe(400);
    expectStatus(res.body, 400, 'BadRequest');
  });

  it('a kind that does not match the URL is 422 Invalid on the field kind', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), {
      method: 'POST',
      body: { ...gitRepo('wrongkind'), kind: 'Bundle' },
    });
    expect(res.status).toBe(422);
    expectStatus(res.body, 422, 'Invalid');
    expect(fields(res.body)).toEqual(['kind']);
    expect(res.body.message).toBe('Bundle.fleet.cattle.io "wrongkind" is invalid: kind: Invalid value: "Bundle": must be GitRepo');
  });

  it('an apiVersion that does not match the URL is 400 BadRequest', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), {
      method: 'POST',
      body: { ...gitRepo('wrongversion'), apiVersion: 'fleet.cattle.io/v1' },
    });
    expect(res.status).toBe(400);
    expectStatus(res.body, 400, 'BadRequest');
    expect(res.body.message).toBe(
      'the API version in the data (fleet.cattle.io/v1) does not match the expected API version (fleet.cattle.io/v1alpha1)',
    );
  });

  it('CEL validation rules (x-kubernetes-validations) reject a bad polling interval', async () => {
    const bad = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('poll-bad', { pollingInterval: '1d' }) });
    expect(bad.status).toBe(422);
    expectStatus(bad.body, 422, 'Invalid');
    expect(fields(bad.body)).toEqual(['spec.pollingInterval']);
    expect(bad.body.message).toContain('spec.pollingInterval: Invalid value: "1d": must be a valid Go duration');
    for (const ok of ['15s', '1h30m', '0', '2.5m']) {
      const res = await kubeRequest(b, gitRepoPath(ns), {
        method: 'POST',
        body: gitRepo(`poll-${ok.replace('.', '-').toLowerCase()}`, { pollingInterval: ok }),
      });
      expect(res.status, `${ok}: ${res.text}`).toBe(201);
    }
  });
});
