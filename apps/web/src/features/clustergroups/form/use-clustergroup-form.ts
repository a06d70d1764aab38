// State and saving of the Cluster Group form: load (edit, clone), check, server dry run on
// create, create or replace. Failures leave the inputs in place; a conflict offers the current
// version with the user's selector kept beside it.
import type { KubeObjectBody } from '@fleet-dashboard/contracts';
import { computed, reactive, shallowRef } from 'vue';
import { useRouter } from 'vue-router';
import { isApiError } from '../../../shared/api/http';
import { cloneBase } from '../../../shared/forms/clone-base.model';
import { writeFailureOf } from '../../../shared/forms/write-failure.model';
import { useFormApi } from '../../../shared/forms/form-api';
import { useActionsStore } from '../../../shared/stores/actions.store';
import { clusterGroupFieldOf, clusterGroupFromForm, formFromClusterGroup, selectorSummary, validateClusterGroupForm, type ClusterGroupFormErrors } from './clustergroup-form.model';

export interface ClusterGroupFormOptions {
  workspace: string;
  name?: string | undefined;
  from?: string | undefined;
}

type Fields = ClusterGroupFormErrors['fields'];

export function useClusterGroupForm(options: ClusterGroupFormOptions) {
  const api = useFormApi();
  const router = useRouter();
  const store = useActionsStore();
  const isEdit = !!options.name;
  const form = reactive(formFromClusterGroup(undefined));
  const base = shallowRef<KubeObjectBody | Record<string, unknown> | undefined>();
  const isLoading = shallowRef(isEdit || !!options.from);
  const loadError = shallowRef('');
  const isSaving = shallowRef(false);
  const isSubmitted = shallowRef(false);
  const serverErrors = shallowRef<Fields>({});
  const generalErrors = shallowRef<string[]>([]);
  const conflict = shallowRef<KubeObjectBody | null>(null);
  const previousSelector = shallowRef('');
  const local = computed(() => validateClusterGroupForm(form));
  const errorOf = (key: keyof Fields): string | undefined => serverErrors.value[key] ?? (isSubmitted.value ? local.value.fields[key] : undefined);

  async function load(): Promise<void> {
    const source = options.name ?? options.from;
    if (!source) return;
    try {
      const object = await api.getObject(options.workspace, 'clustergroups', source);
      base.value = isEdit ? object : cloneBase(object);
      Object.assign(form, formFromClusterGroup(base.value));
    } catch (e) {
      loadError.value = isApiError(e) ? e.message : String(e);
    } finally {
      isLoading.value = false;
    }
  }

  function applyFailure(e: unknown): void {
    const failure = writeFailureOf(e, {
      isEdit,
      fieldOf: clusterGroupFieldOf,
      nameField: 'metadata.name',
      nameTaken: `A Cluster Group named “${form.name.trim()}” already exists in ${options.workspace}.`,
    });
    if (failure.conflict) {
      conflict.value = failure.conflict;
      return;
    }
    serverErrors.value = failure.fields;
    generalErrors.value = failure.general;
  }


  async function submit(): Promise<boolean> {
    isSubmitted.value = true;
    serverErrors.value = {};
    generalErrors.value = [];
    if (Object.keys(local.value.fields).length > 0) return false;
    isSaving.value = true;
    const ws = options.workspace;
    const name = form.name.trim();
    try {
      const object = clusterGroupFromForm(form, { workspace: ws, base: base.value });
      const write = (isDryRun: boolean) =>
        isEdit ? api.replaceObject(ws, 'clustergroups', options.name ?? name, object, { isDryRun }) : api.createObject(ws, 'clustergroups', object, { isDryRun });
      if (!isEdit) await write(true);
      await write(false);
      store.notify('success', `Cluster Group “${name}” ${isEdit ? 'saved' : 'created'}.`);
      await router.push({ name: 'clustergroups', params: { workspace: ws } });
      return true;
    } catch (e) {
      applyFailure(e);
      return false;
    } finally {
      isSaving.value = false;
    }
  }

  function reloadTheirs(): void {
    if (!conflict.value) return;
    previousSelector.value = selectorSummary(form);
    base.value = conflict.value;
    Object.assign(form, formFromClusterGroup(conflict.value));
    conflict.value = null;
  }

  function keepMine(): void {
    if (!conflict.value) return;
    base.value = conflict.value;
    conflict.value = null;
    generalErrors.value = ['Your selector is kept. Save again to apply it over the current version.'];
  }

  return { workspace: options.workspace, isEdit, form, isLoading, loadError, isSaving, local, isSubmitted, errorOf, generalErrors, conflict, previousSelector, load, submit, reloadTheirs, keepMine };
}
