import type { BundleDeploymentRow, ClusterRow } from '@fleet-dashboard/contracts';
import { describe, expect, it } from 'vitest';
import { bundleCountsOf, clusterRowsOf, groupByCluster, helmDependencyErrors, resourceCountsOf, resourceRowsOf } from './gitrepo-detail.model';

const deployment = (cluster: string, bundle: string, state: string, deployed = 'True'): BundleDeploymentRow => ({
  kind: 'BundleDeployment',
  key: `cluster-ns-${cluster}/${bundle}`,
  name: bundle,
  namespace: `cluster-ns-${cluster}`,
  uid: `${cluster}-${bundle}`,
  resourceVersion: '1',
  createdAt: '2026-01-01T00:00:00Z',
  labels: {},
  state: state as BundleDeploymentRow['state'],
  bundle,
  bundleNamespace: 'fleet-default',
  gitRepo: 'app',
  cluster,
  deployed,
  monitored: 'True',
});

describe('resourceRowsOf', () => {
  it('gives one row per resource per cluster from the v0.12+ object form', () => {
    const rows = resourceRowsOf([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'web',
        name: 'frontend',
        perClusterState: { ready: ['cluster-ns-a/a'], modified: ['cluster-ns-b/b'] },
      },
      { apiVersion: 'v1', kind: 'Namespace', name: 'web', perClusterState: { ready: ['cluster-ns-a/a', 'cluster-ns-b/b'] } },
    ]);
    expect(rows.map((r) => [r.cluster, r.kind, r.namespace, r.name, r.state])).toEqual([
      ['a', 'Deployment', 'web', 'frontend', 'Ready'],
      ['b', 'Deployment', 'web', 'frontend', 'Modified'],
      ['a', 'Namespace', '', 'web', 'Ready'],
      ['b', 'Namespace', '', 'web', 'Ready'],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(4);
  });

  it('reads the v0.10–0.11 array form with messages, and tolerates a missing list', () => {
    const rows = resourceRowsOf([
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'x', name: 'cm', perClusterState: [{ clusterId: 'ns/c1', state: 'NotReady', message: 'waiting' }] },
    ]);
    expect(rows).toEqual([expect.objectContaining({ cluster: 'c1', clusterId: 'ns/c1', state: 'NotReady', message: 'waiting' })]);
    expect(resourceRowsOf(undefined)).toEqual([]);
  });
});

describe('groupByCluster', () => {
  it('groups rows by cluster in natural order with counts per state, Ready last', () => {
    const rows = resourceRowsOf([
      { apiVersion: 'v1', kind: 'A', name: 'a', perClusterState: { ready: ['n/c10', 'n/c2'], missing: ['n/c2'] } },
      { apiVersion: 'v1', kind: 'B', name: 'b', perClusterState: { ready: ['n/c2'] } },
    ]);
    const groups = groupByCluster(rows);
    expect(groups.map((g) => g.cluster)).toEqual(['c2', 'c10']);
    expect(groups[0]!.counts).toEqual([
      { state: 'Missing', count: 1 },
      { state: 'Ready', count: 2 },
    ]);
    expect(groups[1]!.rows).toHaveLength(1);
  });
});

describe('counts for the cards', () => {
  it('lists the non-zero states of the bundle summary and the wanted total', () => {
    expect(bundleCountsOf({ ready: 3, desiredReady: 5, errApplied: 1, modified: 1, notReady: 0 })).toEqual({
      items: [
        { state: 'Ready', count: 3 },
        { state: 'ErrApplied', count: 1 },
        { state: 'Modified', count: 1 },
      ],
      desired: 5,
    });
    expect(bundleCountsOf(undefined)).toEqual({ items: [], desired: 0 });
  });

  it('lists resource counts including Missing and Orphaned', () => {
    expect(resourceCountsOf({ ready: 10, desiredReady: 12, missing: 1, orphaned: 1 }).items.map((c) => c.state)).toEqual(['Ready', 'Missing', 'Orphaned']);
  });
});

describe('clusterRowsOf', () => {
  it('gives each cluster the worst state of the repo’s deployments, ready counts and the error messages', () => {
    const clusters = [{ name: 'a', displayName: 'Cluster A', labels: { env: 'prod' } } as unknown as ClusterRow];
    const rows = clusterRowsOf(
      [deployment('a', 'app-one', 'Ready'), deployment('a', 'app-two', 'ErrApplied', 'Error: chart failed'), deployment('b', 'app-one', 'Ready')],
      clusters,
    );
    const a = rows.find((r) => r.name === 'a')!;
    expect(a).toMatchObject({ state: 'ErrApplied', ready: 1, total: 2, message: 'app-two: chart failed', displayName: 'Cluster A', labels: { env: 'prod' } });
    expect(rows.find((r) => r.name === 'b')).toMatchObject({ state: 'Ready', ready: 1, total: 1, message: '', displayName: 'b' });
  });
});

describe('helmDependencyErrors', () => {
  it('finds Fleet’s missing chart dependency errors in the status and in deployment messages, once each', () => {
    const missing = 'helm chart: found in Chart.yaml, but missing in charts/ directory: redis';
    const status = {
      display: { message: missing },
      conditions: [
        { type: 'Ready', message: missing },
        { type: 'Stalled', message: 'run helm dependency build first' },
        { type: 'Accepted', message: 'all good' },
      ],
    };
    expect(helmDependencyErrors(status)).toEqual([missing, 'run helm dependency build first']);
    expect(helmDependencyErrors({}, ['app-one: Error: something else'])).toEqual([]);
    expect(helmDependencyErrors(undefined, ['b: found in Chart.yaml, but missing in charts/ directory: x'])).toHaveLength(1);
  });
});
