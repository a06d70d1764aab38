// The GitRepo form: the shared object form (load, check, dry run, save, failures) with the
// GitRepo's fields, the workspace's secrets to choose from, new credential secrets created between
// the dry run and the write (reused on a retry), and after a conflict the user's inputs listed
// beside the current version.
import type { SecretRow } from '@fleet-dashboard/contracts';
import { inject, shallowRef, toRaw, type InjectionKey } from 'vue';
import { isApiError } from '../../../shared/api/http';
import { useFormApi } from '../../../shared/forms/form-api';
import { useObjectForm } from '../../../shared/forms/use-object-form';
import { compareForms, type ComparedField } from './gitrepo-form-compare.model';
import { emptyGitRepoForm, formFromGitRepo, gitRepoFromForm, newSecretName, type GitRepoForm } from './gitrepo-form.model';
import { fieldKeyForPath, validateGitRepoForm } from './gitrepo-form.validation';

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
  /** Secret names per credential input, and the secrets already created (a retry reuses them). */
  const planned = new Map<string, string>();
  const createdSecrets = new Set<string>();

  /** The name of the secret for new credentials (one per distinct input, reused on a retry). */
  function secretNameFor(form: GitRepoForm, purpose: 'git' | 'helm'): string | undefined {
    const mode = purpose === 'git' ? form.gitCredential : form.helmCredential;
    if (mode !== 'ssh' && mode !== 'basic') return undefined;
    const key = fingerprint(form, purpose);
    const name = planned.get(key) ?? newSecretName(form.name, purpose, randomSuffix());
    planned.set(key, name);
    return name;
  }

  async function createSecrets(form: GitRepoForm, names: { git?: string | undefined; helm?: string | undefined }): Promise<void> {
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

  const state = useObjectForm({
    resource: 'gitrepos',
    label: 'Git Repo',
    ...options,
    formOf: (object) => (object ? formFromGitRepo(object) : emptyGitRepoForm()),
    validate: validateGitRepoForm,
    fieldOf: fieldKeyForPath,
    nameField: 'metadata.name',
    // The new credential secrets are created after the dry run accepted the GitRepo, before it is written.
    prepare: (form, base) => {
      const names = { git: secretNameFor(form, 'git'), helm: secretNameFor(form, 'helm') };
      const object = gitRepoFromForm(form, { workspace: options.workspace, base, ...(names.git ? { newGitSecretName: names.git } : {}), ...(names.helm ? { newHelmSecretName: names.helm } : {}) });
      return { object, beforeWrite: () => createSecrets(form, names) };
    },
    afterSave: (name, isEdit) => (isEdit ? { name: 'gitrepo-detail', params: { workspace: options.workspace, name } } : { name: 'gitrepos', params: { workspace: options.workspace } }),
  });
  const compared = shallowRef<ComparedField[]>([]);
  const secrets = shallowRef<SecretRow[]>([]);
  const secretsError = shallowRef('');

  async function load(): Promise<void> {
    api.listSecrets(options.workspace).then(
      (items) => (secrets.value = items),
      (e: unknown) => (secretsError.value = isApiError(e) ? e.message : String(e)),
    );
    await state.load();
  }

  /** After a conflict: the form shows the current version; the user's inputs stay listed beside it. */
  function reloadTheirs(): void {
    const mine = structuredClone(toRaw(state.form)) as GitRepoForm;
    const current = state.takeTheirs();
    if (!current) return;
    const theirs = formFromGitRepo(current);
    for (const key of TYPED) theirs[key] = mine[key];
    compared.value = compareForms(mine, theirs);
    Object.assign(state.form, theirs);
  }

  /** After a conflict: keep the inputs and save them over the current version next time. */
  function keepMine(): void {
    if (state.keepMine('Your inputs are kept. Save again to apply them over the current version.')) compared.value = [];
  }

  return { ...state, compared, secrets, secretsError, load, reloadTheirs, keepMine };
}

export type GitRepoFormState = ReturnType<typeof useGitRepoForm>;
export const GITREPO_FORM: InjectionKey<GitRepoFormState> = Symbol('gitrepo-form');

export function injectGitRepoForm(): GitRepoFormState {
  const state = inject(GITREPO_FORM);
  if (!state) throw new Error('GitRepo form sections need the form (GITREPO_FORM)');
  return state;
}
