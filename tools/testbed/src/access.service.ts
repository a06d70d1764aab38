// Users, tokens, RBAC objects and kubeconfigs of a testbed.
//
// admin     group system:masters (everything).
// operator  create/update/patch/delete/get/list/watch on every fleet.cattle.io resource
//           (and subresource) in fleet-default and fleet-local. No access to Secrets: in
//           Kubernetes get/list/watch on secrets always return the data, so "names only"
//           cannot be granted; a server that shows secret names lists them with its own
//           identity and strips the data.
// viewer    get/list/watch on fleet.cattle.io in fleet-default only.
// both      get/list/watch on management.cattle.io fleetworkspaces (cluster-scoped), so
//           they can see which workspaces exist.
// outsider  authenticated, no role at all.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export type UserName = 'admin' | 'operator' | 'viewer' | 'outsider';
export const USER_NAMES: readonly UserName[] = ['admin', 'operator', 'viewer', 'outsider'];

export const FLEET_WORKSPACES = ['fleet-default', 'fleet-local'] as const;

export interface TestbedUser {
  token: string;
  kubeconfigPath: string;
}

export const ROLE_NAMES = {
  fleetOperator: 'fleet-dashboard:fleet-operator',
  fleetViewer: 'fleet-dashboard:fleet-viewer',
  workspaceViewer: 'fleet-dashboard:fleetworkspace-viewer',
} as const;

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

export function createTokens(): Record<UserName, string> {
  const token = () => randomBytes(24).toString('hex');
  return { admin: token(), operator: token(), viewer: token(), outsider: token() };
}

/** Lines of kube-apiserver's --token-auth-file: token,user,uid,"groups". */
export function tokenAuthFile(tokens: Record<UserName, string>): string {
  return [
    `${tokens.admin},admin,uid-admin,"system:masters"`,
    `${tokens.operator},operator,uid-operator,"fleet-dashboard:operators"`,
    `${tokens.viewer},viewer,uid-viewer,"fleet-dashboard:viewers"`,
    `${tokens.outsider},outsider,uid-outsider`,
    '',
  ].join('\n');
}

type KubeObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

const RBAC = 'rbac.authorization.k8s.io/v1';

function roleBinding(namespace: string, role: string, user: UserName): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: `${role.replace(/^fleet-dashboard:/, 'fleet-dashboard-')}-${user}`, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

/** ClusterRoles and bindings, in creation order. */
export function rbacObjects(): KubeObject[] {
  return [
    {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: ROLE_NAMES.fleetOperator },
      rules: [{ apiGroups: ['fleet.cattle.io'], resources: ['*'], verbs: [...WRITE, ...READ] }],
    },
    {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: ROLE_NAMES.fleetViewer },
      rules: [{ apiGroups: ['fleet.cattle.io'], resources: ['*'], verbs: READ }],
    },
    {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: ROLE_NAMES.workspaceViewer },
      rules: [{ apiGroups: ['management.cattle.io'], resources: ['fleetworkspaces'], verbs: READ }],
    },
    ...FLEET_WORKSPACES.map((ns) => roleBinding(ns, ROLE_NAMES.fleetOperator, 'operator')),
    roleBinding('fleet-default', ROLE_NAMES.fleetViewer, 'viewer'),
    {
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'fleet-dashboard-fleetworkspace-viewers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ROLE_NAMES.workspaceViewer },
      subjects: (['operator', 'viewer'] as const).map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name })),
    },
  ];
}

export function kubeconfigYaml(options: { server: string; caData: string; user: string; token: string }): string {
  const name = 'fleet-dashboard-testbed';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: options.server, 'certificate-authority-data': Buffer.from(options.caData).toString('base64') } }],
    users: [{ name: options.user, user: { token: options.token } }],
    contexts: [{ name: `${options.user}@${name}`, context: { cluster: name, user: options.user } }],
    'current-context': `${options.user}@${name}`,
  });
}

export async function writeKubeconfigs(
  runDir: string,
  server: string,
  caData: string,
  tokens: Record<UserName, string>,
): Promise<Record<UserName, TestbedUser>> {
  const entries = await Promise.all(
    USER_NAMES.map(async (user) => {
      const kubeconfigPath = join(runDir, `kubeconfig-${user}.yaml`);
      await writeFile(kubeconfigPath, kubeconfigYaml({ server, caData, user, token: tokens[user] }), { mode: 0o600 });
      return [user, { token: tokens[user], kubeconfigPath }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<UserName, TestbedUser>;
}
