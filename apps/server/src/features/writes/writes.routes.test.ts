import { errorBodySchema } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startAppHarness, type AppHarness } from '../app-harness.fixture';

let t: AppHarness;
const WS = 'fleet-default';
const repo = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'fleet.cattle.io/v1alpha1',
  kind: 'GitRepo',
  metadata: { name },
  spec: { repo: 'https://github.com/rancher/fleet-examples', branch: 'main' },
  ...extra,
});

beforeAll(async () => {
  t = await startAppHarness({ namespaces: [WS, 'team-a'], bodyLimit: '8kb' });
});
afterAll(() => t.stop());

describe('create', () => {
  it('creates from JSON, dropping status and server-managed metadata', async () => {
    const body = repo('created', {
      metadata: { name: 'created', uid: 'u-1', resourceVersion: '42', creationTimestamp: '2020-01-01T00:00:00Z', generation: 7, managedFields: [{ manager: 'x' }] },
      status: { commit: 'abc' },
    });
    const res = await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(body).expect(201);
    expect(res.body.metadata.name).toBe('created');
    expect(res.body.metadata.namespace).toBe(WS);
    expect(res.body.metadata.uid).not.toBe('u-1');
    expect(res.body.metadata.generation).toBe(1);
    expect(res.body.metadata.managedFields).toBeUndefined();
    expect(res.body.status?.commit).toBeUndefined();
    const stored = await t.kube.get({ group: 'fleet.cattle.io', version: 'v1alpha1', plural: 'gitrepos', kind: 'GitRepo', namespaced: true }, WS, 'created');
    expect(stored.spec).toEqual({ repo: 'https://github.com/rancher/fleet-examples', branch: 'main' });
  });

  it('dry run validates without storing', async () => {
    const res = await t.write('post', `/api/workspaces/${WS}/gitrepos?dryRun=true`).send(repo('dry')).expect(200);
    expect(res.body.metadata.name).toBe('dry');
    await request(t.app).get(`/api/workspaces/${WS}/gitrepos/dry`).expect(404);
    const invalid = await t.write('post', `/api/workspaces/${WS}/gitrepos?dryRun=true`).send(repo('dry', { spec: { branch: 'main' } })).expect(422);
    expect(invalid.body.error.code).toBe('Invalid');
    expect(invalid.body.error.details.fields).toContainEqual({ path: 'spec.repo', message: 'Required value' });
  });

  it('fills in kind and apiVersion and accepts YAML', async () => {
    const yaml = 'metadata:\n  name: from-yaml\nspec:\n  repo: https://example.com/x.git\n  paths:\n    - a\n';
    const res = await t.write('post', `/api/workspaces/${WS}/gitrepos`).set('Content-Type', 'application/yaml').send(yaml).expect(201);
    expect(res.body).toMatchObject({ kind: 'GitRepo', apiVersion: 'fleet.cattle.io/v1alpha1', spec: { repo: 'https://example.com/x.git', paths: ['a'] } });
  });

  it('answers YAML parse errors with line and column', async () => {
    const res = await t.write('post', `/api/workspaces/${WS}/gitrepos`).set('Content-Type', 'application/yaml').send('metadata:\n  name: x\nspec: [a,\n  b: c\n').expect(400);
    expect(errorBodySchema.parse(res.body).error.code).toBe('BadRequest');
    expect(res.body.error.details).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    const two = await t.write('post', `/api/workspaces/${WS}/gitrepos`).set('Content-Type', 'application/yaml').send('a: 1\n---\nb: 2\n').expect(400);
    expect(two.body.error.message).toContain('2 documents');
  });

  it('refuses a kind, apiVersion or namespace that does not match the URL', async () => {
    const kind = await t.write('post', `/api/workspaces/${WS}/gitrepos`).send({ ...repo('k'), kind: 'Bundle' }).expect(400);
    expect(kind.body.error.message).toContain('kind must be GitRepo');
    const version = await t.write('post', `/api/workspaces/${WS}/gitrepos`).send({ ...repo('k'), apiVersion: 'fleet.cattle.io/v1' }).expect(400);
    expect(version.body.error.message).toContain('apiVersion must be fleet.cattle.io/v1alpha1');
    const ns = await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('k', { metadata: { name: 'k', namespace: 'team-a' } })).expect(400);
    expect(ns.body.error.message).toContain('metadata.namespace must be the workspace');
    const array = await t.write('post', `/api/workspaces/${WS}/gitrepos`).send([repo('k')]).expect(400);
    expect(array.body.error.message).toContain('one object');
    await t.write('post', `/api/workspaces/${WS}/bundledeployments`).send({}).expect(400);
  });

  it('maps 409 AlreadyExists and answers 413 for a body over the limit', async () => {
    await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('twice')).expect(201);
    const again = await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('twice')).expect(409);
    expect(again.body.error.code).toBe('Conflict');
    const big = await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('big', { metadata: { name: 'big', annotations: { a: 'x'.repeat(10_000) } } })).expect(413);
    expect(big.body.error.code).toBe('TooLarge');
    const bigYaml = await t.write('post', `/api/workspaces/${WS}/gitrepos`).set('Content-Type', 'application/yaml').send(`a: ${'x'.repeat(10_000)}\n`).expect(413);
    expect(bigYaml.body.error.code).toBe('TooLarge');
    expect(JSON.stringify(bigYaml.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('get as YAML', () => {
  it('answers YAML for ?format=yaml and Accept: application/yaml', async () => {
    await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('yamlout')).expect(201);
    const q = await request(t.app).get(`/api/workspaces/${WS}/gitrepos/yamlout?format=yaml`).expect(200);
    expect(q.headers['content-type']).toContain('application/yaml');
    expect(parseYaml(q.text)).toMatchObject({ kind: 'GitRepo', metadata: { name: 'yamlout' } });
    const a = await request(t.app).get(`/api/workspaces/${WS}/gitrepos/yamlout`).set('Accept', 'application/yaml').expect(200);
    expect(parseYaml(a.text).spec.repo).toBe('https://github.com/rancher/fleet-examples');
    const json = await request(t.app).get(`/api/workspaces/${WS}/gitrepos/yamlout`).expect(200);
    expect(json.body.metadata.name).toBe('yamlout');
  });
});

describe('replace', () => {
  it('requires metadata.resourceVersion', async () => {
    await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('norv')).expect(201);
    const res = await t.write('put', `/api/workspaces/${WS}/gitrepos/norv`).send(repo('norv')).expect(400);
    expect(res.body.error.message).toContain('resourceVersion is required');
    const wrongName = await t.write('put', `/api/workspaces/${WS}/gitrepos/norv`).send(repo('other', { metadata: { name: 'other', resourceVersion: '1' } })).expect(400);
    expect(wrongName.body.error.message).toContain('does not match');
  });

  it('replaces with the current resourceVersion and answers a stale one with 409 and the current object', async () => {
    const created = (await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('edit')).expect(201)).body;
    const edited = { ...created, spec: { ...created.spec, branch: 'release' } };
    const ok = await t.write('put', `/api/workspaces/${WS}/gitrepos/edit`).send(edited).expect(200);
    expect(ok.body.spec.branch).toBe('release');
    const stale = { ...created, spec: { ...created.spec, branch: 'stale' } };
    const conflict = await t.write('put', `/api/workspaces/${WS}/gitrepos/edit`).send(stale).expect(409);
    expect(conflict.body.error.code).toBe('Conflict');
    expect(conflict.body.error.details.current.spec.branch).toBe('release');
    expect(conflict.body.error.details.current.metadata.resourceVersion).toBe(ok.body.metadata.resourceVersion);
    expect(conflict.body.error.details.current.metadata.managedFields).toBeUndefined();
    const stored = await request(t.app).get(`/api/workspaces/${WS}/gitrepos/edit`).expect(200);
    expect(stored.body.spec.branch).toBe('release');
  });

  it('replaces from YAML and dry-runs a replace', async () => {
    const created = (await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('yamledit')).expect(201)).body;
    const yaml = `apiVersion: fleet.cattle.io/v1alpha1\nkind: GitRepo\nmetadata:\n  name: yamledit\n  resourceVersion: "${created.metadata.resourceVersion}"\nspec:\n  repo: https://example.com/y.git\n`;
    const dry = await t.write('put', `/api/workspaces/${WS}/gitrepos/yamledit?dryRun=true`).set('Content-Type', 'application/yaml').send(yaml).expect(200);
    expect(dry.body.spec.repo).toBe('https://example.com/y.git');
    expect((await request(t.app).get(`/api/workspaces/${WS}/gitrepos/yamledit`)).body.spec.repo).toBe('https://github.com/rancher/fleet-examples');
    const res = await t.write('put', `/api/workspaces/${WS}/gitrepos/yamledit?format=yaml`).set('Content-Type', 'application/yaml').send(yaml).expect(200);
    expect(parseYaml(res.text).spec.repo).toBe('https://example.com/y.git');
  });

  it("keeps kubectl's last-applied annotation the browser never saw", async () => {
    const lastApplied = '{"apiVersion":"fleet.cattle.io/v1alpha1","kind":"GitRepo"}';
    await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name: 'applied', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied, note: 'a' } }, spec: { repo: 'https://e/x' } });
    const shown = (await request(t.app).get(`/api/workspaces/${WS}/gitrepos/applied`).expect(200)).body;
    expect(shown.metadata.annotations).toEqual({ note: 'a' });
    await t.write('put', `/api/workspaces/${WS}/gitrepos/applied`).send({ ...shown, metadata: { ...shown.metadata, annotations: { note: 'b' } } }).expect(200);
    const stored = await t.kube.get({ group: 'fleet.cattle.io', version: 'v1alpha1', plural: 'gitrepos', kind: 'GitRepo', namespaced: true }, WS, 'applied');
    expect(stored.metadata?.annotations).toEqual({ note: 'b', 'kubectl.kubernetes.io/last-applied-configuration': lastApplied });
    await t.write('put', `/api/workspaces/${WS}/gitrepos/missing`).send({ ...shown, metadata: { ...shown.metadata, name: 'missing' } }).expect(404);
  });

  it('maps 422 causes onto fields', async () => {
    const created = (await t.write('post', `/api/workspaces/${WS}/gitrepos`).send(repo('badput')).expect(201)).body;
    const res = await t.write('put', `/api/workspaces/${WS}/gitrepos/badput`).send({ ...created, spec: { repo: 42 } }).expect(422);
    expect(res.body.error.code).toBe('Invalid');
    expect(res.body.error.details.fields[0].path).toBe('spec.repo');
  });
});

describe('delete', () => {
  it('deletes and answers 404 for a missing object', async () => {
    await t.write('post', `/api/workspaces/${WS}/clustergroups`).send({ kind: 'ClusterGroup', metadata: { name: 'gone' }, spec: { selector: {} } }).expect(201);
    const res = await t.write('delete', `/api/workspaces/${WS}/clustergroups/gone`).expect(200);
    expect(res.body).toEqual({ name: 'gone', deleted: true });
    await request(t.app).get(`/api/workspaces/${WS}/clustergroups/gone`).expect(404);
    const missing = await t.write('delete', `/api/workspaces/${WS}/clustergroups/gone`).expect(404);
    expect(missing.body.error.code).toBe('NotFound');
  });

  it('needs the CSRF header', async () => {
    const res = await request(t.app).delete(`/api/workspaces/${WS}/gitrepos/created`).expect(403);
    expect(res.body.error.details.reason).toBe('csrf');
  });
});
