// Columns of the Git Repos list.
import type { GitRepoRow } from '@fleet-dashboard/contracts';
import type { Column } from '../../../shared/components/resource-table.model';
import { stateSeverity } from '../../../shared/components/state-appearance';
import { timeValue } from '../../../shared/formatting/time.format';

export function targetText(row: Pick<GitRepoRow, 'targetInfo'>): string {
  const t = row.targetInfo;
  switch (t.mode) {
    case 'all':
      return 'All';
    case 'none':
      return 'None';
    case 'clusters':
      return t.clusters.join(', ');
    case 'groups':
      return t.groups.join(', ');
    default:
      return 'Advanced';
  }
}

/** `github.com/acme/app` from `https://github.com/acme/app(.git)`. */
export function shortRepo(url: string): string {
  return url.replace(/^[a-z+]+:\/\//i, '').replace(/^git@([^:]+):/, '$1/').replace(/\.git$/, '');
}

export function gitRepoColumns(workspace: () => string): Column<GitRepoRow>[] {
  return [
    { id: 'state', label: 'State', width: '9rem', text: (r) => r.state, sortValue: (r) => stateSeverity(r.state) },
    {
      id: 'name',
      label: 'Name',
      isRowHeader: true,
      text: (r) => r.name,
      sortValue: (r) => r.name,
      link: (r) => ({ name: 'gitrepo-detail', params: { workspace: workspace(), name: r.name } }),
    },
    { id: 'repo', label: 'Repo', width: '20%', text: (r) => shortRepo(r.repo), sortValue: (r) => shortRepo(r.repo) },
    { id: 'target', label: 'Target', width: '9rem', text: targetText, sortValue: targetText },
    {
      id: 'clusters',
      label: 'Clusters Ready',
      width: '9rem',
      text: (r) => `${r.readyClusters}/${r.desiredReadyClusters}`,
      sortValue: (r) => (r.desiredReadyClusters ? r.readyClusters / r.desiredReadyClusters : 2),
    },
    {
      id: 'resources',
      label: 'Resources',
      width: '8.5rem',
      sortValue: (r) => r.desiredReadyBundleDeployments - r.readyBundleDeployments,
    },
    { id: 'age', label: 'Age', width: '4.5rem', align: 'end', sortValue: (r) => -timeValue(r.createdAt) },
  ];
}
