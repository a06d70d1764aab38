// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApiClient } from '../../../shared/api/api-client';
import { apiFailure, createFakeHttp, type FakeHandler } from '../../../shared/api/fake-http.testing';
import { API_CLIENT } from '../../../shared/api/injection-keys';
import { useSessionStore } from '../../../shared/stores/session.store';
import LoginPage from './LoginPage.vue';

enableAutoUnmount(afterEach);

async function mountAt(url: string, handler: FakeHandler) {
  const fake = createFakeHttp(handler);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage },
      { path: '/:rest(.*)*', component: { template: '<p>page</p>' } },
    ],
  });
  await router.push(url);
  await router.isReady();
  const pinia = createPinia();
  const wrapper = mount(LoginPage, {
    attachTo: document.body,
    global: { plugins: [pinia, router], provide: { [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
  });
  return { wrapper, router, fake, pinia };
}

async function signIn(wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper'], token: string) {
  const input = wrapper.get('input[type="password"]');
  expect(wrapper.get('label[for="login-token"]').text()).toBe('Kubernetes token');
  await input.setValue(token);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

const viewer = { mode: 'token', username: 'viewer', groups: ['system:authenticated'] };

describe('LoginPage', () => {
  it('signs in with the token and goes back to where the user came from', async () => {
    const { wrapper, router, fake, pinia } = await mountAt('/login?redirect=/w/fleet-default/clusters%3Fq%3Da', () => viewer);
    expect(wrapper.get('button[type="submit"]').text()).toBe('Sign in');
    await signIn(wrapper, '  secret-token  ');
    expect(fake.requests).toEqual([{ method: 'POST', path: '/api/login', body: { token: 'secret-token' } }]);
    expect(router.currentRoute.value.fullPath).toBe('/w/fleet-default/clusters?q=a');
    expect(useSessionStore(pinia).me?.username).toBe('viewer');
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('');
    expect(JSON.stringify(localStorage)).not.toContain('secret-token');
  });

  it('ignores a redirect to another site and goes to /', async () => {
    const { wrapper, router } = await mountAt('/login?redirect=%2F%2Fevil.example%2Fx', () => viewer);
    await signIn(wrapper, 't');
    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('says the token was refused on 401 and stays', async () => {
    const { wrapper, router } = await mountAt('/login', () => {
      throw apiFailure(401, 'token refused');
    });
    await signIn(wrapper, 'bad');
    expect(wrapper.get('[role="alert"]').text()).toBe('The token was not accepted by the Kubernetes API server.');
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('says when to retry on 429', async () => {
    const { wrapper } = await mountAt('/login', () => {
      throw apiFailure(429, 'Too many login attempts; try again in 42 s', { retryAfterSeconds: 42 });
    });
    await signIn(wrapper, 'x');
    expect(wrapper.get('[role="alert"]').text()).toMatch(/^Too many sign-in attempts\. Try again in 42 s \(at .+\)\.$/);
  });

  it('shows other failures with the server message', async () => {
    const { wrapper } = await mountAt('/login', () => {
      throw apiFailure(502, 'the API server is unreachable');
    });
    await signIn(wrapper, 'x');
    expect(wrapper.get('[role="alert"]').text()).toBe('Sign-in failed: the API server is unreachable');
  });
});
