// What the acting identity may write in a workspace: create/update/patch/delete on each writable
// resource, asked of the API server with SelfSubjectAccessReviews. Token mode asks with the user's
// token through the user's access reviewer (and its short cache); demo and kubeconfig modes ask
// with the server's own identity. A refusal carries the message the server gives for a 403.
import { PERMISSION_VERBS, WRITABLE_RESOURCES, type Permission, type PermissionsResponse, type ResourcePermissions, type WritableResourceName } from '@fleet-dashboard/contracts';
import type { KubeClient } from '../../k8s/kube-client';
import { WORKSPACED } from '../../k8s/resource-types';
import { createAccessReviewer, forbiddenFor, selfAccessReview, type AccessQuery, type ReadAccess } from '../auth/access-review.service';

export interface PermissionsService {
  forWorkspace(workspace: string): Promise<PermissionsResponse>;
}

export interface PermissionsOptions {
  /** The acting identity (asked with its own SelfSubjectAccessReviews when `access` is absent). */
  kube: Pick<KubeClient, 'request'>;
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
    const [create, update, patch, del] = await Promise.all(PERMISSION_VERBS.map((verb) => permission({ verb, type, namespace: workspace })));
    if (!create || !update || !patch || !del) throw new Error('one answer per verb');
    return { create, update, patch, delete: del };
  };

  return {
    async forWorkspace(workspace) {
      const [gitrepos, clusters, clustergroups, bundles] = await Promise.all(WRITABLE_RESOURCES.map((r) => ofResource(workspace, r)));
      if (!gitrepos || !clusters || !clustergroups || !bundles) throw new Error('one answer per resource');
      return { workspace, resources: { gitrepos, clusters, clustergroups, bundles } };
    },
  };
}
