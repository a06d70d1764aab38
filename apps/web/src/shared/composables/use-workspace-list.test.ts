// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { createApiClient } from '../api/api-client';
import { createFakeHttp } from '../api/fake-http.testing';
import { createFakeWebSocketFactory } from '../api/fake-socket.testing';
import { API_CLIENT, WATCH_SOCKET } from '../api/injection-keys';
import { createWatchSocket } from '../api/socket';
import { useSessionStore } from '../stores/session.store';
import { useWorkspaceList } from './use-workspace-list';

enableAutoUnmount(afterEach);
afterEach(() => vi.useRealTimers());

const row = (name: string, clusters = 0) => ({ kind: 'Workspace', key: name, name, counts: { gitRepos: 0, clusters, clusterGroups: 0, bundles: 0 } });
const flush = async () => {
  for (let i = 0; i < 5; i += 1) await nextTick();
};

function setup() {
  const sockets = createFakeWebSocketFactory();
  const socket = createWatchSocket({ url: 'ws://x', createWebSocket: sockets.factory, setTimer: () => 0, clearTimer: () => undefined });
  const fake = createFakeHttp(() => ({ items: [row('polled')] }));
  let list!: ReturnType<typeof useWorkspaceList>;
  let session!: ReturnType<typeof useSessionStore>;
  const Probe = defineComponent({
    setup() {
      list = useWorkspaceList({ pollMs: 1000 });
      session = useSessionStore();
      return () => h('ul', list.rows.value.map((w) => h('li', `${w.name}:${w.counts.clusters}`)));
    },
  });
  const wrapper = mount(Probe, {
    global: { plugins: [createPinia()], provide: { [WATCH_SOCKET as symbol]: socket, [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
  });
  sockets.latest().open();
  return { wrapper, ws: sockets.latest(), fake, list: () => list, session: () => session };
}

describe('useWorkspaceList', () => {
  it('subscribes to workspaces and follows snapshot and changes live, without REST', async () => {
    const { wrapper, ws, fake, list } = setup();
    expect(ws.sent).toEqual([{ type: 'subscribe', id: 's1', resource: 'workspaces', workspace: '' }]);
    expect(list().isLoading.value).toBe(true);
    ws.push({ type: 'snapshot', id: 's1', items: [row('fleet-default', 2), row('fleet-local', 1)], revision: '1' });
    ws.push({ type: 'changes', id: 's1', events: [{ type: 'upsert', key: 'team-a', row: row('team-a') }], revision: '2' });
    await flush();
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual(['fleet-default:2', 'fleet-local:1', 'team-a:0']);
    expect(list().isPolling.value).toBe(false);
    expect(fake.requests).toEqual([]);
  });

  it('keeps the list of the workspace picker (the session store) in step with the live rows', async () => {
    const { ws, session } = setup();
    ws.push({ type: 'snapshot', id: 's1', items: [row('fleet-local'), row('fleet-default')], revision: '1' });
    await flush();
    expect(session().workspaces.map((w) => w.name)).toEqual(['fleet-default', 'fleet-local']);
    ws.push({ type: 'changes', id: 's1', events: [{ type: 'upsert', key: 'team-a', row: row('team-a') }, { type: 'delete', key: 'fleet-local' }], revision: '2' });
    await flush();
    expect(session().workspaces.map((w) => w.name)).toEqual(['fleet-default', 'team-a']);
  });

  it('polls GET /api/workspaces while the server refuses the subscription', async () => {
    vi.useFakeTimers();
    const { wrapper, ws, fake, list } = setup();
    ws.push({ type: 'error', id: 's1', error: { code: 'BadRequest', message: '"workspaces" cannot be watched here' } });
    await flush();
    expect(list().isPolling.value).toBe(true);
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/workspaces']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fake.requests).toHaveLength(3);
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual(['polled:0']);
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.requests).toHaveLength(3);
  });
});
