// The pure part of the GitRepo detail page: resources per cluster from `status.resources`
// (both perClusterState formats), counts per state for the cards, the clusters the repo deploys
// to (from its BundleDeployment rows), and the warnings read from status messages.
import type { BundleDeploymentRow, ClusterRow } from '@fleet-dashboard/contracts';
import { normalizePerClusterState, stateRank, type GitRepoResource } from '@fleet-dashboard/fleet-model';
import { deploymentMessage } from '../../bundles/components/bundle-deployment-columns';

export interface ResourceRow {
  /** `<clusterId>|<apiVersion>/<kind>/<namespace>/<name>`: unique per resource per cluster. */
  key: string;
  /** Resource name (what the filter searches, with kind and cluster below). */
  name: string;
  namespace: string;
  kind: string;
  apiVersion: string;
  /** Cluster name (the part of the cluster ID after `<clusterNamespace>/`). */
  cluster: string;
  clusterId: string;
  /** Resource state name: Ready, WaitApplied, Pending, Modified, Orphaned, Missing, Unknown, NotReady. */
  state: string;
  message: string;
}

/** One row per resource per cluster. */
export function resourceRowsOf(resources: unknown): ResourceRow[] {
  if (!Array.isArray(resources)) return [];
  const rows: ResourceRow[] = [];
  for (const r of resources as GitRepoResource[]) {
    const id = `${r.apiVersion ?? ''}/${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`;
    for (const pc of normalizePerClusterState(r.perClusterState)) {
      const slash = pc.clusterId.indexOf('/');
      rows.push({
        key: `${pc.clusterId}|${id}`,
        name: r.name ?? '',
        namespace: r.namespace ?? '',
        kind: r.kind ?? '',
        apiVersion: r.apiVersion ?? '',
        cluster: slash >= 0 ? pc.clusterId.slice(slash + 1) : pc.clusterId,
        clusterId: pc.clusterId,
        state: pc.state,
        message: pc.message ?? '',
      });
    }
  }
  return rows;
}

export interface CountItem {
  state: string;
  count: number;
}

export interface ClusterGroup {
  cluster: string;
  rows: ResourceRow[];
  counts: CountItem[];
}

function countStates(states: Iterable<string>): CountItem[] {
  const m = new Map<string, number>();
  for (const s of states) m.set(s, (m.get(s) ?? 0) + 1);
  return [...m].map(([state, count]) => ({ state, count })).sort((a, b) => (a.state === 'Ready' ? 1 : b.state === 'Ready' ? -1 : a.state.localeCompare(b.state)));
}

/** Rows grouped by cluster name (sorted), each with its counts per state. */
export function groupByCluster(rows: readonly ResourceRow[]): ClusterGroup[] {
  const by = new Map<string, ResourceRow[]>();
  for (const r of rows) {
    const list = by.get(r.cluster);
    if (list) list.push(r);
    else by.set(r.cluster, [r]);
  }
  return [...by.keys()]
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .map((cluster) => {
      const list = by.get(cluster) ?? [];
      return { cluster, rows: list, counts: countStates(list.map((r) => r.state)) };
    });
}

const BUNDLE_KEYS = [
  ['ready', 'Ready'],
  ['errApplied', 'ErrApplied'],
  ['notReady', 'NotReady'],
  ['modified', 'Modified'],
  ['outOfSync', 'OutOfSync'],
  ['waitApplied', 'WaitApplied'],
  ['pending', 'Pending'],
] as const;

const RESOURCE_KEYS = [
  ['ready', 'Ready'],
  ['notReady', 'NotReady'],
  ['modified', 'Modified'],
  ['missing', 'Missing'],
  ['orphaned', 'Orphaned'],
  ['waitApplied', 'WaitApplied'],
  ['unknown', 'Unknown'],
] as const;

function counts(source: unknown, keys: readonly (readonly [string, string])[]): { items: CountItem[]; desired: number } {
  const o = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  const n = (k: string): number => (typeof o[k] === 'number' ? (o[k] as number) : 0);
  return { items: keys.map(([k, state]) => ({ state, count: n(k) })).filter((c) => c.count > 0), desired: n('desiredReady') };
}

/** Bundle deployments per state from `status.summary` (zero counts left out) and how many are wanted. */
export function bundleCountsOf(summary: unknown) {
  return counts(summary, BUNDLE_KEYS);
}

/** Resources per state from `status.resourceCounts`. */
export function resourceCountsOf(resourceCounts: unknown) {
  return counts(resourceCounts, RESOURCE_KEYS);
}

export interface GitRepoClusterRow {
  key: string;
  name: string;
  /** Worst state of this repo's deployments on the cluster. */
  state: string;
  ready: number;
  total: number;
  /** Messages of the deployments that are not Ready (`bundle: message`). */
  message: string;
  displayName: string;
  labels: Record<string, string>;
}

/** The clusters a GitRepo deploys to: one row per cluster of its BundleDeployments. */
export function clusterRowsOf(deployments: readonly BundleDeploymentRow[], clusters: readonly ClusterRow[]): GitRepoClusterRow[] {
  const known = new Map(clusters.map((c) => [c.name, c]));
  const by = new Map<string, BundleDeploymentRow[]>();
  for (const bd of deployments) by.set(bd.cluster, [...(by.get(bd.cluster) ?? []), bd]);
  return [...by].map(([name, bds]) => {
    const worst = bds.reduce((w, bd) => (stateRank(bd.state) > stateRank(w) ? bd.state : w), 'Ready');
    const notes = bds.filter((bd) => bd.state !== 'Ready' && deploymentMessage(bd)).map((bd) => `${bd.bundle}: ${deploymentMessage(bd)}`);
    const c = known.get(name);
    return {
      key: name,
      name,
      state: worst,
      ready: bds.filter((bd) => bd.state === 'Ready').length,
      total: bds.length,
      message: notes.join('; '),
      displayName: c?.displayName ?? name,
      labels: c?.labels ?? {},
    };
  });
}

/** Fleet's errors for a Helm chart whose dependencies were not built. */
export const HELM_DEPENDENCY_PATTERN = /helm dependency build|found in Chart\.yaml, but missing in charts\/ directory/i;

/**
 * The distinct messages showing a missing chart dependency, from a GitRepo's status (display
 * message and conditions) and any `more` (its deployments' messages).
 */
export function helmDependencyErrors(status: unknown, more: readonly string[] = []): string[] {
  const s = (status && typeof status === 'object' ? status : {}) as { display?: { message?: unknown }; conditions?: unknown };
  const messages: string[] = [...more];
  if (typeof s.display?.message === 'string') messages.push(s.display.message);
  if (Array.isArray(s.conditions)) for (const c of s.conditions as { message?: unknown }[]) if (typeof c.message === 'string') messages.push(c.message);
  return [...new Set(messages.filter((m) => HELM_DEPENDENCY_PATTERN.test(m)))];
}
