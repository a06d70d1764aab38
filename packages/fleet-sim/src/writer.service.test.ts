import { describe, expect, it } from 'vitest';
import { createInformer } from './informer.service';
import { KubeError, RESOURCES, type KubeClient } from './kube-client.service';
import type { KubeObject } from './kube-object.model';
import { createLimiter } from './limiter.service';
import { createRandom } from './random.model';
import { createManualScheduler } from './scheduler.service';
import { createWriter } from './writer.service';

function setup(server: Map<string, KubeObject>, failures: { status: number; times: number } = { status: 0, times: 0 }) {
  const calls: string[] = [];
  let rv = 100;
  let fail = failures.times;
  const bump = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(++rv) } });
  const client = {
    async list() {
      return { items: [...server.values()], resourceVersion: String(rv) };
    },
    async watch() {
      return () => undefined;
    },
    async get(_t: unknown, name: string, ns?: string) {
      calls.push(`get ${name}`);
      return server.get(`${ns}/${name}`);
    },
    async create(_t: unknown, o: KubeObject) {
      calls.push(`create ${o.metadata.name}`);
      const key = `${o.metadata.namespace}/${o.metadata.name}`;
      if (server.has(key)) throw new KubeError(409, 'AlreadyExists', 'exists');
      server.set(key, bump(o));
      return server.get(key);
    },
    async patch(_t: unknown, name: string, ns: string, patch: Record<string, unknown>) {
      calls.push(`patch ${name} ${JSON.stringify(patch)}`);
      const cur = server.get(`${ns}/${name}`) as KubeObject;
      const next = bump({ ...cur, metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, ...((patch.metadata as { labels?: Record<string, string> })?.labels ?? {}) } } });
      server.set(`${ns}/${name}`, next);
      return next;
    },
    async patchStatus(_t: unknown, name: string, ns: string, patch: { status: Record<string, unknown> }) {
      calls.push(`status ${name} ${JSON.stringify(patch.status)}`);
      if (fail > 0) {
        fail--;
        throw new KubeError(failures.status, 'Conflict', 'conflict');
      }
      const cur = server.get(`${ns}/${name}`) as KubeObject;
      const next = bump({ ...cur, status: { ...(cur.status ?? {}), ...patch.status } });
      server.set(`${ns}/${name}`, next);
      return next;
    },
  } as unknown as KubeClient;
  const informer = createInformer({ client, type: RESOURCES.gitRepo, scheduler: createManualScheduler(), random: createRandom(1), onChange: () => undefined });
  const writer = createWriter({ client, limiter: createLimiter(4), log: () => undefined });
  return { client, calls, informer, writer };
}

const repo = (labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'r', namespace: 'ns', labels } });

describe('writer', () => {
  it('creates, then patches only what differs, then does nothing', async () => {
    const server = new Map<string, KubeObject>();
    const { writer, informer, calls } = setup(server);
    await informer.start();
    await writer.ensure(RESOURCES.gitRepo, repo({ a: '1' }), informer);
    await writer.ensure(RESOURCES.gitRepo, repo({ a: '2' }), informer);
    await writer.ensure(RESOURCES.gitRepo, repo({ a: '2' }), informer);
    expect(calls).toEqual(['create r', 'patch r {"metadata":{"labels":{"a":"2"}}}']);
  });

  it('on AlreadyExists rereads and patches', async () => {
    const server = new Map<string, KubeObject>([['ns/r', { ...repo({ a: '1' }), metadata: { ...repo({ a: '1' }).metadata, resourceVersion: '1' } }]]);
    const { writer, calls } = setup(server);
    await writer.ensure(RESOURCES.gitRepo, repo({ a: '3' }));
    expect(calls).toEqual(['create r', 'get r', 'patch r {"metadata":{"labels":{"a":"3"}}}']);
  });

  it('writes status only when it changed, and retries a conflict after rereading', async () => {
    const server = new Map<string, KubeObject>([['ns/r', { ...repo(), metadata: { ...repo().metadata, resourceVersion: '1' }, status: { commit: 'a' } }]]);
    const { writer, informer, calls } = setup(server, { status: 409, times: 1 });
    await informer.start();
    expect(await writer.writeStatus(RESOURCES.gitRepo, informer, 'ns/r', (cur) => ({ ...cur.status }))).toBe(false);
    expect(calls).toEqual([]);
    expect(await writer.writeStatus(RESOURCES.gitRepo, informer, 'ns/r', (cur) => ({ ...cur.status, commit: 'b' }))).toBe(true);
    expect(calls).toEqual(['status r {"commit":"b"}', 'get r', 'status r {"commit":"b"}']);
    expect(informer.get('ns/r')?.status).toEqual({ commit: 'b' });
  });

  it('createOnly leaves an existing object as it is', async () => {
    const server = new Map<string, KubeObject>([['ns/r', { ...repo({ a: '1' }), metadata: { ...repo({ a: '1' }).metadata, resourceVersion: '1' } }]]);
    const { writer, calls } = setup(server);
    await writer.ensure(RESOURCES.gitRepo, repo({ a: '9' }), undefined, { createOnly: true });
    expect(calls).toEqual(['create r', 'get r']);
    expect(server.get('ns/r')?.metadata.labels).toEqual({ a: '1' });
  });
});
