// Flow: the dashboard acting as the testbed's `viewer` (read-only in fleet-default, nothing in
// fleet-local) shows what that identity may read and says so where it may not.
import { createListPage } from '../pages/list.page';
import { FLEET_DEFAULT_GITREPOS } from '../support/demo-estate.data';
import { expect, test } from '../support/test.fixture';

test('viewer sees fleet-default and gets an error instead of rows in fleet-local', async ({ page, environment, shell }) => {
  await page.goto(`${environment.viewerUrl}/w/fleet-default/gitrepos`);
  const repos = createListPage(page, 'Git Repos');
  await expect(shell.connectionStatus).toHaveText('Live');
  await expect(repos.rows).toHaveCount(FLEET_DEFAULT_GITREPOS.length);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);

  await page.goto(`${environment.viewerUrl}/w/fleet-local/gitrepos`);
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
  await expect(repos.rows).toHaveCount(0);
});
