// Flow: the server goes away and comes back. The page keeps its rows, says "Reconnecting…",
// then "Live" again, and shows what changed while it was down.
import { createListPage } from '../pages/list.page';
import { FLEET_DEFAULT_GITREPOS } from '../support/demo-estate.data';
import { expect, test } from '../support/test.fixture';

test('a server restart: Reconnecting… with rows kept, then Live with the change made meanwhile', async ({ page, shell, adminServer, adminKube }) => {
  test.setTimeout(120_000);
  const name = 'e2e-offline-change';
  await page.goto('/w/fleet-default/gitrepos');
  const repos = createListPage(page, 'Git Repos');
  await expect(shell.connectionStatus).toHaveText('Live');
  await expect(repos.rowNamed('guestbook')).toBeVisible();

  await adminServer.stop();
  try {
    await expect(shell.connectionStatus).toHaveText('Reconnecting…');
    await expect(repos.rows).toHaveCount(FLEET_DEFAULT_GITREPOS.length);

    await adminKube.createGitRepo('fleet-default', name, {
      repo: 'https://github.com/acme/offline-change',
      branch: 'main',
      targets: [{ name: 'none', clusterName: 'dev-eu-west-1' }],
    });
    await expect(repos.rowNamed(name)).toHaveCount(0);
  } finally {
    await adminServer.start();
  }
  try {
    await expect(shell.connectionStatus).toHaveText('Live', { timeout: 30_000 });
    await expect(repos.rowNamed(name)).toBeVisible();
    await expect(repos.rows).toHaveCount(FLEET_DEFAULT_GITREPOS.length + 1);
  } finally {
    await adminKube.deleteGitRepo('fleet-default', name);
  }
  await expect(repos.rowNamed(name)).toHaveCount(0);
});
