// What every create/edit/clone form of one Fleet object does, whatever its fields: load the object
// (edit) or a copy of it (clone), check locally, dry-run on the server, write (create or replace
// with the loaded resourceVersion), then tell and leave. Every failure leaves the inputs in place:
// field errors at their fields, the rest as general messages, and a conflict as the current
// version for the form to offer (take theirs, or keep mine and save over it).
import type { KubeObjectBody } from '@fleet-dashboard/contracts';
import { computed, reactive, shallowRef } from 'vue';
import { useRouter, type RouteLocationRaw } from 'vue-router';
import { isApiError } from '../api/http';
import { useActionsStore } from '../stores/actions.store';
import { cloneBase } from './clone-base.model';
import { useFormApi } from './form-api';
import { writeFailureOf } from './write-failure.model';

type Base = KubeObjectBody | Record<string, unknown> | undefined;

export interface ObjectFormSpec<F extends object, K extends string, V extends { fields: Partial<Record<K, string>> }> {
  resource: 'gitrepos' | 'clustergroups';
  /** What the user calls it: "Git Repo". */
  label: string;
  workspace: string;
  /** Edit this object. */
  name?: string | undefined;
  /** Create a copy of this object. */
  from?: string | undefined;
  formOf: (object: Base) => F;
  validate: (form: F) => V;
  /** The form field a server error's path belongs to, and the name's field (where "already exists" goes). */
  fieldOf: (path: string) => K | undefined;
  nameField: K;
  /** The object to write, and what must happen between the dry run and the write (GitRepo: its new secrets). */
  prepare: (form: F, base: Base) => { object: KubeObjectBody; beforeWrite?: () => Promise<void> };
  /** Where to go once saved. */
  afterSave: (name: string, isEdit: boolean) => RouteLocationRaw;
}

export function useObjectForm<F extends object & { name: string }, K extends string, V extends { fields: Partial<Record<K, string>> }>(spec: ObjectFormSpec<F, K, V>) {
  const api = useFormApi();
  const router = useRouter();
  const store = useActionsStore();
  const isEdit = !!spec.name;
  // Plain data (no refs inside), so the reactive proxy has the form's own type.
  const form = reactive(spec.formOf(undefined)) as F;
  const base = shallowRef<Base>();
  const isLoading = shallowRef(isEdit || !!spec.from);
  const loadError = shallowRef('');
  const isSaving = shallowRef(false);
  const isSubmitted = shallowRef(false);
  const serverErrors = shallowRef<Partial<Record<K, string>>>({});
  const generalErrors = shallowRef<string[]>([]);
  const conflict = shallowRef<KubeObjectBody | null>(null);
  const local = computed(() => spec.validate(form));
  const errorOf = (key: K): string | undefined => serverErrors.value[key] ?? (isSubmitted.value ? local.value.fields[key] : undefined);

  async function load(): Promise<void> {
    const source = spec.name ?? spec.from;
    if (!source) return;
    try {
      const object = await api.getObject(spec.workspace, spec.resource, source);
      base.value = isEdit ? object : cloneBase(object);
      Object.assign(form, spec.formOf(base.value));
    } catch (e) {
      loadError.value = isApiError(e) ? e.message : String(e);
    } finally {
      isLoading.value = false;
    }
  }

  function applyFailure(e: unknown): void {
    const failure = writeFailureOf(e, {
      isEdit,
      fieldOf: spec.fieldOf,
      nameField: spec.nameField,
      nameTaken: `A ${spec.label} named “${form.name.trim()}” already exists in ${spec.workspace}.`,
    });
    if (failure.conflict) {
      conflict.value = failure.conflict;
      return;
    }
    serverErrors.value = failure.fields;
    generalErrors.value = failure.general;
  }

  /** Checks, dry-runs, runs the spec's step before the write, then saves; true when saved. */
  async function submit(): Promise<boolean> {
    isSubmitted.value = true;
    serverErrors.value = {};
    generalErrors.value = [];
    if (Object.keys(local.value.fields).length > 0) return false;
    isSaving.value = true;
    const ws = spec.workspace;
    const name = form.name.trim();
    try {
      const { object, beforeWrite } = spec.prepare(form, base.value);
      const write = (isDryRun: boolean) =>
        isEdit ? api.replaceObject(ws, spec.resource, spec.name ?? name, object, { isDryRun }) : api.createObject(ws, spec.resource, object, { isDryRun });
      await write(true);
      await beforeWrite?.();
      await write(false);
      store.notify('success', `${spec.label} “${name}” ${isEdit ? 'saved' : 'created'}.`);
      await router.push(spec.afterSave(name, isEdit));
      return true;
    } catch (e) {
      applyFailure(e);
      return false;
    } finally {
      isSaving.value = false;
    }
  }

  /** After a conflict: the version to show now (the form's base becomes it), or undefined without one. */
  function takeTheirs(): KubeObjectBody | undefined {
    const current = conflict.value;
    if (!current) return undefined;
    base.value = current;
    conflict.value = null;
    return current;
  }

  /** After a conflict: keep the inputs and save them over the current version next time. */
  function keepMine(message: string): boolean {
    if (!conflict.value) return false;
    base.value = conflict.value;
    conflict.value = null;
    generalErrors.value = [message];
    return true;
  }

  return { workspace: spec.workspace, isEdit, form, isLoading, loadError, isSaving, isSubmitted, local, errorOf, serverErrors, generalErrors, conflict, load, submit, takeTheirs, keepMine };
}
