// Slim list rows: exactly the columns the list pages show, computed once per watch event on the
// server, so the browser never joins or derives anything for a list.
import { z } from 'zod';

/** Badge states (fleet-model `DisplayState`). */
export const DISPLAY_STATE_VALUES = [
  'Ready',
  'NotReady',
  'Pending',
  'OutOfSync',
  'Modified',
  'WaitApplied',
  'ErrApplied',
  'GitUpdating',
  'WaitCheckIn',
  'Paused',
] as const;
export const displayStateSchema = z.enum(DISPLAY_STATE_VALUES);
export type DisplayStateValue = z.infer<typeof displayStateSchema>;

/** Bundle-deployment counters of a summary, one per BundleState (zero when absent). */
export const stateCountsSchema = z.object({
  ready: z.number().int(),
  notReady: z.number().int(),
  pending: z.number().int(),
  outOfSync: z.number().int(),
  modified: z.number().int(),
  waitApplied: z.number().int(),
  errApplied: z.number().int(),
});
export type StateCounts = z.infer<typeof stateCountsSchema>;

/** Columns every row has. `key` is `namespace/name` (or `name` for cluster-scoped objects). */
const rowBase = {
  key: z.string(),
  name: z.string(),
  namespace: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  createdAt: z.string(),
  labels: z.record(z.string(), z.string()),
};

export const targetInfoSchema = z.object({
  mode: z.enum(['all', 'none', 'clusters', 'groups', 'advanced']),
  clusters: z.array(z.string()),
  groups: z.array(z.string()),
});

export const gitRepoRowSchema = z.object({
  ...rowBase,
  kind: z.literal('GitRepo'),
  state: displayStateSchema,
  message: z.string(),
  repo: z.string(),
  branch: z.string(),
  revision: z.string(),
  /** The deployed commit, shortened to 7 characters ('' before the first sync). */
  commit: z.string(),
  targetInfo: targetInfoSchema,
  readyClusters: z.number().int(),
  desiredReadyClusters: z.number().int(),
  readyBundleDeployments: z.number().int(),
  desiredReadyBundleDeployments: z.number().int(),
  bundleDeployments: stateCountsSchema,
  paused: z.boolean(),
  /** `spec.forceSyncGeneration` (0 when unset): what the last Force Update asked for. */
  forceSyncGeneration: z.number().int(),
  /** `status.updateGeneration` (0 when unset): the Force Update generation the controller has acted on. */
  updateGeneration: z.number().int(),
});
export type GitRepoRow = z.infer<typeof gitRepoRowSchema>;

export const clusterRowSchema = z.object({
  ...rowBase,
  kind: z.literal('Cluster'),
  state: displayStateSchema,
  /** `management.cattle.io/cluster-display-name` label, else the name. */
  displayName: z.string(),
  readyBundles: z.number().int(),
  desiredReadyBundles: z.number().int(),
  readyGitRepos: z.number().int(),
  desiredReadyGitRepos: z.number().int(),
  /** `status.agent.lastSeen` ('' when the agent never checked in). */
  lastSeen: z.string(),
  /** Namespace holding this cluster's BundleDeployments (`status.namespace`). */
  clusterNamespace: z.string(),
  paused: z.boolean(),
  bundleDeployments: stateCountsSchema,
  /** `spec.redeployAgentGeneration` (0 when unset): what the last Force Update asked for. */
  redeployAgentGeneration: z.number().int(),
  /**
   * `status.agentDeployedGeneration` (0 when unset) for clusters with `spec.kubeConfigSecret`;
   * null for the others (agent-registered clusters never act on a Force Update).
   */
  agentDeployedGeneration: z.number().int().nullable(),
});
export type ClusterRow = z.infer<typeof clusterRowSchema>;

export const clusterGroupRowSchema = z.object({
  ...rowBase,
  kind: z.literal('ClusterGroup'),
  state: displayStateSchema,
  readyClusters: z.number().int(),
  clusterCount: z.number().int(),
  nonReadyClusters: z.array(z.string()),
  readyBundles: z.number().int(),
  desiredReadyBundles: z.number().int(),
  /** The selector in string form (`env=prod,region in (eu)`); '' selects everything, null = no selector. */
  selector: z.string().nullable(),
});
export type ClusterGroupRow = z.infer<typeof clusterGroupRowSchema>;

export const bundleRowSchema = z.object({
  ...rowBase,
  kind: z.literal('Bundle'),
  state: displayStateSchema,
  /** The owning GitRepo (`fleet.cattle.io/repo-name` label), '' when none. */
  gitRepo: z.string(),
  /** Short commit from `fleet.cattle.io/commit`. */
  commit: z.string(),
  readyClusters: z.number().int(),
  desiredReadyClusters: z.number().int(),
  bundleDeployments: stateCountsSchema,
  paused: z.boolean(),
});
export type BundleRow = z.infer<typeof bundleRowSchema>;

export const bundleDeploymentRowSchema = z.object({
  ...rowBase,
  kind: z.literal('BundleDeployment'),
  state: displayStateSchema,
  bundle: z.string(),
  /** The workspace (`fleet.cattle.io/bundle-namespace`). */
  bundleNamespace: z.string(),
  gitRepo: z.string(),
  cluster: z.string(),
  deployed: z.string(),
  monitored: z.string(),
});
export type BundleDeploymentRow = z.infer<typeof bundleDeploymentRowSchema>;

export const eventRowSchema = z.object({
  ...rowBase,
  kind: z.literal('Event'),
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  involvedKind: z.string(),
  involvedName: z.string(),
  count: z.number().int(),
  lastTimestamp: z.string(),
});
export type EventRow = z.infer<typeof eventRowSchema>;

export const workspaceCountsSchema = z.object({
  gitRepos: z.number().int(),
  clusters: z.number().int(),
  clusterGroups: z.number().int(),
  bundles: z.number().int(),
});

export const workspaceRowSchema = z.object({
  kind: z.literal('Workspace'),
  key: z.string(),
  name: z.string(),
  counts: workspaceCountsSchema,
});
export type WorkspaceRow = z.infer<typeof workspaceRowSchema>;

export const listRowSchema = z.discriminatedUnion('kind', [
  gitRepoRowSchema,
  clusterRowSchema,
  clusterGroupRowSchema,
  bundleRowSchema,
  bundleDeploymentRowSchema,
  eventRowSchema,
  workspaceRowSchema,
]);
export type ListRow = z.infer<typeof listRowSchema>;

/** The row type of each resource. */
export interface RowOf {
  gitrepos: GitRepoRow;
  clusters: ClusterRow;
  clustergroups: ClusterGroupRow;
  bundles: BundleRow;
  bundledeployments: BundleDeploymentRow;
  events: EventRow;
  workspaces: WorkspaceRow;
}
