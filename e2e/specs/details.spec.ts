// Flow: the detail pages and the Workspaces page against the testbed with the simulator.
// GitRepo tabs (keyboard, query string, grouping by cluster), a Cluster's labels and repos, and
// creating a workspace that then appears live in the list and the picker (and is removed again).
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { Page } from '@playwright/test';
import type { AppShell } from '../pages/app-shell.page';
import { createClusterDetailPage, createGitRepoDetailPage } from '../pages/detail.page';
import { createListPage } from '../pages/list.page';
import { expect, test } from '../support/test.fixture';

test('GitRepo tabs follow the keyboard and the query string; resources group by cluster', async ({ page }) => {
  const detail = createGitRepoDetailPage(page, 'guestbook');
  await page.goto('/w/fleet-default/gitrepos/guestbook');
  await expect(detail.heading).toBeVisible();
  await expect(detail.card('Bundle deployments')).toBeVisible();
  await expect(detail.card('Resources')).toBeVisible();
  await expect(detail.tab('Bundles')).toHaveAttribute('aria-selected', 'true');
  await expect(detail.related.rowNamed('guestbook-simple')).toBeVisible();

  await detail.tab('Bundles').focus();
  await page.keyboard.press('ArrowRight');
  await expect(detail.tab('Resources')).toHaveAttribute('aria-selected', 'true');
  await expect(detail.tab('Resources')).toBeFocused();
  await expect(page).toHaveURL(/[?&]tab=resources\b/);
  await expect(detail.resources.rows.first()).toBeVisible();

  await detail.groupByCluster.check();
  await expect(page).toHaveURL(/[?&]group=cluster\b/);
  await expect(page.getByRole('region', { name: /^Cluster / }).first()).toBeVisible();
  await page.reload();
  await expect(detail.groupByCluster).toBeChecked();

  await detail.tab('Resources').focus();
  await page.keyboard.press('End');
  await expect(detail.tab('YAML')).toHaveAttribute('aria-selected', 'true');
  await expect(detail.panel.getByRole('link', { name: 'Edit YAML of guestbook' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(detail.tab('Conditions')).toHaveAttribute('aria-selected', 'true');
  await expect(detail.conditions).toBeVisible();
  await detail.tab('Clusters').click();
  await expect(detail.clusters.rows.first()).toBeVisible();
});

test('the Events tab shows an event about the GitRepo live, and not events about other objects', async ({ page, adminKube }) => {
  const detail = createGitRepoDetailPage(page, 'guestbook');
  await page.goto('/w/fleet-default/gitrepos/guestbook?tab=events');
  await expect(detail.tab('Events')).toHaveAttribute('aria-selected', 'true');
  await expect(detail.events.table).toBeVisible();
  const reason = `E2eCheck${Date.now().toString(36)}`;
  const mine = await adminKube.createEvent('fleet-default', { involved: { resource: 'gitrepos', name: 'guestbook' }, reason, message: 'seen by the detail page' });
  const other = await adminKube.createEvent('fleet-default', { involved: { resource: 'gitrepos', name: 'guestbook-helm' }, reason: `${reason}Other`, message: 'not this repo' });
  try {
    await expect(detail.events.rowNamed(reason)).toBeVisible();
    await expect(detail.events.rowNamed(reason)).toContainText('seen by the detail page');
    await expect(detail.events.rowNamed(`${reason}Other`)).toHaveCount(0);
  } finally {
    await adminKube.deleteEvent('fleet-default', mine);
    await adminKube.deleteEvent('fleet-default', other);
  }
});

test('a Cluster shows its Git Repos and opens the labels dialog from "Edit labels"', async ({ page }) => {
  const detail = createClusterDetailPage(page, 'prod-eu-west-1');
  await page.goto('/w/fleet-default/clusters/prod-eu-west-1');
  await expect(detail.heading).toBeVisible();
  await expect(page.getByRole('region', { name: 'Git Repos on this cluster' }).getByRole('link', { name: 'guestbook-helm', exact: true })).toBeVisible();
  await expect(page.getByText(/ago \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Edit labels' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit labels of Cluster “prod-eu-west-1”' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});

async function removeWorkspace(kubeconfig: string, name: string): Promise<void> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  const ignoreMissing = (error: unknown): void => {
    if ((error as { code?: unknown }).code !== 404) throw error;
  };
  await config
    .makeApiClient(CustomObjectsApi)
    .deleteClusterCustomObject({ group: 'management.cattle.io', version: 'v3', plural: 'fleetworkspaces', name })
    .catch(ignoreMissing);
  await config.makeApiClient(CoreV1Api).deleteNamespace({ name }).catch(ignoreMissing);
}

test('Create workspace validates the name, then the workspace appears in the list and the picker', async ({ page, shell, environment }) => {
  const name = `e2e-ws-${Date.now().toString(36)}`;
  test.info().annotations.push({ type: 'workspace', description: name });
  try {
    await createWorkspace(page, shell, name);
  } finally {
    await removeWorkspace(environment.kubeconfigs.admin, name);
  }
});

async function createWorkspace(page: Page, shell: AppShell, name: string): Promise<void> {
  const workspaces = createListPage(page, 'Workspaces');
  await page.goto('/workspaces');
  await expect(workspaces.rowNamed('fleet-default')).toBeVisible();
  await page.getByRole('button', { name: 'Create workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create workspace' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Not_Valid');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(workspaces.rowNamed(name)).toBeVisible();
  await expect(shell.workspacePicker.getByRole('option', { name, exact: true })).toHaveCount(1);
}
