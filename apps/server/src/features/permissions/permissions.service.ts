// What the acting identity may write in a workspace: create/update/patch/delete on each writable
// resource, asked of the API server with SelfSubjectAccessReviews. Token mode asks with the user's
// token through the user's access reviewer (and its short cache); demo and kubeconfig modes ask
// with the server's own identity. A refusal carries the message the server gives for a 403.
// Moving clusters is reported apart: it needs Rancher's management API and `patch` on its clusters.
import { type Permission, type PermissionVerb, type PermissionsResponse, type ResourcePermissions, type WritableResourceName } from '@fleet-dashboard/contracts';
import type { KubeClient } from '../../k8s/kube-client';
import { WORKSPACED } from '../../k8s/resource-types';
import { MANAGEMENT, MANAGEMENT_CLUSTER, NO_RANCHER_MESSAGE } from '../actions/cluster-move.service';
import { createAccessReviewer, forbiddenFor, selfAccessReview, type AccessQuery, type ReadAccess } from '../auth/access-review.service';

export interface PermissionsService {
  forWorkspace(workspace: string): Promise<PermissionsResponse>;
}

export interface PermissionsOptions {
  /** The acting identity (asked with its own SelfSubjectAccessReviews when `access` is absent). */
  kube: Pick<KubeClient, 'request' | 'servedResources'>;
  /** Token mode: the user's access reviewer (SelfSubjectAccessReviews with the user's token, cached). */
  access?: ReadAccess;
  /** How long the server identity's answers are reused when `access` is absent. Default 5000 ms. */
  ttlMs?: number;
}

export function createPermissionsService(options: PermissionsOptions): PermissionsService {
  const access: ReadAccess =
    options.access ??
    createAccessReviewer({ review: (_identity, query) => selfAccessReview(options.kube, query), ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}) }).forToken('server');

  const permission = async (query: AccessQuery): Promise<Permission> =>
    (await access.can(query)) ? { allowed: true } : { allowed: false, reason: forbiddenFor(query).message };

  const ofResource = async (workspace: string, resource: WritableResourceName): Promise<ResourcePermissions> => {
    const type = WORKSPACED[resource].type;
    const ask = (verb: PermissionVerb) => permission({ verb, type, namespace: workspace });
    const [create, update, patch, del] = await Promise.all([ask('create'), ask('update'), ask('patch'), ask('delete')]);
    return { create, update, patch, delete: del };
  };

  const moveClusters = async (): Promise<Permission> => {
    const served = await options.kube.servedResources(MANAGEMENT.group, MANAGEMENT.version).catch(() => null);
    if (!served?.includes('clusters')) return { allowed: false, reason: NO_RANCHER_MESSAGE };
    return permission({ verb: 'patch', type: MANAGEMENT_CLUSTER });
  };

  return {
    async forWorkspace(workspace) {
      const [gitrepos, clusters, clustergroups, bundles, move] = await Promise.all([
        ofResource(workspace, 'gitrepos'),
        ofResource(workspace, 'clusters'),
        ofResource(workspace, 'clustergroups'),
        ofResource(workspace, 'bundles'),
        moveClusters(),
      ]);
      return { workspace, resources: { gitrepos, clusters, clustergroups, bundles }, moveClusters: move };
    },
  };
}
