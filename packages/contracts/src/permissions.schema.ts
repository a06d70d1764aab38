// `GET /api/workspaces/:workspace/permissions`: what the acting identity may write in a workspace,
// so the web app can disable actions (with the server's reason) before anybody tries them.
import { z } from 'zod';
import type { WritableResourceName } from './writes.schema';

/** The write verbs reported per resource. */
export const PERMISSION_VERBS = ['create', 'update', 'patch', 'delete'] as const;
export type PermissionVerb = (typeof PERMISSION_VERBS)[number];

/** One verb on one resource: allowed, or not with the reason the server would give for its 403. */
export const permissionSchema = z.object({ allowed: z.boolean(), reason: z.string().optional() });
export type Permission = z.infer<typeof permissionSchema>;

export const resourcePermissionsSchema = z.object({
  create: permissionSchema,
  update: permissionSchema,
  patch: permissionSchema,
  delete: permissionSchema,
});
export type ResourcePermissions = z.infer<typeof resourcePermissionsSchema>;

export const permissionsResponseSchema = z.object({
  workspace: z.string(),
  resources: z.object({
    gitrepos: resourcePermissionsSchema,
    clusters: resourcePermissionsSchema,
    clustergroups: resourcePermissionsSchema,
    bundles: resourcePermissionsSchema,
  } satisfies Record<WritableResourceName, typeof resourcePermissionsSchema>),
  /** Moving clusters to another workspace: needs Rancher's management API and `patch` on its clusters. */
  moveClusters: permissionSchema,
});
export type PermissionsResponse = z.infer<typeof permissionsResponseSchema>;

