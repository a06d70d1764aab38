// Rancher's part of workspaces, when the management.cattle.io API is served: a FleetWorkspace
// gets its namespace; a management Cluster's `spec.fleetWorkspaceName` decides the namespace of
// the Fleet Cluster Rancher generates for it (moving it = delete in the old namespace, create in
// the new one). `fleet-local` is refused as a target for other clusters: the cluster stays put
// and a Warning event records why.

import { LABELS } from '@fleet-dashboard/fleet-model';
import { FLEET_API, MANAGEMENT_API, fleetClusterLabels } from './estate.model';
import { RESOURCES, isKubeError } from './kube-client.service';
import type { KubeObject } from './kube-object.model';
import type { SimContext } from './sim-context.model';

export interface Rancher {
  reconcile(kind: string, key: string): Promise<void>;
  onFleetWorkspace(change: 'added' | 'modified' | 'deleted', obj: KubeObject): void;
  onManagementCluster(change: 'added' | 'modified' | 'deleted', obj: KubeObject): void;
  /** A Fleet Cluster appeared: make sure its namespace has a FleetWorkspace. */
  onFleetCluster(change: 'added' | 'modified' | 'deleted', obj: KubeObject): void;
}

const DEFAULT_WORKSPACE = 'fleet-default';
const MANAGED_ANNOTATION = 'provisioning.cattle.io/managed';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function createRancher(ctx: SimContext): Rancher {
  const { informers, indexes, writer, queue } = ctx;
  const fleetWorkspaces = informers.fleetWorkspaces;
  const mgmtClusters = informers.managementClusters;
  const refused = new Map<string, string>();

  const ensureWorkspace = async (name: string, managed: boolean): Promise<void> => {
    if (!fleetWorkspaces) return;
    if (fleetWorkspaces.get(name)) return;
    await writer.ensure(
      RESOURCES.fleetWorkspace,
      {
        apiVersion: MANAGEMENT_API,
        kind: 'FleetWorkspace',
        metadata: { name, ...(managed ? {} : { annotations: { [MANAGED_ANNOTATION]: 'false' } }) },
      },
      fleetWorkspaces,
      { createOnly: true },
    );
  };

  const reconcileWorkspace = async (name: string): Promise<void> => {
    const ws = fleetWorkspaces?.get(name);
    if (!ws || ws.metadata.deletionTimestamp) return;
    if (ws.metadata.annotations?.[MANAGED_ANNOTATION] === 'false') return;
    await writer.ensure(RESOURCES.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  };

  const reconcileManagementCluster = async (name: string): Promise<void> => {
    const mgmt = mgmtClusters?.get(name);
    if (!mgmt || mgmt.metadata.deletionTimestamp) return;
    const spec = (mgmt.spec ?? {}) as { displayName?: string; fleetWorkspaceName?: string };
    const displayName = spec.displayName || name;
    let target = spec.fleetWorkspaceName || DEFAULT_WORKSPACE;
    const found = [...indexes.clustersByManagementName.get(name)]
      .map((k) => informers.clusters.get(k))
      .filter((c): c is KubeObject => c !== undefined && !c.metadata.deletionTimestamp);
    const wanted = spec.fleetWorkspaceName || DEFAULT_WORKSPACE;
    const existing = found.find((c) => c.metadata.namespace === wanted) ?? found[0];

    if (target === 'fleet-local' && name !== 'local') {
      const message = `fleet workspace "fleet-local" is reserved for the local cluster; cluster ${name} (${displayName}) stays in ${existing?.metadata.namespace ?? DEFAULT_WORKSPACE}`;
      if (refused.get(name) !== message) {
        refused.set(name, message);
        ctx.log(message);
        await ctx.client
          .event({ namespace: 'default', involved: mgmt, reason: 'FleetWorkspaceRefused', message, type: 'Warning', time: ctx.timestamp() })
          .catch((error: unknown) => ctx.log(`event for ${name}: ${String(error)}`));
      }
      if (!existing) target = DEFAULT_WORKSPACE;
      else target = existing.metadata.namespace ?? DEFAULT_WORKSPACE;
    } else {
      refused.delete(name);
    }

    const labels = fleetClusterLabels(mgmt.metadata.labels ?? {}, name, displayName);
    if (existing && existing.metadata.namespace === target) {
      await writer.ensure(RESOURCES.cluster, { ...existing, metadata: { name: existing.metadata.name, namespace: target, labels } }, informers.clusters);
      return;
    }
    await ensureWorkspace(target, true);
    await writer.ensure(RESOURCES.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: target } });
    const fleetName = existing?.metadata.name ?? (DNS_LABEL.test(displayName) ? displayName : name);
    const oldSpec = (existing?.spec ?? {}) as Record<string, unknown>;
    const clusterSpec: Record<string, unknown> = {
      ...oldSpec,
      kubeConfigSecret: `${fleetName}-kubeconfig`,
      kubeConfigSecretNamespace: target,
    };
    if (!existing) {
      clusterSpec.agentNamespace = name === 'local' ? 'cattle-fleet-local-system' : 'cattle-fleet-system';
      clusterSpec.redeployAgentGeneration = 1;
    }
    try {
      await writer.ensure(RESOURCES.cluster, { apiVersion: FLEET_API, kind: 'Cluster', metadata: { name: fleetName, namespace: target, labels }, spec: clusterSpec }, informers.clusters);
    } catch (error) {
      if (!isKubeError(error, 404)) throw error;
      ctx.log(`cluster ${fleetName}: namespace ${target} missing`);
      return;
    }
    for (const old of found) {
      if (old.metadata.namespace === target) continue;
      ctx.log(`moved cluster ${old.metadata.name}: ${old.metadata.namespace ?? ''} → ${target}`);
      await writer.remove(RESOURCES.cluster, old.metadata.name, old.metadata.namespace, informers.clusters);
    }
  };

  return {
    async reconcile(kind, key) {
      if (kind === 'fws') return reconcileWorkspace(key);
      if (kind === 'mgmt') return reconcileManagementCluster(key);
      if (kind === 'fws-for') return ensureWorkspace(key, false);
    },
    onFleetWorkspace(change, obj) {
      if (change !== 'deleted') queue.add(`fws:${obj.metadata.name}`);
    },
    onManagementCluster(change, obj) {
      if (change !== 'deleted') queue.add(`mgmt:${obj.metadata.name}`);
    },
    onFleetCluster(change, obj) {
      if (change === 'deleted' || !fleetWorkspaces) return;
      const workspace = obj.metadata.namespace ?? '';
      if (!fleetWorkspaces.get(workspace)) queue.add(`fws-for:${workspace}`, ctx.coalesceMs);
      const mgmtName = obj.metadata.labels?.[LABELS.clusterName];
      if (change === 'added' && mgmtName && mgmtClusters?.get(mgmtName)) queue.add(`mgmt:${mgmtName}`, ctx.coalesceMs);
    },
  };
}
