// What every list page shares: the workspace from the route, the live rows of a resource, the
// query-string state (filter, sort, state) and the rows narrowed to the chosen state.
import type { RowOf, WorkspacedResourceName } from '@fleet-dashboard/contracts';
import { computed } from 'vue';
import { useRoute } from 'vue-router';
import { useListQuery } from './use-list-query';
import { useResourceList } from './use-resource-list';

export function useListPage<R extends WorkspacedResourceName & keyof RowOf>(resource: R, options: { defaultSort?: string } = {}) {
  const route = useRoute();
  const workspace = computed(() => String(route.params.workspace ?? ''));
  const list = useResourceList(resource, { workspace });
  const query = useListQuery({ defaultSort: options.defaultSort ?? 'name' });
  const rows = computed(() => {
    const state = query.state.value;
    if (!state) return list.rows.value;
    return list.rows.value.filter((r) => (r as { state?: unknown }).state === state);
  });
  return { workspace, rows, isLoading: list.isLoading, error: list.error, status: list.status, ...query };
}
