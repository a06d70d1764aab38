import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createFakeWebSocketFactory } from '../api/fake-socket.testing';
import { WATCH_SOCKET } from '../api/injection-keys';
import { createWatchSocket } from '../api/socket';
import { useServerStateStore } from './server-state.store';

function setup() {
  const fake = createFakeWebSocketFactory();
  const timers: (() => void)[] = [];
  const socket = createWatchSocket({ url: 'ws://x', createWebSocket: fake.factory, setTimer: (fn) => timers.push(fn), clearTimer: () => undefined });
  const app = createApp({});
  app.provide(WATCH_SOCKET, socket);
  const pinia = createPinia();
  app.use(pinia);
  setActivePinia(pinia);
  fake.latest().open();
  return { fake, timers, store: useServerStateStore() };
}

const row = (name: string, rv: string, state = 'Ready') => ({ key: `ws/${name}`, name, resourceVersion: rv, state });

describe('server state store', () => {
  it('applies snapshot then changes, in place, bumping the version once per message', () => {
    const { fake, store } = setup();
    const entry = store.acquire({ resource: 'gitrepos', workspace: 'ws' });
    expect(entry.status.value).toBe('pending');
    const first = row('a', '1');
    fake.latest().push({ type: 'snapshot', id: 's1', items: [first, row('b', '1')], revision: '1' });
    expect(entry.version.value).toBe(1);
    expect(entry.status.value).toBe('live');
    fake.latest().push({
      type: 'changes',
      id: 's1',
      events: [
        { type: 'upsert', key: 'ws/b', row: row('b', '2', 'NotReady') },
        { type: 'delete', key: 'ws/zzz' },
      ],
      revision: '2',
    });
    expect(entry.version.value).toBe(2);
    expect(entry.data.items.get('ws/a')).toEqual(first);
    expect(entry.data.items.get('ws/b')?.state).toBe('NotReady');
  });

  it('shares one subscription between users and ends it with the last', () => {
    const { fake, store } = setup();
    const a = store.acquire({ resource: 'clusters', workspace: 'ws' });
    const b = store.acquire({ resource: 'clusters', workspace: 'ws' });
    expect(a).toBe(b);
    expect(fake.latest().sent.filter((m) => (m as { type: string }).type === 'subscribe')).toHaveLength(1);
    store.release(a);
    expect(store.activeCount()).toBe(1);
    store.release(b);
    expect(store.activeCount()).toBe(0);
    expect(fake.latest().sent.at(-1)).toEqual({ type: 'unsubscribe', id: 's1' });
  });

  it('keeps the data while reconnecting and reconciles with the new snapshot', () => {
    const { fake, timers, store } = setup();
    const entry = store.acquire({ resource: 'gitrepos', workspace: 'ws' });
    fake.latest().push({ type: 'snapshot', id: 's1', items: [row('a', '1'), row('b', '1')], revision: '1' });
    const kept = entry.data.items.get('ws/a');
    fake.latest().drop();
    expect(store.connection).toBe('reconnecting');
    expect(entry.data.items.size).toBe(2);
    timers[0]!();
    fake.latest().open();
    expect(store.connection).toBe('open');
    fake.latest().push({ type: 'snapshot', id: 's1', items: [row('a', '1'), row('c', '3')], revision: '3' });
    expect(entry.data.items.get('ws/a')).toBe(kept);
    expect([...entry.data.items.keys()].sort()).toEqual(['ws/a', 'ws/c']);
  });

  it('records status and error messages', () => {
    const { fake, store } = setup();
    const entry = store.acquire({ resource: 'gitrepos', workspace: 'ws' });
    fake.latest().push({ type: 'status', id: 's1', state: 'error', message: 'watch failed: 403' });
    expect(entry.status.value).toBe('error');
    expect(entry.error.value?.message).toBe('watch failed: 403');
    fake.latest().push({ type: 'error', id: 's1', error: { code: 'BadRequest', message: 'bad workspace' } });
    expect(entry.error.value).toEqual({ code: 'BadRequest', message: 'bad workspace' });
    fake.latest().push({ type: 'snapshot', id: 's1', items: [], revision: '1' });
    expect(entry.error.value).toBeNull();
  });

  it('keeps event subscriptions about different objects apart and sends the involved object', () => {
    const { fake, store } = setup();
    const a = store.acquire({ resource: 'events', workspace: 'ws', involved: { kind: 'GitRepo', name: 'a' } });
    const b = store.acquire({ resource: 'events', workspace: 'ws', involved: { kind: 'GitRepo', name: 'b' } });
    const again = store.acquire({ resource: 'events', workspace: 'ws', involved: { kind: 'GitRepo', name: 'a' } });
    expect(a).not.toBe(b);
    expect(again).toBe(a);
    expect(fake.latest().sent).toEqual([
      { type: 'subscribe', id: 's1', resource: 'events', workspace: 'ws', involved: { kind: 'GitRepo', name: 'a' } },
      { type: 'subscribe', id: 's2', resource: 'events', workspace: 'ws', involved: { kind: 'GitRepo', name: 'b' } },
    ]);
  });
});
