// Status derivation as fleet-controller does it. The simulator calls these to write status;
// the dashboard reads the result from real Fleet and never has to compute it.
// Sources (rancher/fleet): reconciler/bundle_status.go + target/status.go (Bundle),
// gitops/reconciler/status_controller.go + resourcekey.go (GitRepo),
// reconciler/cluster_controller.go (Cluster), reconciler/clustergroup_controller.go (ClusterGroup).
import { PER_CLUSTER_STATE_KEYS, RESOURCE_STATE_NAMES, formatReadyRatio, type PerClusterStateKey } from './display';
import { LABELS, clusterId } from './naming';
import { matchesSelector } from './selector';
import {
  addToSummary,
  bundleDeploymentState,
  emptySummary,
  findCondition,
  mergeSummaries,
  messageFromDeployment,
  readyMessage,
  stateRank,
  summaryState,
  type BundleState,
} from './state';
import type {
  Bundle,
  BundleDeployment,
  BundleSummary,
  Cluster,
  ClusterGroup,
  Condition,
  GitRepo,
  GitRepoResource,
  PerClusterStateMap,
  ResourceCounts,
} from './types';

export interface DeriveOptions {
  /** Timestamp for `lastUpdateTime` of conditions that change (RFC 3339). Omitted → not set. */
  now?: string;
}

const byString =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/** Replaces (or appends) the condition of the same type; keeps lastUpdateTime when nothing changed. */
export function setCondition(conditions: readonly Condition[] | null | undefined, next: Condition, now?: string): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const changed = !prev || prev.status !== next.status || (prev.message ?? '') !== (next.message ?? '');
  const merged: Condition = { ...(prev ?? {}), ...next };
  if (!next.message) delete merged.message;
  if (changed && now) merged.lastUpdateTime = now;
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

function readyConditionFrom(summary: BundleSummary, referencedKind: string): Condition {
  const message = readyMessage(summary, referencedKind);
  return message ? { type: 'Ready', status: 'False', message } : { type: 'Ready', status: 'True' };
}

export function emptyResourceCounts(): Required<{ [K in keyof ResourceCounts & string]: number }> {
  return { ready: 0, desiredReady: 0, waitApplied: 0, modified: 0, orphaned: 0, missing: 0, unknown: 0, notReady: 0 };
}

const COUNT_KEYS = ['ready', 'desiredReady', 'waitApplied', 'modified', 'orphaned', 'missing', 'unknown', 'notReady'] as const;
type FullCounts = Record<(typeof COUNT_KEYS)[number], number>;

/** Fleet `IncrementResourceCounts`. */
export function addResourceCounts(left: ResourceCounts | null | undefined, right: ResourceCounts | null | undefined): FullCounts {
  const out = emptyResourceCounts() as FullCounts;
  for (const k of COUNT_KEYS) out[k] = (left?.[k] ?? 0) + (right?.[k] ?? 0);
  return out;
}

// ---------------------------------------------------------------- Bundle

export interface TargetedCluster {
  cluster: Cluster;
  /** spec.deploymentID fleet-controller writes for this target now (unchanged while paused). */
  deploymentId?: string;
  /** spec.stagedDeploymentID fleet-controller writes for this target now. */
  stagedDeploymentId?: string;
}

export interface DerivedBundleStatus {
  summary: BundleSummary;
  display: { readyClusters: string; state: string };
  conditions: Condition[];
  unavailable: number;
  resourceKey?: Array<{ apiVersion?: string; kind?: string; namespace?: string; name?: string }>;
}

function bdForCluster(cluster: Cluster, bds: readonly BundleDeployment[]): BundleDeployment | undefined {
  const ns = cluster.status?.namespace;
  return bds.find((bd) => {
    if (ns && bd.metadata?.namespace === ns) return true;
    const l = bd.metadata?.labels ?? {};
    return l[LABELS.cluster] === cluster.metadata?.name && l[LABELS.clusterNamespace] === cluster.metadata?.namespace;
  });
}

/**
 * Bundle status from its BundleDeployments and the clusters it targets. Targets are ordered
 * by cluster name; a targeted cluster without a BD counts as Pending; nonReadyResources are
 * named `<cluster ns>/<cluster name>`; display.state comes from nonReadyResources only.
 */
export function deriveBundleStatus(
  bundle: Bundle,
  bds: readonly BundleDeployment[],
  targetedClusters: ReadonlyArray<Cluster | TargetedCluster>,
  options: DeriveOptions & { resourceKey?: DerivedBundleStatus['resourceKey'] } = {},
): DerivedBundleStatus {
  const targets: TargetedCluster[] = targetedClusters.map((t) =>
    'cluster' in t && t.cluster && typeof t.cluster === 'object' ? (t as TargetedCluster) : { cluster: t as Cluster },
  );
  targets.sort(byString((t) => t.cluster.metadata?.name ?? ''));
  let summary = emptySummary();
  let unavailable = 0;
  for (const t of targets) {
    const bd = bdForCluster(t.cluster, bds);
    const name = `${t.cluster.metadata?.namespace ?? ''}/${t.cluster.metadata?.name ?? ''}`;
    if (!bd) {
      summary = addToSummary(summary, 'Pending', { name });
      continue;
    }
    const effective: BundleDeployment =
      t.deploymentId !== undefined || t.stagedDeploymentId !== undefined
        ? {
            ...bd,
            spec: {
              ...(bd.spec ?? {}),
              deploymentID: t.deploymentId ?? bd.spec?.deploymentID,
              stagedDeploymentID: t.stagedDeploymentId ?? bd.spec?.stagedDeploymentID,
            },
          }
        : bd;
    const state = bundleDeploymentState(effective);
    if ((effective.status?.appliedDeploymentID ?? '') !== (effective.spec?.deploymentID ?? '') || !effective.status?.ready) unavailable++;
    summary = addToSummary(summary, state, {
      name,
      message: messageFromDeployment(effective),
      modifiedStatus: bd.status?.modifiedStatus,
      nonReadyStatus: bd.status?.nonReadyStatus,
    });
  }
  const result: DerivedBundleStatus = {
    summary,
    display: { readyClusters: formatReadyRatio(summary.ready ?? 0, summary.desiredReady ?? 0), state: summaryState(summary) },
    conditions: setCondition(bundle.status?.conditions, readyConditionFrom(summary, 'Cluster'), options.now),
    unavailable,
  };
  if (options.resourceKey) result.resourceKey = options.resourceKey;
  return result;
}

// ---------------------------------------------------------------- GitRepo

export interface DerivedGitRepoStatus {
  summary: BundleSummary;
  display: { readyBundleDeployments: string; state: string; message: string; error: boolean };
  readyClusters: number;
  desiredReadyClusters: number;
  resourceCounts: FullCounts;
  perClusterResourceCounts: Record<string, FullCounts>;
  resources: GitRepoResource[];
  conditions: Condition[];
}

/** BDs Fleet lists for a GitRepo: labels repo-name = name and bundle-namespace = namespace. */
export function bundleDeploymentsOfGitRepo(gitRepo: GitRepo, bds: readonly BundleDeployment[]): BundleDeployment[] {
  return bds.filter((bd) => {
    const l = bd.metadata?.labels ?? {};
    return l[LABELS.repoName] === gitRepo.metadata?.name && l[LABELS.bundleNamespace] === gitRepo.metadata?.namespace;
  });
}

function bdClusterId(bd: BundleDeployment): string | null {
  const l = bd.metadata?.labels ?? {};
  const name = l[LABELS.cluster];
  const ns = l[LABELS.clusterNamespace];
  return name && ns ? clusterId(ns, name) : null;
}

function resourceType(apiVersion: string, kind: string): string {
  let group = apiVersion.split('/')[0] ?? '';
  if (group === 'v1') group = '';
  else if (group.length > 0) group += '.';
  return group + kind.toLowerCase();
}

/** Precedence used to pick `resources[].state` when clusters disagree (worst first). */
const RESOURCE_STATE_PRECEDENCE: readonly PerClusterStateKey[] = [
  'missing',
  'orphaned',
  'modified',
  'notReady',
  'waitApplied',
  'pending',
  'unknown',
  'ready',
];

interface ResourceAcc {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  perCluster: Map<PerClusterStateKey, Set<string>>;
}

function gitRepoResources(bds: readonly BundleDeployment[]): GitRepoResource[] {
  const acc = new Map<string, ResourceAcc>();
  const put = (apiVersion: string, kind: string, namespace: string, name: string, cluster: string, key: PerClusterStateKey): void => {
    const type = resourceType(apiVersion, kind);
    const id = namespace ? `${namespace}/${name}` : name;
    const k = `${type}/${id}`;
    let r = acc.get(k);
    if (!r) {
      r = { apiVersion, kind, namespace, name, perCluster: new Map() };
      acc.set(k, r);
    }
    const set = r.perCluster.get(key) ?? new Set<string>();
    set.add(cluster);
    r.perCluster.set(key, set);
  };
  for (const bd of bds) {
    const cluster = bdClusterId(bd);
    if (!cluster) continue;
    const state = bundleDeploymentState(bd);
    const st = bd.status ?? {};
    const resKey = (a?: string | null, k?: string | null, ns?: string | null, n?: string | null): string =>
      `${a ?? ''}|${k ?? ''}|${ns ?? ''}|${n ?? ''}`;
    const modified = new Map((st.modifiedStatus ?? []).map((m) => [resKey(m.apiVersion, m.kind, m.namespace, m.name), m]));
    const nonReady = new Set((st.nonReadyStatus ?? []).map((m) => resKey(m.apiVersion, m.kind, m.namespace, m.name)));
    const seen = new Set<string>();
    for (const r of st.resources ?? []) {
      const key = resKey(r.apiVersion, r.kind, r.namespace, r.name);
      seen.add(key);
      const m = modified.get(key);
      let s: PerClusterStateKey = 'ready';
      if (m) s = m.delete ? 'orphaned' : m.missing ? 'missing' : 'modified';
      else if (nonReady.has(key)) s = 'notReady';
      else if (state === 'WaitApplied' || state === 'ErrApplied') s = 'waitApplied';
      put(r.apiVersion ?? '', r.kind ?? '', r.namespace ?? '', r.name ?? '', cluster, s);
    }
    for (const [key, m] of modified) {
      if (seen.has(key)) continue;
      const s: PerClusterStateKey = m.delete ? 'orphaned' : m.missing ? 'missing' : 'modified';
      put(m.apiVersion ?? '', m.kind ?? '', m.namespace ?? '', m.name ?? '', cluster, s);
    }
  }
  const out: GitRepoResource[] = [];
  for (const [, r] of [...acc.entries()].sort(byString(([k]) => k))) {
    const perClusterState: PerClusterStateMap = {};
    for (const key of PER_CLUSTER_STATE_KEYS) {
      const ids = r.perCluster.get(key);
      if (ids && ids.size > 0) perClusterState[key] = [...ids].sort();
    }
    const worst = RESOURCE_STATE_PRECEDENCE.find((k) => r.perCluster.has(k)) ?? 'ready';
    const resource: GitRepoResource = {
      apiVersion: r.apiVersion,
      kind: r.kind,
      type: resourceType(r.apiVersion, r.kind),
      id: r.namespace ? `${r.namespace}/${r.name}` : r.name,
      name: r.name,
      state: RESOURCE_STATE_NAMES[worst],
      perClusterState,
    };
    if (r.namespace) resource.namespace = r.namespace;
    out.push(resource);
  }
  return out;
}

/**
 * GitRepo status from its Bundles and BundleDeployments (the BD list may contain others:
 * only those labelled with this repo's name and namespace are used, ordered by UID).
 * display.state is the worst BD state ('' when all Ready), then `GitUpdating` when
 * gitJobStatus ≠ Current; display.message is the message of the first BD with the worst state
 * (subtlety 8). A Bundle's Ready=False condition replaces the GitRepo's Ready condition.
 * resources[] uses the v0.12+ perClusterState object; per-cluster resource counts are the sums
 * of the BDs' `status.resourceCounts`.
 */
export function deriveGitRepoStatus(
  gitRepo: GitRepo,
  bundles: readonly Bundle[],
  bds: readonly BundleDeployment[],
  options: DeriveOptions = {},
): DerivedGitRepoStatus {
  const list = bundleDeploymentsOfGitRepo(gitRepo, bds).sort(byString((bd) => bd.metadata?.uid ?? ''));
  let summary = emptySummary();
  let maxState: BundleState | '' = '';
  let message = '';
  const count = new Map<string, number>();
  const readyCount = new Map<string, number>();
  const perCluster: Record<string, FullCounts> = {};
  for (const bd of list) {
    const state = bundleDeploymentState(bd);
    const msg = messageFromDeployment(bd);
    summary = addToSummary(summary, state, {
      name: bd.metadata?.name ?? '',
      message: msg,
      modifiedStatus: bd.status?.modifiedStatus,
      nonReadyStatus: bd.status?.nonReadyStatus,
    });
    if (stateRank(state) > stateRank(maxState)) {
      maxState = state;
      message = msg;
    }
    const id = bdClusterId(bd);
    if (!id) continue;
    count.set(id, (count.get(id) ?? 0) + 1);
    if (state === 'Ready') readyCount.set(id, (readyCount.get(id) ?? 0) + 1);
    perCluster[id] = addResourceCounts(perCluster[id], bd.status?.resourceCounts);
  }
  let readyClusters = 0;
  for (const [id, n] of readyCount) if (count.get(id) === n) readyClusters++;
  if (maxState === 'Ready') {
    maxState = '';
    message = '';
  }
  let resourceCounts = emptyResourceCounts() as FullCounts;
  for (const id of Object.keys(perCluster).sort()) resourceCounts = addResourceCounts(resourceCounts, perCluster[id]);

  let conditions = setCondition(gitRepo.status?.conditions, readyConditionFrom(summary, 'Bundle'), options.now);
  const failing = bundles
    .filter((b) => b.metadata?.labels?.[LABELS.repoName] === gitRepo.metadata?.name && b.metadata?.namespace === gitRepo.metadata?.namespace)
    .map((b) => findCondition(b.status?.conditions, 'Ready'))
    .find((c) => c?.status === 'False');
  if (failing) {
    const i = conditions.findIndex((c) => c.type === 'Ready');
    conditions = [...conditions];
    if (i >= 0) conditions[i] = { ...failing };
    else conditions.push({ ...failing });
  }
  const state = (gitRepo.status?.gitJobStatus ?? '') !== 'Current' ? 'GitUpdating' : maxState;
  return {
    summary,
    display: {
      readyBundleDeployments: formatReadyRatio(summary.ready ?? 0, summary.desiredReady ?? 0),
      state,
      message,
      error: message.length > 0,
    },
    readyClusters,
    desiredReadyClusters: count.size,
    resourceCounts,
    perClusterResourceCounts: perCluster,
    resources: gitRepoResources(list),
    conditions,
  };
}

// ---------------------------------------------------------------- Cluster

export interface DerivedClusterStatus {
  summary: BundleSummary;
  display: { readyBundles: string; state: string };
  readyGitRepos: number;
  desiredReadyGitRepos: number;
  resourceCounts: FullCounts;
  conditions: Condition[];
}

/**
 * Cluster status from the BDs in its cluster namespace (ordered by name). A GitRepo counts as
 * ready when ANY of its BDs on this cluster is Ready (subtlety 9). With `gitRepos` given, only
 * existing GitRepos are counted and resourceCounts sums their `status.resourceCounts`, as
 * fleet-controller does; without it every repo label counts and resourceCounts stays zero.
 */
export function deriveClusterStatus(
  cluster: Cluster,
  bdsOnCluster: readonly BundleDeployment[],
  options: DeriveOptions & { gitRepos?: readonly GitRepo[] } = {},
): DerivedClusterStatus {
  const list = [...bdsOnCluster].sort(byString((bd) => bd.metadata?.name ?? ''));
  let summary = emptySummary();
  const repos = new Map<string, { name: string; namespace: string; ready: boolean }>();
  for (const bd of list) {
    const state = bundleDeploymentState(bd);
    summary = addToSummary(summary, state, {
      name: bd.metadata?.name ?? '',
      message: messageFromDeployment(bd),
      modifiedStatus: bd.status?.modifiedStatus,
      nonReadyStatus: bd.status?.nonReadyStatus,
    });
    const repo = bd.metadata?.labels?.[LABELS.repoName];
    const ns = bd.metadata?.labels?.[LABELS.bundleNamespace];
    if (repo && ns) {
      const key = `${ns}/${repo}`;
      const prev = repos.get(key);
      repos.set(key, { name: repo, namespace: ns, ready: state === 'Ready' || Boolean(prev?.ready) });
    }
  }
  let readyGitRepos = 0;
  let desiredReadyGitRepos = 0;
  let resourceCounts = emptyResourceCounts() as FullCounts;
  for (const repo of repos.values()) {
    if (options.gitRepos) {
      const gr = options.gitRepos.find((g) => g.metadata?.name === repo.name && g.metadata?.namespace === repo.namespace);
      if (!gr) continue;
      resourceCounts = addResourceCounts(resourceCounts, gr.status?.resourceCounts);
    }
    desiredReadyGitRepos++;
    if (repo.ready) readyGitRepos++;
  }
  const state = cluster.status?.agent?.lastSeen ? summaryState(summary) : 'WaitCheckIn';
  return {
    summary,
    display: { readyBundles: formatReadyRatio(summary.ready ?? 0, summary.desiredReady ?? 0), state },
    readyGitRepos,
    desiredReadyGitRepos,
    resourceCounts,
    conditions: setCondition(cluster.status?.conditions, readyConditionFrom(summary, 'Bundle'), options.now),
  };
}

// ---------------------------------------------------------------- ClusterGroup

export const MAX_NON_READY_CLUSTERS = 10;

export interface DerivedClusterGroupStatus {
  clusterCount: number;
  nonReadyClusterCount: number;
  nonReadyClusters: string[];
  summary: BundleSummary;
  resourceCounts: FullCounts;
  display: { readyClusters: string; readyBundles: string; state: string };
  conditions: Condition[];
}

/**
 * ClusterGroup status from its member clusters' statuses. Members are re-checked: same
 * namespace and matching `spec.selector` (no selector = no members), ordered by name. A
 * cluster is non-ready when summary.ready ≠ desiredReady.
 */
export function deriveClusterGroupStatus(
  group: ClusterGroup,
  clustersInGroup: readonly Cluster[],
  options: DeriveOptions = {},
): DerivedClusterGroupStatus {
  const ns = group.metadata?.namespace;
  const members = clustersInGroup
    .filter((c) => (ns == null || c.metadata?.namespace == null || c.metadata.namespace === ns) && matchesSelector(c.metadata?.labels ?? {}, group.spec?.selector))
    .sort(byString((c) => c.metadata?.name ?? ''));
  let summary = emptySummary();
  let resourceCounts = emptyResourceCounts() as FullCounts;
  let nonReadyClusterCount = 0;
  const nonReadyClusters: string[] = [];
  for (const c of members) {
    const s = c.status?.summary ?? {};
    resourceCounts = addResourceCounts(resourceCounts, c.status?.resourceCounts);
    summary = mergeSummaries(summary, s);
    if ((s.ready ?? 0) !== (s.desiredReady ?? 0)) {
      nonReadyClusterCount++;
      if (nonReadyClusters.length < MAX_NON_READY_CLUSTERS) nonReadyClusters.push(c.metadata?.name ?? '');
    }
  }
  return {
    clusterCount: members.length,
    nonReadyClusterCount,
    nonReadyClusters,
    summary,
    resourceCounts,
    display: {
      readyBundles: formatReadyRatio(summary.ready ?? 0, summary.desiredReady ?? 0),
      readyClusters: formatReadyRatio(members.length - nonReadyClusterCount, members.length, nonReadyClusters),
      state: summaryState(summary),
    },
    conditions: setCondition(group.status?.conditions, readyConditionFrom(summary, 'Bundle'), options.now),
  };
}
