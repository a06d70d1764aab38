import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createApiClient } from '../api/api-client';
import { apiFailure, createFakeHttp, type FakeHandler } from '../api/fake-http.testing';
import { API_CLIENT } from '../api/injection-keys';
import { useSessionStore } from './session.store';

function setup(handler: FakeHandler) {
  const fake = createFakeHttp(handler);
  const app = createApp({});
  app.provide(API_CLIENT, createApiClient({ http: fake.http }));
  const pinia = createPinia();
  app.use(pinia);
  setActivePinia(pinia);
  return { fake, store: app.runWithContext(() => useSessionStore()) };
}

const row = (name: string) => ({ kind: 'Workspace', key: name, name, counts: { gitRepos: 1, clusters: 2, clusterGroups: 0, bundles: 3 } });

describe('session store', () => {
  it('loads who is signed in and the workspaces', async () => {
    const { store, fake } = setup((r) => (r.path === '/api/me' ? { mode: 'demo', username: 'admin', groups: [] } : { items: [row('a'), row('b')] }));
    await store.loadMe();
    await store.loadWorkspaces();
    expect(store.me).toEqual({ mode: 'demo', username: 'admin', groups: [] });
    expect(store.workspaces.map((w) => w.name)).toEqual(['a', 'b']);
    expect(store.isSignedOut).toBe(false);
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/me', '/api/workspaces']);
  });

  it('marks a 401 on /api/me as signed out and keeps other failures as an error', async () => {
    let status = 401;
    const { store } = setup(() => {
      throw apiFailure(status, status === 401 ? 'no session' : 'upstream down');
    });
    await store.loadMe();
    expect(store.isSignedOut).toBe(true);
    expect(store.me).toBeNull();
    status = 502;
    await store.loadWorkspaces();
    expect(store.error).toBe('upstream down');
  });

  it('signs in with a token and signs out even when the server call fails', async () => {
    const { store, fake } = setup((r) => {
      if (r.path === '/api/login') return { mode: 'token', username: 'operator', groups: ['ops'] };
      if (r.path === '/api/logout') throw apiFailure(502, 'gone');
      return { items: [row('a')] };
    });
    await store.signIn('secret-token');
    expect(store.me?.username).toBe('operator');
    expect(fake.requests[0]).toEqual({ method: 'POST', path: '/api/login', body: { token: 'secret-token' } });
    await store.loadWorkspaces();
    await expect(store.signOut()).rejects.toThrow('gone');
    expect([store.me, store.workspaces, store.isSignedOut]).toEqual([null, [], true]);
  });
});
