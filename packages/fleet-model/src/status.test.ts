import { describe, expect, it } from 'vitest';
import { LABELS, bundleDeploymentLabels, clusterNamespace } from './naming';
import { deriveBundleStatus, deriveClusterGroupStatus, deriveClusterStatus, deriveGitRepoStatus, setCondition } from './status';
import type { Bundle, BundleDeployment, Cluster, ClusterGroup, GitRepo } from './types';

const ws = 'fleet-default';
const cluster = (name: string, extra: Partial<Cluster> = {}): Cluster => ({
  metadata: { name, namespace: ws, labels: { env: 'prod' } },
  status: { namespace: clusterNamespace(ws, name), agent: { lastSeen: '2025-01-01T00:00:00Z' } },
  ...extra,
});
const gitRepo: GitRepo = { metadata: { name: 'app', namespace: ws }, spec: { repo: 'https://example.invalid/app' }, status: { gitJobStatus: 'Current' } };
const bundle = (name: string): Bundle => ({ metadata: { name, namespace: ws, labels: { [LABELS.repoName]: 'app', [LABELS.commit]: 'c1' } } });

interface BdOpts {
  uid?: string;
  applied?: string;
  ready?: boolean;
  nonModified?: boolean;
  staged?: string;
  conditions?: NonNullable<BundleDeployment['status']>['conditions'];
  resources?: NonNullable<BundleDeployment['status']>['resources'];
  modifiedStatus?: NonNullable<BundleDeployment['status']>['modifiedStatus'];
  resourceCounts?: NonNullable<BundleDeployment['status']>['resourceCounts'];
}
function bd(bundleName: string, clusterName: string, o: BdOpts = {}): BundleDeployment {
  const c = cluster(clusterName);
  return {
    metadata: { name: bundleName, namespace: c.status?.namespace, uid: o.uid ?? `${bundleName}-${clusterName}`, labels: bundleDeploymentLabels(bundle(bundleName), c) },
    spec: { deploymentID: 'd1', stagedDeploymentID: o.staged ?? 'd1' },
    status: {
      appliedDeploymentID: o.applied ?? 'd1',
      ready: o.ready ?? true,
      nonModified: o.nonModified ?? true,
      conditions: o.conditions ?? null,
      resources: o.resources ?? null,
      modifiedStatus: o.modifiedStatus ?? null,
      resourceCounts: o.resourceCounts ?? null,
    },
  };
}

describe('deriveBundleStatus', () => {
  it('targeted clusters without a BD are Pending; names are <ns>/<cluster>; Ready message uses [Cluster …]', () => {
    const s = deriveBundleStatus(bundle('app-web'), [bd('app-web', 'c1')], [cluster('c2'), cluster('c1')]);
    expect(s.summary).toEqual({ ready: 1, desiredReady: 2, pending: 1, nonReadyResources: [{ name: `${ws}/c2`, bundleState: 'Pending' }] });
    expect(s.display).toEqual({ readyClusters: '1/2', state: 'Pending' });
    expect(s.conditions).toEqual([{ type: 'Ready', status: 'False', message: `Pending(1) [Cluster ${ws}/c2]` }]);
  });
  it('subtlety 7: with the target new deploymentID a Ready BD shows WaitApplied', () => {
    const s = deriveBundleStatus(bundle('app-web'), [bd('app-web', 'c1')], [{ cluster: cluster('c1'), deploymentId: 'd2' }]);
    expect(s.display.state).toBe('WaitApplied');
    expect(s.unavailable).toBe(1);
  });
  it('all Ready: state "" and Ready=True without message', () => {
    const s = deriveBundleStatus(bundle('app-web'), [bd('app-web', 'c1')], [cluster('c1')], { now: 'T1' });
    expect(s.display).toEqual({ readyClusters: '1/1', state: '' });
    expect(s.conditions).toEqual([{ type: 'Ready', status: 'True', lastUpdateTime: 'T1' }]);
  });
});

describe('deriveGitRepoStatus', () => {
  it('counts BDs of this repo only, ready clusters need all BDs Ready', () => {
    const foreign = { ...bd('other', 'c1'), metadata: { name: 'other', labels: { [LABELS.repoName]: 'other', [LABELS.bundleNamespace]: ws } } };
    const s = deriveGitRepoStatus(gitRepo, [bundle('app-web')], [
      bd('app-web', 'c1'),
      bd('app-db', 'c1', { nonModified: false }),
      bd('app-web', 'c2'),
      foreign,
    ]);
    expect(s.summary).toMatchObject({ ready: 2, desiredReady: 3, modified: 1 });
    expect(s.display).toEqual({ readyBundleDeployments: '2/3', state: 'Modified', message: '', error: false });
    expect(s.readyClusters).toBe(1);
    expect(s.desiredReadyClusters).toBe(2);
    expect(s.conditions[0]).toEqual({ type: 'Ready', status: 'False', message: 'Modified(1) [Bundle app-db]' });
  });
  it('display.state is "" when all Ready and GitUpdating while the job is not Current', () => {
    expect(deriveGitRepoStatus(gitRepo, [], [bd('app-web', 'c1')]).display.state).toBe('');
    const updating = deriveGitRepoStatus({ ...gitRepo, status: { gitJobStatus: 'InProgress' } }, [], [bd('app-web', 'c1')]);
    expect(updating.display.state).toBe('GitUpdating');
  });
  it('subtlety 8: message from the first BD with the worst state (by UID), even if empty', () => {
    const failed = (msg: string) => [{ type: 'Deployed', status: 'False', message: msg }];
    const s = deriveGitRepoStatus(gitRepo, [], [
      bd('b', 'c1', { uid: '2', applied: 'd0', conditions: failed('second') }),
      bd('a', 'c1', { uid: '1', applied: 'd0', conditions: [{ type: 'Deployed', status: 'False' }] }),
      bd('c', 'c1', { uid: '0', ready: false, conditions: failed('not ready') }),
    ]);
    expect(s.display).toMatchObject({ state: 'ErrApplied', message: '', error: false });
  });
  it("a Bundle's Ready=False (templating error) is copied onto the GitRepo", () => {
    const broken: Bundle = { ...bundle('app-web'), status: { conditions: [{ type: 'Ready', status: 'False', message: 'template: bad' }] } };
    const s = deriveGitRepoStatus(gitRepo, [broken], []);
    expect(s.conditions.find((c) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'False', message: 'template: bad' });
  });
  it('resources use the v0.12+ perClusterState object; counts sum the BDs per cluster ID', () => {
    const counts = { ready: 2, desiredReady: 2, missing: 1, modified: 0, notReady: 0, orphaned: 0, unknown: 0, waitApplied: 0 };
    const s = deriveGitRepoStatus(gitRepo, [], [
      bd('app-web', 'c1', {
        nonModified: false,
        resources: [
          { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'lots-a', name: 'test-config-one' },
          { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'lots-a', name: 'test-config-two' },
        ],
        modifiedStatus: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'lots-a', name: 'test-config-one', missing: true }],
        resourceCounts: counts,
      }),
    ]);
    const id = `${ws}/c1`;
    expect(s.resources).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', type: 'configmap', id: 'lots-a/test-config-one', name: 'test-config-one', namespace: 'lots-a', state: 'Missing', perClusterState: { missing: [id] } },
      { apiVersion: 'v1', kind: 'ConfigMap', type: 'configmap', id: 'lots-a/test-config-two', name: 'test-config-two', namespace: 'lots-a', state: 'Ready', perClusterState: { ready: [id] } },
    ]);
    expect(s.perClusterResourceCounts).toEqual({ [id]: counts });
    expect(s.resourceCounts).toEqual(counts);
  });
});

describe('deriveClusterStatus', () => {
  it('subtlety 9: a GitRepo is ready on a cluster if ANY of its BDs there is Ready', () => {
    const s = deriveClusterStatus(cluster('c1'), [bd('app-web', 'c1'), bd('app-db', 'c1', { ready: false })]);
    expect(s.readyGitRepos).toBe(1);
    expect(s.desiredReadyGitRepos).toBe(1);
    expect(s.display).toEqual({ readyBundles: '1/2', state: 'NotReady' });
    expect(s.summary.nonReadyResources?.[0]?.name).toBe('app-db');
  });
  it('WaitCheckIn when agent.lastSeen is unset', () => {
    const s = deriveClusterStatus({ ...cluster('c1'), status: {} }, [bd('app-web', 'c1')]);
    expect(s.display.state).toBe('WaitCheckIn');
  });
  it('with gitRepos: only existing repos count and their resourceCounts are summed', () => {
    const withCounts: GitRepo = { ...gitRepo, status: { resourceCounts: { ready: 3, desiredReady: 4, notReady: 1 } } };
    const s = deriveClusterStatus(cluster('c1'), [bd('app-web', 'c1')], { gitRepos: [withCounts] });
    expect(s.resourceCounts).toMatchObject({ ready: 3, desiredReady: 4, notReady: 1, missing: 0 });
    expect(deriveClusterStatus(cluster('c1'), [bd('app-web', 'c1')], { gitRepos: [] }).desiredReadyGitRepos).toBe(0);
  });
});

describe('deriveClusterGroupStatus', () => {
  const withSummary = (name: string, ready: number, desired: number): Cluster => ({
    ...cluster(name),
    status: { summary: { ready, desiredReady: desired, ...(ready < desired ? { notReady: desired - ready, nonReadyResources: [{ name: 'x', bundleState: 'NotReady' }] } : {}) } },
  });
  const group: ClusterGroup = { metadata: { name: 'prod', namespace: ws }, spec: { selector: { matchLabels: { env: 'prod' } } } };
  it('ready/total plus the non-ready cluster names', () => {
    const s = deriveClusterGroupStatus(group, [withSummary('b', 1, 2), withSummary('a', 2, 2), withSummary('c', 0, 1)]);
    expect(s).toMatchObject({ clusterCount: 3, nonReadyClusterCount: 2, nonReadyClusters: ['b', 'c'] });
    expect(s.display).toEqual({ readyClusters: '1/3 (b,c)', readyBundles: '3/5', state: 'NotReady' });
  });
  it('at most 10 non-ready clusters are named; a group without selector has no members', () => {
    const many = Array.from({ length: 12 }, (_, i) => withSummary(`c${String(i).padStart(2, '0')}`, 0, 1));
    const s = deriveClusterGroupStatus(group, many);
    expect(s.nonReadyClusterCount).toBe(12);
    expect(s.nonReadyClusters).toHaveLength(10);
    expect(deriveClusterGroupStatus({ ...group, spec: {} }, many).clusterCount).toBe(0);
    expect(deriveClusterGroupStatus(group, []).display).toEqual({ readyClusters: '0/0', readyBundles: '0/0', state: '' });
  });
});

describe('setCondition', () => {
  it('keeps lastUpdateTime when unchanged and sets it when changed', () => {
    const prev = [{ type: 'Ready', status: 'True', lastUpdateTime: 'T0' }, { type: 'Other', status: 'True' }];
    expect(setCondition(prev, { type: 'Ready', status: 'True' }, 'T1')[0]?.lastUpdateTime).toBe('T0');
    expect(setCondition(prev, { type: 'Ready', status: 'False', message: 'x' }, 'T1')[0]).toEqual({ type: 'Ready', status: 'False', message: 'x', lastUpdateTime: 'T1' });
    expect(setCondition(prev, { type: 'Ready', status: 'True' }, 'T1')).toHaveLength(2);
  });
});
