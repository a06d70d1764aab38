// Columns of a BundleDeployment list (a cluster's bundles, a bundle's clusters), with the message
// of a deployment that is not Ready.
import type { BundleDeploymentRow } from '@fleet-dashboard/contracts';
import type { Column } from '../../../shared/components/resource-table.model';
import { stateColumn } from '../../../shared/components/common-columns';

/** The message of a deployment row: its Deployed or Monitored text when that is not a plain status. */
export function deploymentMessage(bd: BundleDeploymentRow): string {
  const text = [bd.deployed, bd.monitored].find((t) => t && t !== 'True' && t !== 'False') ?? '';
  return text.replace(/^Error:\s*/, '');
}

export function bundleDeploymentColumns(workspace: () => string, named: 'bundle' | 'cluster'): Column<BundleDeploymentRow>[] {
  const nameColumn: Column<BundleDeploymentRow> =
    named === 'bundle'
      ? {
          id: 'bundle',
          label: 'Bundle',
          isRowHeader: true,
          text: (r) => r.bundle,
          sortValue: (r) => r.bundle,
          link: (r) => ({ name: 'bundle-detail', params: { workspace: workspace(), name: r.bundle } }),
        }
      : {
          id: 'cluster',
          label: 'Cluster',
          isRowHeader: true,
          text: (r) => r.cluster,
          sortValue: (r) => r.cluster,
          link: (r) => ({ name: 'cluster-detail', params: { workspace: workspace(), name: r.cluster } }),
        };
  return [
    stateColumn(),
    nameColumn,
    {
      id: 'gitrepo',
      label: 'GitRepo',
      text: (r) => r.gitRepo,
      sortValue: (r) => r.gitRepo,
      link: (r) => ({ name: 'gitrepo-detail', params: { workspace: workspace(), name: r.gitRepo || '-' } }),
    },
    { id: 'deployed', label: 'Deployed', width: '7rem', text: (r) => r.deployed || '—', sortValue: (r) => r.deployed },
    { id: 'monitored', label: 'Monitored', width: '7rem', text: (r) => r.monitored || '—', sortValue: (r) => r.monitored },
    { id: 'message', label: 'Message', width: '30%', text: deploymentMessage, sortValue: deploymentMessage },
  ];
}
