// Rows and full objects of one resource in one workspace, served from the shared watch caches.
import type { ListRow, ResourceListResponse, WorkspacedResourceName } from '@fleet-dashboard/contracts';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { NotFoundError } from '../../http/app-error';
import { withCache } from '../../k8s/cache-settle';
import type { KubeClient } from '../../k8s/kube-client';
import { toAppError } from '../../k8s/kube-errors';
import { WORKSPACED } from '../../k8s/resource-types';
import type { WatchCache } from '../../k8s/watch-cache';
import { sanitizeObject } from '../../rows/list-row.mapper';
import { resolveTarget, type TargetQuery } from '../../ws/subscription-target';

const eventTime = (row: ListRow): string => (row.kind === 'Event' ? row.lastTimestamp : '');
import { ALLOW_ALL, type ReadAccess } from '../auth/access-review.service';

export interface ResourcesService {
  /** Rows sorted by key; events newest first, optionally only those of one involved object. */
  list(workspace: string, resource: WorkspacedResourceName, selector?: string, involved?: TargetQuery['involved']): Promise<ResourceListResponse>;
  get(workspace: string, resource: WorkspacedResourceName, name: string): Promise<KubeObject>;
}

export interface ResourcesOptions {
  cache: Pick<WatchCache, 'subscribe'>;
  /** Reads single namespaced objects; in token mode the user's own client. */
  kube: Pick<KubeClient, 'get'>;
  /** What the user may read from the shared caches. Default: everything. */
  access?: ReadAccess;
  timeoutMs?: number;
}

export function createResourcesService(options: ResourcesOptions): ResourcesService {
  const access = options.access ?? ALLOW_ALL;
  return {
    async list(workspace, resource, selector, involved) {
      const target = resolveTarget({ resource, workspace, selector, involved });
      await access.require({ verb: 'list', type: target.ref.type, namespace: target.ref.namespace });
      return withCache(
        options.cache,
        target.ref,
        (sub) => {
          const items: ListRow[] = [];
          for (const entry of sub.entries()) if (entry.row && target.matches(entry.object)) items.push(entry.row);
          items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
          if (resource === 'events') items.sort((a, b) => eventTime(b).localeCompare(eventTime(a)));
          return { items, revision: sub.revision() };
        },
        options.timeoutMs,
      );
    },

    async get(workspace, resource, name) {
      const { type, scope } = WORKSPACED[resource];
      if (scope.kind === 'namespace') {
        try {
          return sanitizeObject(await options.kube.get(type, workspace, name));
        } catch (error) {
          throw toAppError(error);
        }
      }
      const target = resolveTarget({ resource, workspace, name });
      await access.require({ verb: 'get', type: target.ref.type, namespace: target.ref.namespace });
      const found = await withCache(options.cache, target.ref, (sub) => {
        for (const entry of sub.entries()) if (target.matches(entry.object)) return entry.object;
        return undefined;
      });
      if (!found) throw new NotFoundError(`${type.plural} "${name}" not found in workspace "${workspace}"`);
      return sanitizeObject(found);
    },
  };
}
