import { DISPLAY_STATE_VALUES, listRowSchema } from '@fleet-dashboard/contracts';
import { DISPLAY_STATES } from '@fleet-dashboard/fleet-model';
import { describe, expect, it } from 'vitest';
import { listRowOf, sanitizeObject } from './list-row.mapper';

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'fleet-default', uid: 'u', resourceVersion: '7', creationTimestamp: '2024-01-01T00:00:00Z', ...extra });

describe('list rows', () => {
  it('uses the same display states as fleet-model', () => {
    expect([...DISPLAY_STATE_VALUES].sort()).toEqual([...DISPLAY_STATES].sort());
  });

  it('derives GitRepo columns', () => {
    const row = listRowOf('GitRepo', {
      kind: 'GitRepo',
      metadata: meta('app', { labels: { team: 'a' } }),
      spec: { repo: 'https://g/x', targets: [{ clusterGroup: 'prod' }] },
      status: {
        gitJobStatus: 'Current',
        commit: '0123456789abcdef',
        display: { state: 'Modified', message: 'drift' },
        readyClusters: 1,
        desiredReadyClusters: 2,
        summary: { ready: 3, desiredReady: 4, modified: 1 },
      },
    });
    expect(listRowSchema.parse(row)).toEqual(row);
    expect(row).toMatchObject({
      key: 'fleet-default/app',
      state: 'Modified',
      message: 'drift',
      branch: 'master',
      commit: '0123456',
      targetInfo: { mode: 'groups', groups: ['prod'] },
      readyBundleDeployments: 3,
      desiredReadyBundleDeployments: 4,
      bundleDeployments: { ready: 3, modified: 1, errApplied: 0 },
    });
  });

  it('derives Cluster, ClusterGroup, Bundle, BundleDeployment and Event columns', () => {
    const cluster = listRowOf('Cluster', {
      metadata: meta('c1', { labels: { 'management.cattle.io/cluster-display-name': 'Prod EU' } }),
      status: { agent: { lastSeen: '2024-01-02T00:00:00Z' }, display: { readyBundles: '2/3', state: 'NotReady' }, readyGitRepos: 1, desiredReadyGitRepos: 2, namespace: 'cluster-x' },
    });
    expect(cluster).toMatchObject({ kind: 'Cluster', state: 'NotReady', displayName: 'Prod EU', readyBundles: 2, desiredReadyBundles: 3, lastSeen: '2024-01-02T00:00:00Z', clusterNamespace: 'cluster-x' });
    expect(listRowOf('Cluster', { metadata: meta('c2') })).toMatchObject({ state: 'WaitCheckIn', lastSeen: '' });
    const group = listRowOf('ClusterGroup', {
      metadata: meta('g'),
      spec: { selector: { matchLabels: { env: 'prod' } } },
      status: { clusterCount: 3, nonReadyClusterCount: 1, nonReadyClusters: ['b'], display: { readyClusters: '2/3 (b)', readyBundles: '5/6' } },
    });
    expect(group).toMatchObject({ readyClusters: 2, clusterCount: 3, nonReadyClusters: ['b'], readyBundles: 5, desiredReadyBundles: 6, selector: 'env=prod' });
    expect(listRowOf('ClusterGroup', { metadata: meta('none') })).toMatchObject({ selector: null });
    const bundle = listRowOf('Bundle', {
      metadata: meta('app-x', { labels: { 'fleet.cattle.io/repo-name': 'app', 'fleet.cattle.io/commit': 'abcdef0123' } }),
      status: { display: { readyClusters: '1/2', state: 'WaitApplied' } },
    });
    expect(bundle).toMatchObject({ gitRepo: 'app', commit: 'abcdef0', readyClusters: 1, desiredReadyClusters: 2, state: 'WaitApplied' });
    const bd = listRowOf('BundleDeployment', {
      metadata: meta('app-x', { namespace: 'cluster-ns', labels: { 'fleet.cattle.io/bundle-namespace': 'fleet-default', 'fleet.cattle.io/cluster': 'c1', 'fleet.cattle.io/bundle-name': 'app-x' } }),
      status: { display: { state: 'ErrApplied', deployed: 'Error: boom' } },
    });
    expect(bd).toMatchObject({ key: 'cluster-ns/app-x', bundleNamespace: 'fleet-default', cluster: 'c1', state: 'ErrApplied', deployed: 'Error: boom' });
    const ev = listRowOf('Event', { metadata: meta('e1'), type: 'Warning', reason: 'Failed', message: 'no', involvedObject: { kind: 'GitRepo', name: 'app' }, count: 3, lastTimestamp: '2024-01-03T00:00:00Z' });
    expect(ev).toMatchObject({ type: 'Warning', involvedKind: 'GitRepo', involvedName: 'app', count: 3, lastTimestamp: '2024-01-03T00:00:00Z' });
    expect(listRowOf('Secret', { metadata: meta('s') })).toBeNull();
  });

  it('strips managedFields and the last-applied annotation only', () => {
    const obj = { metadata: { name: 'x', managedFields: [{}], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', a: 'b' } }, spec: { s: 1 } };
    const clean = sanitizeObject(obj);
    expect(clean).toEqual({ metadata: { name: 'x', annotations: { a: 'b' } }, spec: { s: 1 } });
    expect(obj.metadata.managedFields).toHaveLength(1);
  });
});

describe('Force Update generations in rows', () => {
  it('GitRepo rows carry the requested and the acted-on generation (0 when unset)', () => {
    const row = listRowOf('GitRepo', { kind: 'GitRepo', metadata: meta('a'), spec: { repo: 'r', forceSyncGeneration: 3 }, status: { updateGeneration: 2 } });
    expect(row).toMatchObject({ forceSyncGeneration: 3, updateGeneration: 2 });
    expect(listRowOf('GitRepo', { kind: 'GitRepo', metadata: meta('b'), spec: { repo: 'r' } })).toMatchObject({ forceSyncGeneration: 0, updateGeneration: 0 });
    expect(listRowSchema.parse(row)).toEqual(row);
  });

  it('Cluster rows report the deployed agent generation only for clusters with a kubeconfig secret', () => {
    const managed = listRowOf('Cluster', { kind: 'Cluster', metadata: meta('m'), spec: { kubeConfigSecret: 'kc', redeployAgentGeneration: 4 }, status: { agentDeployedGeneration: 3 } });
    expect(managed).toMatchObject({ redeployAgentGeneration: 4, agentDeployedGeneration: 3 });
    expect(listRowOf('Cluster', { kind: 'Cluster', metadata: meta('n'), spec: { kubeConfigSecret: 'kc' } })).toMatchObject({ agentDeployedGeneration: 0 });
    const registered = listRowOf('Cluster', { kind: 'Cluster', metadata: meta('r'), spec: { redeployAgentGeneration: 2 }, status: { agentDeployedGeneration: 2 } });
    expect(registered).toMatchObject({ redeployAgentGeneration: 2, agentDeployedGeneration: null });
    expect(listRowSchema.parse(managed)).toEqual(managed);
  });
});
