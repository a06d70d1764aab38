// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref, type Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApiClient } from '../api/api-client';
import { createFakeHttp } from '../api/fake-http.testing';
import { API_CLIENT } from '../api/injection-keys';
import BulkActionBar from './BulkActionBar.vue';
import ResourceTable from './ResourceTable.vue';
import type { Column } from './resource-table.model';

enableAutoUnmount(afterEach);

interface Row {
  key: string;
  name: string;
  state: string;
}
const rows: Row[] = ['a', 'b', 'c'].map((n) => ({ key: `ws/${n}`, name: n, state: 'Ready' }));
const columns: Column<Row>[] = [{ id: 'name', label: 'Name', isRowHeader: true, text: (r) => r.name, sortValue: (r) => r.name }];

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await nextTick();
};

const allowed = { allowed: true };
const refusedPatch = { allowed: false, reason: 'Not allowed to patch gitrepos.fleet.cattle.io in namespace "ws"' };
const permissionsAnswer = (patch: { allowed: boolean; reason?: string }) => {
  const perms = { create: allowed, update: allowed, patch, delete: allowed };
  return { workspace: 'ws', resources: { gitrepos: perms, clusters: perms, clustergroups: perms, bundles: perms }, moveClusters: { allowed: true } };
};

function mountList(options: { patch?: { allowed: boolean; reason?: string } } = {}) {
  const fake = createFakeHttp((r) => {
    if (r.path.endsWith('/permissions')) return permissionsAnswer(options.patch ?? allowed);
    const { names } = r.body as { names: string[] };
    return { results: names.map((name) => (name === 'b' ? { name, ok: false, error: { code: 'Forbidden', message: 'cannot patch gitrepos "b"' } } : { name, ok: true })) };
  });
  const selectedKeys = ref<string[]>([]);
  const filter = ref('');
  const Host = defineComponent({
    setup: () => () => [
      h(BulkActionBar, {
        resource: 'gitrepos',
        workspace: 'ws',
        selected: rows.filter((r) => selectedKeys.value.includes(r.key)),
        onClear: () => (selectedKeys.value = []),
      }),
      h(ResourceTable as Component, {
        label: 'Git Repos',
        rows,
        columns,
        filter: filter.value,
        selectedKeys: selectedKeys.value,
        'onUpdate:selectedKeys': (v: string[]) => (selectedKeys.value = v),
      }),
    ],
  });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => h('div') } }] });
  const wrapper = mount(Host, {
    attachTo: document.body,
    global: { plugins: [createPinia(), router], provide: { [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
  });
  return { wrapper, requests: fake.requests, selectedKeys, filter };
}

describe('bulk selection and actions', () => {
  it('selects rows with "Select <name>" and "Select all" (the filtered rows)', async () => {
    const { wrapper, selectedKeys, filter } = mountList();
    const all = () => wrapper.get('input[aria-label="Select all"]').element as HTMLInputElement;
    await wrapper.get('input[aria-label="Select b"]').trigger('change');
    expect(selectedKeys.value).toEqual(['ws/b']);
    expect(all().indeterminate).toBe(true);
    await wrapper.get('input[aria-label="Select all"]').trigger('change');
    expect(selectedKeys.value.sort()).toEqual(['ws/a', 'ws/b', 'ws/c']);
    expect(all().checked).toBe(true);
    await wrapper.get('input[aria-label="Select all"]').trigger('change');
    expect(selectedKeys.value).toEqual([]);
    filter.value = 'c';
    await flush();
    await wrapper.get('input[aria-label="Select all"]').trigger('change');
    expect(selectedKeys.value).toEqual(['ws/c']);
  });

  it('runs a bulk Pause on the selected names and reports each object', async () => {
    const { wrapper, requests } = mountList();
    expect(wrapper.find('[aria-label="Bulk actions"]').exists()).toBe(false);
    await wrapper.get('input[aria-label="Select a"]').trigger('change');
    await wrapper.get('input[aria-label="Select b"]').trigger('change');
    const bar = wrapper.get('[aria-label="Bulk actions"]');
    expect(bar.findAll('button').map((b) => b.text())).toEqual(['Force Update', 'Pause', 'Unpause', 'Delete', 'Clear selection']);
    await bar.findAll('button').find((b) => b.text() === 'Pause')!.trigger('click');
    await flush();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: '/api/workspaces/ws/gitrepos/_bulk/pause', body: { names: ['a', 'b'] } }]);
    const status = wrapper.get('[aria-label="Bulk actions"] [role="status"]');
    expect(status.text()).toContain('Pause: 1 of 2 Git Repos done, 1 failed.');
    expect(status.text()).toContain('b: cannot patch gitrepos "b"');
  });

  it('asks before a bulk Force Update', async () => {
    const { wrapper, requests } = mountList();
    await wrapper.get('input[aria-label="Select all"]').trigger('change');
    await wrapper.get('[aria-label="Bulk actions"]').findAll('button')[0]!.trigger('click');
    await flush();
    const dialog = document.querySelector('[role="dialog"]')!;
    expect(dialog.textContent).toContain('Force Update 3 Git Repos?');
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
    [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Force Update')!.click();
    await flush();
    expect(requests.filter((r) => r.method === 'POST')[0]?.path).toBe('/api/workspaces/ws/gitrepos/_bulk/force-update');
  });

  it('disables the actions the user may not do, with the server’s reason, before any click', async () => {
    const { wrapper, requests } = mountList({ patch: refusedPatch });
    await wrapper.get('input[aria-label="Select a"]').trigger('change');
    await flush();
    expect(requests.filter((r) => r.path === '/api/workspaces/ws/permissions')).toHaveLength(1);
    const bar = wrapper.get('[aria-label="Bulk actions"]');
    const button = (label: string) => bar.findAll('button').find((b) => b.text() === label)!;
    for (const label of ['Force Update', 'Pause', 'Unpause']) {
      expect(button(label).attributes('aria-disabled')).toBe('true');
      expect(document.getElementById(button(label).attributes('aria-describedby')!)?.textContent).toBe(refusedPatch.reason);
    }
    expect(button('Delete').attributes('aria-disabled')).toBeUndefined();
    expect(bar.findAll('.bb__why').map((p) => p.text())).toEqual([refusedPatch.reason]);
    await button('Pause').trigger('click');
    await button('Force Update').trigger('click');
    await flush();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
