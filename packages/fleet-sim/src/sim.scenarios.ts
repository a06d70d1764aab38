import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { LABELS, bundleName, clusterNamespace } from '@fleet-dashboard/fleet-model';
import { createFleetSim, type FleetSimHandle } from './sim.service';
import { seedEstate } from './seed.service';
import { startHarness, waitFor, type Backend, type Harness } from './harness.fixture';

const G = { group: 'fleet.cattle.io', version: 'v1alpha1' };
const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const ZERO = { errApplied: 0, drift: 0, slowCluster: 0, silentCluster: 0, gitJobFailure: 0, newCommit: 0 };

type Obj = { metadata: { name: string; namespace?: string; labels?: Record<string, string>; generation?: number }; spec?: Record<string, any>; status?: Record<string, any> };

/** The simulator's end-to-end scenarios, run unchanged against the sandbox and the real API server. */
export function simScenarios(backend: Backend): void {
describe(`fleet-sim against the ${backend}`, () => {
  let h: Harness;
  let sim: FleetSimHandle;
  const logs: string[] = [];

  const get = async (plural: string, namespace: string, name: string): Promise<Obj> =>
    (await h.api.getNamespacedCustomObject({ ...G, plural, namespace, name })) as Obj;
  const list = async (plural: string, namespace?: string, labelSelector?: string): Promise<Obj[]> =>
    (namespace
      ? ((await h.api.listNamespacedCustomObject({ ...G, plural, namespace, labelSelector })) as { items: Obj[] })
      : ((await h.api.listCustomObjectForAllNamespaces({ ...G, plural, labelSelector })) as { items: Obj[] })
    ).items;
  const patch = (plural: string, namespace: string, name: string, body: unknown) =>
    h.api.patchNamespacedCustomObject({ ...G, plural, namespace, name, body }, MERGE);

  beforeAll(async () => {
    h = await startHarness({ backend });
    await seedEstate({ kubeConfig: h.kubeConfig, profile: 'demo', seed: 7 });
    sim = createFleetSim({ kubeConfig: h.kubeConfig, seed: 7, speed: 1000, rates: ZERO, heartbeatSeconds: 0, coalesceMs: 10, timings: { agentRestart: { min: 300_000, max: 300_000 } }, log: (m) => logs.push(m) });
    await sim.start();
    await sim.idle();
  }, 60_000);

  afterAll(async () => {
    if (process.env.SIM_DEBUG) console.log(logs.join("\n"));
    await sim?.stop();
    await h?.stop();
  });

  it('brings the demo estate to Ready', async () => {
    const repos = await list('gitrepos');
    expect(repos.length).toBeGreaterThan(5);
    for (const repo of repos) {
      expect(repo.status?.gitJobStatus, repo.metadata.name).toBe('Current');
      expect(repo.status?.display?.state, repo.metadata.name).toBe('');
      expect(repo.status?.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    const guestbook = repos.find((r) => r.metadata.name === 'guestbook');
    // non-production = staging + dev clusters: 4
    expect(guestbook?.status?.display?.readyBundleDeployments).toBe('4/4');
    expect(guestbook?.status?.summary).toMatchObject({ ready: 4, desiredReady: 4 });
  }, 30_000);

  it('a new GitRepo reaches Ready with correct Bundles, BDs, labels, namespaces and counts', async () => {
    await h.api.createNamespacedCustomObject({
      ...G,
      plural: 'gitrepos',
      namespace: 'fleet-default',
      body: {
        apiVersion: 'fleet.cattle.io/v1alpha1',
        kind: 'GitRepo',
        metadata: { name: 'examples-new', namespace: 'fleet-default', labels: { team: 'web' } },
        spec: { repo: 'https://github.com/rancher/fleet-examples', paths: ['simple', 'multi-cluster/helm'], targets: [{ name: 'prod', clusterGroup: 'production' }] },
      },
    });
    await waitFor(async () => {
      const r = await get('gitrepos', 'fleet-default', 'examples-new');
      return r.status?.gitJobStatus === 'Current' && r.status?.display?.readyBundleDeployments === '10/10' ? r : undefined;
    }, 15_000, 'examples-new Ready');
    await sim.idle();
    // The finished gitjob is recorded as an Event about the GitRepo (the detail page's Events tab).
    const events = (await h.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: 'fleet-default' })).items;
    expect(events.filter((e) => e.involvedObject.name === 'examples-new').map((e) => [e.involvedObject.kind, e.type, e.reason])).toContainEqual(['GitRepo', 'Normal', 'Synced']);
    const repo = await get('gitrepos', 'fleet-default', 'examples-new');
    expect(repo.status?.display?.state).toBe('');
    expect(repo.status?.desiredReadyClusters).toBe(5);
    expect(repo.status?.readyClusters).toBe(5);
    expect(repo.status?.observedGeneration).toBe(1);
    const ready = (repo.status?.conditions as Array<{ type: string; status: string }>).find((c) => c.type === 'Ready');
    expect(ready?.status).toBe('True');

    const bundles = await list('bundles', 'fleet-default', `${LABELS.repoName}=examples-new`);
    expect(bundles.map((b) => b.metadata.name).sort()).toEqual([bundleName('examples-new', 'multi-cluster/helm'), bundleName('examples-new', 'simple')].sort());
    for (const b of bundles) {
      expect(b.metadata.labels?.[LABELS.commit]).toBe(repo.status?.commit);
      expect(b.metadata.labels?.team).toBe('web');
      expect(b.spec?.targets).toEqual([{ name: 'prod', clusterGroup: 'production' }]);
      expect(b.spec?.targetRestrictions).toEqual([{ name: 'prod', clusterGroup: 'production' }]);
      expect(b.status?.display?.readyClusters).toBe('5/5');
    }

    const bds = await list('bundledeployments', undefined, `${LABELS.repoName}=examples-new`);
    expect(bds).toHaveLength(10);
    const cluster = await get('clusters', 'fleet-default', 'prod-eu-west-1');
    const ns = clusterNamespace('fleet-default', 'prod-eu-west-1');
    expect(cluster.status?.namespace).toBe(ns);
    const bd = bds.find((b) => b.metadata.namespace === ns && b.metadata.name === bundleName('examples-new', 'simple'));
    expect(bd?.metadata.labels).toMatchObject({
      [LABELS.bundleName]: bundleName('examples-new', 'simple'),
      [LABELS.bundleNamespace]: 'fleet-default',
      [LABELS.cluster]: 'prod-eu-west-1',
      [LABELS.clusterNamespace]: 'fleet-default',
      [LABELS.managed]: 'true',
      [LABELS.repoName]: 'examples-new',
      [LABELS.commit]: repo.status?.commit,
    });
    expect(bd?.spec?.deploymentID).toMatch(/^s-[0-9a-f]{61}:[0-9a-f]{64}$/);
    expect(bd?.spec?.stagedDeploymentID).toBe(bd?.spec?.deploymentID);
    expect(bd?.status).toMatchObject({ appliedDeploymentID: bd?.spec?.deploymentID, ready: true, nonModified: true, display: { state: 'Ready', deployed: 'True', monitored: 'True' } });
    const conditionTypes = (bd?.status?.conditions as Array<{ type: string }>).map((c) => c.type);
    expect(conditionTypes).toEqual(expect.arrayContaining(['Deployed', 'Installed', 'Monitored']));
  }, 30_000);

  const bdsOf = (repo: string) => list('bundledeployments', undefined, `${LABELS.repoName}=${repo}`);
  const readyRepo = (name: string, namespace = 'fleet-default') =>
    waitFor(async () => {
      const r = await get('gitrepos', namespace, name);
      const ready = (r.status?.conditions as Array<{ type: string; status: string }> | undefined)?.find((c) => c.type === 'Ready');
      return r.status?.gitJobStatus === 'Current' && r.status?.display?.state === '' && ready?.status === 'True' ? r : undefined;
    }, 15_000, `${name} Ready`);

  it('Force Update raises updateGeneration and redeploys with a new deploymentID', async () => {
    const before = await bdsOf('guestbook');
    expect(before.length).toBe(4);
    const ids = new Map(before.map((b) => [`${b.metadata.namespace}/${b.metadata.name}`, b.spec?.deploymentID]));
    const repo = await get('gitrepos', 'fleet-default', 'guestbook');
    const next = ((repo.spec?.forceSyncGeneration as number | undefined) || 1) + 1;
    await patch('gitrepos', 'fleet-default', 'guestbook', { spec: { forceSyncGeneration: next } });
    const updated = await waitFor(async () => {
      const r = await get('gitrepos', 'fleet-default', 'guestbook');
      return r.status?.updateGeneration === next ? r : undefined;
    }, 15_000, 'updateGeneration');
    expect(updated.status?.commit).toBe(repo.status?.commit);
    await sim.idle();
    await readyRepo('guestbook');
    const after = await bdsOf('guestbook');
    expect(after).toHaveLength(4);
    for (const bd of after) {
      const key = `${bd.metadata.namespace}/${bd.metadata.name}`;
      expect(bd.spec?.deploymentID).not.toBe(ids.get(key));
      expect(bd.spec?.options?.forceSyncGeneration).toBe(next);
      expect(bd.status?.appliedDeploymentID).toBe(bd.spec?.deploymentID);
      expect(bd.status?.display?.state).toBe('Ready');
    }
  }, 30_000);

  it('Bundle forceSyncGeneration redeploys just that bundle', async () => {
    const [bundle] = await list('bundles', 'fleet-default', `${LABELS.repoName}=helm-kustomize`);
    if (!bundle) throw new Error('no bundle');
    const before = await list('bundledeployments', undefined, `${LABELS.bundleName}=${bundle.metadata.name}`);
    const other = await bdsOf('guestbook');
    await patch('bundles', 'fleet-default', bundle.metadata.name, { spec: { forceSyncGeneration: 7 } });
    await waitFor(async () => {
      const bds = await list('bundledeployments', undefined, `${LABELS.bundleName}=${bundle.metadata.name}`);
      return bds.every((b) => b.spec?.options?.forceSyncGeneration === 7 && b.status?.appliedDeploymentID === b.spec?.deploymentID && b.status?.ready) ? bds : undefined;
    }, 15_000, 'bundle redeploy');
    const after = await list('bundledeployments', undefined, `${LABELS.bundleName}=${bundle.metadata.name}`);
    expect(after.map((b) => b.spec?.deploymentID)).not.toEqual(before.map((b) => b.spec?.deploymentID));
    expect((await bdsOf('guestbook')).map((b) => b.spec?.deploymentID)).toEqual(other.map((b) => b.spec?.deploymentID));
  }, 30_000);

  it('pause stages new content (OutOfSync) until unpaused, then Ready', async () => {
    await patch('gitrepos', 'fleet-default', 'multi-cluster-examples', { spec: { paused: true } });
    await waitFor(async () => {
      const bundles = await list('bundles', 'fleet-default', `${LABELS.repoName}=multi-cluster-examples`);
      return bundles.length === 3 && bundles.every((b) => b.spec?.paused === true) ? bundles : undefined;
    }, 15_000, 'bundles paused');
    await sim.idle();
    const before = await bdsOf('multi-cluster-examples');
    // new content arrives (a Force Update) while paused
    await patch('gitrepos', 'fleet-default', 'multi-cluster-examples', { spec: { forceSyncGeneration: 5 } });
    const outOfSync = await waitFor(async () => {
      const r = await get('gitrepos', 'fleet-default', 'multi-cluster-examples');
      return r.status?.display?.state === 'OutOfSync' && r.status?.summary?.outOfSync === before.length ? r : undefined;
    }, 15_000, 'OutOfSync');
    await sim.idle();
    expect(outOfSync.status?.display?.readyBundleDeployments).toBe(`0/${before.length}`);
    const staged = await bdsOf('multi-cluster-examples');
    for (const bd of staged) {
      expect(bd.spec?.paused).toBe(true);
      expect(bd.spec?.stagedDeploymentID).not.toBe(bd.spec?.deploymentID);
      expect(bd.spec?.deploymentID).toBe(before.find((b) => b.metadata.namespace === bd.metadata.namespace && b.metadata.name === bd.metadata.name)?.spec?.deploymentID);
      expect(bd.status?.display?.state).toBe('OutOfSync');
    }
    await patch('gitrepos', 'fleet-default', 'multi-cluster-examples', { spec: { paused: false } });
    await readyRepo('multi-cluster-examples');
    for (const bd of await bdsOf('multi-cluster-examples')) {
      expect(bd.spec?.deploymentID).toBe(bd.spec?.stagedDeploymentID);
      expect(bd.status?.appliedDeploymentID).toBe(bd.spec?.deploymentID);
    }
  }, 30_000);

  it('redeploy agent: WaitCheckIn meanwhile, then agentDeployedGeneration catches up', async () => {
    const cluster = await get('clusters', 'fleet-default', 'dev-us-east-1');
    expect(cluster.status?.agentDeployedGeneration).toBe(1);
    expect(cluster.status?.agent?.lastSeen).toBeTruthy();
    await patch('clusters', 'fleet-default', 'dev-us-east-1', { spec: { redeployAgentGeneration: 2 } });
    await waitFor(async () => {
      const c = await get('clusters', 'fleet-default', 'dev-us-east-1');
      return c.status?.display?.state === 'WaitCheckIn' && !c.status?.agent?.lastSeen ? c : undefined;
    }, 15_000, 'WaitCheckIn');
    const done = await waitFor(async () => {
      const c = await get('clusters', 'fleet-default', 'dev-us-east-1');
      return c.status?.agentDeployedGeneration === 2 && c.status?.agent?.lastSeen ? c : undefined;
    }, 15_000, 'agentDeployedGeneration');
    await sim.idle();
    const after = await get('clusters', 'fleet-default', 'dev-us-east-1');
    expect(after.status?.display?.state).toBe('');
    expect(done.status?.agent?.namespace).toBe('cattle-fleet-system');
  }, 30_000);

  it('moving a cluster to another workspace lands it in the new namespace; fleet-local is refused', async () => {
    const cluster = await get('clusters', 'fleet-default', 'staging-us-east-1');
    const mgmtName = cluster.metadata.labels?.[LABELS.clusterName] ?? '';
    expect(mgmtName).toMatch(/^c-m-/);
    const M = { group: 'management.cattle.io', version: 'v3', plural: 'clusters' };
    await h.api.patchClusterCustomObject({ ...M, name: mgmtName, body: { spec: { fleetWorkspaceName: 'team-payments' } } }, MERGE);
    const moved = await waitFor(async () => {
      const c = await get('clusters', 'team-payments', 'staging-us-east-1').catch(() => undefined);
      return c?.status?.namespace ? c : undefined;
    }, 15_000, 'cluster in team-payments');
    expect(moved.metadata.labels).toMatchObject({ env: 'staging', [LABELS.clusterName]: mgmtName, [LABELS.clusterDisplayName]: 'staging-us-east-1' });
    expect(moved.status?.namespace).toBe(clusterNamespace('team-payments', 'staging-us-east-1'));
    await waitFor(async () => ((await list('clusters', 'fleet-default')).some((c) => c.metadata.name === 'staging-us-east-1') ? undefined : true), 15_000, 'old cluster gone');
    // its old deployments are gone; team-payments' staging target now picks it up
    await sim.idle();
    const oldNs = clusterNamespace('fleet-default', 'staging-us-east-1');
    expect((await list('bundledeployments', oldNs)).length).toBe(0);
    const payments = await readyRepo('payments-api', 'team-payments');
    expect(payments.status?.desiredReadyClusters).toBe(4);

    // fleet-local is not a valid target: nothing moves
    await h.api.patchClusterCustomObject({ ...M, name: mgmtName, body: { spec: { fleetWorkspaceName: 'fleet-local' } } }, MERGE);
    await waitFor(async () => (logs.some((l) => l.includes('reserved for the local cluster')) ? true : undefined), 15_000, 'refusal');
    await sim.idle();
    expect((await list('clusters', 'fleet-local')).map((c) => c.metadata.name)).toEqual(['local']);
    expect((await get('clusters', 'team-payments', 'staging-us-east-1')).metadata.name).toBe('staging-us-east-1');
  }, 30_000);

  it('a new FleetWorkspace gets its namespace', async () => {
    await h.api.createClusterCustomObject({
      group: 'management.cattle.io',
      version: 'v3',
      plural: 'fleetworkspaces',
      body: { apiVersion: 'management.cattle.io/v3', kind: 'FleetWorkspace', metadata: { name: 'team-data' } },
    });
    const core = h.kubeConfig.makeApiClient(CoreV1Api);
    const ns = await waitFor(async () => core.readNamespace({ name: 'team-data' }).catch(() => undefined), 15_000, 'namespace team-data');
    expect(ns.metadata?.name).toBe('team-data');
  }, 30_000);
});
}
