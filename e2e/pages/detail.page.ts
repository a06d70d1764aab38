// Detail pages (Git Repo, Cluster, Cluster Group, Bundle): the heading "<Kind> <name>", the back
// link to the list, the conditions table and the related list below.
import type { Locator, Page } from '@playwright/test';
import { createListPage, type ListPage } from './list.page';

export interface DetailPage {
  page: Page;
  heading: Locator;
  backLink: Locator;
  conditions: Locator;
  related: ListPage;
}

interface DetailPageOptions {
  kind: 'GitRepo' | 'Cluster' | 'ClusterGroup' | 'Bundle';
  name: string;
  backLabel: string;
  relatedTable: string;
}

function createDetailPage(page: Page, options: DetailPageOptions): DetailPage {
  return {
    page,
    heading: page.getByRole('heading', { level: 1, name: `${options.kind} ${options.name}`, exact: true }),
    backLink: page.getByRole('link', { name: `← ${options.backLabel}`, exact: true }),
    conditions: page.getByRole('table', { name: 'Conditions', exact: true }),
    related: createListPage(page, options.relatedTable),
  };
}

export type GitRepoTab = 'Bundles' | 'Resources' | 'Clusters' | 'Conditions' | 'Events' | 'YAML';

export interface GitRepoDetailPage extends DetailPage {
  /** The Repo field links to the repository when it is a web URL. */
  repoLink(url: string): Locator;
  /** A tab of the "Git Repo details" tablist (its name starts with the label; a count may follow). */
  tab(name: GitRepoTab): Locator;
  /** The panel of the selected tab. */
  panel: Locator;
  /** Tables in the tabs (the Bundles tab holds `related`; Conditions holds `conditions`). */
  resources: ListPage;
  clusters: ListPage;
  events: ListPage;
  groupByCluster: Locator;
  /** The cards of bundle deployments and resources counted by state. */
  card(title: 'Bundle deployments' | 'Resources'): Locator;
}

export function createGitRepoDetailPage(page: Page, name: string): GitRepoDetailPage {
  const base = createDetailPage(page, { kind: 'GitRepo', name, backLabel: 'Git Repos', relatedTable: 'Bundles of this Git Repo' });
  const tablist = page.getByRole('tablist', { name: 'Git Repo details' });
  return {
    ...base,
    repoLink: (url) => page.getByRole('main').getByRole('link', { name: url, exact: true }),
    tab: (tabName) => tablist.getByRole('tab', { name: new RegExp(`^${tabName}\\b`) }),
    panel: page.getByRole('tabpanel'),
    resources: createListPage(page, 'Resources of this Git Repo'),
    clusters: createListPage(page, 'Clusters of this Git Repo'),
    events: createListPage(page, 'Events of this Git Repo'),
    groupByCluster: page.getByRole('checkbox', { name: 'Group by cluster' }),
    card: (title) => page.getByRole('region', { name: new RegExp(`^${title}\\b`) }),
  };
}

export function createClusterDetailPage(page: Page, name: string): DetailPage {
  return createDetailPage(page, { kind: 'Cluster', name, backLabel: 'Clusters', relatedTable: 'Bundles on this cluster' });
}

export function createClusterGroupDetailPage(page: Page, name: string): DetailPage {
  return createDetailPage(page, { kind: 'ClusterGroup', name, backLabel: 'Cluster Groups', relatedTable: 'Clusters in this group' });
}

export function createBundleDetailPage(page: Page, name: string): DetailPage {
  return createDetailPage(page, { kind: 'Bundle', name, backLabel: 'Bundles', relatedTable: 'Deployments of this bundle' });
}
