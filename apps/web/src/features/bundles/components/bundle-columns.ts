// Columns of the Bundles list.
import type { BundleRow } from '@fleet-dashboard/contracts';
import type { Column } from '../../../shared/components/resource-table.model';
import { stateSeverity } from '../../../shared/components/state-appearance';
import { timeValue } from '../../../shared/formatting/time.format';

export function bundleColumns(workspace: () => string): Column<BundleRow>[] {
  return [
    { id: 'state', label: 'State', width: '9.5rem', text: (r) => r.state, sortValue: (r) => stateSeverity(r.state) },
    {
      id: 'name',
      label: 'Name',
      isRowHeader: true,
      text: (r) => r.name,
      sortValue: (r) => r.name,
      link: (r) => ({ name: 'bundle-detail', params: { workspace: workspace(), name: r.name } }),
    },
    {
      id: 'gitrepo',
      label: 'GitRepo',
      text: (r) => r.gitRepo,
      sortValue: (r) => r.gitRepo,
    },
    {
      id: 'deployments',
      label: 'Deployments ready',
      width: '12rem',
      sortValue: (r) => (r.desiredReadyClusters ? r.readyClusters / r.desiredReadyClusters : 2),
    },
    { id: 'age', label: 'Age', width: '5rem', align: 'end', sortValue: (r) => -timeValue(r.createdAt) },
  ];
}
