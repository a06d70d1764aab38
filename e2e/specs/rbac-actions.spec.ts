// Flow: the dashboard acting as the testbed's `viewer` (get/list/watch only in fleet-default).
// rbac-viewer.spec.ts covers what the viewer may read; this covers what it may not do. Each action
// is tried once through the row menu: the API server refuses it (403), the dashboard says why,
// and from then on the item stays in the menu, disabled (aria-disabled) with the reason naming verb
// and resource, on every row of that kind. Nothing changes in the API.
import type { Request } from '@playwright/test';
import { createListPage } from '../pages/list.page';
import { createConfirmDialog, createNotices, createObjectActionsMenu, type ActionLabel } from '../pages/object-actions.page';
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

const CASES: Case[] = [
  {
    resource: 'gitrepos',
    table: 'Git Repos',
    kind: 'Git Repo',
    target: 'guestbook',
    other: 'helm-kustomize',
    action: 'Force Update',
    confirm: { title: 'Force Update Git Repo “guestbook”?', label: 'Force Update' },
    verb: 'patch',
    snapshot: (kube, name) => fields(kube, 'gitrepos', name, ['forceSyncGeneration', 'paused']),
  },
  {
    resource: 'gitrepos',
    table: 'Git Repos',
    kind: 'Git Repo',
    target: 'guestbook',
    other: 'edge-apps',
    action: 'Pause',
    verb: 'patch',
    snapshot: (kube, name) => fields(kube, 'gitrepos', name, ['forceSyncGeneration', 'paused']),
  },
  {
    resource: 'gitrepos',
    table: 'Git Repos',
    kind: 'Git Repo',
    target: 'guestbook',
    other: 'platform-addons',
    action: 'Delete',
    confirm: { title: 'Delete Git Repo “guestbook”?', label: 'Delete' },
    verb: 'delete',
    snapshot: (kube, name) => fields(kube, 'gitrepos', name, ['forceSyncGeneration', 'paused']),
  },
  {
    resource: 'clusters',
    table: 'Clusters',
    kind: 'Cluster',
    target: 'dev-us-east-1',
    other: 'prod-eu-west-1',
    action: 'Force Update',
    confirm: { title: 'Force Update Cluster “dev-us-east-1”?', label: 'Force Update' },
    verb: 'patch',
    snapshot: (kube, name) => fields(kube, 'clusters', name, ['redeployAgentGeneration', 'paused']),
  },
];

for (const c of CASES) {
  test(`viewer: ${c.action} of a ${c.kind} is refused, then disabled with the reason`, async ({ page, environment, adminKube }) => {
    const before = await c.snapshot(adminKube, c.target);
    await page.goto(`${environment.viewerUrl}/w/${WORKSPACE}/${c.resource}`);
    await expect(createListPage(page, c.table).rowNamed(c.target)).toBeVisible();
    const menu = createObjectActionsMenu(page, c.target);
    await menu.open();
    await expect(menu.item(c.action)).not.toHaveAttribute('aria-disabled', 'true');
    await menu.item(c.action).click();
    if (c.confirm) await createConfirmDialog(page, { title: c.confirm.title, confirmLabel: c.confirm.label }).confirm();

    const reason = new RegExp(`Not allowed to ${c.verb} ${c.resource}\\.fleet\\.cattle\\.io in namespace "${WORKSPACE}"`);
    await expect(createNotices(page).error(new RegExp(`^${c.action} of ${c.kind} “${c.target}” failed: ${reason.source}`))).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);

    for (const name of [c.target, c.other]) {
      const rowMenu = createObjectActionsMenu(page, name);
      await rowMenu.open();
      const item = rowMenu.item(c.action);
      await expect(item).toHaveAttribute('aria-disabled', 'true');
      await expect(item).toHaveAccessibleDescription(reason);
      // A disabled item does nothing when clicked anyway (Playwright would wait for it to be enabled,
      // hence force): no dialog, no request.
      let requested = false;
      const onRequest = (req: Request): void => {
        if (req.method() !== 'GET') requested = true;
      };
      page.on('request', onRequest);
      await item.click({ force: true });
      await expect(rowMenu.menu).toBeVisible();
      await expect(page.getByRole('dialog')).toHaveCount(0);
      page.off('request', onRequest);
      expect(requested).toBe(false);
      await page.keyboard.press('Escape');
      await expect(rowMenu.menu).toHaveCount(0);
    }
    expect(await c.snapshot(adminKube, c.target)).toEqual(before);
  });
}
