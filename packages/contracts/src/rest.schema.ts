// REST routes under /api: paths, query parameters and response bodies.
import { z } from 'zod';
import { workspacedResourceSchema, objectNameSchema, workspaceNameSchema } from './resources.schema';
import { listRowSchema, workspaceRowSchema } from './rows.schema';

/** The header every mutating request must carry (CSRF protection). */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'fleet-dashboard';

export const API_PATHS = {
  healthz: '/api/healthz',
  readyz: '/api/readyz',
  me: '/api/me',
  login: '/api/login',
  logout: '/api/logout',
  workspaces: '/api/workspaces',
  watch: '/api/watch',
  metrics: '/metrics',
} as const;

export const healthResponseSchema = z.object({ status: z.literal('ok') });
export const readyResponseSchema = z.object({ status: z.literal('ready') });

export const AUTH_MODES = ['demo', 'kubeconfig', 'token'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const meResponseSchema = z.object({
  mode: z.enum(AUTH_MODES),
  username: z.string(),
  groups: z.array(z.string()),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** `POST /api/login` (token mode): a Kubernetes bearer token; answered with the identity. */
export const loginBodySchema = z.object({ token: z.string().trim().min(1).max(8192) });
export type LoginBody = z.infer<typeof loginBodySchema>;
export const loginResponseSchema = meResponseSchema;
export type LoginResponse = MeResponse;
export const logoutResponseSchema = z.object({ loggedOut: z.literal(true) });
export type LogoutResponse = z.infer<typeof logoutResponseSchema>;

export const workspacesResponseSchema = z.object({ items: z.array(workspaceRowSchema) });

/** `POST /api/workspaces`: a namespace, and a FleetWorkspace where Rancher's API is served. */
export const createWorkspaceBodySchema = z.object({ name: workspaceNameSchema });
export type CreateWorkspaceBody = z.infer<typeof createWorkspaceBodySchema>;
export const createWorkspaceResponseSchema = z.object({ name: z.string(), fleetWorkspace: z.boolean() });
export type CreateWorkspaceResponse = z.infer<typeof createWorkspaceResponseSchema>;
export type WorkspacesResponse = z.infer<typeof workspacesResponseSchema>;

export const resourceListParamsSchema = z.object({ workspace: workspaceNameSchema, resource: workspacedResourceSchema });
export const resourceListQuerySchema = z.object({ selector: z.string().max(2048).optional() });
/** `GET /api/workspaces/:ws/events?kind=&name=`: the events of one object (involvedObject kind and/or name). */
export const eventListQuerySchema = resourceListQuerySchema.extend({
  kind: z.string().min(1).max(63).optional(),
  name: objectNameSchema.optional(),
});
export type EventListQuery = z.infer<typeof eventListQuerySchema>;

export const resourceListResponseSchema = z.object({
  items: z.array(listRowSchema),
  /** The cache's resourceVersion the rows reflect. */
  revision: z.string(),
});
export type ResourceListResponse = z.infer<typeof resourceListResponseSchema>;

export const resourceGetParamsSchema = resourceListParamsSchema.extend({ name: objectNameSchema });

/** A full Kubernetes object, without managedFields and the last-applied annotation. */
export const kubeObjectSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }),
});
export type KubeObjectBody = z.infer<typeof kubeObjectSchema>;
