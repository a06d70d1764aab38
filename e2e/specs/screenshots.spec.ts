// Screenshots of every page in light and dark, written to docs/screenshots/<page>-<theme>.png
// (overwritten each run). Each waits until the page shows live data.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { createAppShell } from '../pages/app-shell.page';
import { createListPage } from '../pages/list.page';
import { SCREENSHOT_DIR } from '../support/environment.service';
import { expect, test } from '../support/test.fixture';

interface Shot {
  name: string;
  path: string;
  /** What must be on screen before the picture is taken. */
  ready: (page: Page) => Locator[];
}

const listRow = (table: string, row: string) => (page: Page) => [createListPage(page, table).rowNamed(row)];

const SHOTS: Shot[] = [
  { name: 'dashboard', path: '/dashboard', ready: (page) => [page.getByRole('heading', { level: 2, name: /fleet-default/ })] },
  { name: 'workspaces', path: '/workspaces', ready: listRow('Workspaces', 'team-payments') },
  { name: 'gitrepos', path: '/w/fleet-default/gitrepos', ready: listRow('Git Repos', 'platform-addons') },
  { name: 'clusters', path: '/w/fleet-default/clusters', ready: listRow('Clusters', 'prod-eu-west-1') },
  { name: 'clustergroups', path: '/w/fleet-default/clustergroups', ready: listRow('Cluster Groups', 'production') },
  { name: 'bundles', path: '/w/fleet-default/bundles', ready: listRow('Bundles', 'guestbook-simple') },
  { name: 'gitrepo-detail', path: '/w/fleet-default/gitrepos/platform-addons', ready: listRow('Bundles of this Git Repo', 'platform-addons-cert-manager') },
  { name: 'cluster-detail', path: '/w/fleet-default/clusters/prod-eu-west-1', ready: listRow('Bundles on this cluster', 'guestbook-helm-single-cluster-helm') },
  { name: 'clustergroup-detail', path: '/w/fleet-default/clustergroups/production', ready: listRow('Clusters in this group', 'prod-us-east-1') },
  { name: 'bundle-detail', path: '/w/fleet-default/bundles/guestbook-simple', ready: listRow('Deployments of this bundle', 'staging-eu-west-1') },
  {
    name: 'gitrepo-resources',
    path: '/w/fleet-default/gitrepos/platform-addons?tab=resources',
    ready: (page) => [page.getByRole('tab', { name: /Resources/, selected: true }), page.getByRole('row').nth(2)],
  },
  { name: 'gitrepo-create', path: '/w/fleet-default/gitrepos/create', ready: (page) => [page.getByText(/^Matches \d+ of [1-9]\d* clusters$/)] },
  { name: 'clustergroup-create', path: '/w/fleet-default/clustergroups/create', ready: (page) => [page.getByText(/^Matches \d+ of [1-9]\d* clusters$/)] },
  { name: 'gitrepo-yaml', path: '/w/fleet-default/gitrepos/platform-addons/yaml', ready: (page) => [page.getByText('No problems found.')] },
];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });
    for (const shot of SHOTS) {
      test(`${shot.name}-${theme}.png`, async ({ page }) => {
        await page.goto(shot.path);
        const shell = createAppShell(page);
        await expect(shell.connectionStatus).toHaveText('Live');
        await expect(shell.heading).toBeVisible();
        for (const locator of shot.ready(page)) await expect(locator).toBeVisible();
        await expect(page.getByText('Loading…')).toHaveCount(0);
        await expect(page.getByText(/updating…/)).toHaveCount(0);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${shot.name}-${theme}.png`), animations: 'disabled', caret: 'hide' });
      });
    }
  });
}
