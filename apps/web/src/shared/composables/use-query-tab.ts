// The selected tab of a page in the query string (`?tab=resources`), so it survives a reload and
// can be linked to. The first tab is the default and is left out of the URL; an unknown value
// falls back to it. Changing tabs replaces the history entry and drops the `clears` parameters
// (state of the previous tab, such as its filter).
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export function useQueryTab<T extends string>(tabs: readonly T[], param = 'tab', options: { clears?: readonly string[] } = {}) {
  const route = useRoute();
  const router = useRouter();
  const fallback = tabs[0] as T;
  return computed<T>({
    get: () => {
      const raw = route.query[param];
      const value = Array.isArray(raw) ? raw[0] : raw;
      return tabs.includes(value as T) ? (value as T) : fallback;
    },
    set: (value) => {
      const query = { ...route.query };
      for (const other of options.clears ?? []) delete query[other];
      if (value === fallback) delete query[param];
      else query[param] = value;
      void router.replace({ query });
    },
  });
}
