import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, createWatchSocket, watchUrlFor } from './socket';
import { createFakeWebSocketFactory } from './fake-socket.testing';

function setup(extra: { isSuspended?: boolean; onRefused?: () => void; onAccessLost?: () => void } = {}) {
  const fake = createFakeWebSocketFactory();
  const timers: { fn: () => void; ms: number }[] = [];
  const socket = createWatchSocket({
    ...extra,
    url: 'ws://x/api/watch',
    createWebSocket: fake.factory,
    random: () => 0.5,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
  });
  return { fake, timers, socket };
}

describe('watch socket', () => {
  it('builds the URL from the page origin', () => {
    expect(watchUrlFor({ protocol: 'https:', host: 'a.b:8443' })).toBe('wss://a.b:8443/api/watch');
    expect(watchUrlFor({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/api/watch');
  });

  it('backs off exponentially with jitter up to the maximum', () => {
    expect(backoffDelay(0, 100, 1000, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 1000, () => 0.999)).toBeLessThan(100);
    expect(backoffDelay(3, 100, 1000, () => 0)).toBe(400);
    expect(backoffDelay(10, 100, 1000, () => 0.5)).toBe(750);
  });

  it('subscribes once open, routes messages by id, and unsubscribes', () => {
    const { fake, socket } = setup();
    const got: unknown[] = [];
    const stop = socket.subscribe({ resource: 'gitrepos', workspace: 'fleet-default' }, (m) => got.push(m));
    expect(fake.latest().sent).toEqual([]);
    fake.latest().open();
    expect(socket.state()).toBe('open');
    expect(fake.latest().sent).toEqual([{ type: 'subscribe', id: 's1', resource: 'gitrepos', workspace: 'fleet-default' }]);
    fake.latest().push({ type: 'snapshot', id: 's1', items: [], revision: '1' });
    fake.latest().push({ type: 'snapshot', id: 'other', items: [], revision: '1' });
    fake.latest().push({ type: 'pong' });
    fake.latest().push({ nonsense: true });
    expect(got).toEqual([{ type: 'snapshot', id: 's1', items: [], revision: '1' }]);
    stop();
    expect(fake.latest().sent.at(-1)).toEqual({ type: 'unsubscribe', id: 's1' });
  });

  it('reconnects with growing delays and resubscribes everything', () => {
    const { fake, timers, socket } = setup();
    const states: string[] = [];
    socket.onStateChange((s) => states.push(s));
    socket.subscribe({ resource: 'gitrepos', workspace: 'a' }, () => undefined);
    socket.subscribe({ resource: 'clusters', workspace: 'b', name: 'c1' }, () => undefined);
    fake.latest().open();
    fake.latest().drop();
    expect(socket.state()).toBe('reconnecting');
    expect(timers.map((t) => t.ms)).toEqual([75]);
    timers[0]!.fn();
    expect(fake.sockets).toHaveLength(2);
    fake.latest().drop(); // fails again before opening
    expect(timers.map((t) => t.ms)).toEqual([75, 150]);
    timers[1]!.fn();
    fake.latest().open();
    expect(fake.latest().sent).toEqual([
      { type: 'subscribe', id: 's1', resource: 'gitrepos', workspace: 'a' },
      { type: 'subscribe', id: 's2', resource: 'clusters', workspace: 'b', name: 'c1' },
    ]);
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    // a later drop starts from the first delay again
    fake.latest().drop();
    expect(timers.at(-1)?.ms).toBe(75);
  });

  it('starts suspended without connecting, and resume() connects and subscribes', () => {
    const { fake, socket } = setup({ isSuspended: true });
    expect(fake.sockets).toHaveLength(0);
    expect(socket.state()).toBe('closed');
    socket.subscribe({ resource: 'gitrepos', workspace: 'w' }, () => undefined);
    socket.resume();
    expect(socket.state()).toBe('connecting');
    fake.latest().open();
    expect(fake.latest().sent).toEqual([{ type: 'subscribe', id: 's1', resource: 'gitrepos', workspace: 'w' }]);
  });

  it('reports a connection that closes without opening (a refused upgrade), and stops retrying once suspended', () => {
    let refusals = 0;
    const { fake, timers, socket } = setup({ onRefused: () => (refusals += 1) });
    fake.latest().drop();
    expect(refusals).toBe(1);
    expect(timers).toHaveLength(1);
    socket.suspend();
    expect(socket.state()).toBe('closed');
    timers[0]!.fn();
    expect(fake.sockets).toHaveLength(1);
    socket.resume();
    expect(fake.sockets).toHaveLength(2);
    fake.latest().open();
    fake.latest().drop();
    expect(refusals).toBe(1);
  });

  it('reports a subscription refused or stopped for lack of access, and nothing else', () => {
    let losses = 0;
    const { fake, socket } = setup({ onAccessLost: () => (losses += 1) });
    const got: unknown[] = [];
    socket.subscribe({ resource: 'gitrepos', workspace: 'fleet-local' }, (m) => got.push(m));
    fake.latest().open();
    fake.latest().push({ type: 'status', id: 's1', state: 'resyncing' });
    fake.latest().push({ type: 'status', id: 's1', state: 'error', message: 'watch failed' });
    expect(losses).toBe(0);
    fake.latest().push({ type: 'error', id: 's1', error: { code: 'Forbidden', message: 'Not allowed to watch gitrepos' } });
    fake.latest().push({ type: 'status', id: 's1', state: 'error', message: 'forbidden' });
    expect(losses).toBe(2);
    expect(got).toHaveLength(4);
  });

  it('retryNow() reconnects at once while a reconnect waits, keeps the backoff growing, and does nothing otherwise', () => {
    const { fake, timers, socket } = setup();
    socket.subscribe({ resource: 'gitrepos', workspace: 'a' }, () => undefined);
    socket.retryNow(); // connecting, no reconnect pending
    expect(fake.sockets).toHaveLength(1);
    fake.latest().open();
    socket.retryNow(); // open
    expect(fake.sockets).toHaveLength(1);
    fake.latest().drop();
    expect(timers.map((t) => t.ms)).toEqual([75]);
    socket.retryNow();
    expect(fake.sockets).toHaveLength(2);
    fake.latest().drop(); // the early try fails too: the next delay is the second step
    expect(timers.map((t) => t.ms)).toEqual([75, 150]);
    socket.retryNow();
    fake.latest().open();
    expect(socket.state()).toBe('open');
    expect(fake.latest().sent).toEqual([{ type: 'subscribe', id: 's1', resource: 'gitrepos', workspace: 'a' }]);
    socket.suspend();
    socket.retryNow();
    expect(fake.sockets).toHaveLength(3);
  });

  it('close() stops reconnecting', () => {
    const { fake, timers, socket } = setup();
    fake.latest().open();
    socket.close();
    fake.latest().drop();
    expect(timers).toHaveLength(0);
    expect(socket.state()).toBe('closed');
  });

  it('uses real timers by default', () => {
    vi.useFakeTimers();
    try {
      const fake = createFakeWebSocketFactory();
      const socket = createWatchSocket({ url: 'ws://x', createWebSocket: fake.factory, random: () => 0, baseDelayMs: 10 });
      fake.latest().drop();
      vi.advanceTimersByTime(5);
      expect(fake.sockets).toHaveLength(2);
      socket.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
