// The pure part of the Cluster detail page: the Git Repos deployed to a cluster (from its
// BundleDeployment rows) and the agent's last check-in as relative and absolute time.
import type { BundleDeploymentRow } from '@fleet-dashboard/contracts';
import { stateRank } from '@fleet-dashboard/fleet-model';
import { formatAge } from '../../../shared/formatting/time.format';

export interface ClusterRepo {
  name: string;
  /** Worst state of the repo's deployments on the cluster. */
  state: string;
  ready: number;
  total: number;
}

/** One entry per GitRepo with deployments on the cluster, sorted by name ('' = no GitRepo). */
export function reposOnCluster(deployments: readonly BundleDeploymentRow[]): ClusterRepo[] {
  const by = new Map<string, ClusterRepo>();
  for (const bd of deployments) {
    const repo = by.get(bd.gitRepo) ?? { name: bd.gitRepo, state: 'Ready', ready: 0, total: 0 };
    repo.total += 1;
    if (bd.state === 'Ready') repo.ready += 1;
    if (stateRank(bd.state) > stateRank(repo.state)) repo.state = bd.state;
    by.set(bd.gitRepo, repo);
  }
  return [...by.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** "3m ago (2026-11-28 06:10:12 UTC)", or "never" when the agent never checked in. */
export function lastSeenText(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (!iso || Number.isNaN(t)) return 'never';
  const absolute = new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `${formatAge(iso, now)} ago (${absolute})`;
}
