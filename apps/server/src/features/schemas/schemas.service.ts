// The OpenAPI v3 schema of a Fleet kind, read from its CustomResourceDefinition through the API
// (so it is the one the cluster validates with) and kept for the life of the process.
import type { SchemaResponse } from '@fleet-dashboard/contracts';
import { NotFoundError } from '../../http/app-error';
import type { KubeClient } from '../../k8s/kube-client';
import { toAppError } from '../../k8s/kube-errors';
import type { ResourceType } from '../../k8s/resource-types';

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
}

export interface SchemasService {
  schemaOf(type: ResourceType): Promise<SchemaResponse>;
}

export function createSchemasService(options: { kube: Pick<KubeClient, 'request'> }): SchemasService {
  const cache = new Map<string, Promise<SchemaResponse>>();

  const load = async (type: ResourceType): Promise<SchemaResponse> => {
    const crdName = `${type.plural}.${type.group}`;
    let crd: { spec?: { versions?: CrdVersion[] } };
    try {
      crd = await options.kube.request({
        method: 'GET',
        path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(crdName)}`,
        context: { verb: 'get', resource: 'customresourcedefinitions.apiextensions.k8s.io', name: crdName },
      });
    } catch (error) {
      throw toAppError(error);
    }
    const version = crd.spec?.versions?.find((v) => v.name === type.version && v.served !== false);
    const schema = version?.schema?.openAPIV3Schema;
    if (!schema) throw new NotFoundError(`The CustomResourceDefinition ${crdName} has no schema for version ${type.version}`);
    return { group: type.group, version: type.version, kind: type.kind, schema };
  };

  return {
    schemaOf(type) {
      const key = `${type.group}/${type.version}/${type.plural}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = load(type);
        cache.set(key, pending);
        // A failure is not cached: the next request tries again.
        pending.catch(() => cache.delete(key));
      }
      return pending;
    },
  };
}
