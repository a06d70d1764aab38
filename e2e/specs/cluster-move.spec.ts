// Flow: move a cluster between workspaces the way Rancher does it. The dashboard sets
// `spec.fleetWorkspaceName` on the cluster's management cluster (management.cattle.io/v3, served by
// the testbed); the simulator, acting as Rancher, regenerates the Fleet Cluster in the new
// namespace and deletes the old one. fleet-local is not offered, and the server refuses it.
import type { Page } from '@playwright/test';
import { createAppShell } from '../pages/app-shell.page';
import { createListPage } from '../pages/list.page';
import { createNotices, createObjectActionsMenu } from '../pages/object-actions.page';
import type { KubeApi } from '../support/kube-api.service';
import { expect, test } from '../support/test.fixture';

const CLUSTER = 'edge-store-0519';
const FROM = 'fleet-default';
const TO = 'team-payments';
const CSRF = { 'x-requested-with': 'fleet-dashboard' };

async function managementName(kube: KubeApi): Promise<string> {
  const management = await kube.findManagementCluster(CLUSTER);
  if (!management) throw new Error(`no management cluster with display name ${CLUSTER}`);
  return management.metadata.name;
}

async function workspaceOf(kube: KubeApi): Promise<string | undefined> {
  return (await kube.findManagementCluster(CLUSTER))?.spec?.fleetWorkspaceName as string | undefined;
}

/** Where the Fleet Cluster exists now (both while Rancher is moving it). */
async function fleetClusterIn(kube: KubeApi): Promise<string[]> {
  const found = await Promise.all([FROM, TO].map(async (ws) => ((await kube.getObject('clusters', ws, CLUSTER)) ? [ws] : [])));
  return found.flat();
}

async function moveInDialog(page: Page, from: string, to: string): Promise<void> {
  await createObjectActionsMenu(page, CLUSTER).choose('Move to workspace');
  const dialog = page.getByRole('dialog', { name: `Move Cluster “${CLUSTER}” to another workspace` });
  await expect(dialog).toHaveAccessibleDescription(/Rancher regenerates the Fleet cluster in the chosen workspace/);
  const picker = dialog.getByRole('combobox', { name: 'Workspace' });
  const offered = (await picker.getByRole('option').allInnerTexts()).map((t) => t.trim());
  expect(offered).toContain(to);
  expect(offered).not.toContain('fleet-local');
  expect(offered).not.toContain(from);
  await picker.selectOption(to);
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(createNotices(page).success(`Cluster “${CLUSTER}” is moving to workspace ${to}.`)).toBeVisible();
}

test('move a cluster from fleet-default to team-payments and back', async ({ page, adminKube }) => {
  test.setTimeout(90_000);
  const mgmt = await managementName(adminKube);
  expect(await workspaceOf(adminKube)).toBe(FROM);
  const shell = createAppShell(page);
  const clusters = createListPage(page, 'Clusters');
  try {
    await page.goto(`/w/${FROM}/clusters`);
    await expect(clusters.rowNamed(CLUSTER)).toBeVisible();
    const before = await clusters.rows.count();

    await moveInDialog(page, FROM, TO);
    expect(await workspaceOf(adminKube)).toBe(TO);
    await expect(clusters.rowNamed(CLUSTER)).toHaveCount(0, { timeout: 20_000 });
    await expect(clusters.rows).toHaveCount(before - 1);
    await expect.poll(() => fleetClusterIn(adminKube)).toEqual([TO]);

    await shell.switchWorkspace(TO);
    await expect(page).toHaveURL(new RegExp(`/w/${TO}/clusters$`));
    await expect(clusters.rowNamed(CLUSTER)).toBeVisible();
    // Rancher carries the labels over from the management cluster.
    await expect(clusters.rowNamed(CLUSTER)).toContainText('env=edge');

    await moveInDialog(page, TO, FROM);
    await expect(clusters.rowNamed(CLUSTER)).toHaveCount(0, { timeout: 20_000 });
    await shell.switchWorkspace(FROM);
    await expect(clusters.rowNamed(CLUSTER)).toBeVisible();
    await expect(clusters.rows).toHaveCount(before);
    expect(await workspaceOf(adminKube)).toBe(FROM);
  } finally {
    // Leave the estate as the other specs expect it, whatever happened above.
    if ((await workspaceOf(adminKube)) !== FROM) await adminKube.setFleetWorkspace(mgmt, FROM);
    await expect.poll(() => fleetClusterIn(adminKube), { timeout: 20_000 }).toEqual([FROM]);
  }
});

test('moving to fleet-local is refused with the reason, and nothing moves', async ({ page, adminKube }) => {
  await page.goto(`/w/${FROM}/clusters`);
  await expect(createListPage(page, 'Clusters').rowNamed(CLUSTER)).toBeVisible();
  // The dialog does not offer fleet-local (checked above); a request made anyway is refused.
  const res = await page.request.post(`/api/workspaces/${FROM}/clusters/${CLUSTER}/move`, { data: { workspace: 'fleet-local' }, headers: CSRF });
  expect(res.status()).toBe(400);
  const body = (await res.json()) as { error: { code: string; message: string; details?: { reason?: string } } };
  expect(body.error.details?.reason).toBe('FleetLocal');
  expect(body.error.message).toMatch(/fleet-local holds only the Rancher management cluster itself/);
  expect(await workspaceOf(adminKube)).toBe(FROM);
  expect(await fleetClusterIn(adminKube)).toEqual([FROM]);
});
