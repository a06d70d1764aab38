// The form as labelled display values, to set a user's inputs beside another version of the
// object (after a conflict the user reloads, and still sees what they had typed). Pure.
import { recordOfRows, selectorOfRows } from '../../../shared/forms/form-rows.model';
import { selectorToString } from '@fleet-dashboard/fleet-model';
import type { GitRepoForm, TargetRow } from './gitrepo-form.model';

export interface ComparedField {
  label: string;
  yours: string;
  theirs: string;
}

const describeTarget = (t: TargetRow): string =>
  t.kind === 'cluster' ? `cluster ${t.clusterName}` : t.kind === 'group' ? `group ${t.clusterGroup}` : t.kind === 'selector' ? `selector ${selectorToString(selectorOfRows(t.selector)) || '(all)'}` : 'advanced target';

/** Display values of what the form writes to the object (not secret inputs). */
export function formDisplayValues(form: GitRepoForm): Array<[string, string]> {
  const labels = Object.entries(recordOfRows(form.labels)).map(([k, v]) => `${k}=${v}`);
  return [
    ['Description', form.description],
    ['Labels', labels.join(', ')],
    ['Repository URL', form.repo.trim()],
    ['Branch or revision', form.refKind === 'branch' ? `branch ${form.branch.trim() || '(default)'}` : `revision ${form.revision.trim()}`],
    ['Paths', form.paths.map((p) => p.value.trim()).filter(Boolean).join(', ')],
    ['Targets', form.targetMode === 'all' ? 'All clusters' : form.targetMode === 'none' ? 'No clusters' : form.targets.map(describeTarget).join('; ')],
    ['Service account', form.serviceAccount.trim()],
    ['Target namespace', form.targetNamespace.trim()],
    ['Git credentials', form.gitCredential === 'existing' ? form.gitSecretName : form.gitCredential],
    ['Helm credentials', form.helmCredential === 'existing' ? form.helmSecretName : form.helmCredential],
    ['Helm repository URL regex', form.helmRepoURLRegex.trim()],
    ['TLS', form.tls],
    ['Polling', form.pollingEnabled ? `on${form.pollingInterval.trim() ? ` every ${form.pollingInterval.trim()}` : ''}` : 'off'],
    ['Self-healing', form.correctDrift ? 'on' : 'off'],
    ['Keep resources', form.keepResources ? 'on' : 'off'],
  ];
}

/** The fields where `yours` differs from `theirs`. */
export function compareForms(yours: GitRepoForm, theirs: GitRepoForm): ComparedField[] {
  const mine = formDisplayValues(yours);
  const other = new Map(formDisplayValues(theirs));
  const rows: ComparedField[] = [];
  for (const [label, value] of mine) {
    const theirValue = other.get(label) ?? '';
    if (value !== theirValue) rows.push({ label, yours: value || '(empty)', theirs: theirValue || '(empty)' });
  }
  return rows;
}
