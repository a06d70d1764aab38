// Faults with a browser watching: kube-apiserver restarted under the Git Repos page (the dashboard
// server stays up), and the dashboard server down for 20 s (how often the page tries to reconnect).
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { gitRepoDisplayState, type GitRepo } from '@fleet-dashboard/fleet-model';
import { createListPage, type ListPage } from '../pages/list.page';
import { expect, test } from '../support/test.fixture';

const WS = 'fleet-default';

/** Name → display state of every GitRepo of the workspace, straight from the API server. */
async function apiGitRepoStates(kubeconfig: string): Promise<Record<string, string>> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const list = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'fleet.cattle.io', version: 'v1alpha1', namespace: WS, plural: 'gitrepos' })) as { items: GitRepo[] };
  const entries: Array<[string, string]> = list.items.map((g) => [g.metadata?.name ?? '', gitRepoDisplayState(g)]);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** Name → State column text of every row on the page. */
async function pageGitRepoStates(list: ListPage): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await list.names()) out[name] = (await (await list.stateOf(name)).innerText()).trim();
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

async function control(url: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(90_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

test('kube-apiserver restarted under the Git Repos page: the page reports the lost watch, then is Live and equals the API server', async ({ page, shell, environment }) => {
  test.setTimeout(150_000);
  await page.goto(`/w/${WS}/gitrepos`);
  const repos = createListPage(page, 'Git Repos');
  await expect(shell.connectionStatus).toHaveText('Live');
  await expect(repos.rows.first()).toBeVisible();
  const rowsBefore = await repos.rows.count();
  // The subscription's trouble shows as an alert over the list (or "resyncing…" after a 410).
  const trouble = page.getByRole('alert').or(page.getByText('resyncing…', { exact: true }));
  await expect(trouble).toHaveCount(0);

  const restarted = control(`${environment.controlUrl}/testbed/restart-apiserver?downMs=4000`) as Promise<{ killedAt: number; readyAt: number }>;
  await expect(trouble.first()).toBeVisible({ timeout: 20_000 });
  // The rows stay on screen while the API server is away; the websocket to the dashboard stays up.
  await expect(repos.rows).toHaveCount(rowsBefore);
  await expect(shell.connectionStatus).toHaveText('Live');
  const report = await restarted;

  await expect(trouble).toHaveCount(0, { timeout: 60_000 });
  const recoveredMs = Date.now() - report.readyAt;
  await expect(shell.connectionStatus).toHaveText('Live');
  // The simulator keeps changing states: poll until the page and the API server agree.
  await expect
    .poll(async () => {
      const [onPage, inApi] = await Promise.all([pageGitRepoStates(repos), apiGitRepoStates(environment.kubeconfigs.admin)]);
      return JSON.stringify(onPage) === JSON.stringify(inApi) ? 'equal' : `page ${JSON.stringify(onPage)} vs API ${JSON.stringify(inApi)}`;
    }, { timeout: 30_000, intervals: [250, 500, 1000] })
    .toBe('equal');
  console.log(`kube-apiserver down ${report.readyAt - report.killedAt} ms; page clear of errors ${recoveredMs} ms after it was ready; rows equal the API server`);
});

test('dashboard server down for 20 s: the page retries with growing, jittered delays (a few tries, not a storm), then is Live again', async ({ page, shell, adminServer }) => {
  test.setTimeout(120_000);
  // Every WebSocket the page opens, with its time (the page's own reconnect attempts).
  await page.addInitScript(() => {
    type Ctor = new (url: string | URL, protocols?: string | string[]) => object;
    const scope = globalThis as unknown as { WebSocket: Ctor; wsAttempts: number[] };
    const Native = scope.WebSocket;
    const attempts: number[] = [];
    scope.wsAttempts = attempts;
    scope.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        attempts.push(Date.now());
        super(url, protocols);
      }
    };
  });
  await page.goto(`/w/${WS}/gitrepos`);
  const repos = createListPage(page, 'Git Repos');
  await expect(shell.connectionStatus).toHaveText('Live');
  await expect(repos.rows.first()).toBeVisible();

  await adminServer.stop();
  const downAt = Date.now();
  let attempts: number[] = [];
  try {
    await expect(shell.connectionStatus).toHaveText('Reconnecting…');
    await page.waitForTimeout(20_000 - (Date.now() - downAt));
    attempts = (await page.evaluate(() => (globalThis as unknown as { wsAttempts: number[] }).wsAttempts)).filter((t) => t >= downAt);
  } finally {
    await adminServer.start();
  }
  const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
  console.log(`reconnect attempts in 20 s down: ${attempts.length}; gaps ${gaps.join(', ')} ms`);
  // The socket's schedule: delay i is in [c/2, c), c = min(15 s, 0.5 s · 2^i). In 20 s that is at most 7 tries.
  expect(attempts.length).toBeGreaterThanOrEqual(3);
  expect(attempts.length).toBeLessThanOrEqual(7);
  gaps.forEach((gap, i) => {
    const ceiling = Math.min(15_000, 500 * 2 ** (i + 1));
    expect(gap, `gap ${i + 1}`).toBeGreaterThanOrEqual(ceiling / 2 - 50);
  });
  // Jittered: the gaps are not exact doublings of each other.
  const ratios = gaps.map((gap, i) => gap / Math.min(15_000, 500 * 2 ** (i + 1)));
  expect(Math.max(...ratios) - Math.min(...ratios)).toBeGreaterThan(0.02);

  await expect(shell.connectionStatus).toHaveText('Live', { timeout: 30_000 });
  await expect(repos.rows.first()).toBeVisible();
});
