// The Kubernetes resources behind each dashboard resource name.
import type { WorkspacedResourceName } from '@fleet-dashboard/contracts';
import { KIND_INFO, LABELS, type KindInfo } from '@fleet-dashboard/fleet-model';

export type ResourceType = KindInfo;

export interface WorkspacedResource {
  type: ResourceType;
  /**
   * `namespace`: the objects live in the workspace namespace. `label`: they live elsewhere
   * (BundleDeployments sit in per-cluster namespaces) and carry the workspace in a label,
   * so one cluster-wide watch serves every workspace.
   */
  scope: { kind: 'namespace' } | { kind: 'label'; label: string };
}

export const RESOURCE_TYPES = {
  gitRepo: KIND_INFO.GitRepo,
  bundle: KIND_INFO.Bundle,
  bundleDeployment: KIND_INFO.BundleDeployment,
  cluster: KIND_INFO.Cluster,
  clusterGroup: KIND_INFO.ClusterGroup,
  event: { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  namespace: { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  fleetWorkspace: KIND_INFO.FleetWorkspace,
} as const satisfies Record<string, ResourceType>;

export const WORKSPACED: Record<WorkspacedResourceName, WorkspacedResource> = {
  gitrepos: { type: RESOURCE_TYPES.gitRepo, scope: { kind: 'namespace' } },
  clusters: { type: RESOURCE_TYPES.cluster, scope: { kind: 'namespace' } },
  clustergroups: { type: RESOURCE_TYPES.clusterGroup, scope: { kind: 'namespace' } },
  bundles: { type: RESOURCE_TYPES.bundle, scope: { kind: 'namespace' } },
  bundledeployments: { type: RESOURCE_TYPES.bundleDeployment, scope: { kind: 'label', label: LABELS.bundleNamespace } },
  events: { type: RESOURCE_TYPES.event, scope: { kind: 'namespace' } },
};

/** `/apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>]` (`/api/v1/…` for the core group). */
export function resourcePath(type: ResourceType, namespace?: string, name?: string): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${type.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/** `plural.group` (`plural` for the core group), as Kubernetes names a resource in messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}
