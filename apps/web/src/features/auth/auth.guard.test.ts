// @vitest-environment happy-dom
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../app/router';
import { createApiClient } from '../../shared/api/api-client';
import { apiFailure, createFakeHttp } from '../../shared/api/fake-http.testing';
import { createFakeWebSocketFactory } from '../../shared/api/fake-socket.testing';
import { API_CLIENT, WATCH_SOCKET } from '../../shared/api/injection-keys';
import { createWatchSocket } from '../../shared/api/socket';
import { useServerStateStore } from '../../shared/stores/server-state.store';
import { useSessionStore } from '../../shared/stores/session.store';
import { installAuthGuard } from './auth.guard';

type Me = { mode: 'demo' | 'kubeconfig' | 'token'; username: string; groups: string[] } | 401;

function setup(initial: Me) {
  let me: Me = initial;
  const fake = createFakeHttp((request) => {
    if (request.path === '/api/me') {
      if (me === 401) throw apiFailure(401, 'no session', { reason: 'missing' });
      return me;
    }
    throw new Error(`unexpected ${request.path}`);
  });
  const ws = createFakeWebSocketFactory();
  const socket = createWatchSocket({ url: 'ws://x/api/watch', createWebSocket: ws.factory, isSuspended: true, setTimer: () => 1, clearTimer: () => undefined });
  const app = createApp({ render: () => null });
  app.provide(API_CLIENT, createApiClient({ http: fake.http }));
  app.provide(WATCH_SOCKET, socket);
  const pinia = createPinia();
  app.use(pinia);
  const router = createAppRouter({ pinia, history: createMemoryHistory() });
  const guard = app.runWithContext(() => installAuthGuard({ router, pinia, socket }));
  const session = app.runWithContext(() => useSessionStore(pinia));
  const serverState = app.runWithContext(() => useServerStateStore(pinia));
  return { router, guard, socket, ws, session, serverState, fake, setMe: (next: Me) => (me = next) };
}

const viewer: Me = { mode: 'token', username: 'viewer', groups: [] };

describe('auth guard', () => {
  it('sends a visitor without a session to /login with the place they asked for, and never opens the websocket', async () => {
    const t = setup(401);
    await t.router.push('/w/fleet-default/clusters?sort=name');
    expect(t.router.currentRoute.value.name).toBe('login');
    expect(t.router.currentRoute.value.query.redirect).toBe('/w/fleet-default/clusters?sort=name');
    expect(t.ws.sockets).toHaveLength(0);
    expect(t.socket.state()).toBe('closed');
    await t.router.push('/dashboard');
    expect(t.router.currentRoute.value.name).toBe('login');
    expect(t.fake.requests.filter((r) => r.path === '/api/me')).toHaveLength(1);
  });

  it('lets a signed-in user through and connects the websocket', async () => {
    const t = setup(viewer);
    await t.router.push('/w/fleet-default/gitrepos');
    expect(t.router.currentRoute.value.name).toBe('gitrepos');
    expect(t.ws.sockets).toHaveLength(1);
    expect(t.session.me?.username).toBe('viewer');
  });

  it('keeps /login out of reach in demo and kubeconfig modes', async () => {
    for (const mode of ['demo', 'kubeconfig'] as const) {
      const t = setup({ mode, username: 'admin', groups: [] });
      await t.router.push('/login');
      expect(t.router.currentRoute.value.name).toBe('gitrepos');
    }
  });

  it('sends a signed-in user on /login to the redirect target', async () => {
    const t = setup(viewer);
    await t.router.push('/login?redirect=/dashboard');
    expect(t.router.currentRoute.value.fullPath).toBe('/dashboard');
  });

  it('on a later 401 keeps the place, suspends the websocket and drops server state', async () => {
    const t = setup(viewer);
    await t.router.push('/w/fleet-default/bundles?q=x');
    t.ws.latest().open();
    t.serverState.acquire({ resource: 'bundles', workspace: 'fleet-default' });
    expect(t.serverState.activeCount()).toBe(1);
    t.guard.sessionExpired();
    await t.router.isReady();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.router.currentRoute.value.name).toBe('login');
    expect(t.router.currentRoute.value.query.redirect).toBe('/w/fleet-default/bundles?q=x');
    expect(t.socket.state()).toBe('closed');
    expect(t.serverState.activeCount()).toBe(0);
    expect(t.session.me).toBeNull();
  });

  it('checkSession (websocket refused) goes to /login only when /api/me says 401', async () => {
    const t = setup(viewer);
    await t.router.push('/dashboard');
    await t.guard.checkSession();
    expect(t.router.currentRoute.value.name).toBe('dashboard');
    t.setMe(401);
    await t.guard.checkSession();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.router.currentRoute.value.fullPath).toBe('/login?redirect=/dashboard');
    expect(t.socket.state()).toBe('closed');
  });
});
