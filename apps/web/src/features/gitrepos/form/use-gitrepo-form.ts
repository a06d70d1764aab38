// State and saving of the GitRepo form: load (edit, clone), check, server dry run, create the new
// credential secrets, then create or replace. Every failure leaves the user's inputs in place;
// a conflict offers the current version beside them.
import type { KubeObjectBody, SecretRow } from '@fleet-dashboard/contracts';
import { computed, inject, reactive, shallowRef, toRaw, type InjectionKey } from 'vue';
import { useRouter } from 'vue-router';
import { isApiError } from '../../../shared/api/http';
import { cloneBase } from '../../../shared/forms/clone-base.model';
import { writeFailureOf } from '../../../shared/forms/write-failure.model';
import { useFormApi } from '../../../shared/forms/form-api';
import { useActionsStore } from '../../../shared/stores/actions.store';
import { compareForms, type ComparedField } from './gitrepo-form-compare.model';
import { emptyGitRepoForm, formFromGitRepo, gitRepoFromForm, newSecretName, type GitRepoForm } from './gitrepo-form.model';
import { fieldKeyForPath, validateGitRepoForm, type FieldErrors, type FieldKey } from './gitrepo-form.validation';

export interface GitRepoFormOptions {
  workspace: string;
  /** Edit this GitRepo. */
  name?: string | undefined;
  /** Create a copy of this GitRepo. */
  from?: string | undefined;
}

const randomSuffix = (): string => Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/** Inputs of the typed credentials: a secret created for them is reused while they stay the same. */
const fingerprint = (form: GitRepoForm, purpose: 'git' | 'helm'): string =>
  purpose === 'git'
    ? JSON.stringify([form.name, form.gitCredential, form.sshPrivateKey, form.sshKnownHosts, form.gitUsername, form.gitPassword])
    : JSON.stringify([form.name, form.helmCredential, form.helmUsername, form.helmPassword]);

const TYPED = ['sshPrivateKey', 'sshKnownHosts', 'gitUsername', 'gitPassword', 'helmUsername', 'helmPassword'] as const;

export function useGitRepoForm(options: GitRepoFormOptions) {
  const api = useFormApi();
  const router = useRouter();
  const store = useActionsStore();
  const isEdit = !!options.name;
  const form = reactive<GitRepoForm>(emptyGitRepoForm());
  const base = shallowRef<KubeObjectBody | Record<string, unknown> | undefined>();
  const isLoading = shallowRef(isEdit || !!options.from);
  const loadError = shallowRef('');
  const isSaving = shallowRef(false);
  const isSubmitted = shallowRef(false);
  const serverErrors = shallowRef<FieldErrors>({});
  const generalErrors = shallowRef<string[]>([]);
  const conflict = shallowRef<KubeObjectBody | null>(null);
  const compared = shallowRef<ComparedField[]>([]);
  const secrets = shallowRef<SecretRow[]>([]);
  const secretsError = shallowRef('');
  /** Secret names per credential input, and the secrets already created (a retry reuses them). */
  const planned = new Map<string, string>();
  const createdSecrets = new Set<string>();

  const local = computed(() => validateGitRepoForm(form));
  const errorOf = (key: FieldKey): string | undefined => serverErrors.value[key] ?? (isSubmitted.value ? local.value.fields[key] : undefined);

  async function load(): Promise<void> {
    api.listSecrets(options.workspace).then(
      (items) => (secrets.value = items),
      (e: unknown) => (secretsError.value = isApiError(e) ? e.message : String(e)),
    );
    const source = options.name ?? options.from;
    if (!source) return;
    try {
      const object = await api.getObject(options.workspace, 'gitrepos', source);
      base.value = isEdit ? object : cloneBase(object);
      Object.assign(form, formFromGitRepo(base.value));
    } catch (e) {
      loadError.value = isApiError(e) ? e.message : String(e);
    } finally {
      isLoading.value = false;
    }
  }

  function applyFailure(e: unknown): void {
    const failure = writeFailureOf(e, {
      isEdit,
      fieldOf: fieldKeyForPath,
      nameField: 'metadata.name',
      nameTaken: `A Git Repo named “${form.name.trim()}” already exists in ${options.workspace}.`,
    });
    if (failure.conflict) {
      conflict.value = failure.conflict;
      return;
    }
    serverErrors.value = failure.fields;
    generalErrors.value = failure.general;
  }


  /** The name of the secret for new credentials (one per distinct input, reused on a retry). */
  function secretNameFor(purpose: 'git' | 'helm'): string | undefined {
    const mode = purpose === 'git' ? form.gitCredential : form.helmCredential;
    if (mode !== 'ssh' && mode !== 'basic') return undefined;
    const key = fingerprint(form, purpose);
    const name = planned.get(key) ?? newSecretName(form.name, purpose, randomSuffix());
    planned.set(key, name);
    return name;
  }

  async function createSecrets(names: { git?: string | undefined; helm?: string | undefined }): Promise<void> {
    const ws = options.workspace;
    if (names.git && !createdSecrets.has(names.git)) {
      await api.createSecret(
        ws,
        form.gitCredential === 'ssh'
          ? { name: names.git, type: 'ssh', privateKey: form.sshPrivateKey, ...(form.sshKnownHosts.trim() ? { knownHosts: form.sshKnownHosts } : {}) }
          : { name: names.git, type: 'basic', username: form.gitUsername.trim(), password: form.gitPassword },
      );
      createdSecrets.add(names.git);
    }
    if (names.helm && !createdSecrets.has(names.helm)) {
      await api.createSecret(ws, { name: names.helm, type: 'helm', username: form.helmUsername.trim(), password: form.helmPassword });
      createdSecrets.add(names.helm);
    }
  }

  /** Checks, dry-runs, creates new secrets, then saves; true when saved. */
  async function submit(): Promise<boolean> {
    isSubmitted.value = true;
    serverErrors.value = {};
    generalErrors.value = [];
    if (Object.keys(local.value.fields).length > 0) return false;
    isSaving.value = true;
    const ws = options.workspace;
    try {
      const names = { git: secretNameFor('git'), helm: secretNameFor('helm') };
      const object = gitRepoFromForm(form, { workspace: ws, base: base.value, ...(names.git ? { newGitSecretName: names.git } : {}), ...(names.helm ? { newHelmSecretName: names.helm } : {}) });
      const name = form.name.trim();
      const write = (isDryRun: boolean) =>
        isEdit ? api.replaceObject(ws, 'gitrepos', options.name ?? name, object, { isDryRun }) : api.createObject(ws, 'gitrepos', object, { isDryRun });
      await write(true);
      await createSecrets(names);
      await write(false);
      store.notify('success', `Git Repo “${name}” ${isEdit ? 'saved' : 'created'}.`);
      await router.push(isEdit ? { name: 'gitrepo-detail', params: { workspace: ws, name } } : { name: 'gitrepos', params: { workspace: ws } });
      return true;
    } catch (e) {
      applyFailure(e);
      return false;
    } finally {
      isSaving.value = false;
    }
  }

  /** After a conflict: the form shows the current version; the user's inputs stay listed beside it. */
  function reloadTheirs(): void {
    const current = conflict.value;
    if (!current) return;
    const mine = structuredClone(toRaw(form)) as GitRepoForm;
    const theirs = formFromGitRepo(current);
    for (const key of TYPED) theirs[key] = mine[key];
    compared.value = compareForms(mine, theirs);
    base.value = current;
    Object.assign(form, theirs);
    conflict.value = null;
  }

  /** After a conflict: keep the inputs and save them over the current version next time. */
  function keepMine(): void {
    if (!conflict.value) return;
    base.value = conflict.value;
    compared.value = [];
    conflict.value = null;
    generalErrors.value = ['Your inputs are kept. Save again to apply them over the current version.'];
  }

  return {
    workspace: options.workspace,
    isEdit,
    form,
    isLoading,
    loadError,
    isSaving,
    isSubmitted,
    local,
    errorOf,
    serverErrors,
    generalErrors,
    conflict,
    compared,
    secrets,
    secretsError,
    load,
    submit,
    reloadTheirs,
    keepMine,
  };
}

export type GitRepoFormState = ReturnType<typeof useGitRepoForm>;
export const GITREPO_FORM: InjectionKey<GitRepoFormState> = Symbol('gitrepo-form');

export function injectGitRepoForm(): GitRepoFormState {
  const state = inject(GITREPO_FORM);
  if (!state) throw new Error('GitRepo form sections need the form (GITREPO_FORM)');
  return state;
}
