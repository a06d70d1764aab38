// Options of the simulator and the context its parts (controller, agents, Rancher) share.

import type { Informer } from './informer.service';
import type { KubeClient } from './kube-client.service';
import type { AgentTimings, Range } from './lifecycle.model';
import type { Limiter } from './limiter.service';
import type { ObjectIndex } from './object-index.store';
import type { Scheduler } from './scheduler.service';
import type { WorkQueue } from './work-queue.service';
import type { Writer } from './writer.service';

export interface SimRates {
  /** Probability that a new deployment fails with ErrApplied (Helm error). */
  errApplied: number;
  /** Probability that a Ready BundleDeployment drifts (Modified) some time after a deployment. */
  drift: number;
  /** Fraction of clusters whose agent is slow (delays × slowFactor). */
  slowCluster: number;
  /** Fraction of clusters that stop checking in after a while (their agent stops acting). */
  silentCluster: number;
  /** Probability that a git job fails (Stalled). */
  gitJobFailure: number;
  /** Probability that a poll finds a new commit. */
  newCommit: number;
}

export const DEMO_RATES: SimRates = {
  errApplied: 0.04,
  drift: 0.03,
  slowCluster: 0.15,
  silentCluster: 0.06,
  gitJobFailure: 0.04,
  newCommit: 0.02,
};

export interface SimTimings extends AgentTimings {
  gitJob: Range;
  agentRestart: Range;
  /** When a planned drift happens, after the BD became Ready. */
  driftAfter: Range;
  /** When a silent cluster stops checking in, after the simulator started. */
  silentAfter: Range;
}

export const DEFAULT_TIMINGS: SimTimings = {
  apply: { min: 800, max: 3000 },
  ready: { min: 1500, max: 8000 },
  driftHeal: { min: 60_000, max: 180_000 },
  correctDrift: { min: 3000, max: 8000 },
  slowFactor: 6,
  gitJob: { min: 2000, max: 6000 },
  agentRestart: { min: 4000, max: 9000 },
  driftAfter: { min: 20_000, max: 300_000 },
  silentAfter: { min: 30_000, max: 600_000 },
};

export interface Informers {
  gitRepos: Informer;
  bundles: Informer;
  bundleDeployments: Informer;
  clusters: Informer;
  clusterGroups: Informer;
  fleetWorkspaces?: Informer;
  managementClusters?: Informer;
}

export interface Indexes {
  /** Bundles by `<ns>/<repo-name label>`. */
  bundlesByRepo: ObjectIndex;
  bundlesByNamespace: ObjectIndex;
  /** BDs by `<bundle-namespace>/<bundle-name>` labels. */
  bdsByBundle: ObjectIndex;
  /** BDs by `<bundle-namespace>/<repo-name>` labels. */
  bdsByRepo: ObjectIndex;
  /** BDs by their own namespace (the cluster namespace). */
  bdsByNamespace: ObjectIndex;
  clustersByNamespace: ObjectIndex;
  /** Clusters by `status.namespace`. */
  clustersByBdNamespace: ObjectIndex;
  groupsByNamespace: ObjectIndex;
  reposByNamespace: ObjectIndex;
  /** Fleet Clusters by `management.cattle.io/cluster-name` label. */
  clustersByManagementName: ObjectIndex;
}

export interface SimContext {
  seed: number;
  speed: number;
  rates: SimRates;
  timings: SimTimings;
  heartbeatMs: number;
  coalesceMs: number;
  startedAt: number;
  log: (msg: string) => void;
  scheduler: Scheduler;
  client: KubeClient;
  limiter: Limiter;
  writer: Writer;
  /** Writes that are background noise (agent check-ins): own small limiter, not pending work. */
  backgroundWriter: Writer;
  queue: WorkQueue;
  informers: Informers;
  indexes: Indexes;
  /** RFC 3339 timestamp with second precision, as Kubernetes writes them. */
  timestamp(): string;
  /** Real milliseconds for a simulated duration (divided by speed). */
  realMs(simMs: number): number;
}

export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
