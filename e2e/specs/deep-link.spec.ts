// Flow: a detail page opened by its URL, then reloaded, shows the same object.
import { createGitRepoDetailPage } from '../pages/detail.page';
import { FLEET_EXAMPLES } from '../support/demo-estate.data';
import { expect, test } from '../support/test.fixture';

test('/w/fleet-default/gitrepos/guestbook opens directly and again after a reload', async ({ page, shell }) => {
  const detail = createGitRepoDetailPage(page, 'guestbook');
  const check = async (): Promise<void> => {
    await expect(page).toHaveURL(/\/w\/fleet-default\/gitrepos\/guestbook$/);
    await expect(page).toHaveTitle('guestbook · Git Repo · Fleet');
    await expect(detail.heading).toBeVisible();
    await expect(detail.repoLink(FLEET_EXAMPLES)).toHaveAttribute('href', FLEET_EXAMPLES);
    await expect(detail.related.rowNamed('guestbook-simple')).toBeVisible();
    await expect(shell.workspacePicker).toHaveValue('fleet-default');
  };

  await page.goto('/w/fleet-default/gitrepos/guestbook');
  await check();
  await page.reload();
  await check();

  await detail.backLink.click();
  await expect(page).toHaveURL(/\/w\/fleet-default\/gitrepos$/);
  await expect(shell.navLink('Git Repos')).toHaveAttribute('aria-current', 'page');
});
