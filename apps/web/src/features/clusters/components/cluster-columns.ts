// Columns of the Clusters list.
import type { ClusterRow } from '@fleet-dashboard/contracts';
import { ageColumn, nameColumn, stateColumn } from '../../../shared/components/common-columns';
import type { Column } from '../../../shared/components/resource-table.model';
import { timeValue } from '../../../shared/formatting/time.format';

const ratio = (ready: number, desired: number): number => (desired ? ready / desired : 2);

export function clusterColumns(workspace: () => string): Column<ClusterRow>[] {
  return [
    stateColumn(),
    nameColumn('cluster-detail', workspace, (r) => r.displayName || r.name),
    {
      id: 'bundles',
      label: 'Bundles Ready',
      width: '9rem',
      text: (r) => `${r.readyBundles}/${r.desiredReadyBundles}`,
      sortValue: (r) => ratio(r.readyBundles, r.desiredReadyBundles),
    },
    {
      id: 'repos',
      label: 'Repos Ready',
      width: '8rem',
      text: (r) => `${r.readyGitRepos}/${r.desiredReadyGitRepos}`,
      sortValue: (r) => ratio(r.readyGitRepos, r.desiredReadyGitRepos),
    },
    { id: 'lastSeen', label: 'Last Seen', width: '6.5rem', sortValue: (r) => -timeValue(r.lastSeen) },
    { id: 'labels', label: 'Labels', width: '22%' },
    ageColumn(),
  ];
}
