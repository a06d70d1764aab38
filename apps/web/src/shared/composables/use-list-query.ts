// List page state in the query string (`?q=…&sort=-age&state=NotReady`), so it survives reloads
// and can be linked to. Writes replace the history entry instead of pushing one per keystroke.
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

function first(value: unknown): string {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
  return typeof value === 'string' ? value : '';
}

export function useListQuery(options: { defaultSort?: string } = {}) {
  const route = useRoute();
  const router = useRouter();

  function set(name: string, value: string): void {
    const query = { ...route.query };
    if (value) query[name] = value;
    else delete query[name];
    void router.replace({ query });
  }

  const param = (name: string, fallback = '') =>
    computed<string>({
      get: () => first(route.query[name]) || fallback,
      set: (value) => set(name, value === fallback ? '' : value),
    });

  return {
    filter: param('q'),
    sort: param('sort', options.defaultSort ?? ''),
    /** Only rows in this display state ('' = all). */
    state: param('state'),
  };
}
