// Lenient zod schemas for the Fleet and Rancher objects the dashboard reads.
// Every object is loose (unknown keys are kept), every field optional and nullable, so any
// real object parses; the declared fields are typed. `schemas.test.ts` checks each declared
// path against the real CRD schema, so no field here is invented.
import { z } from 'zod';

/** Schemas describing an older Fleet shape; `schemaPaths` does not descend into them. */
export const legacyShapes = new WeakSet<z.ZodType>();
function legacy<T extends z.ZodType>(schema: T): T {
  legacyShapes.add(schema);
  return schema;
}

const str = z.string().nullish();
const bool = z.boolean().nullish();
const int = z.number().nullish();
const stringMap = z.record(z.string(), z.string()).nullish();

export const objectMetaSchema = z.looseObject({
  name: str,
  generateName: str,
  namespace: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: str,
  deletionTimestamp: str,
  labels: stringMap,
  annotations: stringMap,
  finalizers: z.array(z.string()).nullish(),
  ownerReferences: z.array(z.looseObject({ apiVersion: str, kind: str, name: str, uid: str, controller: bool })).nullish(),
});

export const conditionSchema = z.looseObject({
  type: z.string(),
  status: str,
  reason: str,
  message: str,
  lastUpdateTime: str,
  lastTransitionTime: str,
});

export const labelSelectorRequirementSchema = z.looseObject({
  key: z.string(),
  operator: z.string(),
  values: z.array(z.string()).nullish(),
});

export const labelSelectorSchema = z.looseObject({
  matchLabels: stringMap,
  matchExpressions: z.array(labelSelectorRequirementSchema).nullish(),
});

const targetSelection = {
  name: str,
  clusterName: str,
  clusterSelector: labelSelectorSchema.nullish(),
  clusterGroup: str,
  clusterGroupSelector: labelSelectorSchema.nullish(),
};

/** A GitRepo target (`spec.targets[]`). */
export const gitTargetSchema = z.looseObject({ ...targetSelection });

/** A Bundle target (`spec.targets[]`): selection plus deployment options (not all typed). */
export const bundleTargetSchema = z.looseObject({
  ...targetSelection,
  doNotDeploy: bool,
  namespace: str,
  defaultNamespace: str,
  serviceAccount: str,
  forceSyncGeneration: int,
});

/** A Bundle target restriction (`spec.targetRestrictions[]`). */
export const bundleTargetRestrictionSchema = z.looseObject({ ...targetSelection });

export const modifiedStatusSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  namespace: str,
  name: str,
  /** Go's `Create`: the resource is missing downstream. */
  missing: bool,
  delete: bool,
  patch: str,
});

export const nonReadyStatusSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  namespace: str,
  name: str,
  uid: str,
  summary: z
    .looseObject({ state: str, error: bool, transitioning: bool, message: z.array(z.string()).nullish() })
    .nullish(),
});

export const nonReadyResourceSchema = z.looseObject({
  name: str,
  /** Go's `State`. */
  bundleState: str,
  message: str,
  modifiedStatus: z.array(modifiedStatusSchema).nullish(),
  nonReadyStatus: z.array(nonReadyStatusSchema).nullish(),
});

export const bundleSummarySchema = z.looseObject({
  ready: int,
  desiredReady: int,
  notReady: int,
  waitApplied: int,
  errApplied: int,
  outOfSync: int,
  modified: int,
  pending: int,
  nonReadyResources: z.array(nonReadyResourceSchema).nullish(),
});

export const resourceCountsSchema = z.looseObject({
  ready: int,
  desiredReady: int,
  waitApplied: int,
  modified: int,
  orphaned: int,
  missing: int,
  unknown: int,
  notReady: int,
});

/** v0.12+ `perClusterState`: cluster IDs grouped by state. */
export const perClusterStateMapSchema = z.looseObject({
  ready: z.array(z.string()).nullish(),
  waitApplied: z.array(z.string()).nullish(),
  pending: z.array(z.string()).nullish(),
  modified: z.array(z.string()).nullish(),
  orphaned: z.array(z.string()).nullish(),
  missing: z.array(z.string()).nullish(),
  unknown: z.array(z.string()).nullish(),
  notReady: z.array(z.string()).nullish(),
});

/** v0.10–v0.11 `perClusterState`: one entry per cluster. */
export const perClusterStateEntrySchema = z.looseObject({
  clusterId: str,
  state: str,
  error: bool,
  transitioning: bool,
  message: str,
  patch: z.unknown().optional(),
});

export const gitRepoResourceSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  namespace: str,
  name: str,
  id: str,
  type: str,
  state: str,
  error: bool,
  transitioning: bool,
  message: str,
  perClusterState: z.union([perClusterStateMapSchema, legacy(z.array(perClusterStateEntrySchema))]).nullish(),
});

const resourceKeySchema = z.looseObject({ apiVersion: str, kind: str, namespace: str, name: str });

const base = {
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema.nullish(),
};

export const gitRepoSchema = z.looseObject({
  ...base,
  spec: z
    .looseObject({
      repo: str,
      branch: str,
      revision: str,
      paths: z.array(z.string()).nullish(),
      targets: z.array(gitTargetSchema).nullish(),
      targetNamespace: str,
      clientSecretName: str,
      helmSecretName: str,
      helmSecretNameForPaths: str,
      helmRepoURLRegex: str,
      caBundle: str,
      insecureSkipTLSVerify: bool,
      serviceAccount: str,
      pollingInterval: str,
      disablePolling: bool,
      webhookSecret: str,
      paused: bool,
      forceSyncGeneration: int,
      correctDrift: z.looseObject({ enabled: bool, force: bool, keepFailHistory: bool }).nullish(),
      keepResources: bool,
      deleteNamespace: bool,
    })
    .nullish(),
  status: z
    .looseObject({
      commit: str,
      pollingCommit: str,
      webhookCommit: str,
      lastPollingTriggered: str,
      lastWebhookTime: str,
      gitJobStatus: str,
      observedGeneration: int,
      updateGeneration: int,
      readyClusters: int,
      desiredReadyClusters: int,
      summary: bundleSummarySchema.nullish(),
      display: z
        .looseObject({ readyBundleDeployments: str, state: str, message: str, error: bool })
        .nullish(),
      conditions: z.array(conditionSchema).nullish(),
      resourceCounts: resourceCountsSchema.nullish(),
      perClusterResourceCounts: z.record(z.string(), resourceCountsSchema).nullish(),
      resources: z.array(gitRepoResourceSchema).nullish(),
    })
    .nullish(),
});

export const bundleSchema = z.looseObject({
  ...base,
  spec: z
    .looseObject({
      targets: z.array(bundleTargetSchema).nullish(),
      targetRestrictions: z.array(bundleTargetRestrictionSchema).nullish(),
      targetCustomizationMode: str,
      paused: bool,
      forceSyncGeneration: int,
      defaultNamespace: str,
      namespace: str,
      serviceAccount: str,
    })
    .nullish(),
  status: z
    .looseObject({
      summary: bundleSummarySchema.nullish(),
      display: z.looseObject({ readyClusters: str, state: str }).nullish(),
      conditions: z.array(conditionSchema).nullish(),
      resourceKey: z.array(resourceKeySchema).nullish(),
      observedGeneration: int,
      unavailable: int,
      maxUnavailable: int,
      newlyCreated: int,
      resourcesSha256Sum: str,
      ociReference: str,
    })
    .nullish(),
});

export const bundleDeploymentSchema = z.looseObject({
  ...base,
  spec: z
    .looseObject({
      deploymentID: str,
      stagedDeploymentID: str,
      paused: bool,
      options: z.looseObject({}).nullish(),
      stagedOptions: z.looseObject({}).nullish(),
    })
    .nullish(),
  status: z
    .looseObject({
      appliedDeploymentID: str,
      ready: bool,
      nonModified: bool,
      release: str,
      syncGeneration: int,
      conditions: z.array(conditionSchema).nullish(),
      display: z.looseObject({ deployed: str, monitored: str, state: str }).nullish(),
      modifiedStatus: z.array(modifiedStatusSchema).nullish(),
      nonReadyStatus: z.array(nonReadyStatusSchema).nullish(),
      resources: z.array(z.looseObject({ apiVersion: str, kind: str, namespace: str, name: str, createdAt: str })).nullish(),
      resourceCounts: resourceCountsSchema.nullish(),
    })
    .nullish(),
});

export const clusterSchema = z.looseObject({
  ...base,
  spec: z
    .looseObject({
      paused: bool,
      redeployAgentGeneration: int,
      kubeConfigSecret: str,
      kubeConfigSecretNamespace: str,
      agentNamespace: str,
      clientID: str,
    })
    .nullish(),
  status: z
    .looseObject({
      namespace: str,
      summary: bundleSummarySchema.nullish(),
      display: z.looseObject({ readyBundles: str, state: str }).nullish(),
      agent: z.looseObject({ lastSeen: str, namespace: str }).nullish(),
      readyGitRepos: int,
      desiredReadyGitRepos: int,
      readyHelmOps: int,
      desiredReadyHelmOps: int,
      agentDeployedGeneration: int,
      resourceCounts: resourceCountsSchema.nullish(),
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});

export const clusterGroupSchema = z.looseObject({
  ...base,
  spec: z.looseObject({ selector: labelSelectorSchema.nullish() }).nullish(),
  status: z
    .looseObject({
      clusterCount: int,
      nonReadyClusterCount: int,
      nonReadyClusters: z.array(z.string()).nullish(),
      display: z.looseObject({ readyClusters: str, readyBundles: str, state: str }).nullish(),
      summary: bundleSummarySchema.nullish(),
      resourceCounts: resourceCountsSchema.nullish(),
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});

/** Rancher `management.cattle.io/v3` FleetWorkspace: cluster-scoped, no spec. */
export const fleetWorkspaceSchema = z.looseObject({ ...base });

/** Rancher `management.cattle.io/v3` Cluster (the management cluster). */
export const managementClusterSchema = z.looseObject({
  ...base,
  spec: z.looseObject({ displayName: str, fleetWorkspaceName: str }).nullish(),
});

export const SCHEMAS = {
  GitRepo: gitRepoSchema,
  Bundle: bundleSchema,
  BundleDeployment: bundleDeploymentSchema,
  Cluster: clusterSchema,
  ClusterGroup: clusterGroupSchema,
  FleetWorkspace: fleetWorkspaceSchema,
  ManagementCluster: managementClusterSchema,
} as const;

export type SchemaKind = keyof typeof SCHEMAS;

/** Where a kind is served: its Kubernetes group, version, kind, plural and scope. */
export interface KindInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** Kubernetes group/version/kind of each schema: the one table every package uses. */
export const KIND_INFO: Record<SchemaKind, KindInfo> = {
  GitRepo: { group: 'fleet.cattle.io', version: 'v1alpha1', kind: 'GitRepo', plural: 'gitrepos', namespaced: true },
  Bundle: { group: 'fleet.cattle.io', version: 'v1alpha1', kind: 'Bundle', plural: 'bundles', namespaced: true },
  BundleDeployment: {
    group: 'fleet.cattle.io',
    version: 'v1alpha1',
    kind: 'BundleDeployment',
    plural: 'bundledeployments',
    namespaced: true,
  },
  Cluster: { group: 'fleet.cattle.io', version: 'v1alpha1', kind: 'Cluster', plural: 'clusters', namespaced: true },
  ClusterGroup: { group: 'fleet.cattle.io', version: 'v1alpha1', kind: 'ClusterGroup', plural: 'clustergroups', namespaced: true },
  FleetWorkspace: {
    group: 'management.cattle.io',
    version: 'v3',
    kind: 'FleetWorkspace',
    plural: 'fleetworkspaces',
    namespaced: false,
  },
  ManagementCluster: { group: 'management.cattle.io', version: 'v3', kind: 'Cluster', plural: 'clusters', namespaced: false },
};

export type SchemaPathType = 'string' | 'integer' | 'boolean' | 'object' | 'array' | 'unknown';

export interface SchemaPath {
  /** Dotted path; `[]` for array items, `{}` for map values, e.g. `status.resources[].perClusterState`. */
  path: string;
  /** Possible JSON types at this path (more than one for unions). */
  types: SchemaPathType[];
}

interface ZodDefLike {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  checks?: Array<{ _zod?: { def?: { check?: string; format?: string } } }>;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

function walkSchema(schema: z.ZodType, path: string, out: Map<string, Set<SchemaPathType>>): void {
  const def = defOf(schema);
  const add = (t: SchemaPathType): void => {
    if (path === '') return;
    const set = out.get(path) ?? new Set<SchemaPathType>();
    set.add(t);
    out.set(path, set);
  };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      if (def.innerType) walkSchema(def.innerType, path, out);
      return;
    case 'union':
      for (const option of def.options ?? []) walkSchema(option, path, out);
      return;
    case 'object':
      add('object');
      if (legacyShapes.has(schema)) return;
      for (const [key, child] of Object.entries(def.shape ?? {})) walkSchema(child, path === '' ? key : `${path}.${key}`, out);
      return;
    case 'record':
      add('object');
      if (def.valueType && !legacyShapes.has(schema)) walkSchema(def.valueType, `${path}{}`, out);
      return;
    case 'array':
      add('array');
      if (def.element && !legacyShapes.has(schema)) walkSchema(def.element, `${path}[]`, out);
      return;
    case 'string':
    case 'enum':
    case 'literal':
      add('string');
      return;
    case 'number':
      add('integer');
      return;
    case 'boolean':
      add('boolean');
      return;
    default:
      add('unknown');
  }
}

/** Every path a schema declares, with its JSON types (machine-readable, e.g. for CRD checks). */
export function schemaPaths(kind: SchemaKind): SchemaPath[] {
  const out = new Map<string, Set<SchemaPathType>>();
  walkSchema(SCHEMAS[kind], '', out);
  return [...out.entries()].map(([path, types]) => ({ path, types: [...types].sort() }));
}
