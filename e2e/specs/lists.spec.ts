// Flow: lists show the seeded objects with their states; Filter by name and by label; sorting
// by a column is kept in the query string and survives a reload.
import { isDisplayState } from '@fleet-dashboard/fleet-model';
import { createListPage } from '../pages/list.page';
import { FLEET_DEFAULT_CLUSTER_COUNT, FLEET_DEFAULT_GITREPOS, PROD_CLUSTERS } from '../support/demo-estate.data';
import { expect, test } from '../support/test.fixture';

test('Git Repos of fleet-default lists every seeded repo with a Fleet state', async ({ page }) => {
  await page.goto('/w/fleet-default/gitrepos');
  const list = createListPage(page, 'Git Repos');
  await expect(list.rows).toHaveCount(FLEET_DEFAULT_GITREPOS.length);
  expect(await list.names()).toEqual(FLEET_DEFAULT_GITREPOS);
  for (const name of FLEET_DEFAULT_GITREPOS) {
    const state = await list.stateOf(name);
    await expect.poll(async () => isDisplayState((await state.innerText()).trim()), { message: `state of ${name}` }).toBe(true);
  }
  // guestbook-helm targets one healthy cluster: the simulator brings it to Ready.
  await expect(await list.stateOf('guestbook-helm')).toHaveText('Ready', { timeout: 30_000 });
});

test('Filter narrows by name and by label', async ({ page }) => {
  await page.goto('/w/fleet-default/gitrepos');
  const repos = createListPage(page, 'Git Repos');
  await expect(repos.rows).toHaveCount(FLEET_DEFAULT_GITREPOS.length);
  await repos.filterBy('helm');
  await expect(page).toHaveURL(/[?&]q=helm\b/);
  await expect.poll(() => repos.names()).toEqual(['guestbook-helm', 'helm-kustomize']);
  await expect(page.getByText(`2 of ${FLEET_DEFAULT_GITREPOS.length}`, { exact: true })).toBeVisible();

  await page.goto('/w/fleet-default/clusters');
  const clusters = createListPage(page, 'Clusters');
  await expect(clusters.rows).toHaveCount(FLEET_DEFAULT_CLUSTER_COUNT);
  await clusters.filterBy('env=prod');
  await expect.poll(() => clusters.names()).toEqual(PROD_CLUSTERS);
  await clusters.filterBy('env=prod region=eu-west-1');
  await expect.poll(() => clusters.names()).toEqual(['prod-eu-west-1']);
  await clusters.filterBy('no-such-cluster');
  await expect(clusters.rows).toHaveCount(0);
  await expect(page.getByText('No match for the filter.')).toBeVisible();
});

test('sorting by a column sets aria-sort and survives a reload', async ({ page }) => {
  await page.goto('/w/fleet-default/gitrepos');
  const list = createListPage(page, 'Git Repos');
  await expect(list.rows).toHaveCount(FLEET_DEFAULT_GITREPOS.length);
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'ascending');

  await list.sortBy('Name');
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/[?&]sort=-name\b/);
  const descending = [...FLEET_DEFAULT_GITREPOS].reverse();
  await expect.poll(() => list.names()).toEqual(descending);

  await list.sortBy('Repo');
  await expect(list.columnHeader('Repo')).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'none');
  await expect(page).toHaveURL(/[?&]sort=repo\b/);
  const byRepo = await list.names();

  await page.reload();
  await expect(list.columnHeader('Repo')).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.rows).toHaveCount(FLEET_DEFAULT_GITREPOS.length);
  expect(await list.names()).toEqual(byRepo);
  // github.com/acme/… sorts before github.com/rancher/…
  expect(byRepo.slice(0, 2).sort()).toEqual(['edge-apps', 'platform-addons']);
});
