// Columns of the Cluster Groups list.
import type { ClusterGroupRow } from '@fleet-dashboard/contracts';
import type { Column } from '../../../shared/components/resource-table.model';
import { stateSeverity } from '../../../shared/components/state-appearance';
import { timeValue } from '../../../shared/formatting/time.format';

export function selectorText(selector: string | null): string {
  if (selector === null) return 'No selector (matches nothing)';
  return selector === '' ? 'All clusters' : selector;
}

export function clusterGroupColumns(workspace: () => string): Column<ClusterGroupRow>[] {
  return [
    { id: 'state', label: 'State', width: '9.5rem', text: (r) => r.state, sortValue: (r) => stateSeverity(r.state) },
    {
      id: 'name',
      label: 'Name',
      isRowHeader: true,
      text: (r) => r.name,
      sortValue: (r) => r.name,
      link: (r) => ({ name: 'clustergroup-detail', params: { workspace: workspace(), name: r.name } }),
    },
    {
      id: 'clusters',
      label: 'Clusters Ready',
      width: '9.5rem',
      text: (r) => `${r.readyClusters}/${r.clusterCount}`,
      sortValue: (r) => (r.clusterCount ? r.readyClusters / r.clusterCount : 2),
    },
    { id: 'selector', label: 'Selector', width: '38%', text: (r) => selectorText(r.selector), sortValue: (r) => r.selector ?? '' },
    { id: 'age', label: 'Age', width: '5rem', align: 'end', sortValue: (r) => -timeValue(r.createdAt) },
  ];
}
