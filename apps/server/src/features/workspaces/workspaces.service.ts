// Workspaces: Rancher's FleetWorkspaces (when that API is served) plus every namespace holding
// Fleet objects, each with its object counts, from cluster-wide watch caches; and creating one.
import type { CreateWorkspaceResponse, WorkspaceRow } from '@fleet-dashboard/contracts';
import { ConflictError } from '../../http/app-error';
import { withCache } from '../../k8s/cache-settle';
import type { KubeClient } from '../../k8s/kube-client';
import { isKubeApiError, toAppError } from '../../k8s/kube-errors';
import { RESOURCE_TYPES, type ResourceType } from '../../k8s/resource-types';
import type { CacheEntry, WatchCache } from '../../k8s/watch-cache';
import type { ReadAccess } from '../auth/access-review.service';

export interface WorkspacesService {
  list(): Promise<WorkspaceRow[]>;
  /** A namespace, plus a FleetWorkspace where Rancher's API is served; 409 when the namespace exists. */
  create(name: string): Promise<CreateWorkspaceResponse>;
}

/** The kinds counted per workspace: row field and type. */
export const COUNTED = [
  ['gitRepos', RESOURCE_TYPES.gitRepo],
  ['clusters', RESOURCE_TYPES.cluster],
  ['clusterGroups', RESOURCE_TYPES.clusterGroup],
  ['bundles', RESOURCE_TYPES.bundle],
] as const;

export interface WorkspacesOptions {
  cache: Pick<WatchCache, 'subscribe'>;
  /** Creates namespaces and FleetWorkspaces; in token mode the user's own client. */
  kube?: Pick<KubeClient, 'create' | 'servedResources'>;
  /**
   * Token mode: a workspace is shown when the user may list FleetWorkspaces (and it is one) or
   * may list at least one counted kind in it; counts of kinds the user may not list are 0.
   */
  access?: ReadAccess;
  timeoutMs?: number;
}

/** Rows sorted by name from the FleetWorkspaces and the counted kinds' cache entries (COUNTED order). */
export function workspaceRows(fleetWorkspaces: Iterable<CacheEntry>, counted: ReadonlyArray<Iterable<CacheEntry>>): WorkspaceRow[] {
  const rows = new Map<string, WorkspaceRow>();
  const row = (name: string): WorkspaceRow => {
    let r = rows.get(name);
    if (!r) {
      r = { kind: 'Workspace', key: name, name, counts: { gitRepos: 0, clusters: 0, clusterGroups: 0, bundles: 0 } };
      rows.set(name, r);
    }
    return r;
  };
  for (const e of fleetWorkspaces) if (e.object.metadata?.name) row(e.object.metadata.name);
  COUNTED.forEach(([field], i) => {
    for (const e of counted[i] ?? []) {
      const ns = e.object.metadata?.namespace;
      if (ns) row(ns).counts[field]++;
    }
  });
  return [...rows.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The rows a user may see: `can(type, namespace)` answers for one kind in one namespace
 * (namespace undefined: cluster-wide, asked for FleetWorkspaces).
 */
export async function visibleWorkspaceRows(
  rows: readonly WorkspaceRow[],
  fleetWorkspaceNames: ReadonlySet<string>,
  can: (type: ResourceType, namespace?: string) => Promise<boolean>,
): Promise<WorkspaceRow[]> {
  const seesFleetWorkspaces = fleetWorkspaceNames.size > 0 && (await can(RESOURCE_TYPES.fleetWorkspace));
  const checked = await Promise.all(
    rows.map(async (r) => {
      const allowed = await Promise.all(COUNTED.map(([, type]) => can(type, r.name)));
      const counts = { ...r.counts };
      COUNTED.forEach(([field], i) => {
        if (!allowed[i]) counts[field] = 0;
      });
      const visible = allowed.some(Boolean) || (seesFleetWorkspaces && fleetWorkspaceNames.has(r.name));
      return visible ? { ...r, counts } : undefined;
    }),
  );
  return checked.filter((r): r is WorkspaceRow => r !== undefined);
}

export function createWorkspacesService(options: WorkspacesOptions): WorkspacesService {
  const entriesOf = (type: ResourceType): Promise<CacheEntry[]> => withCache(options.cache, { type, namespace: '' }, (sub) => [...sub.entries()], options.timeoutMs);
  return {
    async list() {
      const [fleetWorkspaces, ...counted] = await Promise.all([
        // FleetWorkspaces exist only with Rancher; without them the namespaces alone define workspaces.
        entriesOf(RESOURCE_TYPES.fleetWorkspace).catch(() => [] as CacheEntry[]),
        ...COUNTED.map(([, type]) => entriesOf(type)),
      ]);
      const sorted = workspaceRows(fleetWorkspaces, counted);
      const access = options.access;
      if (!access) return sorted;
      const names = new Set(fleetWorkspaces.map((e) => e.object.metadata?.name ?? ''));
      return visibleWorkspaceRows(sorted, names, (type, namespace) => access.can({ verb: 'list', type, namespace }));
    },

    async create(name) {
      const kube = options.kube;
      if (!kube) throw new Error('workspaces service without a client cannot create');
      try {
        await kube.create(RESOURCE_TYPES.namespace, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      } catch (error) {
        if (isKubeApiError(error, 409)) throw new ConflictError(`Workspace "${name}" already exists (there is a namespace of that name)`, { name }, { cause: error });
        throw toAppError(error);
      }
      const { group, version, plural } = RESOURCE_TYPES.fleetWorkspace;
      let served: string[] | null;
      try {
        served = await kube.servedResources(group, version);
      } catch (error) {
        throw toAppError(error);
      }
      if (!served?.includes(plural)) return { name, fleetWorkspace: false };
      try {
        await kube.create(RESOURCE_TYPES.fleetWorkspace, undefined, { apiVersion: `${group}/${version}`, kind: 'FleetWorkspace', metadata: { name } });
      } catch (error) {
        // Someone (Rancher) made it in the meantime: the workspace is what was asked for.
        if (!isKubeApiError(error, 409)) throw toAppError(error);
      }
      return { name, fleetWorkspace: true };
    },
  };
}
