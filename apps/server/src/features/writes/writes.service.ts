// Create, replace and delete of the workspaced Fleet resources. A stale replace is 409 with the
// current object (sanitized) in `details.current`, so the user compares instead of overwriting.
import type { WritableResourceName } from '@fleet-dashboard/contracts';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { ConflictError } from '../../http/app-error';
import type { KubeClient } from '../../k8s/kube-client';
import { isKubeApiError, toAppError } from '../../k8s/kube-errors';
import { WORKSPACED, type ResourceType } from '../../k8s/resource-types';
import { sanitizeObject } from '../../rows/list-row.mapper';
import { prepareObject } from './object-input.service';

export interface WriteFlags {
  dryRun?: boolean;
}

export interface WritesService {
  create(workspace: string, resource: WritableResourceName, body: unknown, flags?: WriteFlags): Promise<KubeObject>;
  replace(workspace: string, resource: WritableResourceName, name: string, body: unknown, flags?: WriteFlags): Promise<KubeObject>;
  remove(workspace: string, resource: WritableResourceName, name: string): Promise<void>;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function createWritesService(options: { kube: Pick<KubeClient, 'create' | 'replace' | 'delete' | 'get'> }): WritesService {
  const { kube } = options;

  /**
   * Objects reach the browser without kubectl's last-applied annotation; put the stored one back
   * so that a replace from the dashboard does not break a later `kubectl apply`. A stale
   * resourceVersion still fails the replace with 409.
   */
  const keepLastApplied = async (type: ResourceType, workspace: string, name: string, object: KubeObject): Promise<void> => {
    const metadata = object.metadata ?? {};
    if (metadata.annotations?.[LAST_APPLIED] !== undefined) return;
    const stored = (await kube.get(type, workspace, name)).metadata?.annotations?.[LAST_APPLIED];
    if (stored !== undefined) object.metadata = { ...metadata, annotations: { ...(metadata.annotations ?? {}), [LAST_APPLIED]: stored } };
  };

  return {
    async create(workspace, resource, body, flags) {
      const { type } = WORKSPACED[resource];
      const object = prepareObject(body, { type, workspace, verb: 'create' });
      try {
        return sanitizeObject(await kube.create(type, workspace, object, { dryRun: flags?.dryRun === true }));
      } catch (error) {
        throw toAppError(error);
      }
    },

    async replace(workspace, resource, name, body, flags) {
      const { type } = WORKSPACED[resource];
      const object = prepareObject(body, { type, workspace, verb: 'replace', name });
      try {
        await keepLastApplied(type, workspace, name, object);
        return sanitizeObject(await kube.replace(type, workspace, name, object, { dryRun: flags?.dryRun === true }));
      } catch (error) {
        if (!isKubeApiError(error, 409)) throw toAppError(error);
        let current: KubeObject | undefined;
        try {
          current = sanitizeObject(await kube.get(type, workspace, name));
        } catch (readError) {
          if (!isKubeApiError(readError, 404)) throw toAppError(readError);
        }
        const message = current
          ? `${type.kind} "${name}" was changed since it was read (now at resourceVersion ${current.metadata?.resourceVersion ?? '?'}); compare and apply your edit again`
          : `${type.kind} "${name}" no longer exists`;
        throw new ConflictError(message, current ? { current } : { reason: 'Deleted' }, { cause: error });
      }
    },

    async remove(workspace, resource, name) {
      const { type } = WORKSPACED[resource];
      try {
        await kube.delete(type, workspace, name);
      } catch (error) {
        throw toAppError(error);
      }
    },
  };
}
