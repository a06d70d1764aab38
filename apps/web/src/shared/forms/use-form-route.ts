// The route of a create/edit/clone form page: `/w/:workspace/<kind>/create` (`?from=<name>` clones)
// and `/w/:workspace/<kind>/:name/edit`; `key` changes with them, so a new route gives a fresh form.
import { computed } from 'vue';
import { useRoute } from 'vue-router';

const param = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function useFormRoute() {
  const route = useRoute();
  const workspace = computed(() => param(route.params.workspace) ?? 'fleet-default');
  const name = computed(() => param(route.params.name));
  const from = computed(() => param(route.query.from));
  const key = computed(() => `${workspace.value}/${name.value ?? ''}/${from.value ?? ''}`);
  return { workspace, name, from, key };
}
