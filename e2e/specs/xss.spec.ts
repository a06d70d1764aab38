// Security: hostile text in every free-text field of Fleet objects renders as text and never runs.
// Names cannot hold HTML (DNS rules) and label values are restricted, so the payloads go where
// Kubernetes accepts any string: annotations, `spec.repo` (a `javascript:` URL), the branch, a
// target's cluster name, a cluster group's selector values, status conditions (written through the
// status subresource, as a controller would) and Event messages. Every list and detail page that
// shows them is visited; on each, the script guard finds nothing ran and the text is on screen as
// typed.
import type { Locator, Page } from '@playwright/test';
import { createListPage } from '../pages/list.page';
import { createKubeApi, type FleetResource, type KubeApi } from '../support/kube-api.service';
import { installScriptGuard, type ScriptGuard } from '../support/script-guard.service';
import { expect, test } from '../support/test.fixture';

const WORKSPACE = 'fleet-default';
const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '"><script>window.__xss=1</script>';
const SVG = '<svg onload=window.__xss=1>';
const TEMPLATE = "{{constructor.constructor('window.__xss=1')()}}";
const JS_URL = 'javascript:window.__xss=1';
const MESSAGE = `${IMG} ${SVG} ${TEMPLATE}`;
const ANNOTATIONS = { 'field.cattle.io/description': IMG, 'e2e.example.com/note': SCRIPT };
const CONDITION = { type: 'E2EHostile', status: 'False', reason: SCRIPT, message: MESSAGE };

const REPO = 'e2e-xss-repo';
const CLUSTER = 'e2e-xss-cluster';
const GROUP = 'e2e-xss-group';

async function hasHostileCondition(kube: KubeApi, resource: FleetResource, name: string): Promise<boolean> {
  const conditions = (await kube.getObject(resource, WORKSPACE, name))?.status?.conditions;
  return Array.isArray(conditions) && conditions.some((c: { type?: unknown; message?: unknown }) => c.type === CONDITION.type && c.message === MESSAGE);
}

/**
 * Adds the hostile condition to the object's status. The simulator keeps conditions it does not
 * own, but a status write of its own racing ours can carry the older list, so write until it holds.
 */
async function addHostileCondition(kube: KubeApi, resource: FleetResource, name: string): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await hasHostileCondition(kube, resource, name)) return true;
        const object = await kube.getObject(resource, WORKSPACE, name);
        const current = Array.isArray(object?.status?.conditions) ? (object.status.conditions as { type?: unknown }[]) : [];
        await kube.patchStatus(resource, WORKSPACE, name, { conditions: [...current.filter((c) => c.type !== CONDITION.type), CONDITION] });
        return false;
      },
      { message: `hostile condition on ${resource}/${name}`, timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toBe(true);
}

let bundleName = '';
const events: string[] = [];

async function removeAll(kube: KubeApi): Promise<void> {
  await Promise.all(events.splice(0).map((name) => kube.deleteEvent(WORKSPACE, name)));
  await kube.deleteObject('gitrepos', WORKSPACE, REPO);
  await kube.deleteObject('clusters', WORKSPACE, CLUSTER);
  await kube.deleteObject('clustergroups', WORKSPACE, GROUP);
}

test.beforeAll(async ({ environment }) => {
  test.setTimeout(90_000);
  const kube = createKubeApi({ kubeconfig: environment.kubeconfigs.admin });
  await removeAll(kube);
  await kube.createObject('gitrepos', WORKSPACE, {
    metadata: { name: REPO, annotations: ANNOTATIONS, labels: { 'e2e.example.com/suite': 'xss' } },
    spec: { repo: JS_URL, branch: SCRIPT, paths: ['simple'], targets: [{ name: 'hostile', clusterName: IMG }] },
  });
  await kube.createObject('clusters', WORKSPACE, { metadata: { name: CLUSTER, annotations: ANNOTATIONS, labels: { 'e2e.example.com/suite': 'xss' } }, spec: {} });
  await kube.createObject('clustergroups', WORKSPACE, {
    metadata: { name: GROUP, annotations: ANNOTATIONS },
    spec: { selector: { matchLabels: { 'e2e.example.com/suite': IMG }, matchExpressions: [{ key: 'e2e.example.com/suite', operator: 'In', values: [SCRIPT] }] } },
  });
  // The simulator (Fleet) writes the GitRepo's bundle; wait for it before touching its status.
  await expect.poll(async () => (await kube.listNames('bundles', WORKSPACE, `fleet.cattle.io/repo-name=${REPO}`))[0] ?? '', { timeout: 30_000 }).not.toBe('');
  bundleName = (await kube.listNames('bundles', WORKSPACE, `fleet.cattle.io/repo-name=${REPO}`))[0] ?? '';
  for (const [resource, name] of [
    ['gitrepos', REPO],
    ['clusters', CLUSTER],
    ['clustergroups', GROUP],
    ['bundles', bundleName],
  ] as const) {
    await addHostileCondition(kube, resource, name);
  }
  events.push(await kube.createEvent(WORKSPACE, { involved: { resource: 'gitrepos', name: REPO }, reason: 'E2EHostile', message: `${SCRIPT} ${MESSAGE}` }));
});

test.afterAll(async ({ environment }) => {
  await removeAll(createKubeApi({ kubeconfig: environment.kubeconfigs.admin }));
});

let guard: ScriptGuard;
test.beforeEach(async ({ page }) => {
  guard = await installScriptGuard(page);
});

/** Opens a detail page with its conditions on screen (a `conditions` tab when the page has tabs). */
async function openDetail(page: Page, resource: FleetResource, name: string, kind: string): Promise<Locator> {
  await page.goto(`/w/${WORKSPACE}/${resource}/${name}?tab=conditions`);
  await expect(page.getByRole('heading', { level: 1, name: `${kind} ${name}`, exact: true })).toBeVisible();
  const conditions = page.getByRole('table', { name: 'Conditions', exact: true });
  await expect(conditions.getByText(MESSAGE, { exact: true })).toBeVisible();
  await expect(conditions.getByText(SCRIPT, { exact: true })).toBeVisible();
  return conditions;
}

test('Git Repos list and detail: the javascript: repo is text, not a link; branch, target, conditions and events literal', async ({ page }) => {
  await page.goto(`/w/${WORKSPACE}/gitrepos`);
  const repos = createListPage(page, 'Git Repos');
  const row = repos.rowNamed(REPO);
  await expect(row).toBeVisible();
  await expect(row.getByText(JS_URL, { exact: true })).toBeVisible();
  await expect(row.getByRole('link', { name: JS_URL })).toHaveCount(0);
  await expect(row.getByText(SCRIPT)).toBeVisible();
  await expect(await repos.cellOf(REPO, 'Target')).toHaveText(IMG);
  await guard.check('Git Repos list');

  await openDetail(page, 'gitrepos', REPO, 'GitRepo');
  const main = page.getByRole('main');
  await expect(main.getByText(JS_URL, { exact: true }).first()).toBeVisible();
  await expect(main.getByRole('link', { name: JS_URL })).toHaveCount(0);
  await expect(main.getByText(SCRIPT, { exact: true }).first()).toBeVisible();
  await guard.check('Git Repo detail');

  // Events of the GitRepo, where the page shows them (an Events tab).
  const eventsTab = page.getByRole('tab', { name: /^Events\b/ });
  if ((await eventsTab.count()) > 0) {
    await eventsTab.click();
    await expect(main.getByText(`${SCRIPT} ${MESSAGE}`, { exact: true })).toBeVisible();
    await guard.check('Git Repo events');
  } else {
    test.info().annotations.push({ type: 'not shown', description: 'the Git Repo detail page has no Events tab: Event messages were not rendered anywhere' });
  }
});

test('Bundles list and detail: hostile conditions render as text', async ({ page }) => {
  await page.goto(`/w/${WORKSPACE}/bundles`);
  await expect(createListPage(page, 'Bundles').rowNamed(bundleName)).toBeVisible();
  await guard.check('Bundles list');
  await openDetail(page, 'bundles', bundleName, 'Bundle');
  await guard.check('Bundle detail');
});

test('Clusters list and detail: hostile conditions render as text', async ({ page }) => {
  await page.goto(`/w/${WORKSPACE}/clusters`);
  await expect(createListPage(page, 'Clusters').rowNamed(CLUSTER)).toBeVisible();
  await guard.check('Clusters list');
  await openDetail(page, 'clusters', CLUSTER, 'Cluster');
  await guard.check('Cluster detail');
});

test('Cluster Groups list and detail: hostile selector values and conditions render as text', async ({ page }) => {
  await page.goto(`/w/${WORKSPACE}/clustergroups`);
  const groups = createListPage(page, 'Cluster Groups');
  await expect(groups.rowNamed(GROUP)).toBeVisible();
  const selector = await groups.cellOf(GROUP, 'Selector');
  await expect(selector).toContainText(IMG);
  await expect(selector).toContainText(SCRIPT);
  await guard.check('Cluster Groups list');
  await openDetail(page, 'clustergroups', GROUP, 'ClusterGroup');
  await guard.check('Cluster Group detail');
});

test('Dashboard and Workspaces count the hostile objects without running anything', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 2, name: /fleet-default/ })).toBeVisible();
  await guard.check('Dashboard');
  await page.goto('/workspaces');
  await expect(createListPage(page, 'Workspaces').rowNamed(WORKSPACE)).toBeVisible();
  await guard.check('Workspaces');
  test.info().annotations.push({ type: 'csp', description: guard.contentSecurityPolicy() || '(no Content-Security-Policy header)' });
});
