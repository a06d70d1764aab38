// The typed REST client: one function per route of the contracts.
import {
  API_PATHS,
  bulkResponseSchema,
  createWorkspaceResponseSchema,
  diagnosticsResponseSchema,
  deleteResponseSchema,
  forceUpdateResponseSchema,
  kubeObjectSchema,
  loginResponseSchema,
  logoutResponseSchema,
  meResponseSchema,
  moveClusterResponseSchema,
  pauseResponseSchema,
  permissionsResponseSchema,
  pollingResponseSchema,
  workspacesResponseSchema,
  type BulkResponse,
  type CreateWorkspaceResponse,
  type DiagnosticsResponse,
  type DeleteResponse,
  type ForceUpdateResponse,
  type KubeObjectBody,
  type LoginResponse,
  type LogoutResponse,
  type MeResponse,
  type MoveClusterResponse,
  type PauseResponse,
  type PermissionsResponse,
  type PollingResponse,
  type WorkspaceRow,
  type WorkspacedResourceName,
  type WritableResourceName,
} from '@fleet-dashboard/contracts';
import type { HttpClient } from './http';

/** Resources with a one-click Force Update. */
export type ForceUpdatableResource = 'gitrepos' | 'bundles' | 'clusters';
/** Resources that can be paused. */
export type PausableResource = 'gitrepos' | 'clusters';
/** The single-object actions bulk requests accept. */
export type BulkActionName = 'force-update' | 'pause' | 'unpause' | 'delete';

export interface ApiClient {
  me(): Promise<MeResponse>;
  /** Token mode: proves the token and sets the session cookie (401 refused, 429 rate limited). */
  login(token: string): Promise<LoginResponse>;
  logout(): Promise<LogoutResponse>;
  workspaces(): Promise<WorkspaceRow[]>;
  getObject(workspace: string, resource: WorkspacedResourceName, name: string): Promise<KubeObjectBody>;
  forceUpdate(workspace: string, resource: ForceUpdatableResource, name: string): Promise<ForceUpdateResponse>;
  setPaused(workspace: string, resource: PausableResource, name: string, paused: boolean): Promise<PauseResponse>;
  setPolling(workspace: string, name: string, enabled: boolean): Promise<PollingResponse>;
  deleteObject(workspace: string, resource: WritableResourceName, name: string): Promise<DeleteResponse>;
  /** Replaces a Cluster's labels if it is still at `resourceVersion` (ApiError `Conflict` with `details.current` otherwise). */
  setClusterLabels(workspace: string, name: string, labels: Record<string, string>, resourceVersion: string): Promise<KubeObjectBody>;
  moveCluster(workspace: string, name: string, target: string): Promise<MoveClusterResponse>;
  bulk(workspace: string, resource: WritableResourceName, action: BulkActionName, names: string[]): Promise<BulkResponse>;
  /** Creates a workspace (a namespace, and a FleetWorkspace where Rancher's API is served). */
  createWorkspace(name: string): Promise<CreateWorkspaceResponse>;
  /** Missing credential secrets, bundles reporting Modified, silent agents of a workspace. */
  diagnostics(workspace: string): Promise<DiagnosticsResponse>;
  /** What the user may create/update/patch/delete per writable resource, with the server's reason when not. */
  permissions(workspace: string): Promise<PermissionsResponse>;
}

/** Path of one object (`/api/workspaces/:ws/:resource/:name`). */
export function objectPath(workspace: string, resource: string, name: string): string {
  return `${API_PATHS.workspaces}/${encodeURIComponent(workspace)}/${resource}/${encodeURIComponent(name)}`;
}

/** Where the browser downloads an object as YAML (a plain GET, so a link can point at it). */
export function yamlUrl(workspace: string, resource: WorkspacedResourceName, name: string): string {
  return `${objectPath(workspace, resource, name)}?format=yaml`;
}

export function createApiClient(options: { http: HttpClient }): ApiClient {
  const { http } = options;
  const base = (workspace: string, resource: string) => `${API_PATHS.workspaces}/${encodeURIComponent(workspace)}/${resource}`;
  return {
    me: () => http.request({ path: API_PATHS.me, schema: meResponseSchema }),
    login: (token) => http.request({ method: 'POST', path: API_PATHS.login, body: { token }, schema: loginResponseSchema }),
    logout: () => http.request({ method: 'POST', path: API_PATHS.logout, body: {}, schema: logoutResponseSchema }),
    workspaces: async () => (await http.request({ path: API_PATHS.workspaces, schema: workspacesResponseSchema })).items,
    getObject: (workspace, resource, name) => http.request({ path: objectPath(workspace, resource, name), schema: kubeObjectSchema }),
    forceUpdate: (workspace, resource, name) =>
      http.request({ method: 'POST', path: `${objectPath(workspace, resource, name)}/force-update`, schema: forceUpdateResponseSchema }),
    setPaused: (workspace, resource, name, paused) =>
      http.request({ method: 'POST', path: `${objectPath(workspace, resource, name)}/${paused ? 'pause' : 'unpause'}`, schema: pauseResponseSchema }),
    setPolling: (workspace, name, enabled) =>
      http.request({ method: 'POST', path: `${objectPath(workspace, 'gitrepos', name)}/polling`, body: { enabled }, schema: pollingResponseSchema }),
    deleteObject: (workspace, resource, name) =>
      http.request({ method: 'DELETE', path: objectPath(workspace, resource, name), schema: deleteResponseSchema }),
    setClusterLabels: (workspace, name, labels, resourceVersion) =>
      http.request({ method: 'PUT', path: `${objectPath(workspace, 'clusters', name)}/labels`, body: { labels, resourceVersion }, schema: kubeObjectSchema }),
    moveCluster: (workspace, name, target) =>
      http.request({ method: 'POST', path: `${objectPath(workspace, 'clusters', name)}/move`, body: { workspace: target }, schema: moveClusterResponseSchema }),
    bulk: (workspace, resource, action, names) =>
      http.request({ method: 'POST', path: `${base(workspace, resource)}/_bulk/${action}`, body: { names }, schema: bulkResponseSchema }),
    createWorkspace: (name) => http.request({ method: 'POST', path: API_PATHS.workspaces, body: { name }, schema: createWorkspaceResponseSchema }),
    diagnostics: (workspace) => http.request({ path: `${base(workspace, 'diagnostics')}`, schema: diagnosticsResponseSchema }),
    permissions: (workspace) => http.request({ path: base(workspace, 'permissions'), schema: permissionsResponseSchema }),
  };
}
