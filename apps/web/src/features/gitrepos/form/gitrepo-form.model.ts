// The GitRepo form as plain data and its mapping to and from the GitRepo object. Pure; no Vue.
// object → form → object gives the object back, fields the form does not show included: the
// object the form started from is the base every change is applied to.
import type { KubeObjectBody } from '@fleet-dashboard/contracts';
import type { GitTarget, LabelSelector } from '@fleet-dashboard/fleet-model';
import { recordOfRows, rowId, rowsOfRecord, selectorOfRows, selectorRowsOf, type KeyValueRow, type SelectorRows } from '../../../shared/forms/form-rows.model';

export const DESCRIPTION_ANNOTATION = 'field.cattle.io/description';
export const GITREPO_API_VERSION = 'fleet.cattle.io/v1alpha1';

export type TargetMode = 'all' | 'none' | 'custom';
export type TargetRowKind = 'cluster' | 'group' | 'selector' | 'advanced';

export interface TargetRow {
  id: number;
  kind: TargetRowKind;
  clusterName: string;
  clusterGroup: string;
  selector: SelectorRows;
  /** The target as the object had it: its other fields (`name`, …) are kept; `advanced` keeps it whole. */
  original: GitTarget;
}

export interface PathRow {
  id: number;
  value: string;
}

export type GitCredentialMode = 'none' | 'existing' | 'ssh' | 'basic';
export type HelmCredentialMode = 'none' | 'existing' | 'basic';
export type TlsMode = 'verify' | 'ca' | 'insecure';

export interface GitRepoForm {
  name: string;
  description: string;
  labels: KeyValueRow[];
  repo: string;
  refKind: 'branch' | 'revision';
  branch: string;
  revision: string;
  paths: PathRow[];
  targetMode: TargetMode;
  targets: TargetRow[];
  serviceAccount: string;
  targetNamespace: string;
  gitCredential: GitCredentialMode;
  gitSecretName: string;
  sshPrivateKey: string;
  sshKnownHosts: string;
  gitUsername: string;
  gitPassword: string;
  helmCredential: HelmCredentialMode;
  helmSecretName: string;
  helmUsername: string;
  helmPassword: string;
  helmRepoURLRegex: string;
  tls: TlsMode;
  /** PEM text; the object holds it base64-encoded. */
  caBundle: string;
  pollingEnabled: boolean;
  pollingInterval: string;
  correctDrift: boolean;
  keepResources: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function pathRow(value = ''): PathRow {
  return { id: rowId(), value };
}

export function targetRow(kind: TargetRowKind = 'cluster', original: GitTarget = {}): TargetRow {
  return {
    id: rowId(),
    kind,
    clusterName: str(original.clusterName),
    clusterGroup: str(original.clusterGroup),
    selector: selectorRowsOf(original.clusterSelector),
    original,
  };
}

const SELECTION_KEYS = ['clusterName', 'clusterGroup', 'clusterGroupSelector', 'clusterSelector'] as const;

function rowOfTarget(target: GitTarget): TargetRow {
  const keys = SELECTION_KEYS.filter((k) => target[k] != null && target[k] !== '');
  if (keys.length === 1 && keys[0] === 'clusterName') return targetRow('cluster', target);
  if (keys.length === 1 && keys[0] === 'clusterGroup') return targetRow('group', target);
  if (keys.length === 1 && keys[0] === 'clusterSelector') return targetRow('selector', target);
  return targetRow('advanced', target);
}

function isEmptySelector(selector: LabelSelector | null | undefined): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** `all`: one target selecting with `clusterSelector: {}` only; `none`: no targets. */
export function targetModeOf(targets: readonly GitTarget[]): TargetMode {
  if (targets.length === 0) return 'none';
  const [only] = targets;
  if (targets.length === 1 && only && isEmptySelector(only.clusterSelector) && SELECTION_KEYS.every((k) => k === 'clusterSelector' || only[k] == null || only[k] === '')) {
    return 'all';
  }
  return 'custom';
}

/** UTF-8 text from base64 (`caBundle`); undefined when it is not base64. */
export function decodeBase64(value: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The empty form of a new GitRepo. */
export function emptyGitRepoForm(): GitRepoForm {
  return formFromGitRepo({});
}

export function formFromGitRepo(object: KubeObjectBody | Obj): GitRepoForm {
  const metadata = isObj(object.metadata) ? object.metadata : {};
  const spec = isObj(object.spec) ? object.spec : {};
  const annotations = isObj(metadata.annotations) ? (metadata.annotations as Record<string, string>) : {};
  const targets = Array.isArray(spec.targets) ? (spec.targets as GitTarget[]) : [];
  const isNew = !isObj(object.spec);
  const mode = isNew ? 'all' : targetModeOf(targets);
  const caBundle = str(spec.caBundle);
  const correctDrift = isObj(spec.correctDrift) ? spec.correctDrift : {};
  return {
    name: str(metadata.name),
    description: str(annotations[DESCRIPTION_ANNOTATION]),
    labels: rowsOfRecord(isObj(metadata.labels) ? (metadata.labels as Record<string, string>) : {}),
    repo: str(spec.repo),
    refKind: spec.revision ? 'revision' : 'branch',
    branch: str(spec.branch),
    revision: str(spec.revision),
    paths: Array.isArray(spec.paths) ? spec.paths.map((p) => pathRow(str(p))) : [],
    targetMode: mode,
    targets: mode === 'custom' ? targets.map(rowOfTarget) : [],
    serviceAccount: str(spec.serviceAccount),
    targetNamespace: str(spec.targetNamespace),
    gitCredential: spec.clientSecretName ? 'existing' : 'none',
    gitSecretName: str(spec.clientSecretName),
    sshPrivateKey: '',
    sshKnownHosts: '',
    gitUsername: '',
    gitPassword: '',
    helmCredential: spec.helmSecretName ? 'existing' : 'none',
    helmSecretName: str(spec.helmSecretName),
    helmUsername: '',
    helmPassword: '',
    helmRepoURLRegex: str(spec.helmRepoURLRegex),
    tls: caBundle ? 'ca' : spec.insecureSkipTLSVerify === true ? 'insecure' : 'verify',
    caBundle: caBundle ? (decodeBase64(caBundle) ?? caBundle) : '',
    pollingEnabled: spec.disablePolling !== true,
    pollingInterval: str(spec.pollingInterval),
    correctDrift: correctDrift.enabled === true,
    keepResources: spec.keepResources === true,
  };
}

/** Values that mean "not set" to Fleet; clearing a field already holding one keeps it as written. */
const isUnsetValue = (v: unknown): boolean => v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0);

/** Sets `key`, or clears it when `value` is unset (keeping an unset value the object already had). */
function put(target: Obj, key: string, value: unknown): void {
  if (!isUnsetValue(value)) target[key] = value;
  else if (!isUnsetValue(target[key])) delete target[key];
}

function targetOfRow(row: TargetRow): GitTarget {
  if (row.kind === 'advanced') return row.original;
  const rest: Obj = { ...row.original };
  for (const k of SELECTION_KEYS) delete rest[k];
  if (row.kind === 'cluster') return { ...rest, clusterName: row.clusterName.trim() };
  if (row.kind === 'group') return { ...rest, clusterGroup: row.clusterGroup.trim() };
  return { ...rest, clusterSelector: selectorOfRows(row.selector) };
}

function targetsOf(form: GitRepoForm, base: readonly GitTarget[]): GitTarget[] {
  if (form.targetMode === 'none') return [];
  if (form.targetMode === 'all') return targetModeOf(base) === 'all' ? [...base] : [{ clusterSelector: {} }];
  return form.targets.map(targetOfRow);
}

export interface GitRepoObjectOptions {
  workspace: string;
  /** The object the form started from (edit, clone); its other fields are kept. */
  base?: KubeObjectBody | Obj | undefined;
  /** Names of the secrets created for new credentials (`ssh`/`basic` Git, `basic` Helm). */
  newGitSecretName?: string;
  newHelmSecretName?: string;
}

function applyMetadata(form: GitRepoForm, metadata: Obj, workspace: string): void {
  metadata.name = form.name.trim();
  metadata.namespace = workspace;
  const labels = recordOfRows(form.labels);
  if (Object.keys(labels).length > 0 || isObj(metadata.labels)) metadata.labels = labels;
  const annotations: Obj = isObj(metadata.annotations) ? { ...metadata.annotations } : {};
  put(annotations, DESCRIPTION_ANNOTATION, form.description);
  if (Object.keys(annotations).length > 0 || isObj(metadata.annotations)) metadata.annotations = annotations;
}

function applyCredentials(form: GitRepoForm, spec: Obj, options: GitRepoObjectOptions): void {
  const git = form.gitCredential === 'existing' ? form.gitSecretName.trim() : form.gitCredential === 'none' ? '' : (options.newGitSecretName ?? '');
  put(spec, 'clientSecretName', git);
  const helm = form.helmCredential === 'existing' ? form.helmSecretName.trim() : form.helmCredential === 'none' ? '' : (options.newHelmSecretName ?? '');
  put(spec, 'helmSecretName', helm);
  put(spec, 'helmRepoURLRegex', form.helmRepoURLRegex.trim());
  const pem = form.tls === 'ca' ? form.caBundle.trim() : '';
  const previous = str(spec.caBundle);
  put(spec, 'caBundle', pem && previous && decodeBase64(previous)?.trim() === pem ? previous : pem ? encodeBase64(`${pem}\n`) : '');
  put(spec, 'insecureSkipTLSVerify', form.tls === 'insecure');
}

/** The GitRepo the form describes, built over `options.base` so fields the form does not show stay. */
export function gitRepoFromForm(form: GitRepoForm, options: GitRepoObjectOptions): KubeObjectBody {
  const base: Obj = options.base ? structuredClone(options.base as Obj) : {};
  const metadata: Obj = isObj(base.metadata) ? base.metadata : {};
  const spec: Obj = isObj(base.spec) ? base.spec : {};
  applyMetadata(form, metadata, options.workspace);
  put(spec, 'repo', form.repo.trim());
  put(spec, 'branch', form.refKind === 'branch' ? form.branch.trim() : '');
  put(spec, 'revision', form.refKind === 'revision' ? form.revision.trim() : '');
  put(spec, 'paths', form.paths.map((p) => p.value.trim()).filter((p) => p !== ''));
  put(spec, 'targets', targetsOf(form, Array.isArray(spec.targets) ? (spec.targets as GitTarget[]) : []));
  put(spec, 'serviceAccount', form.serviceAccount.trim());
  put(spec, 'targetNamespace', form.targetNamespace.trim());
  applyCredentials(form, spec, options);
  put(spec, 'disablePolling', !form.pollingEnabled);
  put(spec, 'pollingInterval', form.pollingInterval.trim());
  const drift: Obj = isObj(spec.correctDrift) ? { ...spec.correctDrift } : {};
  put(drift, 'enabled', form.correctDrift);
  if (Object.keys(drift).length > 0 || isObj(spec.correctDrift)) spec.correctDrift = drift;
  put(spec, 'keepResources', form.keepResources);
  return { ...base, apiVersion: str(base.apiVersion) || GITREPO_API_VERSION, kind: 'GitRepo', metadata, spec };
}

/** Name of a secret created for a new credential of the GitRepo (`suffix` makes it unique). */
export function newSecretName(gitRepoName: string, purpose: 'git' | 'helm', suffix: string): string {
  return `${gitRepoName.trim()}-${purpose}-auth-${suffix}`.slice(0, 253).replace(/[-.]+$/, '');
}
