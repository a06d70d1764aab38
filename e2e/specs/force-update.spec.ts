// Flow: Force Update. A GitRepo's row menu asks first (the repository is cloned again and every
// bundle redeploys), then the row shows the update in progress and comes back to its state, and
// spec.forceSyncGeneration went up by exactly one. A Cluster's Force Update redeploys its agent.
// A bulk Force Update of two GitRepos reports a result per object.
import { BULK_SEGMENT } from '@fleet-dashboard/contracts';
import { createBulkActions } from '../pages/bulk-actions.page';
import { createListPage } from '../pages/list.page';
import { createConfirmDialog, createNotices, createObjectActionsMenu } from '../pages/object-actions.page';
import { recordCellHistory, recordTitleHistory, type TextHistory } from '../support/text-history.service';
import type { KubeApi } from '../support/kube-api.service';
import { expect, test } from '../support/test.fixture';

const WORKSPACE = 'fleet-default';
/** A GitRepo of our own, so the seeded ones the other specs read stay as they are. */
const repoSpec = (forceSyncGeneration: number) => ({
  repo: 'https://github.com/rancher/fleet-examples',
  branch: 'master',
  paths: ['simple'],
  targets: [{ name: 'dev', clusterName: 'dev-eu-west-1' }],
  forceSyncGeneration,
});

const numberAt = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

async function forceSyncGeneration(kube: KubeApi, name: string): Promise<number | undefined> {
  return numberAt((await kube.getObject('gitrepos', WORKSPACE, name))?.spec?.forceSyncGeneration);
}

/** The detail page's title row now starts with `prefix` ("<Kind> <name> <State>") and shows no progress. */
async function titleSettled(title: TextHistory, prefix: string): Promise<boolean> {
  const last = (await title.values()).at(-1) ?? '';
  return last.startsWith(prefix) && !last.includes('Updating…');
}

async function updateGeneration(kube: KubeApi, name: string): Promise<number | undefined> {
  return numberAt((await kube.getObject('gitrepos', WORKSPACE, name))?.status?.updateGeneration);
}

test('GitRepo Force Update from the row, then from the detail page: in progress, then its state; forceSyncGeneration +1 each', async ({ page, adminKube }) => {
  const name = 'e2e-force-update';
  await adminKube.createObject('gitrepos', WORKSPACE, { metadata: { name }, spec: repoSpec(3) });
  try {
    await page.goto(`/w/${WORKSPACE}/gitrepos`);
    const repos = createListPage(page, 'Git Repos');
    await expect(repos.rowNamed(name)).toBeVisible();
    await expect(await repos.stateOf(name)).toHaveText('Ready', { timeout: 30_000 });
    await expect.poll(() => updateGeneration(adminKube, name)).toBe(3);
    const history = await recordCellHistory(page, { table: 'Git Repos', row: name, column: 'State' });

    await createObjectActionsMenu(page, name).choose('Force Update');
    const dialog = createConfirmDialog(page, { title: `Force Update Git Repo “${name}”?`, confirmLabel: 'Force Update' });
    await expect(dialog.dialog).toBeVisible();
    await expect(dialog.dialog).toHaveAccessibleDescription(/repository is cloned again and every bundle of it is redeployed/);
    await expect(dialog.cancelButton).toBeFocused();
    await dialog.confirm();
    await expect(dialog.dialog).toHaveCount(0);
    await expect(createNotices(page).success(`Force Update of Git Repo “${name}” requested (generation 4).`)).toBeVisible();
    expect(await forceSyncGeneration(adminKube, name)).toBe(4);

    // In progress (the marker while the state is unchanged, GitUpdating while the job runs), then Ready.
    await expect.poll(async () => (await history.values()).some((text) => /Updating…|GitUpdating/.test(text)), { message: 'progress shown in the row' }).toBe(true);
    await expect.poll(() => updateGeneration(adminKube, name), { timeout: 30_000 }).toBe(4);
    // The badge: a list row's marker follows the state only (rows carry no updateGeneration), so a
    // GitUpdating that came and went before the answer arrived leaves the marker up.
    await expect((await repos.stateOf(name)).getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
    expect((await history.values())[0]).toBe('Ready');
    await history.stop();

    // The detail page follows status.updateGeneration: "Updating…" until it reaches the new value.
    await repos.rowNamed(name).getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `GitRepo ${name}`, exact: true })).toBeVisible();
    const title = await recordTitleHistory(page);
    await createObjectActionsMenu(page, name).choose('Force Update');
    await createConfirmDialog(page, { title: `Force Update Git Repo “${name}”?`, confirmLabel: 'Force Update' }).confirm();
    await expect(createNotices(page).success(`Force Update of Git Repo “${name}” requested (generation 5).`)).toBeVisible();
    expect(await forceSyncGeneration(adminKube, name)).toBe(5);
    await expect.poll(() => updateGeneration(adminKube, name), { timeout: 30_000 }).toBe(5);
    await expect.poll(async () => (await title.values()).some((text) => text.includes('Updating…')), { message: 'progress shown in the title' }).toBe(true);
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Updating…' })).toHaveCount(0);
    await expect.poll(() => titleSettled(title, `GitRepo ${name} Ready`), { timeout: 30_000 }).toBe(true);
    await title.stop();
  } finally {
    await adminKube.deleteObject('gitrepos', WORKSPACE, name);
  }
});

test('Cancel in the Force Update dialog changes nothing', async ({ page, adminKube }) => {
  const before = await forceSyncGeneration(adminKube, 'guestbook');
  await page.goto(`/w/${WORKSPACE}/gitrepos`);
  await expect(createListPage(page, 'Git Repos').rowNamed('guestbook')).toBeVisible();
  const menu = createObjectActionsMenu(page, 'guestbook');
  await menu.choose('Force Update');
  const dialog = createConfirmDialog(page, { title: 'Force Update Git Repo “guestbook”?', confirmLabel: 'Force Update' });
  await dialog.cancel();
  await expect(dialog.dialog).toHaveCount(0);
  await expect(menu.button).toBeFocused();
  expect(await forceSyncGeneration(adminKube, 'guestbook')).toBe(before);
});

test('Cluster Force Update: the dialog says the agent is redeployed; redeployAgentGeneration +1 and the agent catches up', async ({ page, adminKube }) => {
  const name = 'prod-us-west-2';
  const generationOf = async (field: 'spec' | 'status', key: string): Promise<number | undefined> => numberAt((await adminKube.getObject('clusters', WORKSPACE, name))?.[field]?.[key]);
  const before = (await generationOf('spec', 'redeployAgentGeneration')) ?? 1;
  await page.goto(`/w/${WORKSPACE}/clusters/${name}`);
  await expect(page.getByRole('heading', { level: 1, name: `Cluster ${name}`, exact: true })).toBeVisible();
  await expect(page.getByRole('main').getByText('Ready', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  const title = await recordTitleHistory(page);

  await createObjectActionsMenu(page, name).choose('Force Update');
  const dialog = createConfirmDialog(page, { title: `Force Update Cluster “${name}”?`, confirmLabel: 'Force Update' });
  await expect(dialog.dialog).toHaveAccessibleDescription(/The Fleet agent on this cluster is redeployed/);
  await dialog.confirm();
  await expect(createNotices(page).success(`Force Update of Cluster “${name}” requested (generation ${before + 1}).`)).toBeVisible();

  expect(await generationOf('spec', 'redeployAgentGeneration')).toBe(before + 1);
  await expect.poll(() => generationOf('status', 'agentDeployedGeneration'), { timeout: 30_000 }).toBe(before + 1);
  // Meanwhile the agent re-registers (WaitCheckIn) and the page says "Updating…" until
  // status.agentDeployedGeneration reaches the new value; then the cluster is Ready again.
  await expect.poll(async () => (await title.values()).some((text) => /Updating…|WaitCheckIn/.test(text)), { message: 'progress shown' }).toBe(true);
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Updating…' })).toHaveCount(0);
  await expect.poll(() => titleSettled(title, `Cluster ${name} Ready`), { timeout: 30_000 }).toBe(true);
  await title.stop();
});

test('bulk Force Update of two GitRepos reports a result per object', async ({ page, adminKube }) => {
  const names = ['e2e-bulk-force-a', 'e2e-bulk-force-b'];
  await Promise.all(names.map((name, i) => adminKube.createObject('gitrepos', WORKSPACE, { metadata: { name }, spec: repoSpec(10 + i) })));
  try {
    await page.goto(`/w/${WORKSPACE}/gitrepos`);
    const repos = createListPage(page, 'Git Repos');
    await expect(repos.rowNamed(names[1] ?? '')).toBeVisible();
    for (const name of names) await expect(await repos.stateOf(name)).toHaveText('Ready', { timeout: 30_000 });
    const histories = await Promise.all(names.map((row) => recordCellHistory(page, { table: 'Git Repos', row, column: 'State' })));
    const bulk = createBulkActions(page);
    await bulk.select(...names);
    await expect(bulk.group).toContainText('2 selected');

    await bulk.button('Force Update').click();
    const dialog = createConfirmDialog(page, { title: 'Force Update 2 Git Repos?', confirmLabel: 'Force Update' });
    await expect(dialog.dialog).toHaveAccessibleDescription(/repository is cloned again/);
    const answer = page.waitForResponse((res) => res.url().endsWith(`/api/workspaces/${WORKSPACE}/gitrepos/${BULK_SEGMENT}/force-update`) && res.request().method() === 'POST');
    await dialog.confirm();
    const body = (await (await answer).json()) as { results: { name: string; ok: boolean }[] };
    expect([...body.results].sort((a, b) => a.name.localeCompare(b.name))).toEqual(names.map((name) => expect.objectContaining({ name, ok: true })));
    await expect(bulk.outcome).toContainText('Force Update: 2 of 2 Git Repos done.');

    expect(await Promise.all(names.map((name) => forceSyncGeneration(adminKube, name)))).toEqual([11, 12]);
    for (const [i, name] of names.entries()) await expect.poll(() => updateGeneration(adminKube, name), { timeout: 30_000 }).toBe(11 + i);
    for (const history of histories) {
      await expect.poll(async () => (await history.values()).some((text) => /Updating…|GitUpdating/.test(text)), { message: 'progress shown' }).toBe(true);
    }
    // The badge only: a bulk request marks its rows "Updating…" when the answer arrives, and a row
    // whose GitUpdating came and went before that keeps the marker until its state changes again.
    for (const name of names) await expect((await repos.stateOf(name)).getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
    await Promise.all(histories.map((h) => h.stop()));
  } finally {
    await Promise.all(names.map((name) => adminKube.deleteObject('gitrepos', WORKSPACE, name)));
  }
});
