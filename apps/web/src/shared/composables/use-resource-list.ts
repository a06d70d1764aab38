// Live lists and objects for components: they hold a subscription while their scope lives and
// follow reactive arguments (workspace, name, selector). Rows are rebuilt once per change.
import type { RowOf, WorkspacedResourceName } from '@fleet-dashboard/contracts';
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { SubscriptionRequest } from '../api/socket';
import type { Item } from '../stores/subscription-reducer';
import { useServerStateStore, type SubscriptionEntry } from '../stores/server-state.store';

type ListResource = WorkspacedResourceName & keyof RowOf;

export interface LiveQueryState {
  status: ComputedRef<SubscriptionEntry['status']['value']>;
  error: ComputedRef<SubscriptionEntry['error']['value']>;
  isLoading: ComputedRef<boolean>;
}

export function useEntry(request: () => SubscriptionRequest) {
  const store = useServerStateStore();
  const entry = shallowRef<SubscriptionEntry>();
  watch(
    () => JSON.stringify(request()),
    () => {
      const previous = entry.value;
      entry.value = store.acquire(request());
      if (previous) store.release(previous);
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    if (entry.value) store.release(entry.value);
  });
  const state: LiveQueryState = {
    status: computed(() => entry.value?.status.value ?? 'pending'),
    error: computed(() => entry.value?.error.value ?? null),
    isLoading: computed(() => {
      const e = entry.value;
      if (!e) return true;
      void e.version.value;
      return !e.data.hasSnapshot;
    }),
  };
  return { entry, state };
}

export interface ResourceListOptions {
  workspace: MaybeRefOrGetter<string>;
  /** Label selector in string form. */
  selector?: MaybeRefOrGetter<string | undefined>;
  /** For `events`: only those about this object of the workspace. */
  involved?: MaybeRefOrGetter<{ kind: string; name: string } | undefined>;
}

export function useResourceList<R extends ListResource>(resource: R, options: ResourceListOptions) {
  const { entry, state } = useEntry(() => {
    const selector = toValue(options.selector);
    const involved = toValue(options.involved);
    return { resource, workspace: toValue(options.workspace), ...(selector ? { selector } : {}), ...(involved ? { involved } : {}) };
  });
  const rows = computed<RowOf[R][]>(() => {
    const e = entry.value;
    if (!e) return [];
    void e.version.value;
    return [...e.data.items.values()] as unknown as RowOf[R][];
  });
  return { rows, ...state };
}

export function useResource(resource: WorkspacedResourceName, name: MaybeRefOrGetter<string>, workspace: MaybeRefOrGetter<string>) {
  const { entry, state } = useEntry(() => ({ resource, workspace: toValue(workspace), name: toValue(name) }));
  const object = computed<Item | undefined>(() => {
    const e = entry.value;
    if (!e) return undefined;
    void e.version.value;
    return e.data.items.values().next().value;
  });
  const isMissing = computed(() => !!entry.value?.data.hasSnapshot && object.value === undefined);
  return { object, isMissing, ...state };
}
