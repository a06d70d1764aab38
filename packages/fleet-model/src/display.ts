// What the UI shows as a badge. A plain client never sees Steve's `metadata.state`, so the
// state is derived from Fleet's own status fields.
import { BUNDLE_STATES, isBundleState, type BundleState } from './state';
import type { Bundle, BundleDeployment, Cluster, ClusterGroup, GitRepo, GitRepoResource } from './types';

export type DisplayState = BundleState | 'GitUpdating' | 'WaitCheckIn' | 'Paused';

export const DISPLAY_STATES: readonly DisplayState[] = [...BUNDLE_STATES, 'GitUpdating', 'WaitCheckIn', 'Paused'];

export function isDisplayState(value: unknown): value is DisplayState {
  return typeof value === 'string' && (DISPLAY_STATES as readonly string[]).includes(value);
}

/** `display.state` as written by Fleet: '' (or absent) means Ready; unknown values are NotReady. */
function fromDisplay(state: string | null | undefined): DisplayState {
  if (!state) return 'Ready';
  return isDisplayState(state) ? state : 'NotReady';
}

/**
 * GitRepo badge: `Paused` when `spec.paused`; `GitUpdating` while `status.gitJobStatus` is not
 * `Current` (Fleet writes this into display.state too; empty counts as not Current);
 * otherwise `display.state || 'Ready'`.
 */
export function gitRepoDisplayState(gitRepo: GitRepo): DisplayState {
  if (gitRepo.spec?.paused) return 'Paused';
  if ((gitRepo.status?.gitJobStatus ?? '') !== 'Current') return 'GitUpdating';
  return fromDisplay(gitRepo.status?.display?.state);
}

/** Bundle badge: `display.state || 'Ready'`. */
export function bundleDisplayState(bundle: Bundle): DisplayState {
  return fromDisplay(bundle.status?.display?.state);
}

/** BundleDeployment badge: `display.state || 'Ready'` (the agent writes it). */
export function bundleDeploymentDisplayState(bd: BundleDeployment): DisplayState {
  return fromDisplay(bd.status?.display?.state);
}

/** Cluster badge: `WaitCheckIn` while the agent has never reported (`agent.lastSeen` unset). */
export function clusterDisplayState(cluster: Cluster): DisplayState {
  if (!cluster.status?.agent?.lastSeen) return 'WaitCheckIn';
  return fromDisplay(cluster.status?.display?.state);
}

/** ClusterGroup badge: `display.state || 'Ready'`. */
export function clusterGroupDisplayState(group: ClusterGroup): DisplayState {
  return fromDisplay(group.status?.display?.state);
}

export function isBundleDisplayState(state: DisplayState): state is BundleState {
  return isBundleState(state);
}

export interface ReadyRatio {
  ready: number;
  desired: number;
  /** Names in parentheses after the ratio (ClusterGroup `display.readyClusters`). */
  names?: string[];
}

/** Parses `"1/2"` or `"3/4 (a,b)"`; null for anything else. */
export function parseReadyRatio(text: string | null | undefined): ReadyRatio | null {
  const m = /^\s*(\d+)\/(\d+)(?:\s+\(([^)]*)\))?\s*$/.exec(text ?? '');
  if (!m) return null;
  const ratio: ReadyRatio = { ready: Number(m[1]), desired: Number(m[2]) };
  if (m[3] !== undefined) ratio.names = m[3] === '' ? [] : m[3].split(',');
  return ratio;
}

/** `"<ready>/<desired>"`, plus ` (a,b)` when names are given. */
export function formatReadyRatio(ready: number, desired: number, names?: readonly string[]): string {
  const base = `${ready}/${desired}`;
  return names && names.length > 0 ? `${base} (${names.join(',')})` : base;
}

/** Per-cluster resource state keys of Fleet v0.12+ (`perClusterState` object). */
export const PER_CLUSTER_STATE_KEYS = ['ready', 'waitApplied', 'pending', 'modified', 'orphaned', 'missing', 'unknown', 'notReady'] as const;
export type PerClusterStateKey = (typeof PER_CLUSTER_STATE_KEYS)[number];

/** Resource state names as they appear in `resources[].state` for each key. */
export const RESOURCE_STATE_NAMES: Record<PerClusterStateKey, string> = {
  ready: 'Ready',
  waitApplied: 'WaitApplied',
  pending: 'Pending',
  modified: 'Modified',
  orphaned: 'Orphaned',
  missing: 'Missing',
  unknown: 'Unknown',
  notReady: 'NotReady',
};

export interface ClusterResourceState {
  clusterId: string;
  /** Resource state name: Ready, WaitApplied, Pending, Modified, Orphaned, Missing, Unknown, NotReady (or a v0.10 state string). */
  state: string;
  message?: string;
  error?: boolean;
  transitioning?: boolean;
}

/**
 * One shape for both `perClusterState` formats: v0.12+ object of cluster-ID lists
 * (`{ready: [id], missing: [id]}`) and v0.10–0.11 array of `{clusterId, state, …}`.
 * Returns an array of `{clusterId, state}` sorted by clusterId (object keys in
 * PER_CLUSTER_STATE_KEYS order break ties), with state names capitalized as in
 * `resources[].state`.
 */
export function normalizePerClusterState(perClusterState: GitRepoResource['perClusterState']): ClusterResourceState[] {
  const out: ClusterResourceState[] = [];
  if (Array.isArray(perClusterState)) {
    for (const e of perClusterState) {
      const entry: ClusterResourceState = { clusterId: e.clusterId ?? '', state: e.state ?? '' };
      if (e.message) entry.message = e.message;
      if (e.error) entry.error = true;
      if (e.transitioning) entry.transitioning = true;
      out.push(entry);
    }
  } else if (perClusterState) {
    for (const key of PER_CLUSTER_STATE_KEYS) {
      for (const id of perClusterState[key] ?? []) out.push({ clusterId: id, state: RESOURCE_STATE_NAMES[key] });
    }
  }
  return out.sort((a, b) => (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0));
}
