// The Cluster Group form: the shared object form (load, check, dry run, save, failures) with the
// Cluster Group's fields; after a conflict, "Reload their version" shows the user's old selector.
import { shallowRef } from 'vue';
import { useObjectForm } from '../../../shared/forms/use-object-form';
import { clusterGroupFieldOf, clusterGroupFromForm, formFromClusterGroup, selectorSummary, validateClusterGroupForm } from './clustergroup-form.model';

export interface ClusterGroupFormOptions {
  workspace: string;
  name?: string | undefined;
  from?: string | undefined;
}

export function useClusterGroupForm(options: ClusterGroupFormOptions) {
  const state = useObjectForm({
    resource: 'clustergroups',
    label: 'Cluster Group',
    ...options,
    formOf: formFromClusterGroup,
    validate: validateClusterGroupForm,
    fieldOf: clusterGroupFieldOf,
    nameField: 'metadata.name',
    prepare: (form, base) => ({ object: clusterGroupFromForm(form, { workspace: options.workspace, base }) }),
    afterSave: () => ({ name: 'clustergroups', params: { workspace: options.workspace } }),
  });
  const previousSelector = shallowRef('');

  function reloadTheirs(): void {
    const mine = selectorSummary(state.form);
    const current = state.takeTheirs();
    if (!current) return;
    previousSelector.value = mine;
    Object.assign(state.form, formFromClusterGroup(current));
  }

  function keepMine(): void {
    state.keepMine('Your selector is kept. Save again to apply it over the current version.');
  }

  return { ...state, previousSelector, reloadTheirs, keepMine };
}
