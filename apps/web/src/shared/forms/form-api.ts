// The REST calls the create/edit forms make: read, create and replace objects (with server-side
// dry runs), the cluster selector preview, and credential secrets (names and types only).
import {
  API_PATHS,
  clusterGroupPreviewResponseSchema,
  kubeObjectSchema,
  secretRowSchema,
  secretsResponseSchema,
  type ClusterGroupPreviewBody,
  type ClusterGroupPreviewResponse,
  type CreateSecretBody,
  type KubeObjectBody,
  type SecretRow,
  type WritableResourceName,
} from '@fleet-dashboard/contracts';
import { inject, type InjectionKey } from 'vue';
import { objectPath } from '../api/api-client';
import { createHttpClient, type HttpClient } from '../api/http';

export interface WriteOptions {
  /** The API server validates and defaults the object without storing it. */
  isDryRun?: boolean;
}

export interface FormApi {
  getObject(workspace: string, resource: WritableResourceName, name: string): Promise<KubeObjectBody>;
  createObject(workspace: string, resource: WritableResourceName, body: KubeObjectBody, options?: WriteOptions): Promise<KubeObjectBody>;
  /** Replace; `body.metadata.resourceVersion` is the version edited (ApiError `Conflict` with `details.current` when stale). */
  replaceObject(workspace: string, resource: WritableResourceName, name: string, body: KubeObjectBody, options?: WriteOptions): Promise<KubeObjectBody>;
  previewSelector(workspace: string, body: ClusterGroupPreviewBody, signal?: AbortSignal): Promise<ClusterGroupPreviewResponse>;
  listSecrets(workspace: string): Promise<SecretRow[]>;
  createSecret(workspace: string, body: CreateSecretBody): Promise<SecretRow>;
}

export function createFormApi(options: { http: HttpClient }): FormApi {
  const { http } = options;
  const collection = (workspace: string, resource: string): string => `${API_PATHS.workspaces}/${encodeURIComponent(workspace)}/${resource}`;
  const dryRun = (o?: WriteOptions) => ({ dryRun: o?.isDryRun ? 'true' : undefined });
  return {
    getObject: (workspace, resource, name) => http.request({ path: objectPath(workspace, resource, name), schema: kubeObjectSchema }),
    createObject: (workspace, resource, body, o) =>
      http.request({ method: 'POST', path: collection(workspace, resource), query: dryRun(o), body, schema: kubeObjectSchema }),
    replaceObject: (workspace, resource, name, body, o) =>
      http.request({ method: 'PUT', path: objectPath(workspace, resource, name), query: dryRun(o), body, schema: kubeObjectSchema }),
    previewSelector: (workspace, body, signal) =>
      http.request({
        method: 'POST',
        path: `${collection(workspace, 'clustergroups')}/preview`,
        body,
        schema: clusterGroupPreviewResponseSchema,
        ...(signal ? { signal } : {}),
      }),
    listSecrets: async (workspace) => (await http.request({ path: collection(workspace, 'secrets'), schema: secretsResponseSchema })).items,
    createSecret: (workspace, body) => http.request({ method: 'POST', path: collection(workspace, 'secrets'), body, schema: secretRowSchema }),
  };
}

/** Provided by the app (or a test); without it the forms use their own same-origin client. */
export const FORM_API: InjectionKey<FormApi> = Symbol('form-api');

export function useFormApi(): FormApi {
  return inject(FORM_API, null) ?? createFormApi({ http: createHttpClient() });
}
