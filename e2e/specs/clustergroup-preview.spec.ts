// Flow: create a Cluster Group by selector. The preview counts and names the matching clusters
// as the selector is typed, the group is saved and the list shows it with its selector.
import { createClusterGroupFormPage } from '../pages/clustergroup-form.page';
import { createListPage } from '../pages/list.page';
import { FLEET_DEFAULT_CLUSTER_COUNT, PROD_CLUSTERS } from '../support/demo-estate.data';
import { expect, test } from '../support/test.fixture';

const WORKSPACE = 'fleet-default';

test('a cluster group created by selector previews its clusters, saves and shows in the list', async ({ page, adminKube }) => {
  const name = 'e2e-form-prod-eu';
  await adminKube.deleteObject('clustergroups', WORKSPACE, name);
  const expected = await adminKube.listNames('clusters', WORKSPACE, 'env=prod,region in (eu-west-1,eu-central-1)');
  expect(expected.length).toBeGreaterThan(0);

  await page.goto(`/w/${WORKSPACE}/clustergroups`);
  await page.getByRole('link', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create Cluster Group');
  const form = createClusterGroupFormPage(page);
  await form.name.fill(name);
  // No rows yet: every cluster of the workspace.
  await expect(form.preview).toHaveText(new RegExp(`^Matches ${FLEET_DEFAULT_CLUSTER_COUNT} of ${FLEET_DEFAULT_CLUSTER_COUNT} clusters`));
  await form.addMatchLabel('env', 'prod');
  await expect(form.preview).toHaveText(new RegExp(`^Matches ${PROD_CLUSTERS.length} of ${FLEET_DEFAULT_CLUSTER_COUNT} clusters$`));
  await expect(form.previewNames).toHaveText(PROD_CLUSTERS);
  await form.addExpression('region', 'In', 'eu-west-1, eu-central-1');
  await expect(form.preview).toHaveText(new RegExp(`^Matches ${expected.length} of ${FLEET_DEFAULT_CLUSTER_COUNT} clusters$`));
  await expect(form.previewNames).toHaveText([...expected].sort());

  try {
    await form.submit();
    await expect(page).toHaveURL(new RegExp(`/w/${WORKSPACE}/clustergroups$`));
    const groups = createListPage(page, 'Cluster Groups');
    await expect(groups.rowNamed(name)).toBeVisible();
    await expect(groups.rowNamed(name)).toContainText('env=prod,region in (eu-west-1,eu-central-1)');
    const saved = await adminKube.getObject('clustergroups', WORKSPACE, name);
    expect(saved?.spec?.selector).toEqual({ matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'region', operator: 'In', values: ['eu-west-1', 'eu-central-1'] }] });
  } finally {
    await adminKube.deleteObject('clustergroups', WORKSPACE, name);
  }
});
