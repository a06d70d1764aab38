// One-click actions on GitRepos, Bundles and Clusters, each one atomic on the server (see
// field-patch.service.ts), plus a Cluster's labels with optimistic concurrency and bulk runs.
import type { BulkAction, BulkResponse, WritableResourceName } from '@fleet-dashboard/contracts';
import { isValidLabelKey, isValidLabelValue, type KubeObject } from '@fleet-dashboard/fleet-model';
import { AppError, BadRequestError, ConflictError, InvalidError } from '../../http/app-error';
import type { KubeClient } from '../../k8s/kube-client';
import { toAppError } from '../../k8s/kube-errors';
import { RESOURCE_TYPES, WORKSPACED } from '../../k8s/resource-types';
import { sanitizeObject } from '../../rows/list-row.mapper';
import { toErrorBody } from '../../http/error.middleware';
import { isLostRace, type FieldPatcher } from './field-patch.service';

export type ForceUpdatable = 'gitrepos' | 'bundles' | 'clusters';
export type Pausable = 'gitrepos' | 'clusters';

export interface ActionsService {
  /** GitRepo/Bundle: `spec.forceSyncGeneration`; Cluster: `spec.redeployAgentGeneration`; `(current || 1) + 1`. */
  forceUpdate(workspace: string, resource: ForceUpdatable, name: string): Promise<number>;
  setPaused(workspace: string, resource: Pausable, name: string, paused: boolean): Promise<boolean>;
  /** GitRepo polling on/off (`spec.disablePolling` is the negation). */
  setPolling(workspace: string, name: string, enabled: boolean): Promise<boolean>;
  /** Replaces a Cluster's labels if it is still at `resourceVersion`; 409 with the current object otherwise. */
  setClusterLabels(workspace: string, name: string, labels: Record<string, string>, resourceVersion: string): Promise<KubeObject>;
  bulk(workspace: string, resource: WritableResourceName, action: BulkAction, names: readonly string[]): Promise<BulkResponse>;
}

const GENERATION_FIELD: Record<ForceUpdatable, string> = {
  gitrepos: 'forceSyncGeneration',
  bundles: 'forceSyncGeneration',
  clusters: 'redeployAgentGeneration',
};

/** Rancher's rule: `(current || 1) + 1`. */
export function nextGeneration(current: unknown): number {
  const n = typeof current === 'number' && Number.isFinite(current) ? current : 0;
  return (n || 1) + 1;
}

export interface ActionsOptions {
  kube: Pick<KubeClient, 'get' | 'patch' | 'delete'>;
  patcher: FieldPatcher;
  /** Objects handled at once by a bulk action. Default 4. */
  bulkConcurrency?: number;
}

export function createActionsService(options: ActionsOptions): ActionsService {
  const { kube, patcher } = options;
  const concurrency = Math.max(1, options.bulkConcurrency ?? 4);

  const service: ActionsService = {
    async forceUpdate(workspace, resource, name) {
      const { type } = WORKSPACED[resource];
      const result = await patcher.update({ type, namespace: workspace, name, path: ['spec', GENERATION_FIELD[resource]], next: nextGeneration });
      return result.value;
    },

    async setPaused(workspace, resource, name, paused) {
      const { type } = WORKSPACED[resource];
      const result = await patcher.update({ type, namespace: workspace, name, path: ['spec', 'paused'], next: () => paused });
      return result.value;
    },

    async setPolling(workspace, name, enabled) {
      await patcher.update({ type: RESOURCE_TYPES.gitRepo, namespace: workspace, name, path: ['spec', 'disablePolling'], next: () => !enabled });
      return enabled;
    },

    async setClusterLabels(workspace, name, labels, resourceVersion) {
      const causes = Object.entries(labels).flatMap(([key, value]) => [
        ...(isValidLabelKey(key) ? [] : [{ field: `metadata.labels[${key}]`, message: `invalid label key "${key}"` }]),
        ...(isValidLabelValue(value) ? [] : [{ field: `metadata.labels[${key}]`, message: `invalid label value "${value}"` }]),
      ]);
      if (causes.length > 0) throw new InvalidError(`Cluster "${name}" labels are invalid: ${causes.map((c) => c.message).join('; ')}`, { causes });
      const type = RESOURCE_TYPES.cluster;
      const patch = [
        { op: 'test', path: '/metadata/resourceVersion', value: resourceVersion },
        { op: 'add', path: '/metadata/labels', value: labels },
      ];
      try {
        return sanitizeObject(await kube.patch(type, workspace, name, 'json', patch));
      } catch (error) {
        if (!isLostRace(error)) throw toAppError(error);
        let current: KubeObject;
        try {
          current = sanitizeObject(await kube.get(type, workspace, name));
        } catch (readError) {
          throw toAppError(readError);
        }
        throw new ConflictError(`Cluster "${name}" was changed since resourceVersion ${resourceVersion}; compare and apply your labels again`, { current }, { cause: error });
      }
    },

    async bulk(workspace, resource, action, names) {
      const run = (name: string): Promise<unknown> => {
        switch (action) {
          case 'delete':
            return kube.delete(WORKSPACED[resource].type, workspace, name).catch((error: unknown) => {
              throw toAppError(error);
            });
          case 'force-update':
            if (resource === 'clustergroups') break;
            return service.forceUpdate(workspace, resource, name);
          case 'pause':
          case 'unpause':
            if (resource !== 'gitrepos' && resource !== 'clusters') break;
            return service.setPaused(workspace, resource, name, action === 'pause');
        }
        return Promise.reject(new BadRequestError(`${action} is not an action of ${resource}`));
      };
      const unique = [...new Set(names)];
      const results: BulkResponse['results'] = new Array(unique.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < unique.length) {
          const i = next++;
          const name = unique[i] ?? '';
          try {
            await run(name);
            results[i] = { name, ok: true };
          } catch (error) {
            const appError = error instanceof AppError ? error : toAppError(error);
            results[i] = { name, ok: false, error: toErrorBody(appError).error };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
      return { results };
    },
  };
  return service;
}
