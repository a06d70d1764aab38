// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useActionsStore } from '../stores/actions.store';
import AlertRegion from './AlertRegion.vue';

enableAutoUnmount(afterEach);

describe('AlertRegion', () => {
  it('is one polite live region in a Notifications landmark, with no empty alert', () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const w = mount(AlertRegion, { global: { plugins: [pinia] } });
    expect(w.get('section').attributes('aria-label')).toBe('Notifications');
    expect(w.findAll('[aria-live]')).toHaveLength(1);
    expect(w.get('[role="status"]').attributes('aria-live')).toBe('polite');
    expect(w.findAll('[role="alert"]')).toHaveLength(0);
  });

  it('adds errors as alerts and confirmations as plain notices, each dismissable', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const store = useActionsStore();
    store.configure({ successMs: 60_000 });
    const w = mount(AlertRegion, { global: { plugins: [pinia] } });
    store.notify('error', 'Pause failed: forbidden', ['a: no']);
    store.notify('success', 'Force Update requested.');
    await nextTick();
    const status = w.get('[role="status"]');
    expect(status.findAll('[role="alert"]').map((a) => a.text())).toEqual([expect.stringContaining('Pause failed: forbidden')]);
    expect(status.get('[role="alert"] li').text()).toBe('a: no');
    expect(status.text()).toContain('Force Update requested.');
    await w.get('button[aria-label="Dismiss: Pause failed: forbidden"]').trigger('click');
    expect(w.findAll('[role="alert"]')).toHaveLength(0);
    expect(store.notices.map((n) => n.message)).toEqual(['Force Update requested.']);
  });
});
