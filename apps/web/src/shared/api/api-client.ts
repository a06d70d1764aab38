// The typed REST client: one function per route of the contracts.
import {
  API_PATHS,
  kubeObjectSchema,
  meResponseSchema,
  workspacesResponseSchema,
  type KubeObjectBody,
  type MeResponse,
  type WorkspaceRow,
  type WorkspacedResourceName,
} from '@fleet-dashboard/contracts';
import type { HttpClient } from './http';

export interface ApiClient {
  me(): Promise<MeResponse>;
  workspaces(): Promise<WorkspaceRow[]>;
  getObject(workspace: string, resource: WorkspacedResourceName, name: string): Promise<KubeObjectBody>;
}

export function createApiClient(options: { http: HttpClient }): ApiClient {
  const { http } = options;
  return {
    me: () => http.request({ path: API_PATHS.me, schema: meResponseSchema }),
    workspaces: async () => (await http.request({ path: API_PATHS.workspaces, schema: workspacesResponseSchema })).items,
    getObject: (workspace, resource, name) =>
      http.request({
        path: `${API_PATHS.workspaces}/${encodeURIComponent(workspace)}/${resource}/${encodeURIComponent(name)}`,
        schema: kubeObjectSchema,
      }),
  };
}
