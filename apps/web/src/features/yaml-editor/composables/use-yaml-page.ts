// What a YAML page takes from its route (resource, workspace, name), its API (provided at start-up,
// on the app's one HTTP client), the kind's schema for the editor, and where Cancel and a successful create lead.
import { computed, inject, onMounted, shallowRef } from 'vue';
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router';
import { YAML_EDITOR_API } from '../yaml-editor.api';
import { editorSchemaOf, isYamlResource, KIND_OF, type YamlResource } from '../yaml-document.model';
import { useYamlEditor } from './use-yaml-editor';

const DETAIL_ROUTE: Record<YamlResource, string> = {
  gitrepos: 'gitrepo-detail',
  clusters: 'cluster-detail',
  clustergroups: 'clustergroup-detail',
  bundles: 'bundle-detail',
};

export function useYamlPage() {
  const route = useRoute();
  const router = useRouter();
  const resource: YamlResource = isYamlResource(route.meta.resource) ? route.meta.resource : 'gitrepos';
  const workspace = String(route.params.workspace ?? '');
  const name = typeof route.params.name === 'string' && route.params.name !== '' ? route.params.name : undefined;
  const api = inject(YAML_EDITOR_API);
  if (!api) throw new Error('YAML_EDITOR_API is not provided');
  const editor = useYamlEditor({ api, resource, workspace, name });
  const schema = shallowRef<Record<string, unknown>>();
  const schemaError = shallowRef<string>();

  const kind = KIND_OF[resource];
  const detailOf = (objectName: string): RouteLocationRaw => ({ name: DETAIL_ROUTE[resource], params: { workspace, name: objectName } });
  const cancelTo = computed<RouteLocationRaw>(() => (name ? detailOf(name) : { name: resource, params: { workspace } }));

  onMounted(() => {
    void editor.load();
    api.schema(resource).then(
      (answer) => (schema.value = editorSchemaOf(answer.schema, resource)),
      (error: unknown) => (schemaError.value = `Schema validation is not available: ${error instanceof Error ? error.message : String(error)}`),
    );
  });

  /** Saves; after a create, opens the new object's detail page. */
  async function save(): Promise<void> {
    const saved = await editor.save();
    if (saved && editor.isCreate) await router.push(detailOf(saved));
  }

  return {
    ...editor,
    resource,
    workspace,
    name,
    kind,
    schema,
    schemaError,
    cancelTo,
    save,
    /** A model URI per object, which the schema is bound to. */
    uri: `inmemory://fleet/${workspace}/${resource}/${name ?? 'new'}.yaml`,
    fileName: `${name ?? `new-${kind.toLowerCase()}`}.yaml`,
  };
}
