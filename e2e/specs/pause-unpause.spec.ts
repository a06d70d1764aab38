// Flow: pause and unpause. Pausing a GitRepo from its row menu shows the Paused badge and sets
// spec.paused; the menu then offers Unpause, which brings the repo back to its state. The same on a
// Cluster's detail page.
import { createClusterDetailPage, createGitRepoDetailPage } from '../pages/detail.page';
import { createListPage } from '../pages/list.page';
import { createNotices, createObjectActionsMenu } from '../pages/object-actions.page';
import type { FleetResource, KubeApi } from '../support/kube-api.service';
import { expect, test } from '../support/test.fixture';

const WORKSPACE = 'fleet-default';

async function isPaused(kube: KubeApi, resource: FleetResource, name: string): Promise<boolean> {
  return (await kube.getObject(resource, WORKSPACE, name))?.spec?.paused === true;
}

test('pause a GitRepo from its row: Paused badge and spec.paused; unpause: back to Ready', async ({ page, adminKube }) => {
  const name = 'e2e-pause';
  await adminKube.createObject('gitrepos', WORKSPACE, {
    metadata: { name },
    spec: { repo: 'https://github.com/rancher/fleet-examples', branch: 'master', paths: ['simple'], targets: [{ name: 'dev', clusterName: 'dev-us-east-1' }] },
  });
  try {
    await page.goto(`/w/${WORKSPACE}/gitrepos`);
    const repos = createListPage(page, 'Git Repos');
    await expect(repos.rowNamed(name)).toBeVisible();
    await expect(await repos.stateOf(name)).toHaveText('Ready', { timeout: 30_000 });
    const menu = createObjectActionsMenu(page, name);
    const notices = createNotices(page);

    await menu.open();
    await expect(menu.item('Unpause')).toHaveCount(0);
    await menu.item('Pause').click();
    await expect(notices.success(`Git Repo “${name}” paused.`)).toBeVisible();
    await expect(await repos.stateOf(name)).toHaveText('Paused');
    expect(await isPaused(adminKube, 'gitrepos', name)).toBe(true);

    // The detail page agrees.
    await page.goto(`/w/${WORKSPACE}/gitrepos/${name}`);
    const detail = createGitRepoDetailPage(page, name);
    await expect(detail.heading).toBeVisible();
    // The header's badge comes first (its bundles, paused with it, follow in the Bundles tab).
    await expect(page.getByRole('main').getByText('Paused', { exact: true }).first()).toBeVisible();
    await detail.backLink.click();

    await menu.open();
    await expect(menu.item('Pause')).toHaveCount(0);
    await menu.item('Unpause').click();
    await expect(notices.success(`Git Repo “${name}” unpaused.`)).toBeVisible();
    await expect(await repos.stateOf(name)).toHaveText('Ready', { timeout: 30_000 });
    expect(await isPaused(adminKube, 'gitrepos', name)).toBe(false);
  } finally {
    await adminKube.deleteObject('gitrepos', WORKSPACE, name);
  }
});

test('pause and unpause a Cluster from its detail page', async ({ page, adminKube }) => {
  const name = 'edge-store-0142';
  await page.goto(`/w/${WORKSPACE}/clusters/${name}`);
  const detail = createClusterDetailPage(page, name);
  await expect(detail.heading).toBeVisible();
  const menu = createObjectActionsMenu(page, name);
  const pausedField = page.getByRole('main').getByRole('definition').filter({ has: page.getByText(/^(yes|no)$/) });
  try {
    await menu.choose('Pause');
    await expect(createNotices(page).success(`Cluster “${name}” paused.`)).toBeVisible();
    await expect.poll(() => isPaused(adminKube, 'clusters', name)).toBe(true);
    await expect(pausedField).toHaveText('yes');

    await menu.choose('Unpause');
    await expect(createNotices(page).success(`Cluster “${name}” unpaused.`)).toBeVisible();
    await expect.poll(() => isPaused(adminKube, 'clusters', name)).toBe(false);
    await expect(pausedField).toHaveText('no');
  } finally {
    if (await isPaused(adminKube, 'clusters', name)) await page.request.post(`/api/workspaces/${WORKSPACE}/clusters/${name}/unpause`, { headers: { 'x-requested-with': 'fleet-dashboard' } });
  }
});
