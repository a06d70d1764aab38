// @vitest-environment happy-dom
import type { CreateSecretBody, KubeObjectBody } from '@fleet-dashboard/contracts';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, nextTick } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { apiFailure } from '../../../shared/api/fake-http.testing';
import { WATCH_SOCKET } from '../../../shared/api/injection-keys';
import { createWatchSocket } from '../../../shared/api/socket';
import { FORM_API, type FormApi } from '../../../shared/forms/form-api';
import GitRepoFormView from './GitRepoFormView.vue';

enableAutoUnmount(afterEach);

interface Call {
  op: string;
  isDryRun?: boolean | undefined;
  body?: unknown;
}

function fakeApi(options: { object?: KubeObjectBody; write?: (call: Call) => unknown } = {}) {
  const calls: Call[] = [];
  const write = (call: Call): Promise<KubeObjectBody> => {
    calls.push(call);
    try {
      return Promise.resolve((options.write?.(call) ?? call.body) as KubeObjectBody);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const api: FormApi = {
    getObject: async () => structuredClone(options.object ?? ({ metadata: {} } as KubeObjectBody)),
    createObject: (_ws, _r, body, o) => write({ op: 'create', isDryRun: o?.isDryRun, body }),
    replaceObject: (_ws, _r, _n, body, o) => write({ op: 'replace', isDryRun: o?.isDryRun, body }),
    previewSelector: async () => ({ matching: [], total: 0 }),
    listSecrets: async () => [{ name: 'git-cred', type: 'kubernetes.io/basic-auth' }],
    createSecret: async (_ws, body: CreateSecretBody) => {
      calls.push({ op: 'secret', body });
      return { name: body.name, type: 'x' };
    },
  };
  return { api, calls };
}

async function mountForm(api: FormApi, props: { name?: string } = {}) {
  const Blank = defineComponent({ render: () => null });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/w/:workspace/gitrepos', name: 'gitrepos', component: Blank },
      { path: '/w/:workspace/gitrepos/create', name: 'gitrepo-create', component: Blank },
      { path: '/w/:workspace/gitrepos/:name', name: 'gitrepo-detail', component: Blank },
    ],
  });
  await router.push('/w/ws/gitrepos/create');
  const socket = createWatchSocket({ url: 'ws://x', isSuspended: true, setTimer: () => 0, clearTimer: () => undefined });
  const wrapper = mount(GitRepoFormView, {
    props: { workspace: 'ws', ...props },
    attachTo: document.body,
    global: { plugins: [createPinia(), router], provide: { [FORM_API as symbol]: api, [WATCH_SOCKET as symbol]: socket } },
  });
  await flushPromises();
  const control = <T extends HTMLElement>(label: string): T => {
    const byId = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === label)?.htmlFor;
    const el = (byId ? document.getElementById(byId) : null) ?? document.querySelector(`[aria-label="${label}"]`);
    if (!el) throw new Error(`no control "${label}"`);
    return el as T;
  };
  const type = async (label: string, value: string) => {
    const el = control<HTMLInputElement>(label);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    await nextTick();
  };
  const choose = async (radioLabel: string) => {
    const label = [...document.querySelectorAll('label.form-choice')].find((l) => l.textContent?.trim() === radioLabel);
    const input = label?.querySelector('input');
    if (!input) throw new Error(`no choice "${radioLabel}"`);
    input.checked = true;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await nextTick();
  };
  const click = async (text: string) => {
    const button = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);
    if (!button) throw new Error(`no button "${text}"`);
    button.click();
    await flushPromises();
  };
  const description = (label: string) =>
    (control(label).getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
  const alerts = () => [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent ?? '');
  return { wrapper, router, control, type, choose, click, description, alerts };
}

describe('GitRepo form', () => {
  it('checks before sending, dry-runs, creates the new SSH key secret, then the GitRepo, and goes to the list', async () => {
    const { api, calls } = fakeApi();
    const f = await mountForm(api);
    await f.type('Name', 'web');
    await f.type('Repository URL', 'git@github.com:acme/web.git');
    await f.choose('New SSH key');
    await f.click('Create');
    expect(calls).toEqual([]);
    expect(f.description('SSH private key')).toMatch(/Paste a private key/);

    await f.type('SSH private key', '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----');
    await f.click('Create');
    expect(calls.map((c) => [c.op, c.isDryRun])).toEqual([
      ['create', true],
      ['secret', undefined],
      ['create', false],
    ]);
    const secret = calls[1]?.body as CreateSecretBody;
    expect(secret).toMatchObject({ type: 'ssh', privateKey: expect.stringContaining('OPENSSH PRIVATE KEY') });
    expect(secret.name).toMatch(/^web-git-auth-[a-z0-9]{5}$/);
    expect(calls[2]?.body).toMatchObject({ metadata: { name: 'web', namespace: 'ws' }, spec: { repo: 'git@github.com:acme/web.git', clientSecretName: secret.name } });
    expect(f.router.currentRoute.value.name).toBe('gitrepos');
  });

  it('places server field errors at the field, lists the others, keeps every input and creates no secret', async () => {
    const { api, calls } = fakeApi({
      write: (call) => {
        if (call.isDryRun) {
          throw apiFailure(422, 'GitRepo "web" is invalid', {
            fields: [
              { path: 'spec.pollingInterval', message: 'Invalid value: "1x"' },
              { path: 'spec.somethingElse', message: 'must be set' },
            ],
          });
        }
        return undefined;
      },
    });
    const f = await mountForm(api);
    await f.type('Name', 'web');
    await f.type('Repository URL', 'https://github.com/acme/web');
    await f.choose('New username and password');
    await f.type('Username', 'bot');
    await f.type('Password or token', 's3cret');
    await f.type('Polling interval', '1m');
    await f.click('Create');
    expect(f.description('Polling interval')).toContain('Invalid value: "1x"');
    expect(f.alerts().join('\n')).toContain('spec.somethingElse: must be set');
    expect(calls.map((c) => c.op)).toEqual(['create']);
    expect(f.control<HTMLInputElement>('Name').value).toBe('web');
    expect(f.control<HTMLInputElement>('Username').value).toBe('bot');
    expect(f.control<HTMLInputElement>('Password or token').value).toBe('s3cret');
    expect(f.router.currentRoute.value.name).toBe('gitrepo-create');
  });

  it('on a conflict keeps the inputs; reloading shows their version with the inputs beside it, and saves over it', async () => {
    const object = { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'web', namespace: 'ws', resourceVersion: '5' }, spec: { repo: 'https://a/b', paths: ['x'] } };
    const current = { ...object, metadata: { ...object.metadata, resourceVersion: '6' }, spec: { repo: 'https://a/c', paths: ['x'] } };
    let attempt = 0;
    const { api, calls } = fakeApi({
      object,
      write: (call) => {
        attempt += 1;
        if (attempt === 1) throw apiFailure(409, 'conflict', { current });
        return call.body;
      },
    });
    const f = await mountForm(api, { name: 'web' });
    expect(f.control<HTMLInputElement>('Repository URL').value).toBe('https://a/b');
    await f.type('Repository URL', 'https://a/mine');
    await f.click('Save');
    expect(f.alerts().join('\n')).toContain('“web” was changed by someone else since you opened it.');
    expect(f.control<HTMLInputElement>('Repository URL').value).toBe('https://a/mine');

    await f.click('Reload their version');
    expect(f.control<HTMLInputElement>('Repository URL').value).toBe('https://a/c');
    const compared = document.body.textContent ?? '';
    expect(compared).toContain('Your inputs, for comparison');
    expect(compared).toMatch(/Repository URL\s*https:\/\/a\/mine\s*https:\/\/a\/c/);

    await f.click('Save');
    const saved = calls.at(-1);
    expect(saved).toMatchObject({ op: 'replace', isDryRun: false, body: { metadata: { resourceVersion: '6' }, spec: { repo: 'https://a/c' } } });
    expect(f.router.currentRoute.value).toMatchObject({ name: 'gitrepo-detail', params: { name: 'web' } });
  });
});
