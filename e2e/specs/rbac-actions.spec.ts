// Flow: the dashboard acting as the testbed's `viewer` (get/list/watch only in fleet-default).
// rbac-viewer.spec.ts covers what the viewer may read; this covers what it may not do. From the
// first opening of a row menu, before anything was tried, each action the viewer may not do is in
// the menu, disabled (aria-disabled) with the server's reason naming verb and resource, on every
// row of that kind, and so are the bulk buttons; clicking them sends nothing and nothing changes
// in the API. The admin sees the same items enabled.
import type { Request } from '@playwright/test';
import { createBulkActions } from '../pages/bulk-actions.page';
import { createListPage } from '../pages/list.page';
import { createObjectActionsMenu, type ActionLabel } from '../pages/object-actions.page';
import type { FleetResource, KubeApi } from '../support/kube-api.service';
import { expect, test } from '../support/test.fixture';

const WORKSPACE = 'fleet-default';

interface Case {
  resource: FleetResource;
  table: string;
  kind: string;
  target: string;
  /** Another row of the same kind: the refusal disables the item there too, without trying. */
  other: string;
  action: ActionLabel;
  /** The confirmation dialog the action opens first, if any. */
  confirm?: { title: string; label: string };
  verb: string;
  /** What must be unchanged in the API afterwards. */
  snapshot: (kube: KubeApi, name: string) => Promise<unknown>;
}

const fields = (kube: KubeApi, resource: FleetResource, name: string, keys: string[]) =>
  kube.getObject(resource, WORKSPACE, name).then((o) => (o ? Object.fromEntries(keys.map((k) => [k, o.spec?.[k] ?? null])) : 'missing'));

/** What every case on one list shares: the kind, its table, the row acted on and what must not change. */
const GIT_REPO = {
  resource: 'gitrepos',
  table: 'Git Repos',
  kind: 'Git Repo',
  target: 'guestbook',
  verb: 'patch',
  snapshot: (kube: KubeApi, name: string) => fields(kube, 'gitrepos', name, ['forceSyncGeneration', 'paused']),
} as const;
const CLUSTER = {
  resource: 'clusters',
  table: 'Clusters',
  kind: 'Cluster',
  target: 'dev-us-east-1',
  verb: 'patch',
  snapshot: (kube: KubeApi, name: string) => fields(kube, 'clusters', name, ['redeployAgentGeneration', 'paused']),
} as const;

const CASES: Case[] = [
  { ...GIT_REPO, other: 'helm-kustomize', action: 'Force Update', confirm: { title: 'Force Update Git Repo “guestbook”?', label: 'Force Update' } },
  { ...GIT_REPO, other: 'edge-apps', action: 'Pause' },
  { ...GIT_REPO, other: 'platform-addons', action: 'Delete', confirm: { title: 'Delete Git Repo “guestbook”?', label: 'Delete' }, verb: 'delete' },
  { ...CLUSTER, other: 'prod-eu-west-1', action: 'Force Update', confirm: { title: 'Force Update Cluster “dev-us-east-1”?', label: 'Force Update' } },
];

const reasonOf = (c: Case): RegExp => new RegExp(`Not allowed to ${c.verb} ${c.resource}\\.fleet\\.cattle\\.io in namespace "${WORKSPACE}"`);

for (const c of CASES) {
  test(`viewer: ${c.action} of a ${c.kind} is disabled with the reason before any click`, async ({ page, environment, adminKube }) => {
    const before = await c.snapshot(adminKube, c.target);
    const writes: string[] = [];
    page.on('request', (req: Request) => {
      if (req.method() !== 'GET') writes.push(`${req.method()} ${req.url()}`);
    });
    await page.goto(`${environment.viewerUrl}/w/${WORKSPACE}/${c.resource}`);
    await expect(createListPage(page, c.table).rowNamed(c.target)).toBeVisible();
    const reason = reasonOf(c);

    for (const name of [c.target, c.other]) {
      const rowMenu = createObjectActionsMenu(page, name);
      await rowMenu.open();
      const item = rowMenu.item(c.action);
      await expect(item).toHaveAttribute('aria-disabled', 'true');
      await expect(item).toHaveAccessibleDescription(reason);
      // A disabled item does nothing when clicked anyway (Playwright would wait for it to be
      // enabled, hence force): no dialog, no request.
      await item.click({ force: true });
      await expect(rowMenu.menu).toBeVisible();
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await page.keyboard.press('Escape');
      await expect(rowMenu.menu).toHaveCount(0);
    }
    expect(writes).toEqual([]);
    expect(await c.snapshot(adminKube, c.target)).toEqual(before);
  });
}

test('viewer: the bulk actions are disabled with the reason, and do nothing', async ({ page, environment }) => {
  const writes: string[] = [];
  page.on('request', (req: Request) => {
    if (req.method() !== 'GET') writes.push(`${req.method()} ${req.url()}`);
  });
  await page.goto(`${environment.viewerUrl}/w/${WORKSPACE}/gitrepos`);
  await expect(createListPage(page, 'Git Repos').rowNamed('guestbook')).toBeVisible();
  const bulk = createBulkActions(page);
  await bulk.select('guestbook');
  for (const [label, verb] of [['Force Update', 'patch'], ['Pause', 'patch'], ['Delete', 'delete']] as const) {
    const button = bulk.button(label);
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAccessibleDescription(new RegExp(`Not allowed to ${verb} gitrepos\\.fleet\\.cattle\\.io in namespace "${WORKSPACE}"`));
    await button.click({ force: true });
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
  expect(writes).toEqual([]);
});

test('admin: the same items and bulk buttons are enabled', async ({ page, environment }) => {
  for (const c of CASES) {
    // Judge the menu only once the workspace's permissions have arrived.
    const permissions = page.waitForResponse((r) => r.url().endsWith(`/api/workspaces/${WORKSPACE}/permissions`) && r.ok());
    await page.goto(`${environment.adminUrl}/w/${WORKSPACE}/${c.resource}`);
    await permissions;
    await expect(createListPage(page, c.table).rowNamed(c.target)).toBeVisible();
    const menu = createObjectActionsMenu(page, c.target);
    await menu.open();
    await expect(menu.item(c.action)).toBeVisible();
    await expect(menu.item(c.action)).not.toHaveAttribute('aria-disabled', 'true');
    await expect(menu.item(c.action)).toHaveAccessibleName(c.action);
    await page.keyboard.press('Escape');
  }
  const bulk = createBulkActions(page);
  await bulk.select(CASES.at(-1)?.target ?? '');
  await expect(bulk.button('Force Update')).toBeEnabled();
  await expect(bulk.button('Force Update')).not.toHaveAttribute('aria-disabled', 'true');
});
