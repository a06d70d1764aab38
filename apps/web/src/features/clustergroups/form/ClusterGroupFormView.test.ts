// @vitest-environment happy-dom
import type { ClusterGroupPreviewBody, KubeObjectBody } from '@fleet-dashboard/contracts';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, nextTick } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { apiFailure } from '../../../shared/api/fake-http.testing';
import { WATCH_SOCKET } from '../../../shared/api/injection-keys';
import { createWatchSocket } from '../../../shared/api/socket';
import { FORM_API, type FormApi } from '../../../shared/forms/form-api';
import ClusterGroupFormView from './ClusterGroupFormView.vue';

enableAutoUnmount(afterEach);

const CLUSTERS: Record<string, Record<string, string>> = { a: { env: 'dev' }, b: { env: 'prod' }, c: { env: 'prod', region: 'eu' } };

interface Call {
  op: 'create' | 'replace';
  isDryRun: boolean | undefined;
  body: KubeObjectBody;
}

function fakeApi(write: (call: Call) => unknown, object?: KubeObjectBody) {
  const calls: Call[] = [];
  const record = (call: Call): Promise<KubeObjectBody> => {
    calls.push(call);
    try {
      return Promise.resolve((write(call) ?? call.body) as KubeObjectBody);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const api: FormApi = {
    getObject: async () => structuredClone(object ?? ({ metadata: {} } as KubeObjectBody)),
    createObject: (_w, _r, body, o) => record({ op: 'create', isDryRun: o?.isDryRun, body }),
    replaceObject: (_w, _r, _n, body, o) => record({ op: 'replace', isDryRun: o?.isDryRun, body }),
    // A small model of the server: matchLabels only, which is what these tests type.
    previewSelector: async (_w, body: ClusterGroupPreviewBody) => {
      const labels = 'selector' in body ? (body.selector.matchLabels ?? {}) : {};
      const matching = Object.keys(CLUSTERS).filter((n) => Object.entries(labels).every(([k, v]) => CLUSTERS[n]?.[k] === v));
      return { matching, total: Object.keys(CLUSTERS).length };
    },
    listSecrets: async () => [],
    createSecret: async () => ({ name: '', type: '' }),
  };
  return { api, calls };
}

async function mountForm(api: FormApi, props: { name?: string } = {}) {
  const Blank = defineComponent({ render: () => null });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/w/:workspace/clustergroups', name: 'clustergroups', component: Blank },
      { path: '/w/:workspace/clustergroups/create', name: 'clustergroup-create', component: Blank },
      { path: '/w/:workspace/clustergroups/:name', name: 'clustergroup-detail', component: Blank },
    ],
  });
  await router.push('/w/ws/clustergroups/create');
  const socket = createWatchSocket({ url: 'ws://x', isSuspended: true, setTimer: () => 0, clearTimer: () => undefined });
  mount(ClusterGroupFormView, {
    props: { workspace: 'ws', ...props },
    attachTo: document.body,
    global: { plugins: [createPinia(), router], provide: { [FORM_API as symbol]: api, [WATCH_SOCKET as symbol]: socket } },
  });
  await flushPromises();
  const input = (label: string): HTMLInputElement => {
    const el = label === 'Name' ? document.getElementById('cg-name') : document.querySelector(`[aria-label="${label}"]`);
    if (!el) throw new Error(`no control "${label}"`);
    return el as HTMLInputElement;
  };
  const type = async (label: string, value: string) => {
    const el = input(label);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    await nextTick();
  };
  const click = async (text: string) => {
    const button = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);
    if (!button) throw new Error(`no button "${text}"`);
    button.click();
    await flushPromises();
  };
  const waitPreview = async () => {
    await new Promise((r) => setTimeout(r, 350));
    await flushPromises();
    return document.querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ').trim();
  };
  const alerts = () => [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent ?? '').join('\n');
  return { router, input, type, click, waitPreview, alerts };
}

describe('Cluster Group form', () => {
  it('previews as the selector is typed, dry-runs, then creates', async () => {
    const { api, calls } = fakeApi(() => undefined);
    const f = await mountForm(api);
    expect(await f.waitPreview()).toBe('Matches 3 of 3 clusters');
    await f.type('Name', 'prod');
    await f.click('Add match label');
    await f.type('Match label key 1', 'env');
    await f.type('Match label value 1', 'prod');
    expect(await f.waitPreview()).toBe('Matches 2 of 3 clusters');
    expect([...document.querySelectorAll('[aria-label="Matching cluster names"] li')].map((li) => li.textContent)).toEqual(['b', 'c']);
    await f.click('Create');
    expect(calls.map((c) => [c.op, c.isDryRun])).toEqual([
      ['create', true],
      ['create', false],
    ]);
    expect(calls[1]?.body).toEqual({ apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'ClusterGroup', metadata: { name: 'prod', namespace: 'ws' }, spec: { selector: { matchLabels: { env: 'prod' } } } });
    expect(f.router.currentRoute.value.name).toBe('clustergroups');
  });

  it('shows a server refusal at the selector and keeps the rows', async () => {
    const { api } = fakeApi(() => {
      throw apiFailure(422, 'ClusterGroup "g" is invalid', { fields: [{ path: 'spec.selector.matchLabels', message: 'Invalid value: "x"' }] });
    });
    const f = await mountForm(api);
    await f.type('Name', 'g');
    await f.click('Add match label');
    await f.type('Match label key 1', 'env');
    await f.click('Create');
    expect(f.alerts()).toContain('Invalid value: "x"');
    expect(f.input('Match label key 1').value).toBe('env');
    expect(f.input('Name').value).toBe('g');
  });

  it('on a conflict, reloading shows their selector and names the user’s; saving uses their version', async () => {
    const object = { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'ClusterGroup', metadata: { name: 'g', namespace: 'ws', resourceVersion: '3' }, spec: { selector: { matchLabels: { env: 'dev' } } } };
    const current = { ...object, metadata: { ...object.metadata, resourceVersion: '4' }, spec: { selector: { matchLabels: { env: 'prod' } } } };
    let attempt = 0;
    const { api, calls } = fakeApi(() => {
      attempt += 1;
      if (attempt === 1) throw apiFailure(409, 'conflict', { current });
      return undefined;
    }, object);
    const f = await mountForm(api, { name: 'g' });
    await f.type('Match label value 1', 'staging');
    await f.click('Save');
    expect(f.alerts()).toContain('“g” was changed by someone else since you opened it.');
    expect(f.input('Match label value 1').value).toBe('staging');
    await f.click('Reload their version');
    expect(f.input('Match label value 1').value).toBe('prod');
    expect(document.body.textContent).toContain('Your selector was: env=staging');
    await f.click('Save');
    expect(calls.at(-1)).toMatchObject({ op: 'replace', isDryRun: false, body: { metadata: { resourceVersion: '4' }, spec: { selector: { matchLabels: { env: 'prod' } } } } });
  });
});
