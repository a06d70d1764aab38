// Moving a Fleet Cluster to another workspace the way Rancher does it: set
// `spec.fleetWorkspaceName` on its management cluster (`management.cattle.io/v3` Cluster); Rancher
// then regenerates the Fleet Cluster in the new namespace. Refused with a reason when that path
// does not exist (no Rancher, fleet-local, unknown workspace, agent-registered cluster).
import type { MoveClusterResponse } from '@fleet-dashboard/contracts';
import { KIND_INFO, LABELS, type KubeObject } from '@fleet-dashboard/fleet-model';
import { BadRequestError, NotFoundError } from '../../http/app-error';
import type { KubeClient } from '../../k8s/kube-client';
import { isKubeApiError, toAppError } from '../../k8s/kube-errors';
import { RESOURCE_TYPES, type ResourceType } from '../../k8s/resource-types';
import type { FieldPatcher } from './field-patch.service';

export const MANAGEMENT_CLUSTER: ResourceType = KIND_INFO.ManagementCluster;
export const MANAGEMENT = { group: 'management.cattle.io', version: 'v3' } as const;
/** Why moving is impossible on a cluster without Rancher's management API. */
export const NO_RANCHER_MESSAGE = 'Moving a cluster between workspaces needs Rancher: the API management.cattle.io/v3 is not served by this Kubernetes cluster';

export interface ClusterMoveService {
  move(workspace: string, name: string, target: string): Promise<MoveClusterResponse>;
}

async function getOrUndefined(kube: Pick<KubeClient, 'get'>, type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
  try {
    return await kube.get(type, namespace, name);
  } catch (error) {
    if (isKubeApiError(error, 404)) return undefined;
    throw toAppError(error);
  }
}

export function createClusterMoveService(options: { kube: Pick<KubeClient, 'get' | 'list' | 'servedResources'>; patcher: FieldPatcher }): ClusterMoveService {
  const { kube, patcher } = options;

  const findManagementCluster = async (cluster: KubeObject): Promise<KubeObject | undefined> => {
    const byLabel = cluster.metadata?.labels?.[LABELS.clusterName];
    if (byLabel) {
      const found = await getOrUndefined(kube, MANAGEMENT_CLUSTER, undefined, byLabel);
      if (found) return found;
    }
    const name = cluster.metadata?.name ?? '';
    let all: KubeObject[];
    try {
      all = (await kube.list(MANAGEMENT_CLUSTER)).items;
    } catch (error) {
      throw toAppError(error);
    }
    const spec = (o: KubeObject) => (o.spec ?? {}) as { displayName?: unknown };
    return all.find((o) => spec(o).displayName === name) ?? all.find((o) => o.metadata?.name === name);
  };

  return {
    async move(workspace, name, target) {
      if (target === 'fleet-local') throw new BadRequestError('fleet-local holds only the Rancher management cluster itself; clusters cannot be moved into it', { reason: 'FleetLocal' });
      if (target === workspace) throw new BadRequestError(`Cluster "${name}" is already in workspace "${workspace}"`, { reason: 'SameWorkspace' });
      let served: string[] | null;
      try {
        served = await kube.servedResources(MANAGEMENT.group, MANAGEMENT.version);
      } catch (error) {
        throw toAppError(error);
      }
      if (!served?.includes('clusters')) {
        throw new BadRequestError(NO_RANCHER_MESSAGE, { reason: 'NoRancher' });
      }
      const cluster = await getOrUndefined(kube, RESOURCE_TYPES.cluster, workspace, name);
      if (!cluster) throw new NotFoundError(`Cluster "${name}" does not exist in workspace "${workspace}"`);
      const targetExists = served.includes('fleetworkspaces')
        ? await getOrUndefined(kube, RESOURCE_TYPES.fleetWorkspace, undefined, target)
        : await getOrUndefined(kube, RESOURCE_TYPES.namespace, undefined, target);
      if (!targetExists) throw new BadRequestError(`Workspace "${target}" does not exist`, { reason: 'NoSuchWorkspace' });
      const management = await findManagementCluster(cluster);
      if (!management?.metadata?.name) {
        throw new BadRequestError(
          `Cluster "${name}" has no Rancher management cluster: it was registered by its own agent, so Rancher cannot move it. Register it again in workspace "${target}" instead.`,
          { reason: 'NoManagementCluster' },
        );
      }
      const managementName = management.metadata.name;
      await patcher.update({ type: MANAGEMENT_CLUSTER, namespace: undefined, name: managementName, path: ['spec', 'fleetWorkspaceName'], next: () => target });
      return { managementCluster: managementName, from: workspace, workspace: target };
    },
  };
}
