import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeRequest } from './backend.js';
import {
  createNamespace,
  deleteNamespace,
  expectStatus,
  gitRepo,
  gitRepoPath,
  uniqueName,
  useBackends,
} from './fixtures.js';

describe.each(useBackends())('CRUD on custom resources ($name)', (b) => {
  const ns = uniqueName('contract-crud');
  beforeAll(() => createNamespace(b, ns));
  afterAll(() => deleteNamespace(b, ns));

  it('create fills uid, creationTimestamp, generation 1 and a resourceVersion', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('created') });
    expect(res.status, res.text).toBe(201);
    const m = res.body.metadata;
    expect(m.name).toBe('created');
    expect(m.namespace).toBe(ns);
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(m.creationTimestamp).toString()).not.toBe('Invalid Date');
    expect(m.generation).toBe(1);
    expect(m.resourceVersion).toMatch(/^\d+$/);
    expect(res.body.kind).toBe('GitRepo');
    expect(res.body.apiVersion).toBe('fleet.cattle.io/v1alpha1');
  });

  it('create with generateName makes a unique name with that prefix', async () => {
    const body = gitRepo('');
    body.metadata = { generateName: 'gen-' } as never;
    const a = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body });
    const c = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body });
    expect(a.status).toBe(201);
    expect(c.status).toBe(201);
    expect(a.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(a.body.metadata.name).not.toBe(c.body.metadata.name);
  });

  it('create of an existing name is 409 AlreadyExists with a Status body', async () => {
    await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('dup') });
    const res = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('dup') });
    expect(res.status).toBe(409);
    expectStatus(res.body, 409, 'AlreadyExists');
    expect(res.body.message).toBe('gitrepos.fleet.cattle.io "dup" already exists');
    expect(res.body.details).toMatchObject({ name: 'dup', group: 'fleet.cattle.io', kind: 'gitrepos' });
  });

  it('get of a missing object is 404 NotFound with a Status body', async () => {
    const res = await kubeRequest(b, gitRepoPath(ns, 'nope'));
    expect(res.status).toBe(404);
    expectStatus(res.body, 404, 'NotFound');
    expect(res.body.message).toBe('gitrepos.fleet.cattle.io "nope" not found');
    expect(res.body.details).toMatchObject({ name: 'nope', group: 'fleet.cattle.io', kind: 'gitrepos' });
  });

  it('create in a namespace that does not exist is 404 on the namespace', async () => {
    const res = await kubeRequest(b, gitRepoPath('no-such-namespace-x'), { method: 'POST', body: gitRepo('x') });
    expect(res.status).toBe(404);
    expectStatus(res.body, 404, 'NotFound');
    expect(res.body.message).toBe('namespaces "no-such-namespace-x" not found');
  });

  it('update with the current resourceVersion succeeds and bumps it', async () => {
    const created = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('upd') });
    const obj = created.body;
    obj.spec.branch = 'main';
    const res = await kubeRequest(b, gitRepoPath(ns, 'upd'), { method: 'PUT', body: obj });
    expect(res.status, res.text).toBe(200);
    expect(res.body.spec.branch).toBe('main');
    expect(Number(res.body.metadata.resourceVersion)).toBeGreaterThan(Number(obj.metadata.resourceVersion));
    expect(res.body.metadata.generation).toBe(2);
  });

  it('update with a stale resourceVersion is 409 Conflict and changes nothing', async () => {
    const created = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('stale') });
    const first = structuredClone(created.body);
    first.spec.branch = 'first';
    expect((await kubeRequest(b, gitRepoPath(ns, 'stale'), { method: 'PUT', body: first })).status).toBe(200);
    const second = structuredClone(created.body);
    second.spec.branch = 'second';
    const res = await kubeRequest(b, gitRepoPath(ns, 'stale'), { method: 'PUT', body: second });
    expect(res.status).toBe(409);
    expectStatus(res.body, 409, 'Conflict');
    expect(res.body.message).toBe(
      'Operation cannot be fulfilled on gitrepos.fleet.cattle.io "stale": the object has been modified; please apply your changes to the latest version and try again',
    );
    const now = await kubeRequest(b, gitRepoPath(ns, 'stale'));
    expect(now.body.spec.branch).toBe('first');
  });

  it('delete removes the object; a second delete is 404', async () => {
    await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo('del') });
    const res = await kubeRequest(b, gitRepoPath(ns, 'del'), { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect((await kubeRequest(b, gitRepoPath(ns, 'del'))).status).toBe(404);
    const again = await kubeRequest(b, gitRepoPath(ns, 'del'), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expectStatus(again.body, 404, 'NotFound');
  });

  it('delete of an object with a finalizer only marks it; removing the finalizer deletes it', async () => {
    const body = gitRepo('fin');
    body.metadata = { name: 'fin', finalizers: ['contract.test/hold'] } as never;
    expect((await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body })).status).toBe(201);
    const del = await kubeRequest(b, gitRepoPath(ns, 'fin'), { method: 'DELETE' });
    expect([200, 202]).toContain(del.status);
    const marked = await kubeRequest(b, gitRepoPath(ns, 'fin'));
    expect(marked.status).toBe(200);
    expect(marked.body.metadata.deletionTimestamp).toBeTruthy();
    const patch = await kubeRequest(b, gitRepoPath(ns, 'fin'), {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: null } },
    });
    expect(patch.status, patch.text).toBe(200);
    expect((await kubeRequest(b, gitRepoPath(ns, 'fin'))).status).toBe(404);
  });

  it('dryRun=All validates and returns the object without storing it', async () => {
    const res = await kubeRequest(b, `${gitRepoPath(ns)}?dryRun=All`, { method: 'POST', body: gitRepo('dry') });
    expect(res.status, res.text).toBe(201);
    expect(res.body.metadata.name).toBe('dry');
    expect((await kubeRequest(b, gitRepoPath(ns, 'dry'))).status).toBe(404);
  });

  it('requests without credentials are 401 Unauthorized', async () => {
    const anonymous = { ...b, tokens: {} };
    const res = await kubeRequest(anonymous, gitRepoPath(ns));
    expect(res.status).toBe(401);
    expectStatus(res.body, 401, 'Unauthorized');
  });
});

describe.each(useBackends())('secrets ($name)', (b) => {
  const ns = uniqueName('contract-secret');
  beforeAll(() => createNamespace(b, ns));
  afterAll(() => deleteNamespace(b, ns));

  it('stringData is stored as base64 data and typed secrets keep their type', async () => {
    const res = await kubeRequest(b, `/api/v1/namespaces/${ns}/secrets`, {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'git-auth', labels: { 'fleet.cattle.io/managed': 'true' } },
        type: 'kubernetes.io/basic-auth',
        stringData: { username: 'fleet', password: 's3cret' },
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.stringData).toBeUndefined();
    expect(res.body.type).toBe('kubernetes.io/basic-auth');
    expect(Buffer.from(res.body.data.password, 'base64').toString()).toBe('s3cret');
    const got = await kubeRequest(b, `/api/v1/namespaces/${ns}/secrets/git-auth`);
    expect(got.body.data.username).toBe(Buffer.from('fleet').toString('base64'));
  });

  it('an ssh-auth secret without its required key is 422 Invalid', async () => {
    const res = await kubeRequest(b, `/api/v1/namespaces/${ns}/secrets`, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad-ssh' }, type: 'kubernetes.io/ssh-auth', data: {} },
    });
    expect(res.status).toBe(422);
    expectStatus(res.body, 422, 'Invalid');
    expect(res.body.message).toBe('Secret "bad-ssh" is invalid: data[ssh-privatekey]: Required value');
    expect(res.body.details.causes.map((c: { field: string }) => c.field)).toEqual(['data[ssh-privatekey]']);
  });

  it('a basic-auth secret with neither username nor password is 422 Invalid', async () => {
    const res = await kubeRequest(b, `/api/v1/namespaces/${ns}/secrets`, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad-basic' }, type: 'kubernetes.io/basic-auth', data: {} },
    });
    expect(res.status).toBe(422);
    expectStatus(res.body, 422, 'Invalid');
    expect(res.body.details.causes.map((c: { field: string }) => c.field)).toEqual(['data[username]', 'data[password]']);
  });
});
