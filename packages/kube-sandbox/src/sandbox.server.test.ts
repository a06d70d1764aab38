import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox.server';
import { client, fleetCrds, gitRepo, GR } from './sandbox-test.fixture';

let sb: Sandbox;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  sb = await startSandbox({ crds: await fleetCrds(), bookmarkIntervalMs: 50, historyLimit: 10000 });
  call = client(sb);
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'fleet-default' } });
});
afterAll(() => sb.stop());

/** Reads newline-delimited watch events until `count` arrive or the stream ends. */
async function readWatch(path: string, count: number, during?: () => Promise<void>): Promise<{ status: number; events: Record<string, unknown>[] }> {
  const ctrl = new AbortController();
  const res = await fetch(sb.url + path, { headers: { authorization: `Bearer ${sb.token}` }, signal: ctrl.signal });
  const events: Record<string, unknown>[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const dec = new TextDecoder();
  let buf = '';
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
        buf = buf.slice(i + 1);
      }
      if (events.length >= count) return;
    }
  })();
  if (during !== undefined) await during();
  await Promise.race([pump, new Promise((r) => setTimeout(r, 3000))]);
  ctrl.abort();
  return { status: res.status, events };
}

describe('auth and discovery', () => {
  it('rejects requests without the token with a 401 Status', async () => {
    const r = await call('GET', '/api/v1/namespaces', undefined, { token: null });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    expect((await call('GET', '/version', undefined, { token: 'wrong' })).status).toBe(401);
  });

  it('serves version and discovery documents', async () => {
    expect((await call('GET', '/version')).json.gitVersion).toMatch(/^v1\.36\./);
    expect((await call('GET', '/api')).json.versions).toEqual(['v1']);
    const groups = (await call('GET', '/apis')).json.groups as { name: string }[];
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['fleet.cattle.io', 'apiextensions.k8s.io', 'authorization.k8s.io']));
    const g = (await call('GET', '/apis/fleet.cattle.io')).json;
    expect(g.preferredVersion).toEqual({ groupVersion: 'fleet.cattle.io/v1alpha1', version: 'v1alpha1' });
    const rl = (await call('GET', '/apis/fleet.cattle.io/v1alpha1')).json;
    const resources = rl.resources as Record<string, unknown>[];
    const gitrepos = resources.find((r) => r.name === 'gitrepos');
    expect(gitrepos).toMatchObject({ singularName: 'gitrepo', namespaced: true, kind: 'GitRepo', categories: ['fleet'] });
    expect(resources.find((r) => r.name === 'gitrepos/status')).toMatchObject({ verbs: ['get', 'patch', 'update'] });
    expect(resources.find((r) => r.name === 'contents')?.namespaced).toBe(false);
    expect(resources.find((r) => r.name === 'policies/status')).toBeUndefined();
    const core = (await call('GET', '/api/v1')).json.resources as Record<string, unknown>[];
    expect(core.find((r) => r.name === 'namespaces')).toMatchObject({ namespaced: false, shortNames: ['ns'] });
    expect((await call('GET', '/apis/nope.example.com/v1')).status).toBe(404);
    const nf = await call('GET', '/apis/fleet.cattle.io/v1alpha1/namespaces/x/nothings');
    expect(nf.json).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource', code: 404 });
  });

  it('serves the CRDs it was given', async () => {
    const r = await call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gitrepos.fleet.cattle.io');
    expect(r.status).toBe(200);
    expect((r.json.status as Record<string, unknown>).storedVersions).toEqual(['v1alpha1']);
  });
});

describe('custom resources', () => {
  it('creates with server-set metadata and answers 409 AlreadyExists', async () => {
    const r = await call('POST', GR, gitRepo('create-1'));
    expect(r.status).toBe(201);
    const m = r.json.metadata as Record<string, unknown>;
    expect(m.generation).toBe(1);
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    const again = await call('POST', GR, gitRepo('create-1'));
    expect(again.status).toBe(409);
    expect(again.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'gitrepos.fleet.cattle.io "create-1" already exists', reason: 'AlreadyExists',
      details: { name: 'create-1', group: 'fleet.cattle.io', kind: 'gitrepos' }, code: 409,
    });
  });

  it('generates names, drops status on create and supports dryRun', async () => {
    const r = await call('POST', GR, { ...gitRepo(''), metadata: { generateName: 'gen-' }, status: { commit: 'x' } });
    expect(r.status).toBe(201);
    expect((r.json.metadata as { name: string }).name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(r.json.status).toBeUndefined();
    const dry = await call('POST', `${GR}?dryRun=All`, gitRepo('dry-1'));
    expect(dry.status).toBe(201);
    expect((await call('GET', `${GR}/dry-1`)).status).toBe(404);
  });

  it('404s on a missing namespace and a missing object', async () => {
    const r = await call('POST', '/apis/fleet.cattle.io/v1alpha1/namespaces/nope/gitrepos', gitRepo('x'));
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ message: 'namespaces "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'namespaces' } });
    const g = await call('GET', `${GR}/missing`);
    expect(g.json).toMatchObject({ message: 'gitrepos.fleet.cattle.io "missing" not found', details: { name: 'missing', group: 'fleet.cattle.io', kind: 'gitrepos' } });
  });

  it('validates against the schema with the real messages', async () => {
    const r = await call('POST', GR, gitRepo('bad-1', { repo: 'r', paused: 'yes' }));
    expect(r.status).toBe(422);
    // the GitRepo CRD has CEL rules: a blocking schema error adds the "not checked" cause
    const notChecked = 'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
    expect(r.json.message).toBe(
      `GitRepo.fleet.cattle.io "bad-1" is invalid: [spec.paused: Invalid value: "string": spec.paused in body must be of type boolean: "string", <nil>: ${notChecked}]`,
    );
    expect((r.json.details as { causes: unknown[] }).causes).toEqual([
      { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.paused in body must be of type boolean: "string"', field: 'spec.paused' },
      { reason: 'FieldValueInvalid', message: notChecked, field: '<nil>' },
    ]);
    const bundle = await call('POST', '/apis/fleet.cattle.io/v1alpha1/namespaces/fleet-default/bundles', {
      apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'Bundle', metadata: { name: 'b1' },
      spec: { targetCustomizationMode: 'Sometimes' },
    });
    expect(bundle.status).toBe(422);
    const causes = (bundle.json.details as { causes: { reason: string; field: string; message: string }[] }).causes;
    expect(causes[0]?.reason).toBe('FieldValueNotSupported');
    expect(causes[0]?.field).toBe('spec.targetCustomizationMode');
    expect(causes[0]?.message).toMatch(/^Unsupported value: "Sometimes": supported values: "/);
    const badName = await call('POST', GR, gitRepo('Bad_Name'));
    expect(badName.status).toBe(422);
    expect(badName.json.message).toContain('metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of');
    const noName = await call('POST', GR, { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: {}, spec: { repo: 'r' } });
    expect(noName.json.message).toBe('GitRepo.fleet.cattle.io "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('prunes unknown fields silently', async () => {
    const r = await call('POST', GR, gitRepo('prune-1', { repo: 'r', unknownField: 1, helmSecretName: 's' }));
    expect(r.status).toBe(201);
    expect(r.json.spec).toEqual({ repo: 'r', helmSecretName: 's' });
    expect((await call('POST', GR, { ...gitRepo('prune-2'), extraTop: true })).json.extraTop).toBeUndefined();
  });

  it('updates with optimistic concurrency and bumps generation on spec changes only', async () => {
    const created = (await call('POST', GR, gitRepo('upd-1'))).json;
    const rv = (created.metadata as { resourceVersion: string }).resourceVersion;
    const put = await call('PUT', `${GR}/upd-1`, { ...created, spec: { repo: 'r2' }, status: { commit: 'ignored' } });
    expect(put.status).toBe(200);
    expect((put.json.metadata as { generation: number }).generation).toBe(2);
    expect(put.json.status).toBeUndefined();
    const stale = await call('PUT', `${GR}/upd-1`, { ...created, spec: { repo: 'r3' } });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe(
      'Operation cannot be fulfilled on gitrepos.fleet.cattle.io "upd-1": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(stale.json.reason).toBe('Conflict');
    const labelsOnly = await call('PUT', `${GR}/upd-1`, { ...put.json, metadata: { ...(put.json.metadata as object), labels: { a: 'b' } } });
    expect((labelsOnly.json.metadata as { generation: number }).generation).toBe(2);
    const withoutRv = await call('PUT', `${GR}/upd-1`, { ...gitRepo('upd-1'), spec: { repo: 'r4' } });
    expect(withoutRv.status).toBe(422);
    expect(withoutRv.json.message).toBe('gitrepos.fleet.cattle.io "upd-1" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update');
    const labelsRv = (labelsOnly.json.metadata as { resourceVersion: string }).resourceVersion;
    const unconditional = await call('PUT', `${GR}/upd-1`, { ...gitRepo('upd-1', { repo: 'r4' }, { resourceVersion: labelsRv }) });
    expect(unconditional.status).toBe(200);
    expect((unconditional.json.metadata as { generation: number }).generation).toBe(3);
    expect((unconditional.json.metadata as { resourceVersion: string }).resourceVersion).not.toBe(rv);
    const same = await call('PUT', `${GR}/upd-1`, unconditional.json);
    expect((same.json.metadata as { resourceVersion: string }).resourceVersion).toBe((unconditional.json.metadata as { resourceVersion: string }).resourceVersion);
    const wrongName = await call('PUT', `${GR}/upd-1`, gitRepo('other'));
    expect(wrongName.status).toBe(400);
    expect(wrongName.json.message).toBe('the name of the object (other) does not match the name on the URL (upd-1)');
    expect((await call('PUT', `${GR}/nope`, gitRepo('nope'))).status).toBe(404);
  });

  it('writes status only through the status subresource', async () => {
    const created = await call('POST', GR, gitRepo('st-1'));
    const rv = (created.json.metadata as { resourceVersion: string }).resourceVersion;
    const st = await call('PUT', `${GR}/st-1/status`, { ...gitRepo('st-1', { repo: 'changed' }, { resourceVersion: rv }), status: { commit: 'abc' } });
    expect(st.status).toBe(200);
    expect(st.json.status).toEqual({ commit: 'abc' });
    expect(st.json.spec).toEqual({ repo: 'https://github.com/rancher/fleet-examples' });
    expect((st.json.metadata as { generation: number }).generation).toBe(1);
    const mp = await call('PATCH', `${GR}/st-1/status`, { status: { commit: 'def' } }, { contentType: 'application/merge-patch+json' });
    expect(mp.json.status).toEqual({ commit: 'def' });
  });

  it('patches with merge and JSON patch, and refuses strategic merge on custom resources', async () => {
    await call('POST', GR, gitRepo('p-1', { repo: 'r', paths: ['a'] }));
    const mp = await call('PATCH', `${GR}/p-1`, { spec: { branch: 'main', paths: null } }, { contentType: 'application/merge-patch+json' });
    expect(mp.status).toBe(200);
    expect(mp.json.spec).toEqual({ repo: 'r', branch: 'main' });
    expect((mp.json.metadata as { generation: number }).generation).toBe(2);
    const jp = await call('PATCH', `${GR}/p-1`, [{ op: 'test', path: '/spec/branch', value: 'main' }, { op: 'replace', path: '/spec/branch', value: 'dev' }], { contentType: 'application/json-patch+json' });
    expect((jp.json.spec as { branch: string }).branch).toBe('dev');
    const failed = await call('PATCH', `${GR}/p-1`, [{ op: 'test', path: '/spec/branch', value: 'main' }], { contentType: 'application/json-patch+json' });
    expect(failed.status).toBe(422);
    expect(failed.json).toMatchObject({
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: {},
    });
    const smp = await call('PATCH', `${GR}/p-1`, { spec: {} }, { contentType: 'application/strategic-merge-patch+json' });
    expect(smp.status).toBe(415);
    expect(smp.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'UnsupportedMediaType', code: 415,
      message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
    const invalidPatch = await call('PATCH', `${GR}/p-1`, { spec: { paused: 3 } }, { contentType: 'application/merge-patch+json' });
    expect(invalidPatch.status).toBe(422);
    expect((await call('PATCH', `${GR}/absent`, {}, { contentType: 'application/merge-patch+json' })).status).toBe(404);
  });

  it('deletes, returning the object, and honours finalizers', async () => {
    await call('POST', GR, gitRepo('d-1'));
    const d = await call('DELETE', `${GR}/d-1`);
    expect(d.status).toBe(200);
    expect(d.json.kind).toBe('GitRepo');
    expect((await call('GET', `${GR}/d-1`)).status).toBe(404);
    const f = (await call('POST', GR, gitRepo('d-2', undefined, { finalizers: ['example.com/hold'] }))).json;
    const marked = await call('DELETE', `${GR}/d-2`);
    const mm = marked.json.metadata as Record<string, unknown>;
    expect(mm.deletionTimestamp).toBeTypeOf('string');
    expect(mm.generation).toBe(2);
    expect((await call('GET', `${GR}/d-2`)).status).toBe(200);
    const released = await call('PATCH', `${GR}/d-2`, { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
    expect(released.status).toBe(200);
    expect((await call('GET', `${GR}/d-2`)).status).toBe(404);
    expect(f.kind).toBe('GitRepo');
    expect((await call('DELETE', `${GR}/d-2`)).status).toBe(404);
  });
});

describe('lists', () => {
  beforeAll(async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'list-ns' } });
    for (let i = 0; i < 7; i++) {
      await call('POST', '/apis/fleet.cattle.io/v1alpha1/namespaces/list-ns/gitrepos', gitRepo(`l-${i}`, undefined, { labels: { tier: i % 2 === 0 ? 'even' : 'odd', idx: String(i) } }));
    }
  });
  const L = '/apis/fleet.cattle.io/v1alpha1/namespaces/list-ns/gitrepos';
  const names = (r: { json: Record<string, unknown> }) => (r.json.items as { metadata: { name: string } }[]).map((i) => i.metadata.name);

  it('filters by label selectors', async () => {
    expect(names(await call('GET', `${L}?labelSelector=tier%3Deven`))).toEqual(['l-0', 'l-2', 'l-4', 'l-6']);
    expect(names(await call('GET', `${L}?labelSelector=tier!%3Deven`))).toEqual(['l-1', 'l-3', 'l-5']);
    expect(names(await call('GET', `${L}?labelSelector=idx%20in%20(1,2)`))).toEqual(['l-1', 'l-2']);
    expect(names(await call('GET', `${L}?labelSelector=idx%20notin%20(1,2),tier`))).toEqual(['l-0', 'l-3', 'l-4', 'l-5', 'l-6']);
    expect(names(await call('GET', `${L}?labelSelector=!tier`))).toEqual([]);
  });

  it('filters by field selectors and rejects unknown fields', async () => {
    expect(names(await call('GET', `${L}?fieldSelector=metadata.name%3Dl-3`))).toEqual(['l-3']);
    const all = await call('GET', '/apis/fleet.cattle.io/v1alpha1/gitrepos?fieldSelector=metadata.namespace%3Dlist-ns');
    expect(names(all)).toHaveLength(7);
    const bad = await call('GET', `${L}?fieldSelector=spec.repo%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('"spec.repo" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('pages with limit and continue over a consistent snapshot', async () => {
    const p1 = await call('GET', `${L}?limit=3`);
    expect(names(p1)).toEqual(['l-0', 'l-1', 'l-2']);
    const m1 = p1.json.metadata as { continue: string; remainingItemCount: number; resourceVersion: string };
    expect(m1.remainingItemCount).toBe(4);
    await call('DELETE', `${L}/l-4`);
    const p2 = await call('GET', `${L}?limit=3&continue=${encodeURIComponent(m1.continue)}`);
    expect(names(p2)).toEqual(['l-3', 'l-4', 'l-5']);
    const m2 = p2.json.metadata as { continue: string; resourceVersion: string };
    expect(m2.resourceVersion).toBe(m1.resourceVersion);
    const p3 = await call('GET', `${L}?limit=3&continue=${encodeURIComponent(m2.continue)}`);
    expect(names(p3)).toEqual(['l-6']);
    expect((p3.json.metadata as { continue?: string }).continue).toBeUndefined();
    await call('POST', L, gitRepo('l-4', undefined, { labels: { tier: 'even', idx: '4' } }));
  });

  it('reports the store revision as the list resourceVersion', async () => {
    const a = await call('GET', L);
    const created = await call('POST', L, gitRepo('l-rv'));
    const b = await call('GET', L);
    expect(Number((b.json.metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(Number((a.json.metadata as { resourceVersion: string }).resourceVersion));
    expect((b.json.metadata as { resourceVersion: string }).resourceVersion).toBe((created.json.metadata as { resourceVersion: string }).resourceVersion);
    await call('DELETE', `${L}/l-rv`);
  });
});

describe('watch', () => {
  it('sends current state as ADDED then live events', async () => {
    const { status, events } = await readWatch(`${GR}?watch=1&fieldSelector=metadata.name%3Dw-1`, 3, async () => {
      await new Promise((r) => setTimeout(r, 50));
      await call('POST', GR, gitRepo('w-1'));
      await call('PATCH', `${GR}/w-1`, { spec: { branch: 'x' } }, { contentType: 'application/merge-patch+json' });
      await call('DELETE', `${GR}/w-1`);
    });
    expect(status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('resumes from a resourceVersion and answers 410 in an ERROR event after compaction', async () => {
    const start = (await call('GET', GR)).json.metadata as { resourceVersion: string };
    await call('POST', GR, gitRepo('w-2'));
    await call('DELETE', `${GR}/w-2`);
    const resumed = await readWatch(`${GR}?watch=true&resourceVersion=${start.resourceVersion}`, 2);
    expect(resumed.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    sb.compact();
    const expired = await readWatch(`${GR}?watch=true&resourceVersion=${start.resourceVersion}`, 1);
    expect(expired.status).toBe(200);
    const obj = expired.events[0]?.object as Record<string, unknown>;
    expect(expired.events[0]?.type).toBe('ERROR');
    expect(obj).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    expect(obj.message).toMatch(new RegExp(`^too old resource version: ${start.resourceVersion} \\(\\d+\\)$`));
  });

  it('sends BOOKMARKs carrying only the resourceVersion', async () => {
    const rv = ((await call('GET', GR)).json.metadata as { resourceVersion: string }).resourceVersion;
    const { events } = await readWatch(`/apis/fleet.cattle.io/v1alpha1/namespaces/default/gitrepos?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, 1, async () => {
      await call('POST', GR, gitRepo('w-3'));
    });
    expect(events[0]).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'GitRepo', apiVersion: 'fleet.cattle.io/v1alpha1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } },
    });
  });

  it('ends after timeoutSeconds and turns selector exits into DELETED', async () => {
    await call('POST', GR, gitRepo('w-4', undefined, { labels: { app: 'x' } }));
    const { events } = await readWatch(`${GR}?watch=1&labelSelector=app%3Dx&timeoutSeconds=1`, 2, async () => {
      await new Promise((r) => setTimeout(r, 50));
      await call('PATCH', `${GR}/w-4`, { metadata: { labels: { app: 'y' } } }, { contentType: 'application/merge-patch+json' });
    });
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });
});

describe('built-ins', () => {
  it('handles secrets: stringData, base64 validation, Status on delete, typed list items', async () => {
    const S = '/api/v1/namespaces/fleet-default/secrets';
    const r = await call('POST', S, { metadata: { name: 's1' }, data: { a: 'YQ==' }, stringData: { b: 'hello' } });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'Secret', apiVersion: 'v1', type: 'Opaque', data: { a: 'YQ==', b: 'aGVsbG8=' } });
    expect(r.json.stringData).toBeUndefined();
    const bad = await call('POST', S, { metadata: { name: 's2' }, data: { a: 'not base64!' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    const list = await call('GET', S);
    expect(list.json.kind).toBe('SecretList');
    expect((list.json.items as Record<string, unknown>[])[0]?.kind).toBeUndefined();
    const smp = await call('PATCH', `${S}/s1`, { data: { c: 'Yw==' } }, { contentType: 'application/strategic-merge-patch+json' });
    expect(smp.status).toBe(200);
    const d = await call('DELETE', `${S}/s1`);
    expect(d.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 's1', kind: 'secrets' } });
  });

  it('terminates namespaces and refuses new content in them', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await call('POST', '/api/v1/namespaces/doomed/secrets', { metadata: { name: 'x' } });
    const del = await call('DELETE', '/api/v1/namespaces/doomed');
    expect(del.status).toBe(200);
    expect((del.json.status as { phase: string }).phase).toBe('Terminating');
    for (let i = 0; i < 50 && (await call('GET', '/api/v1/namespaces/doomed')).status === 200; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await call('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
  });

  it('answers self subject and access reviews for the admin', async () => {
    const ssr = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    expect(ssr.status).toBe(201);
    expect(ssr.json.status).toEqual({ userInfo: { username: 'admin', groups: ['system:masters', 'system:authenticated'] } });
    const ssar = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { group: 'fleet.cattle.io', resource: 'gitrepos', verb: 'list', namespace: 'fleet-default' } },
    });
    expect(ssar.status).toBe(201);
    expect(ssar.json.status).toEqual({ allowed: true });
    const sar = await call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      spec: { user: 'someone', resourceAttributes: { verb: 'get', resource: 'secrets' } },
    });
    expect((sar.json.status as { allowed: boolean }).allowed).toBe(false);
  });

  it('limits request bodies with 413', async () => {
    const big = JSON.stringify(gitRepo('big', { repo: 'x'.repeat(3 * 1024 * 1024 + 10) }));
    const r = await call('POST', GR, big);
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728', code: 413 });
  });
});
