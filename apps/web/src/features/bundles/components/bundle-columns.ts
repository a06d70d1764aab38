// Columns of the Bundles list.
import type { BundleRow } from '@fleet-dashboard/contracts';
import { ageColumn, nameColumn, stateColumn } from '../../../shared/components/common-columns';
import type { Column } from '../../../shared/components/resource-table.model';

export function bundleColumns(workspace: () => string): Column<BundleRow>[] {
  return [
    stateColumn(),
    nameColumn('bundle-detail', workspace),
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
    ageColumn(),
  ];
}
