// Columns of a GitRepo's resources (one row per resource per cluster) and what the filter searches.
import type { Column } from '../../../shared/components/resource-table.model';
import { stateColumn } from '../../../shared/components/common-columns';
import type { ResourceRow } from './gitrepo-detail.model';

export function resourceSearchText(row: ResourceRow): string {
  return `${row.kind} ${row.namespace}/${row.name} ${row.cluster} ${row.state}`;
}

export function resourceColumns(workspace: () => string): Column<ResourceRow>[] {
  return [
    stateColumn('8.5rem'),
    { id: 'kind', label: 'Kind', width: '10rem', text: (r) => r.kind, sortValue: (r) => r.kind },
    { id: 'name', label: 'Name', isRowHeader: true, text: (r) => (r.namespace ? `${r.namespace}/${r.name}` : r.name), sortValue: (r) => `${r.namespace}/${r.name}` },
    {
      id: 'cluster',
      label: 'Cluster',
      width: '12rem',
      text: (r) => r.cluster,
      sortValue: (r) => r.cluster,
      link: (r) => ({ name: 'cluster-detail', params: { workspace: workspace(), name: r.cluster } }),
    },
    { id: 'message', label: 'Message', text: (r) => r.message },
  ];
}
