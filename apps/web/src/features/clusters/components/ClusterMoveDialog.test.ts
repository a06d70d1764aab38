// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createApiClient } from '../../../shared/api/api-client';
import { apiFailure, createFakeHttp } from '../../../shared/api/fake-http.testing';
import { API_CLIENT } from '../../../shared/api/injection-keys';
import { useActionsStore } from '../../../shared/stores/actions.store';
import ClusterMoveDialog from './ClusterMoveDialog.vue';

enableAutoUnmount(afterEach);

const flush = async () => {
  for (let i = 0; i < 6; i += 1) await nextTick();
};
const workspace = (name: string) => ({ kind: 'Workspace', key: name, name, counts: { gitRepos: 0, clusters: 0, clusterGroups: 0, bundles: 0 } });
const REASON = 'Cluster "c1" registered itself (agent-initiated): it has no Rancher management cluster to move';

describe('ClusterMoveDialog', () => {
  it('offers the other workspaces except fleet-local and shows the server’s reason when moving is not available', async () => {
    const fake = createFakeHttp((r) => {
      if (r.method === 'GET') return { items: ['fleet-default', 'fleet-local', 'team-a', 'team-b'].map(workspace) };
      throw apiFailure(400, REASON, { reason: 'NoManagementCluster' });
    });
    const wrapper = mount(ClusterMoveDialog, {
      props: { workspace: 'fleet-default', name: 'c1' },
      attachTo: document.body,
      global: { plugins: [createPinia()], provide: { [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
    });
    await flush();
    const dialog = document.querySelector('[role="dialog"]')!;
    const select = dialog.querySelector('select')!;
    expect([...select.querySelectorAll('option:not([disabled])')].map((o) => o.textContent)).toEqual(['team-a', 'team-b']);
    const move = [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Move')!;
    expect(move.disabled).toBe(true);
    select.value = 'team-b';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    move.click();
    await flush();
    expect(fake.requests.at(-1)).toEqual({ method: 'POST', path: '/api/workspaces/fleet-default/clusters/c1/move', body: { workspace: 'team-b' } });
    expect(dialog.querySelector('[role="alert"]')?.textContent).toBe(REASON);
    expect(wrapper.emitted('close')).toBeUndefined();
  });

  it('remembers a "no Rancher" refusal for the workspace, so the menu item is disabled with the reason', async () => {
    const noRancher = 'Moving a cluster between workspaces needs Rancher';
    const fake = createFakeHttp((r) => {
      if (r.method === 'GET') return { items: ['fleet-default', 'team-a'].map(workspace) };
      throw apiFailure(400, noRancher, { reason: 'NoRancher' });
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    mount(ClusterMoveDialog, {
      props: { workspace: 'fleet-default', name: 'c1' },
      attachTo: document.body,
      global: { plugins: [pinia], provide: { [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
    });
    await flush();
    const dialog = document.querySelector('[role="dialog"]')!;
    const select = dialog.querySelector('select')!;
    select.value = 'team-a';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Move')!.click();
    await flush();
    expect(useActionsStore().forbidden.get('fleet-default/clusters/move')).toBe(noRancher);
  });
});
