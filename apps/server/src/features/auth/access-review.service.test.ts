import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../k8s/kube-errors';
import { RESOURCE_TYPES } from '../../k8s/resource-types';
import { createAccessReviewer, selfAccessReview, type AccessQuery } from './access-review.service';

const list = (namespace: string): AccessQuery => ({ verb: 'list', type: RESOURCE_TYPES.gitRepo, namespace });

function harness(options: { ttlMs?: number; maxEntries?: number; answer?: (token: string, q: AccessQuery) => boolean | Error } = {}) {
  let t = 0;
  const calls: string[] = [];
  const reviewer = createAccessReviewer({
    review: async (token, q) => {
      calls.push(`${token}:${q.verb}:${q.type.plural}:${q.namespace ?? ''}`);
      const a = options.answer ? options.answer(token, q) : q.namespace === 'fleet-default';
      if (a instanceof Error) throw a;
      return a;
    },
    ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    now: () => t,
  });
  return { reviewer, calls, advance: (ms: number) => (t += ms) };
}

describe('access reviewer', () => {
  it('answers per user and query, and reuses answers within the TTL', async () => {
    const { reviewer, calls, advance } = harness({ ttlMs: 5000 });
    const viewer = reviewer.forToken('tok-a');
    expect(await viewer.can(list('fleet-default'))).toBe(true);
    expect(await viewer.can(list('fleet-local'))).toBe(false);
    expect(await viewer.can(list('fleet-default'))).toBe(true);
    expect(await reviewer.forToken('tok-b').can(list('fleet-default'))).toBe(true);
    expect(calls).toEqual(['tok-a:list:gitrepos:fleet-default', 'tok-a:list:gitrepos:fleet-local', 'tok-b:list:gitrepos:fleet-default']);
    advance(4999);
    await viewer.can(list('fleet-default'));
    expect(calls).toHaveLength(3);
    advance(1);
    await viewer.can(list('fleet-default'));
    expect(calls).toHaveLength(4);
  });

  it('asks once for concurrent identical questions', async () => {
    const { reviewer, calls } = harness();
    const access = reviewer.forToken('tok');
    await Promise.all([access.can(list('x')), access.can(list('x')), access.can(list('x'))]);
    expect(calls).toHaveLength(1);
  });

  it('keeps at most maxEntries answers, dropping the least recently used', async () => {
    const { reviewer, calls } = harness({ maxEntries: 2 });
    const access = reviewer.forToken('tok');
    await access.can(list('a'));
    await access.can(list('b'));
    await access.can(list('a')); // a is now the most recent
    await access.can(list('c')); // drops b
    expect(reviewer.size()).toBe(2);
    await access.can(list('a'));
    expect(calls).toHaveLength(3);
    await access.can(list('b'));
    expect(calls).toHaveLength(4);
  });

  it('require throws Forbidden naming verb, resource and namespace', async () => {
    const { reviewer } = harness();
    await expect(reviewer.forToken('t').require(list('fleet-local'))).rejects.toMatchObject({
      code: 'Forbidden',
      message: 'Not allowed to list gitrepos.fleet.cattle.io in namespace "fleet-local"',
      details: { verb: 'list', resource: 'gitrepos.fleet.cattle.io', namespace: 'fleet-local' },
    });
    await expect(reviewer.forToken('t').require(list('fleet-default'))).resolves.toBeUndefined();
  });

  it('a rejected token is 401 and failures are not remembered', async () => {
    let fail: Error | undefined = new KubeApiError(401, { message: 'Unauthorized' });
    const { reviewer, calls } = harness({ answer: () => fail ?? true });
    const access = reviewer.forToken('t');
    await expect(access.can(list('x'))).rejects.toMatchObject({ code: 'Unauthorized' });
    fail = new KubeApiError(503, { message: 'down' });
    await expect(access.can(list('x'))).rejects.toMatchObject({ code: 'Unavailable' });
    fail = undefined;
    expect(await access.can(list('x'))).toBe(true);
    expect(calls).toHaveLength(3);
    expect(reviewer.size()).toBe(1);
  });
});

describe('selfAccessReview', () => {
  it('posts a SelfSubjectAccessReview and reads status.allowed', async () => {
    const sent: unknown[] = [];
    const kube = {
      request: async <T>(req: { path: string; body?: unknown }): Promise<T> => {
        sent.push(req);
        return { status: { allowed: true } } as T;
      },
    };
    expect(await selfAccessReview(kube, { verb: 'watch', type: RESOURCE_TYPES.bundle, namespace: 'fleet-local' })).toBe(true);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: { kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'watch', group: 'fleet.cattle.io', resource: 'bundles', namespace: 'fleet-local' } } },
    });
  });
});
