// Columns of the Cluster Groups list.
import type { ClusterGroupRow } from '@fleet-dashboard/contracts';
import { ageColumn, nameColumn, stateColumn } from '../../../shared/components/common-columns';
import type { Column } from '../../../shared/components/resource-table.model';

export function selectorText(selector: string | null): string {
  if (selector === null) return 'No selector (matches nothing)';
  return selector === '' ? 'All clusters' : selector;
}

export function clusterGroupColumns(workspace: () => string): Column<ClusterGroupRow>[] {
  return [
    stateColumn(),
    nameColumn('clustergroup-detail', workspace),
    {
      id: 'clusters',
      label: 'Clusters Ready',
      width: '9.5rem',
      text: (r) => `${r.readyClusters}/${r.clusterCount}`,
      sortValue: (r) => (r.clusterCount ? r.readyClusters / r.clusterCount : 2),
    },
    { id: 'selector', label: 'Selector', width: '38%', text: (r) => selectorText(r.selector), sortValue: (r) => r.selector ?? '' },
    ageColumn(),
  ];
}
