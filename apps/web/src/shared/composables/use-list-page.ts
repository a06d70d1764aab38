// What every list page shares: the workspace from the route, the live rows of a resource, the
// query-string state (filter, sort, state), the rows narrowed to the chosen state and the bulk
// selection (keys; the selected rows are those still in the list).
import type { RowOf, WorkspacedResourceName } from '@fleet-dashboard/contracts';
import { computed, ref, watch } from 'vue';
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
  const selectedKeys = ref<string[]>([]);
  watch(workspace, () => {
    selectedKeys.value = [];
  });
  const selectedRows = computed(() => {
    const keys = new Set(selectedKeys.value);
    return keys.size === 0 ? [] : list.rows.value.filter((r) => keys.has((r as { key: string }).key));
  });
  return { workspace, rows, selectedKeys, selectedRows, isLoading: list.isLoading, error: list.error, status: list.status, ...query };
}
