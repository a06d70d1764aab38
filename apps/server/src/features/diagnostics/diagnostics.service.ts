// Troubleshooting facts for one workspace, computed from the shared watch caches: GitRepos that
// name a secret that does not exist, Bundles reporting Modified, Clusters whose agent is silent.
import type { DiagnosticsResponse } from '@fleet-dashboard/contracts';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { withCache } from '../../k8s/cache-settle';
import { RESOURCE_TYPES, type ResourceType } from '../../k8s/resource-types';
import type { WatchCache } from '../../k8s/watch-cache';
import { ALLOW_ALL, type ReadAccess } from '../auth/access-review.service';

export interface DiagnosticsService {
  diagnose(workspace: string): Promise<DiagnosticsResponse>;
}

export interface DiagnosticsOptions {
  cache: Pick<WatchCache, 'subscribe'>;
  /** Names of the secrets in a namespace (no data). */
  secretNames(workspace: string): Promise<string[]>;
  /** An agent silent for longer than this is reported. Default 15. */
  agentStaleMinutes?: number;
  now?: () => number;
  timeoutMs?: number;
  /** What the user may read from the shared caches. Default: everything. */
  access?: ReadAccess;
}

const SECRET_FIELDS = ['clientSecretName', 'helmSecretName', 'helmSecretNameForPaths'] as const;

type Spec = Record<string, unknown>;
const specOf = (o: KubeObject): Spec => (typeof o.spec === 'object' && o.spec !== null ? (o.spec as Spec) : {});
const statusOf = (o: KubeObject): Spec => (typeof o.status === 'object' && o.status !== null ? (o.status as Spec) : {});
const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function createDiagnosticsService(options: DiagnosticsOptions): DiagnosticsService {
  const staleMinutes = options.agentStaleMinutes ?? 15;
  const now = options.now ?? Date.now;
  const access = options.access ?? ALLOW_ALL;
  const objects = async (type: ResourceType, workspace: string): Promise<KubeObject[]> => {
    await access.require({ verb: 'list', type, namespace: workspace });
    return withCache(options.cache, { type, namespace: workspace }, (sub) => [...sub.entries()].map((e) => e.object), options.timeoutMs);
  };

  return {
    async diagnose(workspace) {
      const [gitRepos, bundles, clusters, secrets] = await Promise.all([
        objects(RESOURCE_TYPES.gitRepo, workspace),
        objects(RESOURCE_TYPES.bundle, workspace),
        objects(RESOURCE_TYPES.cluster, workspace),
        options.secretNames(workspace),
      ]);
      const existing = new Set(secrets);
      const named = (list: KubeObject[]) => list.map((o) => ({ name: o.metadata?.name ?? '', object: o })).sort(byName);

      const missingSecrets: DiagnosticsResponse['missingSecrets'] = [];
      for (const { name, object } of named(gitRepos)) {
        for (const field of SECRET_FIELDS) {
          const secret = specOf(object)[field];
          if (typeof secret === 'string' && secret !== '' && !existing.has(secret)) missingSecrets.push({ gitRepo: name, field: `spec.${field}`, secret });
        }
      }

      const modifiedBundles: DiagnosticsResponse['modifiedBundles'] = [];
      for (const { name, object } of named(bundles)) {
        const status = statusOf(object);
        const summary = (status.summary ?? {}) as Spec;
        const display = (status.display ?? {}) as Spec;
        const modified = typeof summary.modified === 'number' ? summary.modified : 0;
        if (modified > 0 || display.state === 'Modified') {
          // Bundles carry their message on the Ready condition (display has none).
          const conditions = Array.isArray(status.conditions) ? (status.conditions as Spec[]) : [];
          const ready = conditions.find((c) => c.type === 'Ready');
          modifiedBundles.push({ bundle: name, modified, message: typeof ready?.message === 'string' ? ready.message : '' });
        }
      }

      const staleClusters: DiagnosticsResponse['staleClusters'] = [];
      const cutoff = now() - staleMinutes * 60_000;
      for (const { name, object } of named(clusters)) {
        const agent = (statusOf(object).agent ?? {}) as Spec;
        const lastSeen = typeof agent.lastSeen === 'string' && agent.lastSeen !== '' ? agent.lastSeen : null;
        const seenAt = lastSeen ? Date.parse(lastSeen) : NaN;
        if (lastSeen === null || Number.isNaN(seenAt) || seenAt < cutoff) staleClusters.push({ cluster: name, lastSeen });
      }

      return { missingSecrets, modifiedBundles, staleClusters, agentStaleMinutes: staleMinutes, checkedAt: new Date(now()).toISOString() };
    },
  };
}
