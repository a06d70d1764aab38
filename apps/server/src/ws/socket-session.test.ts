import type { ServerMessage } from '@fleet-dashboard/contracts';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheChange, CacheEntry, CacheListener, CacheRef, CacheStatus, CacheSubscription, WatchCache } from '../k8s/watch-cache';
import { listRowOf } from '../rows/list-row.mapper';
import { createMessageEncoder, type EncodedMessage } from './message-encoder';
import { createSocketSession } from './socket-session';

/** A cache under the test's control: it decides when lists load and which changes happen. */
function fakeCache() {
  const entries = new Map<string, CacheEntry>();
  const listeners = new Set<CacheListener>();
  const subscribed: CacheRef[] = [];
  let unsubscribed = 0;
  let ready = false;
  let markReady!: () => void;
  const readyPromise = new Promise<void>((r) => (markReady = r));
  let status: CacheStatus = { state: 'resyncing' };
  let revision = '1';
  const entry = (object: KubeObject): CacheEntry => ({
    key: `${object.metadata?.namespace}/${object.metadata?.name}`,
    object,
    row: listRowOf(String(object.kind), object),
  });
  const cache: Pick<WatchCache, 'subscribe'> = {
    subscribe(ref, listener): CacheSubscription {
      subscribed.push(ref);
      if (listener) listeners.add(listener);
      return {
        ref,
        ready: readyPromise,
        isReady: () => ready,
        status: () => status,
        revision: () => revision,
        entries: () => entries.values(),
        get: (k) => entries.get(k),
        unsubscribe: () => {
          unsubscribed++;
          if (listener) listeners.delete(listener);
        },
      };
    },
  };
  return {
    cache,
    subscribed,
    unsubscribedCount: () => unsubscribed,
    load(objects: KubeObject[]) {
      for (const o of objects) entries.set(entry(o).key, entry(o));
      ready = true;
      status = { state: 'live' };
      markReady();
    },
    change(type: 'upsert' | 'delete', object: KubeObject, rv: string) {
      const e = entry(object);
      if (type === 'upsert') entries.set(e.key, e);
      else entries.delete(e.key);
      revision = rv;
      const changes: CacheChange[] = [{ type, entry: e }];
      for (const l of listeners) l.onChanges?.(changes, rv);
    },
    status(s: CacheStatus) {
      status = s;
      for (const l of listeners) l.onStatus?.(s);
    },
  };
}

const gitRepo = (name: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'fleet.cattle.io/v1alpha1',
  kind: 'GitRepo',
  metadata: {
    name,
    namespace: 'fleet-default',
    labels,
    resourceVersion: '1',
    managedFields: [{ manager: 'kubectl' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' },
  } as KubeObject['metadata'],
  spec: { repo: `https://example.com/${name}` },
  status: { gitJobStatus: 'Current' },
  ...extra,
});

function session(flushIntervalMs = 50) {
  const f = fakeCache();
  const sent: ServerMessage[] = [];
  const s = createSocketSession({ cache: f.cache, send: (m) => sent.push(m), flushIntervalMs });
  return { f, sent, s, send: (m: unknown) => s.handleMessage(JSON.stringify(m)) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('socket session', () => {
  it('answers bad input with an error and never throws', () => {
    const { sent, s, send } = session();
    s.handleMessage('not json');
    send({ type: 'subscribe', id: 'a', resource: 'pods', workspace: 'fleet-default' });
    send({ type: 'subscribe', id: 'b', resource: 'gitrepos', workspace: 'Not Valid' });
    send({ type: 'subscribe', id: 'c', resource: 'gitrepos', workspace: 'fleet-default', selector: 'env in (' });
    send({ type: 'subscribe', id: 'd', resource: 'workspaces' });
    s.handleMessage('x'.repeat(20_000));
    expect(sent.map((m) => (m.type === 'error' ? [m.id, m.error.code] : m.type))).toEqual([
      [undefined, 'BadRequest'],
      ['a', 'BadRequest'],
      ['b', 'BadRequest'],
      ['c', 'Invalid'],
      ['d', 'BadRequest'],
      [undefined, 'TooLarge'],
    ]);
    expect(s.subscriptionCount()).toBe(0);
  });

  it('answers ping with pong', () => {
    const { sent, send } = session();
    send({ type: 'ping' });
    expect(sent).toEqual([{ type: 'pong' }]);
  });

  it('sends status while loading, then the snapshot of rows', async () => {
    const { f, sent, send } = session();
    send({ type: 'subscribe', id: 's1', resource: 'gitrepos', workspace: 'fleet-default' });
    expect(f.subscribed[0]).toMatchObject({ namespace: 'fleet-default', type: { plural: 'gitrepos' } });
    expect(sent).toEqual([{ type: 'status', id: 's1', state: 'resyncing' }]);
    f.load([gitRepo('a'), gitRepo('b')]);
    await Promise.resolve();
    await Promise.resolve();
    const snap = sent[1];
    expect(snap?.type).toBe('snapshot');
    if (snap?.type !== 'snapshot') return;
    expect(snap.items.map((r) => r.name)).toEqual(['a', 'b']);
    expect(snap.items[0]).toMatchObject({ kind: 'GitRepo', state: 'Ready', repo: 'https://example.com/a' });
    expect(snap.items[0]).not.toHaveProperty('spec');
  });

  it('batches changes per flush and coalesces per key', () => {
    vi.useFakeTimers();
    const { f, sent, send } = session(50);
    f.load([gitRepo('a')]);
    send({ type: 'subscribe', id: 's', resource: 'gitrepos', workspace: 'fleet-default' });
    expect(sent.map((m) => m.type)).toEqual(['snapshot']);
    f.change('upsert', gitRepo('a', {}, { spec: { repo: 'r1' } }), '2');
    f.change('upsert', gitRepo('a', {}, { spec: { repo: 'r2' } }), '3');
    f.change('upsert', gitRepo('b'), '4');
    f.change('delete', gitRepo('b'), '5');
    f.change('upsert', gitRepo('c'), '6');
    expect(sent).toHaveLength(1);
    // Idle session: the batch goes out on the next tick, not after the window.
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(2);
    const changes = sent[1];
    if (changes?.type !== 'changes') throw new Error('expected changes');
    expect(changes.revision).toBe('6');
    expect(changes.events.map((e) => [e.type, e.key, 'row' in e ? (e.row as { repo: string }).repo : undefined])).toEqual([
      ['upsert', 'fleet-default/a', 'r2'],
      ['delete', 'fleet-default/b', undefined],
      ['upsert', 'fleet-default/c', 'https://example.com/c'],
    ]);
  });

  it('reports how long the oldest change of each batch waited', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance', 'Date'] });
    const f = fakeCache();
    const waits: number[] = [];
    const s = createSocketSession({ cache: f.cache, send: () => undefined, flushIntervalMs: 50, onBatchSent: (ms) => waits.push(ms) });
    f.load([gitRepo('a')]);
    s.handleMessage(JSON.stringify({ type: 'subscribe', id: 's', resource: 'gitrepos', workspace: 'fleet-default' }));
    f.change('upsert', gitRepo('a', {}, { spec: { repo: 'r1' } }), '2');
    vi.advanceTimersByTime(0); // leading edge: sent at once
    vi.advanceTimersByTime(10);
    f.change('upsert', gitRepo('a', {}, { spec: { repo: 'r2' } }), '3');
    vi.advanceTimersByTime(20);
    f.change('upsert', gitRepo('b'), '4');
    vi.advanceTimersByTime(50); // the window ends 50 ms after the first batch
    expect(waits).toEqual([0, 40]);
  });

  it('flushes on the leading edge, then batches what follows until the window ends', () => {
    vi.useFakeTimers();
    const { f, sent, send } = session(50);
    f.load([gitRepo('a')]);
    send({ type: 'subscribe', id: 's', resource: 'gitrepos', workspace: 'fleet-default' });
    f.change('upsert', gitRepo('a', {}, { spec: { repo: 'r1' } }), '2');
    vi.advanceTimersByTime(0);
    expect(sent.map((m) => m.type)).toEqual(['snapshot', 'changes']);
    vi.advanceTimersByTime(10);
    f.change('upsert', gitRepo('a', {}, { spec: { repo: 'r2' } }), '3');
    f.change('upsert', gitRepo('b'), '4');
    vi.advanceTimersByTime(39);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(3);
    const batch = sent[2];
    if (batch?.type !== 'changes') throw new Error('expected changes');
    expect(batch.events.map((e) => e.key)).toEqual(['fleet-default/a', 'fleet-default/b']);
    // Quiet for a whole window: the next change is sent at once again.
    vi.advanceTimersByTime(200);
    f.change('upsert', gitRepo('c'), '5');
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(4);
  });

  it('filters by selector: objects leaving the selection are deleted for the subscriber', () => {
    vi.useFakeTimers();
    const { f, sent, send } = session(10);
    f.load([gitRepo('a', { env: 'prod' }), gitRepo('b', { env: 'dev' })]);
    send({ type: 'subscribe', id: 's', resource: 'gitrepos', workspace: 'fleet-default', selector: 'env=prod' });
    const snap = sent[0];
    if (snap?.type !== 'snapshot') throw new Error('expected snapshot');
    expect(snap.items.map((r) => r.name)).toEqual(['a']);
    f.change('upsert', gitRepo('a', { env: 'dev' }), '2');
    f.change('upsert', gitRepo('b', { env: 'dev', x: 'y' }), '3');
    vi.advanceTimersByTime(10);
    const changes = sent[1];
    if (changes?.type !== 'changes') throw new Error('expected changes');
    expect(changes.events).toEqual([{ type: 'delete', key: 'fleet-default/a' }]);
  });

  it('sends full objects without managedFields and last-applied to detail subscriptions', () => {
    vi.useFakeTimers();
    const { f, sent, send } = session(10);
    f.load([gitRepo('a'), gitRepo('b')]);
    send({ type: 'subscribe', id: 'd', resource: 'gitrepos', workspace: 'fleet-default', name: 'a' });
    const snap = sent[0];
    if (snap?.type !== 'snapshot') throw new Error('expected snapshot');
    expect(snap.items).toHaveLength(1);
    const obj = snap.items[0] as { spec: unknown; metadata: Record<string, unknown> };
    expect(obj.spec).toEqual({ repo: 'https://example.com/a' });
    expect(obj.metadata).not.toHaveProperty('managedFields');
    expect(obj.metadata.annotations).toEqual({ keep: 'me' });
    f.change('upsert', gitRepo('b'), '2');
    vi.advanceTimersByTime(20);
    expect(sent).toHaveLength(1);
  });

  it('forwards cache status, flushing pending changes first', () => {
    vi.useFakeTimers();
    const { f, sent, send } = session(50);
    f.load([]);
    send({ type: 'subscribe', id: 's', resource: 'gitrepos', workspace: 'fleet-default' });
    f.change('upsert', gitRepo('a'), '2');
    f.status({ state: 'resyncing', message: 'too old resource version' });
    expect(sent.map((m) => m.type)).toEqual(['snapshot', 'changes', 'status']);
    expect(sent[2]).toEqual({ type: 'status', id: 's', state: 'resyncing', message: 'too old resource version' });
  });

  it('unsubscribes on request, on resubscribe of the same id and on close', () => {
    const { f, s, send } = session();
    f.load([]);
    send({ type: 'subscribe', id: 's', resource: 'gitrepos', workspace: 'fleet-default' });
    send({ type: 'subscribe', id: 's', resource: 'clusters', workspace: 'fleet-default' });
    expect(f.unsubscribedCount()).toBe(1);
    send({ type: 'subscribe', id: 't', resource: 'bundledeployments', workspace: 'fleet-default' });
    expect(f.subscribed[2]).toMatchObject({ namespace: '', type: { plural: 'bundledeployments' } });
    send({ type: 'unsubscribe', id: 's' });
    expect(f.unsubscribedCount()).toBe(2);
    expect(s.subscriptionCount()).toBe(1);
    s.close();
    expect(f.unsubscribedCount()).toBe(3);
    expect(s.subscriptionCount()).toBe(0);
  });

  it('limits subscriptions per connection', () => {
    const f = fakeCache();
    const sent: ServerMessage[] = [];
    const s = createSocketSession({ cache: f.cache, send: (m) => sent.push(m), maxSubscriptions: 2 });
    f.load([]);
    for (const id of ['a', 'b', 'c']) s.handleMessage(JSON.stringify({ type: 'subscribe', id, resource: 'gitrepos', workspace: 'fleet-default' }));
    expect(s.subscriptionCount()).toBe(2);
    expect(sent.at(-1)).toMatchObject({ type: 'error', id: 'c', error: { code: 'BadRequest' } });
  });
});

describe('socket session with an access check (token mode)', () => {
  function authorized(allowed: (ref: CacheRef) => boolean | Error) {
    const f = fakeCache();
    const sent: ServerMessage[] = [];
    const asked: string[] = [];
    const s = createSocketSession({
      cache: f.cache,
      send: (m) => sent.push(m),
      flushIntervalMs: 10,
      recheckMs: 100,
      authorize: async (ref) => {
        asked.push(`${ref.type.plural}/${ref.namespace}`);
        const a = allowed(ref);
        if (a instanceof Error) throw a;
        return a;
      },
    });
    return { f, sent, asked, s, send: (m: unknown) => s.handleMessage(JSON.stringify(m)) };
  }

  it('refuses a subscription the user may not watch, without touching the cache', async () => {
    const { f, sent, send } = authorized((ref) => ref.namespace === 'fleet-default');
    f.load([gitRepo('one')]);
    send({ type: 'subscribe', id: 'a', resource: 'gitrepos', workspace: 'fleet-local' });
    send({ type: 'subscribe', id: 'b', resource: 'gitrepos', workspace: 'fleet-default' });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0]).toEqual({
      type: 'error',
      id: 'a',
      error: { code: 'Forbidden', message: 'Not allowed to watch gitrepos.fleet.cattle.io in namespace "fleet-local"', details: { verb: 'watch', resource: 'gitrepos.fleet.cattle.io', namespace: 'fleet-local' } },
    });
    expect(sent[1]).toMatchObject({ type: 'snapshot', id: 'b' });
    expect(f.subscribed.map((r) => r.namespace)).toEqual(['fleet-default']);
  });

  it('an unsubscribe during the check wins', async () => {
    const { f, sent, send } = authorized(() => true);
    f.load([]);
    send({ type: 'subscribe', id: 'a', resource: 'gitrepos', workspace: 'fleet-default' });
    send({ type: 'unsubscribe', id: 'a' });
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([]);
    expect(f.subscribed).toEqual([]);
  });

  it('stops a running subscription with status forbidden once access is gone', async () => {
    let allowed: boolean | Error = true;
    const { f, sent, s, send } = authorized(() => allowed);
    f.load([gitRepo('one')]);
    send({ type: 'subscribe', id: 'a', resource: 'gitrepos', workspace: 'fleet-default' });
    await vi.waitFor(() => expect(sent.map((m) => m.type)).toEqual(['snapshot']));
    allowed = new Error('network blip'); // not a verdict: the subscription stays
    await new Promise((r) => setTimeout(r, 250));
    expect(s.subscriptionCount()).toBe(1);
    allowed = false;
    f.change('upsert', gitRepo('two'), '2'); // streams until the next check
    await vi.waitFor(() => expect(sent.at(-1)).toEqual({ type: 'status', id: 'a', state: 'error', message: 'forbidden' }), { timeout: 2000 });
    expect(s.subscriptionCount()).toBe(0);
    expect(f.unsubscribedCount()).toBe(1);
    s.close();
  });
});

describe('socket session, serialized once', () => {
  /** Two sessions on one cache: one sends objects, the other pre-serialized parts. */
  function pair(encoder = createMessageEncoder()) {
    const f = fakeCache();
    const objects: ServerMessage[] = [];
    const raw: EncodedMessage[] = [];
    const plain = createSocketSession({ cache: f.cache, send: (m) => objects.push(m), flushIntervalMs: 10 });
    const encoded = createSocketSession({ cache: f.cache, send: (m) => objects.push(m), sendEncoded: (m) => raw.push(m), encoder, flushIntervalMs: 10 });
    const both = (m: unknown): void => {
      plain.handleMessage(JSON.stringify(m));
      encoded.handleMessage(JSON.stringify(m));
    };
    const decoded = (): unknown[] => raw.map((parts) => JSON.parse(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8')));
    return { f, objects, raw, both, decoded, encoded };
  }

  it('sends the same messages as the object path (rows, selectors, detail objects, deletes)', () => {
    vi.useFakeTimers();
    const { f, objects, both, decoded } = pair();
    f.load([gitRepo('a', { env: 'prod' }), gitRepo('b', { env: 'dev' }), gitRepo('ü "q"', { env: 'prod' })]);
    both({ type: 'subscribe', id: 'all', resource: 'gitrepos', workspace: 'fleet-default' });
    both({ type: 'subscribe', id: 'prod "x"', resource: 'gitrepos', workspace: 'fleet-default', selector: 'env=prod' });
    both({ type: 'subscribe', id: 'one', resource: 'gitrepos', workspace: 'fleet-default', name: 'a' });
    f.change('upsert', gitRepo('a', { env: 'dev' }, { spec: { repo: 'r1' } }), '2');
    f.change('upsert', gitRepo('c', { env: 'prod' }), '3');
    f.change('delete', gitRepo('b', { env: 'dev' }), '4');
    vi.advanceTimersByTime(0);
    const decodedMessages = decoded();
    expect(decodedMessages).toHaveLength(6);
    expect(decodedMessages).toEqual(objects);
    const detail = decodedMessages.find((m) => (m as { id?: string; type: string }).id === 'one' && (m as { type: string }).type === 'snapshot') as { items: Array<{ metadata: Record<string, unknown> }> };
    expect(detail.items[0]?.metadata).not.toHaveProperty('managedFields');
  });

  it('serializes a snapshot once per (target, revision) and shares the bytes between sockets', () => {
    const encoder = createMessageEncoder();
    const first = pair(encoder);
    first.f.load([gitRepo('a'), gitRepo('b', { env: 'prod' })]);
    const sessions = [0, 1, 2].map(() => {
      const raw: EncodedMessage[] = [];
      const s = createSocketSession({ cache: first.f.cache, send: () => undefined, sendEncoded: (m) => raw.push(m), encoder });
      return { raw, s };
    });
    sessions.forEach(({ s }, i) => s.handleMessage(JSON.stringify({ type: 'subscribe', id: `s${i}`, resource: 'gitrepos', workspace: 'fleet-default' })));
    const shared = sessions.map(({ raw }) => raw[0]?.[1]);
    expect(shared[0]).toBeInstanceOf(Buffer);
    expect(shared[1]).toBe(shared[0]);
    expect(shared[2]).toBe(shared[0]);
    expect(sessions.map(({ raw }) => raw[0]?.[0])).toEqual([0, 1, 2].map((i) => `{"type":"snapshot","id":"s${i}","revision":"1","items":`));
    // Another selection, or a new revision, is another snapshot.
    sessions[0]?.s.handleMessage(JSON.stringify({ type: 'subscribe', id: 'p', resource: 'gitrepos', workspace: 'fleet-default', selector: 'env=prod' }));
    const prod = sessions[0]?.raw[1]?.[1];
    expect(prod).not.toBe(shared[0]);
    expect(JSON.parse(String(prod))).toHaveLength(1);
    first.f.change('upsert', gitRepo('c'), '2');
    sessions[1]?.s.handleMessage(JSON.stringify({ type: 'subscribe', id: 'later', resource: 'gitrepos', workspace: 'fleet-default' }));
    const later = sessions[1]?.raw.at(-1)?.[1];
    expect(later).not.toBe(shared[0]);
    expect(JSON.parse(String(later))).toHaveLength(3);
    for (const { s } of sessions) s.close();
  });
});

describe('subscriptions of a whole cache', () => {
  it('track no keys and still send upserts and deletes like a filtered one', () => {
    vi.useFakeTimers();
    const { f, sent, send } = session(10);
    f.load([gitRepo('a'), gitRepo('b', { env: 'prod' })]);
    send({ type: 'subscribe', id: 'all', resource: 'gitrepos', workspace: 'fleet-default' });
    send({ type: 'subscribe', id: 'sel', resource: 'gitrepos', workspace: 'fleet-default', selector: 'env' });
    f.change('upsert', gitRepo('c', { env: 'dev' }), '2');
    f.change('delete', gitRepo('a'), '3');
    f.change('delete', gitRepo('b', { env: 'prod' }), '4');
    vi.advanceTimersByTime(0);
    const events = (id: string) => {
      const m = sent.find((x) => x.type === 'changes' && x.id === id);
      if (m?.type !== 'changes') throw new Error(`no changes for ${id}`);
      return m.events.map((e) => [e.type, e.key]);
    };
    expect(events('all')).toEqual([
      ['upsert', 'fleet-default/c'],
      ['delete', 'fleet-default/a'],
      ['delete', 'fleet-default/b'],
    ]);
    expect(events('sel')).toEqual([
      ['upsert', 'fleet-default/c'],
      ['delete', 'fleet-default/b'],
    ]);
  });
});

describe('change batches, serialized once', () => {
  it('sockets flushing the same batch share its bytes; a different batch is never reused', () => {
    vi.useFakeTimers();
    const encoder = createMessageEncoder();
    const f = fakeCache();
    f.load([gitRepo('a')]);
    const open = (id: string) => {
      const raw: EncodedMessage[] = [];
      const s = createSocketSession({ cache: f.cache, send: () => undefined, sendEncoded: (m) => raw.push(m), encoder, flushIntervalMs: 10 });
      s.handleMessage(JSON.stringify({ type: 'subscribe', id, resource: 'gitrepos', workspace: 'fleet-default' }));
      return { raw, s };
    };
    const x = open('x');
    const y = open('y');
    f.change('upsert', gitRepo('a', {}, { spec: { repo: 'r1' } }), '2');
    vi.advanceTimersByTime(0);
    expect(x.raw[1]?.[1]).toBeInstanceOf(Buffer);
    expect(y.raw[1]?.[1]).toBe(x.raw[1]?.[1]);
    expect(JSON.parse(Buffer.concat((y.raw[1] ?? []).map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString())).toMatchObject({
      type: 'changes',
      id: 'y',
      revision: '2',
      events: [{ type: 'upsert', key: 'fleet-default/a', row: { repo: 'r1' } }],
    });
    // y holds a change x has not flushed yet: same revision, different batch.
    vi.advanceTimersByTime(100);
    const z = open('z');
    f.change('upsert', gitRepo('b'), '3');
    x.s.flush();
    f.change('upsert', gitRepo('c'), '3');
    y.s.flush();
    z.s.flush();
    const batch = (m: EncodedMessage | undefined) => JSON.parse(String(m?.[1])) as Array<{ key: string }>;
    expect(batch(x.raw.at(-1)).map((e) => e.key)).toEqual(['fleet-default/b']);
    expect(batch(y.raw.at(-1)).map((e) => e.key)).toEqual(['fleet-default/b', 'fleet-default/c']);
    expect(batch(z.raw.at(-1)).map((e) => e.key)).toEqual(['fleet-default/b', 'fleet-default/c']);
    expect(z.raw.at(-1)?.[1]).toBe(y.raw.at(-1)?.[1]);
    expect(x.raw.at(-1)?.[1]).not.toBe(y.raw.at(-1)?.[1]);
  });
});
