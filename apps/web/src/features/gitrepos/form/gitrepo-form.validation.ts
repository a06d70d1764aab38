// Checks of the GitRepo form before anything is sent, keyed by the object path each field writes
// (`spec.repo`), so the server's 422 field errors land on the same fields. Pure; no Vue.
import { hasSelectorErrors, keyValueErrors, selectorRowErrors, type RowErrors, type SelectorRowErrors } from '../../../shared/forms/form-rows.model';
import type { GitRepoForm } from './gitrepo-form.model';

/** Fields of the form by the path they write; `credentials.*`/`helm.*` are the new-secret inputs. */
export const FIELD_LABELS = {
  'metadata.name': 'Name',
  'metadata.annotations': 'Description',
  'metadata.labels': 'Labels',
  'spec.repo': 'Repository URL',
  'spec.branch': 'Branch',
  'spec.revision': 'Revision',
  'spec.paths': 'Paths',
  'spec.targets': 'Targets',
  'spec.serviceAccount': 'Service account',
  'spec.targetNamespace': 'Target namespace',
  'spec.clientSecretName': 'Git credentials secret',
  'credentials.privateKey': 'SSH private key',
  'credentials.knownHosts': 'Known hosts',
  'credentials.username': 'Username',
  'credentials.password': 'Password',
  'spec.helmSecretName': 'Helm credentials secret',
  'helm.username': 'Helm username',
  'helm.password': 'Helm password',
  'spec.helmRepoURLRegex': 'Helm repository URL regex',
  'spec.caBundle': 'CA bundle',
  'spec.insecureSkipTLSVerify': 'TLS verification',
  'spec.pollingInterval': 'Polling interval',
  'spec.disablePolling': 'Polling',
  'spec.correctDrift': 'Self-healing',
  'spec.keepResources': 'Keep resources',
} as const;

export type FieldKey = keyof typeof FIELD_LABELS;
export type FieldErrors = Partial<Record<FieldKey, string>>;

export interface GitRepoFormErrors {
  fields: FieldErrors;
  labels: Map<number, RowErrors>;
  /** Per target row id: its cluster/group field or its selector rows. */
  targets: Map<number, { field?: string; selector?: SelectorRowErrors }>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SCP_LIKE = /^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^\s]+$/;
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export function dnsLabelError(value: string, what: string): string | undefined {
  if (!value) return `${what} is required.`;
  if (value.length > 63) return `${what} is at most 63 characters.`;
  if (!DNS_LABEL.test(value)) return `${what} may hold lowercase letters, digits and "-", starting and ending with a letter or digit.`;
  return undefined;
}

export type RepoUrlKind = 'http' | 'ssh';

/** `http` for http(s) URLs, `ssh` for ssh:// and scp-like `git@host:path`, undefined otherwise. */
export function repoUrlKind(url: string): RepoUrlKind | undefined {
  if (SCP_LIKE.test(url)) return 'ssh';
  try {
    const parsed = new URL(url);
    if (!parsed.hostname || /\s/.test(url)) return undefined;
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return 'http';
    if (parsed.protocol === 'ssh:') return 'ssh';
  } catch {
    return undefined;
  }
  return undefined;
}

/** A Go duration (`15s`, `1m30s`) in seconds; undefined when it does not parse. */
export function goDurationSeconds(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * (unit[m[2] ?? 's'] ?? 1);
  return total;
}

export const MIN_POLLING_SECONDS = 15;

/** A warning (not an error) for a polling interval under Fleet's 15 s minimum. */
export function pollingWarning(form: GitRepoForm): string | null {
  if (!form.pollingEnabled || !form.pollingInterval.trim()) return null;
  const seconds = goDurationSeconds(form.pollingInterval.trim());
  if (seconds === undefined || seconds >= MIN_POLLING_SECONDS) return null;
  return `Fleet polls at most every ${MIN_POLLING_SECONDS} s: an interval of ${form.pollingInterval.trim()} is raised to ${MIN_POLLING_SECONDS}s.`;
}

function repoErrors(form: GitRepoForm, fields: FieldErrors): void {
  const repo = form.repo.trim();
  const kind = repoUrlKind(repo);
  if (!repo) fields['spec.repo'] = 'Repository URL is required.';
  else if (!kind) fields['spec.repo'] = 'Use https://host/path, http://host/path, ssh://user@host/path or git@host:path.';
  else if (kind === 'http' && form.gitCredential === 'ssh') fields['spec.repo'] = 'An SSH key needs an ssh:// or git@host:path URL.';
  else if (kind === 'ssh' && form.gitCredential === 'basic') fields['spec.repo'] = 'Username and password need an http(s) URL.';
  const ref = form.refKind === 'branch' ? form.branch.trim() : form.revision.trim();
  const refKey = form.refKind === 'branch' ? 'spec.branch' : 'spec.revision';
  if (form.refKind === 'revision' && !ref) fields[refKey] = 'Revision is required (or choose Branch).';
  else if (ref && (/\s/.test(ref) || ref.includes('..') || ref.startsWith('-'))) fields[refKey] = 'Not a valid Git reference.';
  const paths = form.paths.map((p) => p.value.trim()).filter((p) => p !== '');
  const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
  if (duplicate) fields['spec.paths'] = `The path “${duplicate}” is listed twice.`;
}

function targetErrors(form: GitRepoForm, fields: FieldErrors): GitRepoFormErrors['targets'] {
  const rows: GitRepoFormErrors['targets'] = new Map();
  if (form.targetMode !== 'custom') return rows;
  if (form.targets.length === 0) fields['spec.targets'] = 'Add a target, or choose All clusters or No clusters.';
  for (const row of form.targets) {
    if (row.kind === 'cluster' && !row.clusterName.trim()) rows.set(row.id, { field: 'Choose a cluster.' });
    if (row.kind === 'group' && !row.clusterGroup.trim()) rows.set(row.id, { field: 'Choose a cluster group.' });
    if (row.kind === 'selector') {
      const selector = selectorRowErrors(row.selector);
      if (hasSelectorErrors(selector)) rows.set(row.id, { selector });
    }
  }
  if (rows.size > 0) fields['spec.targets'] ??= 'Fix the targets marked below.';
  return rows;
}

function credentialErrors(form: GitRepoForm, fields: FieldErrors): void {
  if (form.gitCredential === 'existing' && !form.gitSecretName.trim()) fields['spec.clientSecretName'] = 'Choose a secret.';
  if (form.gitCredential === 'ssh' && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(form.sshPrivateKey)) {
    fields['credentials.privateKey'] = 'Paste a private key in PEM/OpenSSH form (-----BEGIN … PRIVATE KEY-----).';
  }
  if (form.gitCredential === 'basic') {
    if (!form.gitUsername.trim()) fields['credentials.username'] = 'Username is required.';
    if (!form.gitPassword) fields['credentials.password'] = 'Password or token is required.';
  }
  if (form.helmCredential === 'existing' && !form.helmSecretName.trim()) fields['spec.helmSecretName'] = 'Choose a secret.';
  if (form.helmCredential === 'basic') {
    if (!form.helmUsername.trim()) fields['helm.username'] = 'Username is required.';
    if (!form.helmPassword) fields['helm.password'] = 'Password is required.';
  }
  const regex = form.helmRepoURLRegex.trim();
  if (regex) {
    try {
      new RegExp(regex);
    } catch {
      fields['spec.helmRepoURLRegex'] = 'Not a valid regular expression.';
    }
  }
  if (form.tls === 'ca' && !form.caBundle.includes('-----BEGIN CERTIFICATE-----')) fields['spec.caBundle'] = 'Paste one or more PEM certificates (-----BEGIN CERTIFICATE-----).';
}

export function validateGitRepoForm(form: GitRepoForm): GitRepoFormErrors {
  const fields: FieldErrors = {};
  const nameError = dnsLabelError(form.name.trim(), 'Name');
  if (nameError) fields['metadata.name'] = nameError;
  const labels = keyValueErrors(form.labels);
  if (labels.size > 0) fields['metadata.labels'] = 'Fix the labels marked below.';
  repoErrors(form, fields);
  const targets = targetErrors(form, fields);
  const sa = form.serviceAccount.trim();
  if (sa && (sa.length > 253 || !DNS_SUBDOMAIN.test(sa))) fields['spec.serviceAccount'] = 'Not a valid service account name.';
  const ns = form.targetNamespace.trim();
  if (ns) {
    const e = dnsLabelError(ns, 'Target namespace');
    if (e) fields['spec.targetNamespace'] = e;
  }
  credentialErrors(form, fields);
  const interval = form.pollingInterval.trim();
  if (interval && goDurationSeconds(interval) === undefined) fields['spec.pollingInterval'] = 'Use a duration such as 15s, 1m or 1h30m.';
  return { fields, labels, targets };
}

export function errorCount(errors: GitRepoFormErrors): number {
  return Object.keys(errors.fields).length;
}

/**
 * The form field a server field path belongs to (`spec.targets[0].clusterSelector` →
 * `spec.targets`), or undefined when the form has no such field.
 */
export function fieldKeyForPath(path: string): FieldKey | undefined {
  const plain = path.replace(/\[.*$/, '').replace(/^\./, '');
  let best: FieldKey | undefined;
  for (const key of Object.keys(FIELD_LABELS) as FieldKey[]) {
    if ((plain === key || plain.startsWith(`${key}.`)) && (!best || key.length > best.length)) best = key;
  }
  return best;
}
