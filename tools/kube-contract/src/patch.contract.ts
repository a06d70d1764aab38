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

describe.each(useBackends())('patches and the status subresource ($name)', (b) => {
  const ns = uniqueName('contract-patch');
  beforeAll(() => createNamespace(b, ns));
  afterAll(() => deleteNamespace(b, ns));

  const create = async (name: string, spec: Record<string, unknown> = {}) => {
    const res = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo(name, spec) });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const patch = (name: string, contentType: string, body: unknown, sub?: string) =>
    kubeRequest(b, gitRepoPath(ns, name, sub), { method: 'PATCH', contentType, body });

  it('merge patch sets and removes fields (null deletes)', async () => {
    await create('merge', { branch: 'main' });
    const res = await patch('merge', 'application/merge-patch+json', {
      metadata: { labels: { team: 'a' } },
      spec: { branch: null, revision: 'v1.0.0' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.metadata.labels).toEqual({ team: 'a' });
    expect(res.body.spec.branch).toBeUndefined();
    expect(res.body.spec.revision).toBe('v1.0.0');
  });

  it('JSON patch applies add/replace/remove in order', async () => {
    await create('jsonp', { paths: ['a'] });
    const res = await patch('jsonp', 'application/json-patch+json', [
      { op: 'add', path: '/spec/paths/-', value: 'b' },
      { op: 'replace', path: '/spec/repo', value: 'https://example.com/other.git' },
      { op: 'add', path: '/spec/forceSyncGeneration', value: 2 },
      { op: 'remove', path: '/spec/paths/0' },
    ]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.spec.paths).toEqual(['b']);
    expect(res.body.spec.repo).toBe('https://example.com/other.git');
    expect(res.body.spec.forceSyncGeneration).toBe(2);
  });

  it('JSON patch with a failing test op is 422 and changes nothing (atomic Force Update)', async () => {
    const obj = await create('jtest', { forceSyncGeneration: 3 });
    const res = await patch('jtest', 'application/json-patch+json', [
      { op: 'test', path: '/spec/forceSyncGeneration', value: 2 },
      { op: 'replace', path: '/spec/forceSyncGeneration', value: 3 },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.kind).toBe('Status');
    expect(res.body.code).toBe(422);
    const now = await kubeRequest(b, gitRepoPath(ns, 'jtest'));
    expect(now.body.metadata.resourceVersion).toBe(obj.metadata.resourceVersion);
    const ok = await patch('jtest', 'application/json-patch+json', [
      { op: 'test', path: '/spec/forceSyncGeneration', value: 3 },
      { op: 'replace', path: '/spec/forceSyncGeneration', value: 4 },
    ]);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.spec.forceSyncGeneration).toBe(4);
  });

  it('JSON patch with a resourceVersion test gives optimistic concurrency', async () => {
    const obj = await create('jrv');
    const stale = await patch('jrv', 'application/json-patch+json', [
      { op: 'test', path: '/metadata/resourceVersion', value: '1' },
      { op: 'replace', path: '/spec/paused', value: true },
    ]);
    expect(stale.status).toBe(422);
    const fresh = await patch('jrv', 'application/json-patch+json', [
      { op: 'test', path: '/metadata/resourceVersion', value: obj.metadata.resourceVersion },
      { op: 'replace', path: '/spec/paused', value: true },
    ]);
    expect(fresh.status, fresh.text).toBe(200);
  });

  it('JSON patch replace of an absent object key sets it; remove of an absent key is 422', async () => {
    await create('jabsent');
    const set = await patch('jabsent', 'application/json-patch+json', [{ op: 'replace', path: '/spec/paused', value: true }]);
    expect(set.status, set.text).toBe(200);
    expect(set.body.spec.paused).toBe(true);
    const remove = await patch('jabsent', 'application/json-patch+json', [{ op: 'remove', path: '/spec/branch' }]);
    expect(remove.status).toBe(422);
  });

  it('strategic merge patch on a custom resource is 415 UnsupportedMediaType', async () => {
    await create('smp');
    const res = await patch('smp', 'application/strategic-merge-patch+json', { spec: { paused: true } });
    expect(res.status).toBe(415);
    expectStatus(res.body, 415, 'UnsupportedMediaType');
  });

  it('a patch to a missing object is 404', async () => {
    const res = await patch('ghost', 'application/merge-patch+json', { spec: { paused: true } });
    expect(res.status).toBe(404);
    expectStatus(res.body, 404, 'NotFound');
  });

  it('create drops status; status is written only through /status', async () => {
    const body = { ...gitRepo('stat'), status: { commit: 'abc' } };
    const created = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body.status?.commit).toBeUndefined();

    const viaMain = await patch('stat', 'application/merge-patch+json', { status: { commit: 'main' } });
    expect(viaMain.status).toBe(200);
    expect(viaMain.body.status?.commit).toBeUndefined();

    const viaStatus = await patch(
      'stat',
      'application/merge-patch+json',
      { spec: { branch: 'ignored' }, status: { commit: 'deadbeef', display: { state: 'Modified' } } },
      'status',
    );
    expect(viaStatus.status, viaStatus.text).toBe(200);
    expect(viaStatus.body.status.commit).toBe('deadbeef');
    expect(viaStatus.body.spec.branch).toBeUndefined();
    const got = await kubeRequest(b, gitRepoPath(ns, 'stat'));
    expect(got.body.status.display.state).toBe('Modified');
  });

  it('PUT on /status replaces status and keeps spec', async () => {
    const created = await create('statput', { branch: 'main' });
    const res = await kubeRequest(b, gitRepoPath(ns, 'statput', 'status'), {
      method: 'PUT',
      body: { ...created, spec: { repo: 'https://x/y', branch: 'other' }, status: { commit: 'c1' } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status.commit).toBe('c1');
    expect(res.body.spec.branch).toBe('main');
  });

  it('metadata.generation bumps on spec changes only', async () => {
    await create('gen');
    const label = await patch('gen', 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } });
    expect(label.body.metadata.generation).toBe(1);
    const status = await patch('gen', 'application/merge-patch+json', { status: { commit: 'x' } }, 'status');
    expect(status.body.metadata.generation).toBe(1);
    const spec = await patch('gen', 'application/merge-patch+json', { spec: { paused: true } });
    expect(spec.body.metadata.generation).toBe(2);
    const same = await patch('gen', 'application/merge-patch+json', { spec: { paused: true } });
    expect(same.body.metadata.generation).toBe(2);
    expect(same.body.metadata.resourceVersion).toBe(spec.body.metadata.resourceVersion);
  });
});
