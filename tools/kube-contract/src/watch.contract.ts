import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeRequest, openWatch } from './backend.js';
import {
  createNamespace,
  deleteNamespace,
  gitRepo,
  gitRepoPath,
  uniqueName,
  useBackends,
} from './fixtures.js';

describe.each(useBackends())('watch ($name)', (b) => {
  const ns = uniqueName('contract-watch');
  beforeAll(() => createNamespace(b, ns));
  afterAll(() => deleteNamespace(b, ns));

  const create = async (name: string, labels: Record<string, string> = {}) => {
    const res = await kubeRequest(b, gitRepoPath(ns), { method: 'POST', body: gitRepo(name, {}, { metadata: { labels } }) });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const mergePatch = (name: string, body: unknown, sub?: string) =>
    kubeRequest(b, gitRepoPath(ns, name, sub), { method: 'PATCH', contentType: 'application/merge-patch+json', body });

  it('resumes from a resourceVersion with every later event in order', async () => {
    const first = await create('w-first');
    await mergePatch('w-first', { spec: { branch: 'b1' } });
    await create('w-second');
    await kubeRequest(b, gitRepoPath(ns, 'w-first'), { method: 'DELETE' });

    const w = openWatch(b, `${gitRepoPath(ns)}?watch=1&resourceVersion=${first.metadata.resourceVersion}`);
    try {
      const events = await w.next(3);
      expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
        ['MODIFIED', 'w-first'],
        ['ADDED', 'w-second'],
        ['DELETED', 'w-first'],
      ]);
      expect(events[0]!.object.spec.branch).toBe('b1');
      const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
      expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
    } finally {
      w.close();
    }
  });

  it('a watch without resourceVersion starts with ADDED for what exists, then live events', async () => {
    const wns = uniqueName('contract-watch-fresh');
    await createNamespace(b, wns);
    try {
      await kubeRequest(b, gitRepoPath(wns), { method: 'POST', body: gitRepo('existing') });
      const w = openWatch(b, `${gitRepoPath(wns)}?watch=1`);
      try {
        const [initial] = await w.next(1);
        expect(initial).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'existing' } } });
        await kubeRequest(b, gitRepoPath(wns), { method: 'POST', body: gitRepo('later') });
        const [live] = await w.next(1);
        expect(live).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'later' } } });
      } finally {
        w.close();
      }
    } finally {
      await deleteNamespace(b, wns);
    }
  });

  it('status writes arrive as MODIFIED events', async () => {
    const obj = await create('w-status');
    const w = openWatch(b, `${gitRepoPath(ns)}?watch=1&resourceVersion=${obj.metadata.resourceVersion}`);
    try {
      await mergePatch('w-status', { status: { display: { state: 'ErrApplied' } } }, 'status');
      const [e] = await w.next(1);
      expect(e!.type).toBe('MODIFIED');
      expect(e!.object.status.display.state).toBe('ErrApplied');
    } finally {
      w.close();
    }
  });

  it('with a labelSelector, an object that stops matching is sent as DELETED', async () => {
    const obj = await create('w-sel', { tier: 'gold' });
    const w = openWatch(
      b,
      `${gitRepoPath(ns)}?watch=1&labelSelector=tier%3Dgold&resourceVersion=${obj.metadata.resourceVersion}`,
    );
    try {
      await create('w-sel-other', { tier: 'silver' });
      await mergePatch('w-sel', { metadata: { labels: { tier: 'silver' } } });
      const [e] = await w.next(1);
      expect(e!.type).toBe('DELETED');
      expect(e!.object.metadata.name).toBe('w-sel');
      expect(await w.drain(300)).toEqual([]);
    } finally {
      w.close();
    }
  });

  it('a watch from a resourceVersion older than the kept history gets 410 Expired', async () => {
    const old = await create('w-old');
    for (let i = 0; i < 3; i++) await mergePatch('w-old', { spec: { forceSyncGeneration: i + 1 } });
    await b.expireHistory();
    const w = openWatch(b, `${gitRepoPath(ns)}?watch=1&resourceVersion=${old.metadata.resourceVersion}`);
    try {
      const [e] = await w.until((ev) => ev.type === 'ERROR');
      expect(await w.status).toBe(200);
      expect(e!.object).toMatchObject({ kind: 'Status', status: 'Failure', code: 410, reason: 'Expired' });
    } finally {
      w.close();
    }
  });

  it('a watch-list (sendInitialEvents) streams the current objects, then a BOOKMARK marking their end', async () => {
    const wns = uniqueName('contract-watch-list');
    await createNamespace(b, wns);
    try {
      for (const name of ['one', 'two']) await kubeRequest(b, gitRepoPath(wns), { method: 'POST', body: gitRepo(name) });
      const w = openWatch(
        b,
        `${gitRepoPath(wns)}?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`,
      );
      try {
        const events = await w.until((e) => e.type === 'BOOKMARK');
        expect(events.slice(0, -1).map((e) => [e.type, e.object.metadata.name]).sort()).toEqual([
          ['ADDED', 'one'],
          ['ADDED', 'two'],
        ]);
        const bookmark = events.at(-1)!.object;
        expect(bookmark.kind).toBe('GitRepo');
        expect(bookmark.metadata.resourceVersion).toMatch(/^\d+$/);
        expect(bookmark.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
        expect(bookmark.spec).toBeUndefined();
      } finally {
        w.close();
      }
    } finally {
      await deleteNamespace(b, wns);
    }
  });

  it('timeoutSeconds ends the watch', async () => {
    const obj = await create('w-timeout');
    const w = openWatch(b, `${gitRepoPath(ns)}?watch=1&timeoutSeconds=1&resourceVersion=${obj.metadata.resourceVersion}`);
    await expect(w.next(1, 5_000)).rejects.toThrow(/watch ended/);
  });
});
