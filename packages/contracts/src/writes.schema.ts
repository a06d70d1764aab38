// REST writes under /api/workspaces/:workspace: create/replace/delete, one-click actions, bulk
// actions, the cluster group preview, GitRepo credentials, CRD schemas and diagnostics.
import { z } from 'zod';
import { errorInfoSchema } from './errors.schema';
import { objectNameSchema, workspaceNameSchema } from './resources.schema';

/** The resources the dashboard creates, replaces and deletes. */
export const WRITABLE_RESOURCES = ['gitrepos', 'clusters', 'clustergroups', 'bundles'] as const;
export type WritableResourceName = (typeof WRITABLE_RESOURCES)[number];
export const writableResourceSchema = z.enum(WRITABLE_RESOURCES);

/** Content type of YAML request and response bodies (`text/yaml` and `application/x-yaml` are accepted too). */
export const YAML_CONTENT_TYPE = 'application/yaml';

export const writeParamsSchema = z.object({ workspace: workspaceNameSchema, resource: writableResourceSchema });
export const writeObjectParamsSchema = writeParamsSchema.extend({ name: objectNameSchema });
export const objectParamsSchema = z.object({ workspace: workspaceNameSchema, name: objectNameSchema });

/** `?dryRun=true`: the API server validates and defaults the object without storing it. */
export const dryRunQuerySchema = z.object({ dryRun: z.enum(['true', 'false']).optional() });
/** `?format=yaml` answers YAML (as does `Accept: application/yaml`). */
export const formatQuerySchema = z.object({ format: z.enum(['json', 'yaml']).optional() });

export const deleteResponseSchema = z.object({ name: z.string(), deleted: z.literal(true) });
export type DeleteResponse = z.infer<typeof deleteResponseSchema>;

// ---- actions --------------------------------------------------------------------------------

/** Force Update of a GitRepo/Bundle (`spec.forceSyncGeneration`) or a Cluster (`spec.redeployAgentGeneration`). */
export const forceUpdateResponseSchema = z.object({ generation: z.number().int() });
export type ForceUpdateResponse = z.infer<typeof forceUpdateResponseSchema>;

export const pauseResponseSchema = z.object({ paused: z.boolean() });
export type PauseResponse = z.infer<typeof pauseResponseSchema>;

export const pollingBodySchema = z.object({ enabled: z.boolean() });
export type PollingBody = z.infer<typeof pollingBodySchema>;
export const pollingResponseSchema = z.object({ pollingEnabled: z.boolean() });
export type PollingResponse = z.infer<typeof pollingResponseSchema>;

/** Replaces a Cluster's labels; `resourceVersion` is the version the user edited (409 with the current object otherwise). */
export const clusterLabelsBodySchema = z.object({
  labels: z.record(z.string(), z.string()),
  resourceVersion: z.string().min(1),
});
export type ClusterLabelsBody = z.infer<typeof clusterLabelsBodySchema>;

export const moveClusterBodySchema = z.object({ workspace: workspaceNameSchema });
export type MoveClusterBody = z.infer<typeof moveClusterBodySchema>;
export const moveClusterResponseSchema = z.object({
  /** The Rancher management cluster (`management.cattle.io/v3` Cluster) whose `spec.fleetWorkspaceName` was set. */
  managementCluster: z.string(),
  from: z.string(),
  workspace: z.string(),
});
export type MoveClusterResponse = z.infer<typeof moveClusterResponseSchema>;

/**
 * The path segment of bulk actions: `POST /api/workspaces/:ws/:resource/_bulk/:action`. An
 * underscore cannot start an object name, so no object's own routes are shadowed.
 */
export const BULK_SEGMENT = '_bulk';

/** Bulk actions per resource. */
export const BULK_ACTIONS = {
  gitrepos: ['force-update', 'pause', 'unpause', 'delete'],
  clusters: ['force-update', 'pause', 'unpause', 'delete'],
  clustergroups: ['delete'],
  bundles: ['force-update', 'delete'],
} as const satisfies Record<WritableResourceName, readonly string[]>;
export type BulkAction = (typeof BULK_ACTIONS)[WritableResourceName][number];
export const bulkActionSchema = z.enum(['force-update', 'pause', 'unpause', 'delete']);

export const bulkParamsSchema = writeParamsSchema.extend({ action: bulkActionSchema });
export const bulkBodySchema = z.object({ names: z.array(objectNameSchema).min(1).max(500) });
export type BulkBody = z.infer<typeof bulkBodySchema>;
export const bulkResultSchema = z.object({ name: z.string(), ok: z.boolean(), error: errorInfoSchema.optional() });
export const bulkResponseSchema = z.object({ results: z.array(bulkResultSchema) });
export type BulkResponse = z.infer<typeof bulkResponseSchema>;

// ---- cluster group preview -------------------------------------------------------------------

const labelSelectorBodySchema = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(z.object({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() }))
    .optional(),
});

/** Either a LabelSelector object or its string form (`env in (prod),!canary`). */
export const clusterGroupPreviewBodySchema = z.union([
  z.object({ selector: labelSelectorBodySchema }),
  z.object({ selectorText: z.string().max(4096) }),
]);
export type ClusterGroupPreviewBody = z.infer<typeof clusterGroupPreviewBodySchema>;
export const clusterGroupPreviewResponseSchema = z.object({
  /** Names of the matching Clusters, sorted. */
  matching: z.array(z.string()),
  /** Clusters in the workspace. */
  total: z.number().int(),
});
export type ClusterGroupPreviewResponse = z.infer<typeof clusterGroupPreviewResponseSchema>;

// ---- GitRepo credentials ---------------------------------------------------------------------

/** A secret as the browser sees it: never its data. */
export const secretRowSchema = z.object({ name: z.string(), type: z.string() });
export type SecretRow = z.infer<typeof secretRowSchema>;
export const secretsResponseSchema = z.object({ items: z.array(secretRowSchema) });
export type SecretsResponse = z.infer<typeof secretsResponseSchema>;

export const CREDENTIAL_TYPES = ['ssh', 'basic', 'helm'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** `ssh` → `kubernetes.io/ssh-auth` (privateKey, knownHosts?); `basic`/`helm` → `kubernetes.io/basic-auth`. */
export const createSecretBodySchema = z
  .object({
    name: objectNameSchema,
    type: z.enum(CREDENTIAL_TYPES),
    username: z.string().max(1024).optional(),
    password: z.string().max(64 * 1024).optional(),
    privateKey: z.string().max(64 * 1024).optional(),
    knownHosts: z.string().max(256 * 1024).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.type === 'ssh' && !body.privateKey) ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'an ssh credential needs privateKey' });
    if (body.type !== 'ssh' && (!body.username || !body.password)) {
      ctx.addIssue({ code: 'custom', path: [body.username ? 'password' : 'username'], message: `a ${body.type} credential needs username and password` });
    }
  });
export type CreateSecretBody = z.infer<typeof createSecretBodySchema>;

// ---- schemas and diagnostics -----------------------------------------------------------------

export const schemaParamsSchema = z.object({ resource: z.enum(['gitrepos', 'clusters', 'clustergroups', 'bundles', 'bundledeployments']) });
export const schemaResponseSchema = z.object({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
  /** The CRD's `openAPIV3Schema` for that version. */
  schema: z.record(z.string(), z.unknown()),
});
export type SchemaResponse = z.infer<typeof schemaResponseSchema>;

export const diagnosticsResponseSchema = z.object({
  /** GitRepos naming a secret that does not exist in the workspace. */
  missingSecrets: z.array(z.object({ gitRepo: z.string(), field: z.string(), secret: z.string() })),
  /** Bundles whose deployments report Modified (drift the agent keeps seeing). */
  modifiedBundles: z.array(z.object({ bundle: z.string(), modified: z.number().int(), message: z.string() })),
  /** Clusters whose agent has not checked in for `agentStaleMinutes` (or never). */
  staleClusters: z.array(z.object({ cluster: z.string(), lastSeen: z.string().nullable() })),
  agentStaleMinutes: z.number(),
  checkedAt: z.string(),
});
export type DiagnosticsResponse = z.infer<typeof diagnosticsResponseSchema>;
