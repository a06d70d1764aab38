// Client state: the current workspace and the theme, kept in localStorage.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

export type ThemePreference = 'system' | 'light' | 'dark';

export const DEFAULT_WORKSPACE = 'fleet-default';
export const PREFERENCES_STORAGE_KEY = 'fleet-dashboard:preferences';

interface Saved {
  workspace?: unknown;
  theme?: unknown;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled
  }
}

function load(): Saved {
  try {
    const raw = storage()?.getItem(PREFERENCES_STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Saved) : {};
  } catch {
    return {};
  }
}

export const usePreferencesStore = defineStore('preferences', () => {
  const saved = load();
  const workspace = ref(typeof saved.workspace === 'string' && saved.workspace ? saved.workspace : DEFAULT_WORKSPACE);
  const theme = ref<ThemePreference>(saved.theme === 'light' || saved.theme === 'dark' ? saved.theme : 'system');

  watch([workspace, theme], () => {
    try {
      storage()?.setItem(PREFERENCES_STORAGE_KEY, JSON.stringify({ workspace: workspace.value, theme: theme.value }));
    } catch {
      // quota or disabled storage: preferences last for the tab only
    }
  });

  return { workspace, theme };
});
