// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { createApiClient } from '../api/api-client';
import { apiFailure, createFakeHttp, type FakeHandler } from '../api/fake-http.testing';
import { API_CLIENT } from '../api/injection-keys';
import AlertRegion from './AlertRegion.vue';
import ObjectActions from './ObjectActions.vue';
import UpdatingMarker from './UpdatingMarker.vue';

enableAutoUnmount(afterEach);

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await nextTick();
};
const items = () => [...document.querySelectorAll<HTMLElement>('[role="menuitem"]')];
const item = (label: string) => items().find((i) => i.childNodes[0]?.textContent?.trim() === label);
const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]');
const alertText = () => document.querySelector('[role="alert"]')?.textContent ?? '';
const statusText = () => [...document.querySelectorAll('[role="status"]')].map((s) => s.textContent).join(' ');

function mountFlow(handler: FakeHandler) {
  const fake = createFakeHttp(handler);
  const updateGeneration = ref(1);
  const state = ref('Ready');
  const Host = defineComponent({
    setup: () => () => [
      h(UpdatingMarker, { resource: 'gitrepos', workspace: 'fleet-default', name: 'app', state: state.value, observedGeneration: updateGeneration.value }),
      h(ObjectActions, { target: { resource: 'gitrepos', workspace: 'fleet-default', name: 'app', state: state.value, paused: false } }),
      h(AlertRegion),
    ],
  });
  const wrapper = mount(Host, {
    attachTo: document.body,
    global: { plugins: [createPinia()], provide: { [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
  });
  const openMenu = async () => {
    await wrapper.get('button[aria-label="Actions for app"]').trigger('click');
    await flush();
  };
  return { wrapper, requests: fake.requests, updateGeneration, openMenu };
}

describe('ObjectActions', () => {
  it('confirms a Force Update, posts it, and shows the update until updateGeneration reaches the returned generation', async () => {
    const { wrapper, requests, updateGeneration, openMenu } = mountFlow((r) => {
      if (r.method === 'GET') return { metadata: { name: 'app' }, spec: { disablePolling: true } };
      if (r.path.endsWith('/force-update')) return { generation: 2 };
      throw apiFailure(500, 'unexpected');
    });
    await openMenu();
    expect(items().map((i) => i.childNodes[0]?.textContent?.trim())).toEqual(['Force Update', 'Pause', 'Enable Polling', 'Edit Config', 'Edit YAML', 'Clone', 'Download YAML', 'Delete']);
    item('Force Update')!.click();
    await flush();
    const d = dialog()!;
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe('Force Update Git Repo “app”?');
    expect(d.textContent).toContain('The repository is cloned again and every bundle of it is redeployed, even without a new commit.');
    expect([...d.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Cancel', 'Force Update']);
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
    [...d.querySelectorAll('button')][1]!.click();
    await flush();
    expect(requests.at(-1)).toEqual({ method: 'POST', path: '/api/workspaces/fleet-default/gitrepos/app/force-update', body: undefined });
    expect(dialog()).toBeNull();
    expect(wrapper.text()).toContain('Updating…');
    expect(statusText()).toContain('Force Update of Git Repo “app” requested (generation 2).');
    updateGeneration.value = 2;
    await flush();
    expect(wrapper.text()).not.toContain('Updating…');
  });

  it('Cancel in the confirmation sends nothing', async () => {
    const { requests, openMenu } = mountFlow(() => ({ metadata: {}, spec: {} }));
    await openMenu();
    item('Delete')!.click();
    await flush();
    expect(dialog()?.textContent).toContain('Delete Git Repo “app”?');
    [...dialog()!.querySelectorAll('button')][0]!.click();
    await flush();
    expect(dialog()).toBeNull();
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('shows a 403 as an alert with the reason and then disables that item with it', async () => {
    const reason = 'User "viewer" cannot patch resource "gitrepos" in API group "fleet.cattle.io" in the namespace "fleet-default"';
    const { requests, openMenu } = mountFlow((r) => {
      if (r.method === 'GET') return { metadata: { name: 'app' }, spec: {} };
      throw apiFailure(403, reason, { verb: 'patch', resource: 'gitrepos' });
    });
    await openMenu();
    expect(item('Disable Polling')).toBeDefined();
    item('Pause')!.click();
    await flush();
    expect(requests.filter((r) => r.method === 'POST').at(-1)).toMatchObject({ method: 'POST', path: '/api/workspaces/fleet-default/gitrepos/app/pause' });
    expect(alertText()).toContain(`Pause of Git Repo “app” failed: ${reason}`);
    // The refusal also asks for the workspace's permissions again (once on mount, once now).
    expect(requests.filter((r) => r.path === '/api/workspaces/fleet-default/permissions')).toHaveLength(2);
    await openMenu();
    const pause = item('Pause')!;
    expect(pause.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(pause.getAttribute('aria-describedby')!)?.textContent).toBe(reason);
    expect(item('Force Update')!.getAttribute('aria-disabled')).toBeNull();
    const before = requests.length;
    pause.click();
    await flush();
    expect(requests.length).toBe(before);
  });

  it('toggles polling with the body the server expects', async () => {
    const { requests, openMenu } = mountFlow((r) => {
      if (r.method === 'GET') return { metadata: { name: 'app' }, spec: {} };
      return { pollingEnabled: false };
    });
    await openMenu();
    item('Disable Polling')!.click();
    await flush();
    expect(requests.at(-1)).toEqual({ method: 'POST', path: '/api/workspaces/fleet-default/gitrepos/app/polling', body: { enabled: false } });
    expect(statusText()).toContain('Git Repo “app” no longer polls its repository.');
    await openMenu();
    expect(item('Enable Polling')).toBeDefined();
  });

  it('disables what the permissions refuse from the first opening, with the server’s reason, asking once per workspace', async () => {
    const reason = 'Not allowed to patch gitrepos.fleet.cattle.io in namespace "fleet-default"';
    const ok = { allowed: true };
    const { requests, openMenu } = mountFlow((r) => {
      if (r.path.endsWith('/permissions')) {
        const perms = { create: ok, update: { allowed: false, reason: reason.replace('patch', 'update') }, patch: { allowed: false, reason }, delete: ok };
        return { workspace: 'fleet-default', resources: { gitrepos: perms, clusters: perms, clustergroups: perms, bundles: perms }, moveClusters: ok };
      }
      if (r.method === 'GET') return { metadata: { name: 'app' }, spec: {} };
      throw apiFailure(500, 'unexpected');
    });
    await flush();
    await openMenu();
    for (const label of ['Force Update', 'Pause', 'Disable Polling']) {
      const i = item(label)!;
      expect(i.getAttribute('aria-disabled')).toBe('true');
      expect(document.getElementById(i.getAttribute('aria-describedby')!)?.textContent).toBe(reason);
    }
    expect(item('Edit YAML')!.getAttribute('aria-disabled')).toBe('true');
    expect(item('Clone')!.getAttribute('aria-disabled')).toBeNull();
    expect(item('Delete')!.getAttribute('aria-disabled')).toBeNull();
    expect(item('Download YAML')!.getAttribute('aria-disabled')).toBeNull();
    item('Force Update')!.click();
    await flush();
    expect(dialog()).toBeNull();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(requests.filter((r) => r.path.endsWith('/permissions'))).toHaveLength(1);
  });
});
