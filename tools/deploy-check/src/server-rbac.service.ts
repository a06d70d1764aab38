// What the server reads with its OWN identity in token mode, derived from the server's tables
// (not a copied list), and the permissions a set of rendered RBAC objects grants a subject, both
// as comparable "verb group/resource[/name] @ scope" strings.
//
// Token mode (apps/server/README.md, "Token mode in detail"): the shared watch caches list and
// watch with the server's identity; CRD schemas are read with it; secret names are listed with it.
// Everything else (single objects, every write, namespaces for moves and workspace creation,
// SelfSubjectReview/SelfSubjectAccessReviews) uses the signed-in user's token.
import { schemaParamsSchema } from '@fleet-dashboard/contracts';
// The server's resource table is not part of its package entry point; read it from its source.
import { SECRET } from '../../../apps/server/src/features/secrets/secrets.service';
import { RESOURCE_TYPES, WORKSPACED, type ResourceType } from '../../../apps/server/src/k8s/resource-types';

/** Kinds of RESOURCE_TYPES the server reads only with the user's token (cluster move, workspace create). */
export const USER_TOKEN_ONLY: readonly ResourceType[] = [RESOURCE_TYPES.namespace];

export interface Permission {
  verb: string;
  group: string;
  resource: string;
  /** A resourceNames entry, when the rule names objects. */
  name?: string;
  /** '*' for a ClusterRole bound cluster-wide, else the namespace of the Role. */
  scope: string;
}

export const permissionText = (p: Permission): string => `${p.verb} ${p.group || 'core'}/${p.resource}${p.name ? `/${p.name}` : ''} @ ${p.scope}`;

/** The set the chart must grant its service account, given the namespaces where secret names are listed. */
export function serverIdentityPermissions(secretNamespaces: readonly string[]): Permission[] {
  const out: Permission[] = [];
  // Shared caches: every workspaced resource (per namespace, or cluster-wide by label) and the
  // other cluster-wide tables (FleetWorkspaces for the workspace list).
  const cached = new Map<string, ResourceType>();
  for (const { type } of Object.values(WORKSPACED)) cached.set(`${type.group}/${type.plural}`, type);
  for (const type of Object.values(RESOURCE_TYPES)) {
    if (!USER_TOKEN_ONLY.includes(type)) cached.set(`${type.group}/${type.plural}`, type);
  }
  for (const type of cached.values()) {
    for (const verb of ['list', 'watch']) out.push({ verb, group: type.group, resource: type.plural, scope: '*' });
  }
  // GET /api/schemas/:resource reads the kind's CRD with the server's identity.
  for (const resource of schemaParamsSchema.shape.resource.options) {
    const type = WORKSPACED[resource].type;
    out.push({ verb: 'get', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: `${type.plural}.${type.group}`, scope: '*' });
  }
  // GET /api/workspaces/:ws/secrets lists names with the server's identity.
  for (const ns of secretNamespaces) out.push({ verb: 'list', group: SECRET.group, resource: SECRET.plural, scope: ns });
  return out;
}

interface RbacRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface RbacObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  rules?: RbacRule[];
  roleRef?: { kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
}

/**
 * Permissions that the rendered objects grant the ServiceAccount `namespace/name` through
 * ClusterRoleBindings (scope '*') and RoleBindings (scope = the binding's namespace).
 */
export function grantedPermissions(objects: readonly unknown[], subject: { namespace: string; name: string }): Permission[] {
  const docs = objects as RbacObject[];
  const roles = new Map<string, RbacRule[]>();
  for (const d of docs) {
    if (d.kind === 'ClusterRole') roles.set(`ClusterRole//${d.metadata?.name}`, d.rules ?? []);
    if (d.kind === 'Role') roles.set(`Role/${d.metadata?.namespace}/${d.metadata?.name}`, d.rules ?? []);
  }
  const out: Permission[] = [];
  for (const d of docs) {
    if (d.kind !== 'ClusterRoleBinding' && d.kind !== 'RoleBinding') continue;
    const bound = (d.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === subject.name && s.namespace === subject.namespace);
    if (!bound) continue;
    const scope = d.kind === 'ClusterRoleBinding' ? '*' : (d.metadata?.namespace ?? '');
    const key = d.roleRef?.kind === 'ClusterRole' ? `ClusterRole//${d.roleRef.name}` : `Role/${d.metadata?.namespace}/${d.roleRef?.name}`;
    const rules = roles.get(key);
    if (rules === undefined) throw new Error(`${d.kind} ${d.metadata?.name} refers to ${key}, which is not rendered`);
    for (const rule of rules) {
      if (rule.nonResourceURLs) throw new Error(`unexpected nonResourceURLs rule ${JSON.stringify(rule)}`);
      for (const group of rule.apiGroups ?? []) {
        for (const resource of rule.resources ?? []) {
          for (const verb of rule.verbs ?? []) {
            const names = rule.resourceNames && rule.resourceNames.length > 0 ? rule.resourceNames : [undefined];
            for (const name of names) out.push({ verb, group, resource, ...(name ? { name } : {}), scope });
          }
        }
      }
    }
  }
  return out;
}

/** Sorted, de-duplicated texts of a permission list (for equality checks). */
export function permissionSet(list: readonly Permission[]): string[] {
  return [...new Set(list.map(permissionText))].sort();
}
