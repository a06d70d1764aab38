// What can be done to an object of each kind: the menu items, the confirmation texts and the keys
// under which refusals (403) and running Force Updates are remembered. Pure; no Vue.
import type { PermissionVerb, WritableResourceName } from '@fleet-dashboard/contracts';
import { yamlUrl } from '../api/api-client';

export type ActionId =
  | 'force-update'
  | 'pause'
  | 'unpause'
  | 'enable-polling'
  | 'disable-polling'
  | 'download-yaml'
  | 'edit-labels'
  | 'move'
  | 'edit-config'
  | 'edit-yaml'
  | 'clone'
  | 'delete';

/** The object an action applies to, with what the menu needs to know about it. */
export interface ActionTarget {
  resource: WritableResourceName;
  workspace: string;
  name: string;
  /** Display state (used to tell when a Force Update started to show). */
  state?: string | undefined;
  paused?: boolean | undefined;
  /** GitRepo only: `!spec.disablePolling`; undefined while unknown (list rows do not carry it). */
  pollingEnabled?: boolean | undefined;
}

/** A page of the app an item opens (a named route of the router). */
export interface ActionRoute {
  name: string;
  params: Record<string, string>;
  query?: Record<string, string>;
}

export interface ActionItem {
  id: ActionId;
  label: string;
  /** A link item (downloads) instead of a command. */
  href?: string;
  download?: string;
  /** Opens this page of the app (Edit Config, Edit YAML, Clone). */
  route?: ActionRoute;
}

/** Route name prefix per kind (`gitrepo-edit`, `cluster-yaml`, …). */
const ROUTE_PREFIX: Record<WritableResourceName, string> = {
  gitrepos: 'gitrepo',
  clusters: 'cluster',
  clustergroups: 'clustergroup',
  bundles: 'bundle',
};

/** Edit Config (form), Edit YAML and Clone (form prefilled from the object) as far as the kind has them. */
function pageItems(resource: WritableResourceName, workspace: string, name: string): { config: ActionItem[]; yaml: ActionItem; clone: ActionItem[] } {
  const prefix = ROUTE_PREFIX[resource];
  const hasForm = resource === 'gitrepos' || resource === 'clustergroups';
  return {
    config: hasForm ? [{ id: 'edit-config', label: 'Edit Config', route: { name: `${prefix}-edit`, params: { workspace, name } } }] : [],
    yaml: { id: 'edit-yaml', label: 'Edit YAML', route: { name: `${prefix}-yaml`, params: { workspace, name } } },
    clone: hasForm ? [{ id: 'clone', label: 'Clone', route: { name: `${prefix}-create`, params: { workspace }, query: { from: name } } }] : [],
  };
}

export interface Confirmation {
  title: string;
  message: string;
  confirmLabel: string;
}

export const KIND_LABEL: Record<WritableResourceName, string> = {
  gitrepos: 'Git Repo',
  clusters: 'Cluster',
  clustergroups: 'Cluster Group',
  bundles: 'Bundle',
};

const PLURAL_LABEL: Record<WritableResourceName, string> = {
  gitrepos: 'Git Repos',
  clusters: 'Clusters',
  clustergroups: 'Cluster Groups',
  bundles: 'Bundles',
};

export function kindLabel(resource: WritableResourceName, count = 1): string {
  return count === 1 ? KIND_LABEL[resource] : PLURAL_LABEL[resource];
}

export function actionItemsFor(target: ActionTarget): ActionItem[] {
  const { resource, workspace, name } = target;
  const yaml: ActionItem = { id: 'download-yaml', label: 'Download YAML', href: yamlUrl(workspace, resource, name), download: `${name}.yaml` };
  const pause: ActionItem = target.paused ? { id: 'unpause', label: 'Unpause' } : { id: 'pause', label: 'Pause' };
  const del: ActionItem = { id: 'delete', label: 'Delete' };
  const pages = pageItems(resource, workspace, name);
  const edit = [...pages.config, pages.yaml, ...pages.clone];
  switch (resource) {
    case 'gitrepos': {
      const polling: ActionItem[] =
        target.pollingEnabled === undefined
          ? []
          : [target.pollingEnabled ? { id: 'disable-polling', label: 'Disable Polling' } : { id: 'enable-polling', label: 'Enable Polling' }];
      return [{ id: 'force-update', label: 'Force Update' }, pause, ...polling, ...edit, yaml, del];
    }
    case 'clusters':
      return [{ id: 'force-update', label: 'Force Update' }, pause, { id: 'edit-labels', label: 'Edit Labels' }, { id: 'move', label: 'Move to workspace' }, ...edit, del];
    case 'bundles':
      return [{ id: 'force-update', label: 'Force Update' }, ...edit, yaml];
    case 'clustergroups':
      return [...edit, yaml, del];
  }
}

const FORCE_UPDATE_TEXT: Record<WritableResourceName, (what: string) => string> = {
  gitrepos: () => 'The repository is cloned again and every bundle of it is redeployed, even without a new commit.',
  clusters: (what) =>
    `The Fleet agent on ${what} is redeployed: its resources are deleted and applied again, and the agent registers anew. ` +
    'Only clusters Fleet manages with a kubeconfig (for example Rancher-provisioned ones) take part; agent-registered clusters ignore it.',
  bundles: (what) => `Every deployment of ${what} is redeployed on its clusters, even without a change, and drifted resources are applied again.`,
  clustergroups: () => '',
};

/** The dialog shown before an action, or null when it runs straight away. `count` > 1 for bulk actions. */
export function confirmationFor(action: ActionId, resource: WritableResourceName, names: readonly string[]): Confirmation | null {
  const count = names.length;
  const what = count === 1 ? `${KIND_LABEL[resource]} “${names[0] ?? ''}”` : `${count} ${PLURAL_LABEL[resource]}`;
  const whatShort = count === 1 ? 'this cluster' : 'these clusters';
  if (action === 'force-update') {
    return {
      title: `Force Update ${what}?`,
      message: FORCE_UPDATE_TEXT[resource](resource === 'clusters' ? whatShort : count === 1 ? 'this bundle' : 'these bundles'),
      confirmLabel: 'Force Update',
    };
  }
  if (action === 'delete') {
    return {
      title: `Delete ${what}?`,
      message:
        resource === 'gitrepos'
          ? `${what} and the bundles it created are deleted, and their resources are removed from the clusters. This cannot be undone.`
          : `${what} is deleted. This cannot be undone.`,
      confirmLabel: 'Delete',
    };
  }
  return null;
}

/**
 * The Kubernetes verb each action needs on its own resource (what the permissions route reports).
 * Actions are JSON patches; Edit Config/Edit YAML replace the object; Clone creates one. Download
 * needs only `get`, and Move patches Rancher's management Cluster, not the Fleet one: both
 * undefined, so only a refusal (403) disables them.
 */
export const ACTION_VERB: Record<ActionId, PermissionVerb | undefined> = {
  'force-update': 'patch',
  pause: 'patch',
  unpause: 'patch',
  'enable-polling': 'patch',
  'disable-polling': 'patch',
  'edit-labels': 'patch',
  'edit-config': 'update',
  'edit-yaml': 'update',
  clone: 'create',
  delete: 'delete',
  'download-yaml': undefined,
  move: undefined,
};

/** The verb of a bulk action (the same as the one-object action). */
export function bulkActionVerb(action: 'force-update' | 'pause' | 'unpause' | 'delete'): PermissionVerb {
  return action === 'delete' ? 'delete' : 'patch';
}

/** Where a refusal of `action` on `resource` in `workspace` is remembered. */
export function forbiddenKey(workspace: string, resource: WritableResourceName, action: ActionId): string {
  return `${workspace}/${resource}/${action}`;
}

/** Where a running Force Update of an object is remembered. */
export function objectKey(workspace: string, resource: WritableResourceName, name: string): string {
  return `${workspace}/${resource}/${name}`;
}

export interface UpdateMarker {
  generation: number;
  /** Display state when the Force Update was accepted. */
  state: string | undefined;
  at: number;
}

/** What a list row says about Force Updates (GitRepo and Cluster rows carry these generations). */
export interface GenerationFields {
  updateGeneration?: number;
  agentDeployedGeneration?: number | null;
}

/**
 * The Force Update generation an object reports having acted on, as the detail pages read it:
 * a GitRepo's `status.updateGeneration`, a kubeconfig-managed Cluster's
 * `status.agentDeployedGeneration`; undefined when the kind does not report one (Bundles,
 * agent-registered Clusters), so the marker ends with a change of state instead.
 */
export function observedGenerationOf(resource: WritableResourceName, row: GenerationFields): number | undefined {
  if (resource === 'gitrepos') return row.updateGeneration;
  if (resource === 'clusters') return row.agentDeployedGeneration ?? undefined;
  return undefined;
}

/**
 * The generation a Force Update asks for when only the observed one is known (bulk answers carry
 * no generation): the server sets `(current || 1) + 1`, and a settled object observes `current`.
 */
export function nextForceGeneration(observed: number): number {
  return Math.max(observed, 1) + 1;
}

/**
 * Whether a Force Update still shows as in progress: until the observed generation reaches the
 * requested one when the object reports it (GitRepo `status.updateGeneration`, a managed Cluster's
 * `status.agentDeployedGeneration`) and the requested one is known, otherwise until the display
 * state changes or `maxAgeMs` passed.
 */
export function isUpdating(
  marker: UpdateMarker | undefined,
  current: { state?: string | undefined; observedGeneration?: number | undefined },
  now: number,
  maxAgeMs = 120_000,
): boolean {
  if (!marker) return false;
  if (current.observedGeneration !== undefined && marker.generation > 0) return current.observedGeneration < marker.generation && now - marker.at < maxAgeMs * 5;
  return current.state === marker.state && now - marker.at < maxAgeMs;
}
