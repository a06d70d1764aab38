// Columns of the Clusters list.
import type { ClusterRow } from '@fleet-dashboard/contracts';
import type { Column } from '../../../shared/components/resource-table.model';
import { stateSeverity } from '../../../shared/components/state-appearance';
import { timeValue } from '../../../shared/formatting/time.format';

const ratio = (ready: number, desired: number): number => (desired ? ready / desired : 2);

export function clusterColumns(workspace: () => string): Column<ClusterRow>[] {
  return [
    { id: 'state', label: 'State', width: '9.5rem', text: (r) => r.state, sortValue: (r) => stateSeverity(r.state) },
    {
      id: 'name',
      label: 'Name',
      isRowHeader: true,
      text: (r) => r.displayName || r.name,
      sortValue: (r) => r.displayName || r.name,
      link: (r) => ({ name: 'cluster-detail', params: { workspace: workspace(), name: r.name } }),
    },
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
    { id: 'labels', label: 'Labels', width: '20%' },
    { id: 'age', label: 'Age', width: '5rem', align: 'end', sortValue: (r) => -timeValue(r.createdAt) },
  ];
}
