// Flow: changes made straight through the Kubernetes API show up on an open page without a
// reload, and a new GitRepo goes to Ready in the table as the simulator (Fleet) works.
import type { Page } from '@playwright/test';
import { createListPage } from '../pages/list.page';
import { expect, test } from '../support/test.fixture';

/** Marks the loaded document; the mark is gone if the page reloads or navigates away. */
async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    (globalThis as unknown as { e2eMark?: number }).e2eMark = 1;
  });
  return () => page.evaluate(() => (globalThis as unknown as { e2eMark?: number }).e2eMark === 1);
}

test('a label added to a Cluster through the API shows up and matches the filter without a reload', async ({ page, adminKube }) => {
  await page.goto('/w/fleet-default/clusters?q=e2e-tier=gold');
  const clusters = createListPage(page, 'Clusters');
  await expect(page.getByText('No match for the filter.')).toBeVisible();
  const isSameDocument = await markDocument(page);

  await adminKube.labelCluster('fleet-default', 'dev-us-east-1', { 'e2e-tier': 'gold' });
  try {
    await expect(clusters.rowNamed('dev-us-east-1')).toBeVisible();
    await expect(clusters.rowNamed('dev-us-east-1')).toContainText('e2e-tier=gold');
    await expect(clusters.rows).toHaveCount(1);
  } finally {
    await adminKube.labelCluster('fleet-default', 'dev-us-east-1', { 'e2e-tier': null });
  }
  await expect(clusters.rows).toHaveCount(0);
  expect(await isSameDocument()).toBe(true);
});

test('a GitRepo created through the API appears and reaches Ready without a reload', async ({ page, adminKube }) => {
  const name = 'e2e-live-guestbook'; // fixed: the simulator's seeded outcomes are keyed by name
  await page.goto('/w/fleet-default/gitrepos');
  const repos = createListPage(page, 'Git Repos');
  await expect(repos.rowNamed('guestbook')).toBeVisible();
  const isSameDocument = await markDocument(page);

  await adminKube.createGitRepo('fleet-default', name, {
    repo: 'https://github.com/rancher/fleet-examples',
    branch: 'master',
    paths: ['simple'],
    targets: [{ name: 'dev', clusterName: 'dev-eu-west-1' }],
  });
  try {
    await expect(repos.rowNamed(name)).toBeVisible();
    await expect(await repos.stateOf(name)).toHaveText('Ready', { timeout: 30_000 });
    await expect(repos.rowNamed(name)).toContainText('1/1');
    expect(await isSameDocument()).toBe(true);
  } finally {
    await adminKube.deleteGitRepo('fleet-default', name);
  }
  await expect(repos.rowNamed(name)).toHaveCount(0);
});
