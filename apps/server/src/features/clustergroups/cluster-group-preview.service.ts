// Which Clusters of a workspace a selector picks, answered from the shared Cluster watch cache.
import type { ClusterGroupPreviewBody, ClusterGroupPreviewResponse } from '@fleet-dashboard/contracts';
import { matchesSelector, parseSelector, selectorErrors, type LabelSelector } from '@fleet-dashboard/fleet-model';
import { BadRequestError } from '../../http/app-error';
import { withCache } from '../../k8s/cache-settle';
import { RESOURCE_TYPES } from '../../k8s/resource-types';
import type { WatchCache } from '../../k8s/watch-cache';
import { ALLOW_ALL, type ReadAccess } from '../auth/access-review.service';

export interface ClusterGroupPreviewService {
  preview(workspace: string, body: ClusterGroupPreviewBody): Promise<ClusterGroupPreviewResponse>;
}

/** The selector of a preview request; a string that does not parse is 400 with `details.position`. */
export function selectorOf(body: ClusterGroupPreviewBody): LabelSelector {
  if ('selectorText' in body) {
    const parsed = parseSelector(body.selectorText);
    if (!parsed.ok) {
      throw new BadRequestError(`The selector does not parse at character ${parsed.error.position + 1}: ${parsed.error.message}`, { position: parsed.error.position });
    }
    return parsed.selector;
  }
  const selector = body.selector as LabelSelector;
  const errors = selectorErrors(selector);
  if (errors.length > 0) throw new BadRequestError(`The selector is invalid: ${errors.join('; ')}`);
  return selector;
}

export function createClusterGroupPreviewService(options: { cache: Pick<WatchCache, 'subscribe'>; access?: ReadAccess; timeoutMs?: number }): ClusterGroupPreviewService {
  const access = options.access ?? ALLOW_ALL;
  return {
    async preview(workspace, body) {
      const selector = selectorOf(body);
      await access.require({ verb: 'list', type: RESOURCE_TYPES.cluster, namespace: workspace });
      return withCache(
        options.cache,
        { type: RESOURCE_TYPES.cluster, namespace: workspace },
        (sub) => {
          const matching: string[] = [];
          let total = 0;
          for (const { object } of sub.entries()) {
            total++;
            if (matchesSelector(object.metadata?.labels, selector)) matching.push(object.metadata?.name ?? '');
          }
          matching.sort();
          return { matching, total };
        },
        options.timeoutMs,
      );
    },
  };
}
