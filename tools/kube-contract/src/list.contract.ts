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

const names = (body: any): string[] => body.items.map((i: any) => i.metadata.name).sort();

describe.each(useBackends())('list, selectors and pagination ($name)', (b) => {
  const ns = uniqueName('contract-list');
  const other = uniqueName('contract-list-other');
  beforeAll(async () => {
    await createNamespace(b, ns);
    await createNamespace(b, other);
    const labels: Record<string, Record<string, string>> = {
      a: { env: 'prod', region: 'eu' },
      b: { env: 'prod', region: 'us' },
      c: { env: 'dev', region: 'eu', legacy: 'true' },
      d: { env: 'staging' },
      e: {},
    };
    for (const [name, l] of Object.entries(labels)) {
      const res = await kubeRequest(b, gitRepoPath(ns), {
        method: 'POST',
        body: gitRepo(name, {}, { metadata: { labels: l } }),
      });
      expect(res.status, res.text).toBe(201);
    }
    await kubeRequest(b, gitRepoPath(other), { method: 'POST', body: gitRepo('a') });
  });
  afterAll(async () => {
    await deleteNamespace(b, ns);
    await deleteNamespace(b, other);
  });

  const list = (query: string, path = gitRepoPath(ns)) => kubeRequest(b, `${path}?${query}`);

  it('a list has kind, apiVersion and the current resourceVersion', async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('GitRepoList');
    expect(res.body.apiVersion).toBe('fleet.cattle.io/v1alpha1');
    expect(res.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(names(res.body)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it.each([
    ['env=prod', ['a', 'b']],
    ['env==prod', ['a', 'b']],
    ['env!=prod', ['c', 'd', 'e']],
    ['env in (dev,staging)', ['c', 'd']],
    ['env notin (prod)', ['c', 'd', 'e']],
    ['region', ['a', 'b', 'c']],
    ['!region', ['d', 'e']],
    ['env=prod,region=eu', ['a']],
    ['env,!legacy', ['a', 'b', 'd']],
  ])('labelSelector %s', async (selector, expected) => {
    const res = await list(`labelSelector=${encodeURIComponent(selector)}`);
    expect(res.status, res.text).toBe(200);
    expect(names(res.body)).toEqual(expected);
  });

  it('an unparsable labelSelector is 400 BadRequest', async () => {
    const res = await list(`labelSelector=${encodeURIComponent('env in (prod')}`);
    expect(res.status).toBe(400);
    expectStatus(res.body, 400, 'BadRequest');
  });

  it('fieldSelector on metadata.name and metadata.namespace', async () => {
    const byName = await list('fieldSelector=metadata.name%3Dc');
    expect(names(byName.body)).toEqual(['c']);
    const notName = await list('fieldSelector=metadata.name!%3Dc');
    expect(names(notName.body)).toEqual(['a', 'b', 'd', 'e']);
    const all = await list(`fieldSelector=metadata.namespace%3D${other}`, `${FLEET}/gitrepos`);
    expect(all.body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual([`${other}/a`]);
  });

  it('a fieldSelector on an unsupported field is 400 BadRequest', async () => {
    const res = await list('fieldSelector=spec.repo%3Dx');
    expect(res.status).toBe(400);
    expectStatus(res.body, 400, 'BadRequest');
  });

  it('a list across all namespaces includes both namespaces', async () => {
    const res = await list('labelSelector=', `${FLEET}/gitrepos`);
    const mine = res.body.items.filter((i: any) => [ns, other].includes(i.metadata.namespace));
    expect(mine).toHaveLength(6);
  });

  it('limit and continue page through every item exactly once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await list(`limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...names(res.body));
      token = res.body.metadata.continue || undefined;
      if (token) expect(res.body.metadata.remainingItemCount).toBe(5 - seen.length);
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a continue token that is not one is 400 BadRequest', async () => {
    const res = await list('limit=2&continue=not-a-token');
    expect(res.status).toBe(400);
    expectStatus(res.body, 400, 'BadRequest');
  });
});
