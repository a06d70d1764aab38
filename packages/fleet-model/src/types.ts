// Types inferred from the schemas, so the two never drift apart.
import type { z } from 'zod';
import type {
  bundleDeploymentSchema,
  bundleSchema,
  bundleSummarySchema,
  bundleTargetRestrictionSchema,
  bundleTargetSchema,
  clusterGroupSchema,
  clusterSchema,
  conditionSchema,
  fleetWorkspaceSchema,
  gitRepoResourceSchema,
  gitRepoSchema,
  gitTargetSchema,
  labelSelectorRequirementSchema,
  labelSelectorSchema,
  managementClusterSchema,
  modifiedStatusSchema,
  nonReadyResourceSchema,
  nonReadyStatusSchema,
  objectMetaSchema,
  perClusterStateEntrySchema,
  perClusterStateMapSchema,
  resourceCountsSchema,
} from './schemas';

export type ObjectMeta = z.infer<typeof objectMetaSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type LabelSelectorRequirement = z.infer<typeof labelSelectorRequirementSchema>;
export type LabelSelector = z.infer<typeof labelSelectorSchema>;
export type GitTarget = z.infer<typeof gitTargetSchema>;
export type BundleTarget = z.infer<typeof bundleTargetSchema>;
export type BundleTargetRestriction = z.infer<typeof bundleTargetRestrictionSchema>;
export type ModifiedStatus = z.infer<typeof modifiedStatusSchema>;
export type NonReadyStatus = z.infer<typeof nonReadyStatusSchema>;
export type NonReadyResource = z.infer<typeof nonReadyResourceSchema>;
export type BundleSummary = z.infer<typeof bundleSummarySchema>;
export type ResourceCounts = z.infer<typeof resourceCountsSchema>;
export type PerClusterStateMap = z.infer<typeof perClusterStateMapSchema>;
export type PerClusterStateEntry = z.infer<typeof perClusterStateEntrySchema>;
export type GitRepoResource = z.infer<typeof gitRepoResourceSchema>;
export type GitRepo = z.infer<typeof gitRepoSchema>;
export type Bundle = z.infer<typeof bundleSchema>;
export type BundleDeployment = z.infer<typeof bundleDeploymentSchema>;
export type Cluster = z.infer<typeof clusterSchema>;
export type ClusterGroup = z.infer<typeof clusterGroupSchema>;
export type FleetWorkspace = z.infer<typeof fleetWorkspaceSchema>;
export type ManagementCluster = z.infer<typeof managementClusterSchema>;

/** Any Kubernetes object with metadata, as the watch reducer stores it. */
export interface KubeObject {
  apiVersion?: string | null;
  kind?: string | null;
  metadata?: ObjectMeta | null;
  [key: string]: unknown;
}
