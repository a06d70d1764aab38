// The effective theme: the stored preference, or the system's when the preference is 'system'.
// Writes `data-theme` on <html>. Toggling to the theme the system already has goes back to
// following the system.
import { computed, onScopeDispose, shallowRef, watchEffect } from 'vue';
import { usePreferencesStore } from '../stores/preferences.store';

export function useTheme() {
  const preferences = usePreferencesStore();
  const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const systemDark = shallowRef(media?.matches ?? false);
  const onChange = (e: MediaQueryListEvent): void => {
    systemDark.value = e.matches;
  };
  media?.addEventListener('change', onChange);
  onScopeDispose(() => media?.removeEventListener('change', onChange));

  const isDark = computed(() => (preferences.theme === 'system' ? systemDark.value : preferences.theme === 'dark'));
  watchEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = isDark.value ? 'dark' : 'light';
  });

  function toggle(): void {
    const wantDark = !isDark.value;
    preferences.theme = wantDark === systemDark.value ? 'system' : wantDark ? 'dark' : 'light';
  }

  return { isDark, isFollowingSystem: computed(() => preferences.theme === 'system'), toggle };
}
