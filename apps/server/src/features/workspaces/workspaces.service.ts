// Workspaces: Rancher's FleetWorkspaces (when that API is served) plus every namespace holding
// Fleet objects, each with its object counts, from cluster-wide watch caches.
import type { WorkspaceRow } from '@fleet-dashboard/contracts';
import { withCache } from '../../k8s/cache-settle';
import { RESOURCE_TYPES, type ResourceType } from '../../k8s/resource-types';
import type { CacheEntry, WatchCache } from '../../k8s/watch-cache';
import type { ReadAccess } from '../auth/access-review.service';

export interface WorkspacesService {
  list(): Promise<WorkspaceRow[]>;
}

const COUNTED = [
  ['gitRepos', RESOURCE_TYPES.gitRepo],
  ['clusters', RESOURCE_TYPES.cluster],
  ['clusterGroups', RESOURCE_TYPES.clusterGroup],
  ['bundles', RESOURCE_TYPES.bundle],
] as const;

export interface WorkspacesOptions {
  cache: Pick<WatchCache, 'subscribe'>;
  /**
   * Token mode: a workspace is shown when the user may list FleetWorkspaces (and it is one) or
   * may list at least one counted kind in it; counts of kinds the user may not list are 0.
   */
  access?: ReadAccess;
  timeoutMs?: number;
}

async function visibleTo(access: ReadAccess, rows: WorkspaceRow[], fleetWorkspaceNames: ReadonlySet<string>): Promise<WorkspaceRow[]> {
  const seesFleetWorkspaces = fleetWorkspaceNames.size > 0 && (await access.can({ verb: 'list', type: RESOURCE_TYPES.fleetWorkspace }));
  const checked = await Promise.all(
    rows.map(async (r) => {
      const allowed = await Promise.all(COUNTED.map(([, type]) => access.can({ verb: 'list', type, namespace: r.name })));
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
      const rows = new Map<string, WorkspaceRow>();
      const row = (name: string): WorkspaceRow => {
        let r = rows.get(name);
        if (!r) {
          r = { kind: 'Workspace', key: name, name, counts: { gitRepos: 0, clusters: 0, clusterGroups: 0, bundles: 0 } };
          rows.set(name, r);
        }
        return r;
      };
      const [fleetWorkspaces, ...counted] = await Promise.all([
        // FleetWorkspaces exist only with Rancher; without them the namespaces alone define workspaces.
        entriesOf(RESOURCE_TYPES.fleetWorkspace).catch(() => [] as CacheEntry[]),
        ...COUNTED.map(([, type]) => entriesOf(type)),
      ]);
      for (const e of fleetWorkspaces) if (e.object.metadata?.name) row(e.object.metadata.name);
      COUNTED.forEach(([field], i) => {
        for (const e of counted[i] ?? []) {
          const ns = e.object.metadata?.namespace;
          if (ns) row(ns).counts[field]++;
        }
      });
      const sorted = [...rows.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (!options.access) return sorted;
      const names = new Set(fleetWorkspaces.map((e) => e.object.metadata?.name ?? ''));
      return visibleTo(options.access, sorted, names);
    },
  };
}
