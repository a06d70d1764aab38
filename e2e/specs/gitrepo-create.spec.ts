// Flow: create a GitRepo with the form. The preview counts the chosen cluster, the new GitRepo
// shows up in the list and reaches Ready as the simulator (Fleet) deploys it, without a reload.
// Invalid inputs are refused before sending and a name taken on the server is placed at the
// Name field; in both cases everything typed stays in the form.
import type { Page } from '@playwright/test';
import { createGitRepoFormPage } from '../pages/gitrepo-form.page';
import { createListPage } from '../pages/list.page';
import { FLEET_DEFAULT_CLUSTER_COUNT, FLEET_EXAMPLES } from '../support/demo-estate.data';
import { expect, test } from '../support/test.fixture';

const WORKSPACE = 'fleet-default';

/** Marks the loaded document; the mark is gone if the page reloads. */
async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    (globalThis as unknown as { e2eMark?: number }).e2eMark = 1;
  });
  return () => page.evaluate(() => (globalThis as unknown as { e2eMark?: number }).e2eMark === 1);
}

test('a GitRepo created by form reaches Ready in the list without a reload', async ({ page, adminKube }) => {
  const name = 'e2e-form-guestbook'; // fixed: the simulator's seeded outcomes are keyed by name
  await adminKube.deleteObject('gitrepos', WORKSPACE, name);
  await page.goto(`/w/${WORKSPACE}/gitrepos`);
  await page.getByRole('link', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Git Repo');
  const isSameDocument = await markDocument(page);

  const form = createGitRepoFormPage(page);
  await form.name.fill(name);
  await form.description.fill('Created by the form');
  await form.repo.fill(FLEET_EXAMPLES);
  await form.branch.fill('master');
  await form.addPath('simple');
  await expect(form.preview).toHaveText(new RegExp(`^Matches ${FLEET_DEFAULT_CLUSTER_COUNT} of ${FLEET_DEFAULT_CLUSTER_COUNT} clusters`));
  await form.chooseTargets('Chosen clusters, groups and selectors');
  await form.addClusterTarget('dev-eu-west-1');
  await expect(form.preview).toHaveText(new RegExp(`^Matches 1 of ${FLEET_DEFAULT_CLUSTER_COUNT} clusters$`));

  try {
    await form.submit();
    await expect(page).toHaveURL(new RegExp(`/w/${WORKSPACE}/gitrepos$`));
    const repos = createListPage(page, 'Git Repos');
    await expect(repos.rowNamed(name)).toBeVisible();
    await expect(await repos.stateOf(name)).toHaveText('Ready', { timeout: 30_000 });
    await expect(repos.rowNamed(name)).toContainText('1/1');
    expect(await isSameDocument()).toBe(true);

    const created = await adminKube.getObject('gitrepos', WORKSPACE, name);
    expect(created?.spec).toMatchObject({ repo: FLEET_EXAMPLES, branch: 'master', paths: ['simple'], targets: [{ clusterName: 'dev-eu-west-1' }] });
    expect(created?.metadata.annotations?.['field.cattle.io/description']).toBe('Created by the form');
  } finally {
    await adminKube.deleteObject('gitrepos', WORKSPACE, name);
  }
});

test('invalid inputs and a name already taken are shown at their fields, and nothing typed is lost', async ({ page, adminKube }) => {
  await page.goto(`/w/${WORKSPACE}/gitrepos/create`);
  const form = createGitRepoFormPage(page);
  await form.name.fill('Not_A_Name');
  await form.repo.fill('github.com/acme/app');
  await form.addPath('apps/web');
  await form.submit();

  await expect(form.problems).toContainText('2 fields need attention');
  await expect(form.name).toHaveAttribute('aria-invalid', 'true');
  await expect(form.name).toHaveAccessibleDescription(/lowercase letters, digits and "-"/);
  await expect(form.repo).toHaveAccessibleDescription(/Use https:\/\/host\/path/);
  await expect(form.name).toHaveValue('Not_A_Name');
  await expect(form.repo).toHaveValue('github.com/acme/app');
  await expect(form.path(1)).toHaveValue('apps/web');
  await expect(page).toHaveURL(new RegExp('/gitrepos/create$'));

  // Valid now, but the name is taken: the server's dry run refuses it, at the Name field.
  await form.name.fill('guestbook');
  await form.repo.fill('https://github.com/acme/app');
  await expect(form.problems).toHaveCount(0);
  await form.submit();
  await expect(form.name).toHaveAccessibleDescription(/A Git Repo named “guestbook” already exists/);
  await expect(form.repo).toHaveValue('https://github.com/acme/app');
  await expect(form.path(1)).toHaveValue('apps/web');
  // Nothing reached the API server: the seeded guestbook is unchanged.
  expect((await adminKube.getObject('gitrepos', WORKSPACE, 'guestbook'))?.spec?.repo).toBe(FLEET_EXAMPLES);
});
