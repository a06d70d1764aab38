import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { LABELS } from '@fleet-dashboard/fleet-model';
import { createFleetSim, type FleetSimHandle } from './sim.service';
import { commitFor } from './gitjob.model';
import { startHarness, waitFor, type Harness } from './harness.fixture';

const G = { group: 'fleet.cattle.io', version: 'v1alpha1' };
type Obj = { metadata: { name: string; namespace?: string }; spec?: Record<string, any>; status?: Record<string, any> };

// Without Rancher's API: the simulator runs fleet-controller and agents only.
describe('fleet-sim failure modes (no management.cattle.io API)', () => {
  let h: Harness;
  let sim: FleetSimHandle;
  const get = async (plural: string, name: string): Promise<Obj> => (await h.api.getNamespacedCustomObject({ ...G, plural, namespace: 'fleet-local', name })) as Obj;
  const create = (plural: string, kind: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) =>
    h.api.createNamespacedCustomObject({ ...G, plural, namespace: 'fleet-local', body: { apiVersion: 'fleet.cattle.io/v1alpha1', kind, metadata: { name, namespace: 'fleet-local', labels }, spec } });

  beforeAll(async () => {
    h = await startHarness({ management: false });
    await h.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'fleet-local' } } });
    await create('clusters', 'Cluster', 'local', { kubeConfigSecret: 'local-kubeconfig', agentNamespace: 'cattle-fleet-local-system', redeployAgentGeneration: 1 }, { name: 'local' });
    await create('clustergroups', 'ClusterGroup', 'default', { selector: { matchLabels: { name: 'local' } } });
    sim = createFleetSim({
      kubeConfig: h.kubeConfig,
      seed: 11,
      speed: 1000,
      rates: { errApplied: 1, drift: 0, slowCluster: 0, silentCluster: 0, gitJobFailure: 0, newCommit: 0 },
      heartbeatSeconds: 0,
      coalesceMs: 10,
    });
    await sim.start();
  }, 60_000);

  afterAll(async () => {
    await sim?.stop();
    await h?.stop();
  });

  it('a deployment failing with a missing chart dependency shows ErrApplied with Helm text', async () => {
    await create('gitrepos', 'GitRepo', 'helm-app', { repo: 'https://github.com/rancher/fleet-examples', paths: ['single-cluster/helm'] });
    const repo = await waitFor(async () => {
      const r = await get('gitrepos', 'helm-app');
      return r.status?.display?.state === 'ErrApplied' ? r : undefined;
    }, 15_000, 'ErrApplied');
    // no targets → the default target (group `default`) → the local cluster
    expect(repo.status?.commit).toBe(commitFor(11, 'fleet-local/helm-app', 0));
    expect(repo.status?.display?.message).toBe('found in Chart.yaml, but missing in charts/ directory: redis');
    expect(repo.status?.display?.error).toBe(true);
    await sim.idle();
    const bundle = await get('bundles', 'helm-app-single-cluster-helm');
    expect(bundle.spec?.targets).toEqual([{ name: 'default', clusterGroup: 'default' }]);
    expect(bundle.status?.summary?.errApplied).toBe(1);
    const cluster = await get('clusters', 'local');
    const bds = (await h.api.listNamespacedCustomObject({ ...G, plural: 'bundledeployments', namespace: cluster.status?.namespace, labelSelector: `${LABELS.repoName}=helm-app` })) as { items: Obj[] };
    expect(bds.items[0]?.status?.display).toEqual({
      state: 'ErrApplied',
      deployed: 'Error: found in Chart.yaml, but missing in charts/ directory: redis',
      monitored: '',
    });
    expect(cluster.status?.display?.state).toBe('ErrApplied');
  }, 30_000);

  it('stop() ends every timer and watch: nothing is written afterwards', async () => {
    await sim.stop();
    const before = sim.stats().writes;
    await create('gitrepos', 'GitRepo', 'after-stop', { repo: 'https://github.com/rancher/fleet-examples', paths: ['simple'] });
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.stats().writes).toBe(before);
    expect(sim.stats().pending).toBe(0);
    expect((await get('gitrepos', 'after-stop')).status).toBeUndefined();
  }, 30_000);
});

describe('fleet-sim git job failures', () => {
  let h: Harness;
  let sim: FleetSimHandle;

  beforeAll(async () => {
    h = await startHarness({ management: false });
    await h.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'fleet-default' } } });
    sim = createFleetSim({
      kubeConfig: h.kubeConfig,
      seed: 3,
      speed: 1000,
      rates: { errApplied: 0, drift: 0, slowCluster: 0, silentCluster: 0, gitJobFailure: 1, newCommit: 0 },
      heartbeatSeconds: 0,
      coalesceMs: 10,
    });
    await sim.start();
  }, 60_000);

  afterAll(async () => {
    await sim?.stop();
    await h?.stop();
  });

  it('a failed job sets gitJobStatus Failed, Stalled True with the error, Reconciling False', async () => {
    await h.api.createNamespacedCustomObject({
      ...G,
      plural: 'gitrepos',
      namespace: 'fleet-default',
      body: { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'broken', namespace: 'fleet-default' }, spec: { repo: 'https://git.example.com/private/repo', branch: 'main' } },
    });
    const repo = await waitFor(async () => {
      const r = (await h.api.getNamespacedCustomObject({ ...G, plural: 'gitrepos', namespace: 'fleet-default', name: 'broken' })) as Obj;
      return r.status?.gitJobStatus === 'Failed' ? r : undefined;
    }, 15_000, 'Failed');
    const conditions = new Map((repo.status?.conditions as Array<{ type: string; status: string; message?: string }>).map((c) => [c.type, c]));
    expect(conditions.get('Stalled')?.status).toBe('True');
    expect(conditions.get('Stalled')?.message).toMatch(/^Job Failed\. failed: 1\/1: /);
    expect(conditions.get('Reconciling')?.status).toBe('False');
    expect(conditions.get('Ready')?.status).toBe('False');
    expect(repo.status?.display?.state).toBe('GitUpdating');
    expect(repo.status?.commit).toBeUndefined();
    await sim.idle();
  }, 30_000);
});
