// What every detail page shares: workspace and name from the route and the live object.
import type { WorkspacedResourceName } from '@fleet-dashboard/contracts';
import { computed } from 'vue';
import { useRoute } from 'vue-router';
import { useResource } from './use-resource-list';

/** A read-only view of a full Kubernetes object (any field may be missing). */
export interface ObjectView {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; creationTimestamp?: string; resourceVersion?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown> & { conditions?: unknown; display?: { state?: string; message?: string } };
}

export function useDetailPage(resource: WorkspacedResourceName) {
  const route = useRoute();
  const workspace = computed(() => String(route.params.workspace ?? ''));
  const name = computed(() => String(route.params.name ?? ''));
  const live = useResource(resource, name, workspace);
  const object = computed(() => live.object.value as ObjectView | undefined);
  return { workspace, name, object, isLoading: live.isLoading, isMissing: live.isMissing, error: live.error };
}

/** A nested string field, '' when absent. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}
