// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { DEFAULT_WORKSPACE, PREFERENCES_STORAGE_KEY, usePreferencesStore } from './preferences.store';

describe('preferences store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('starts with fleet-default and the system theme', () => {
    const store = usePreferencesStore();
    expect(store.workspace).toBe(DEFAULT_WORKSPACE);
    expect(store.theme).toBe('system');
  });

  it('saves changes to localStorage and reads them back in the next session', async () => {
    const store = usePreferencesStore();
    store.workspace = 'team-a';
    store.theme = 'dark';
    await nextTick();
    expect(JSON.parse(localStorage.getItem(PREFERENCES_STORAGE_KEY)!)).toEqual({ workspace: 'team-a', theme: 'dark' });
    setActivePinia(createPinia());
    const next = usePreferencesStore();
    expect([next.workspace, next.theme]).toEqual(['team-a', 'dark']);
  });

  it('ignores stored values that are not valid', () => {
    localStorage.setItem(PREFERENCES_STORAGE_KEY, JSON.stringify({ workspace: 42, theme: 'purple' }));
    const store = usePreferencesStore();
    expect([store.workspace, store.theme]).toEqual([DEFAULT_WORKSPACE, 'system']);
    localStorage.setItem(PREFERENCES_STORAGE_KEY, '{not json');
    setActivePinia(createPinia());
    expect(usePreferencesStore().workspace).toBe(DEFAULT_WORKSPACE);
  });
});
