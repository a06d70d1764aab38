// Columns of the Git Repos list.
import type { GitRepoRow } from '@fleet-dashboard/contracts';
import { ageColumn, nameColumn, stateColumn } from '../../../shared/components/common-columns';
import type { Column } from '../../../shared/components/resource-table.model';

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
    stateColumn(),
    nameColumn('gitrepo-detail', workspace),
    { id: 'repo', label: 'Repo', width: '18%', text: (r) => shortRepo(r.repo), sortValue: (r) => shortRepo(r.repo) },
    { id: 'target', label: 'Target', width: '8.5rem', text: targetText, sortValue: targetText },
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
    ageColumn('4.5rem'),
  ];
}
