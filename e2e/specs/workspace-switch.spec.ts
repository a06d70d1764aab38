// Flow: pick a workspace; the page type stays; `/` opens the last workspace.
import { createListPage } from '../pages/list.page';
import { expect, test } from '../support/test.fixture';

test('switching to fleet-local shows its cluster and keeps the page type; / remembers the workspace', async ({ page, shell }) => {
  await page.goto('/w/fleet-default/clusters');
  const clusters = createListPage(page, 'Clusters');
  await expect(clusters.rowNamed('prod-eu-west-1')).toBeVisible();
  await expect(shell.workspacePicker).toHaveValue('fleet-default');

  await shell.switchWorkspace('fleet-local');
  await expect(page).toHaveURL(/\/w\/fleet-local\/clusters$/);
  await expect(shell.heading).toHaveText('Clusters');
  await expect(clusters.rowNamed('local')).toBeVisible();
  await expect(clusters.rows).toHaveCount(1);

  await page.goto('/');
  await expect(page).toHaveURL(/\/w\/fleet-local\/gitrepos$/);
  await expect(shell.workspacePicker).toHaveValue('fleet-local');
  await expect(createListPage(page, 'Git Repos').rowNamed('local-platform')).toBeVisible();
});

test('switching on a detail page opens the same type of list in the new workspace', async ({ page, shell }) => {
  await page.goto('/w/fleet-default/gitrepos/guestbook');
  await expect(page.getByRole('heading', { level: 1, name: 'GitRepo guestbook' })).toBeVisible();

  await shell.switchWorkspace('team-payments');
  await expect(page).toHaveURL(/\/w\/team-payments\/gitrepos$/);
  await expect(createListPage(page, 'Git Repos').rowNamed('payments-api')).toBeVisible();

  await shell.openNav('Cluster Groups');
  await expect(page).toHaveURL(/\/w\/team-payments\/clustergroups$/);
  await expect(createListPage(page, 'Cluster Groups').rowNamed('payments-prod')).toBeVisible();
});
