import { describe, expect, it } from 'vitest';
import { LABELS } from './naming';
import { DEFAULT_TARGETS, gitRepoTargetInfo, gitRepoTargetMode, gitRepoTargets, matchTarget, targetClusters } from './target';
import type { BundleTarget, Cluster, ClusterGroup, GitRepo, GitTarget, LabelSelector } from './types';

const ns = 'fleet-default';
const cluster = (name: string, labels: Record<string, string> = {}): Cluster => ({ metadata: { name, namespace: ns, labels } });
const group = (name: string, selector: LabelSelector | undefined, labels: Record<string, string> = {}): ClusterGroup => ({
  metadata: { name, namespace: ns, labels },
  spec: selector === undefined ? {} : { selector },
});

describe('targets: the fields set in one target are ANDed', () => {
  const c = cluster('c1', { env: 'prod' });
  const groups = [group('prod', { matchLabels: { env: 'prod' } }, { tier: 'gold' })];
  it('clusterName, clusterGroup, clusterGroupSelector, clusterSelector', () => {
    expect(matchTarget({ clusterName: 'c1' }, c, groups)).toBe(true);
    expect(matchTarget({ clusterGroup: 'prod' }, c, groups)).toBe(true);
    expect(matchTarget({ clusterGroupSelector: { matchLabels: { tier: 'gold' } } }, c, groups)).toBe(true);
    expect(matchTarget({ clusterSelector: { matchLabels: { env: 'prod' } } }, c, groups)).toBe(true);
    expect(matchTarget({ clusterName: 'c1', clusterSelector: { matchLabels: { env: 'dev' } } }, c, groups)).toBe(false);
  });
  it('a target with none of the fields matches nothing; clusterSelector {} matches all', () => {
    expect(matchTarget({ name: 'empty' }, c, groups)).toBe(false);
    expect(matchTarget({ clusterSelector: {} }, cluster('other'), [])).toBe(true);
  });
});

describe('subtlety 1: clusterName matches the name or the display-name label', () => {
  it('matches management.cattle.io/cluster-display-name', () => {
    const c = cluster('c-m-abc123', { [LABELS.clusterDisplayName]: 'prod-eu' });
    expect(matchTarget({ clusterName: 'prod-eu' }, c, [])).toBe(true);
    expect(matchTarget({ clusterName: 'c-m-abc123' }, c, [])).toBe(true);
    expect(matchTarget({ clusterName: 'prod-us' }, c, [])).toBe(false);
  });
});

describe('subtlety 2: with restrictions, the first len(targets)-len(restrictions) targets are customizations', () => {
  it('an identical customization never selects clusters, it only applies options', () => {
    const targets: BundleTarget[] = [
      { name: 'custom', clusterSelector: { matchLabels: { env: 'prod' } }, namespace: 'custom-ns' },
      { name: 'gitrepo', clusterSelector: { matchLabels: { env: 'prod' } } },
    ];
    const spec = { targets, targetRestrictions: [{ name: 'gitrepo', clusterSelector: { matchLabels: { env: 'prod' } } }] };
    const [r] = targetClusters(spec, [cluster('c1', { env: 'prod' })], []);
    expect(r?.target?.name).toBe('gitrepo');
    expect(r?.customizations.map((t) => t.name)).toEqual(['custom']);
    expect(r?.deploy).toBe(true);
  });
  it('a customization matching a cluster the GitRepo does not target gives nothing', () => {
    const spec = {
      targets: [{ name: 'custom', clusterSelector: {} }, { name: 'gitrepo', clusterName: 'c1' }],
      targetRestrictions: [{ name: 'gitrepo', clusterName: 'c1' }],
    };
    const result = targetClusters(spec, [cluster('c1'), cluster('c2')], []);
    expect(result.map((r) => r.target?.name ?? null)).toEqual(['gitrepo', null]);
  });
  it('without restrictions every target selects (standalone bundles)', () => {
    const [r] = targetClusters({ targets: [{ name: 'a', clusterName: 'c1' }] }, [cluster('c1')], []);
    expect(r?.target?.name).toBe('a');
  });
  it('doNotDeploy on the first matching customization (FirstMatch) or any (AllMatches) skips the cluster', () => {
    const targets: BundleTarget[] = [
      { name: 'keep', clusterSelector: {} },
      { name: 'skip', clusterSelector: {}, doNotDeploy: true },
      { name: 'gitrepo', clusterSelector: {} },
    ];
    const restrictions = [{ name: 'gitrepo', clusterSelector: {} }];
    const [first] = targetClusters({ targets, targetRestrictions: restrictions }, [cluster('c1')], []);
    expect(first?.deploy).toBe(true);
    const [all] = targetClusters({ targets, targetRestrictions: restrictions, targetCustomizationMode: 'AllMatches' }, [cluster('c1')], []);
    expect(all?.customizations.map((t) => t.name)).toEqual(['keep', 'skip']);
    expect(all?.deploy).toBe(false);
    expect(all?.doNotDeploy).toBe(true);
  });
});

describe('subtlety 3: restriction and target must match through the same cluster group', () => {
  const c = cluster('c1', { a: 'yes', b: 'yes' });
  const groups = [group('a', { matchLabels: { a: 'yes' } }), group('b', { matchLabels: { b: 'yes' } })];
  it('restriction a + target b gives nothing for a cluster in groups a and b', () => {
    const [r] = targetClusters({ targets: [{ name: 't', clusterGroup: 'b' }], targetRestrictions: [{ name: 'r', clusterGroup: 'a' }] }, [c], groups);
    expect(r?.target).toBeNull();
    const [ok] = targetClusters({ targets: [{ name: 't', clusterGroup: 'b' }], targetRestrictions: [{ name: 'r', clusterGroup: 'b' }] }, [c], groups);
    expect(ok?.target?.name).toBe('t');
  });
  it('clusterGroup and clusterGroupSelector in one target must hold for the same group', () => {
    const labelled = [group('a', { matchLabels: { a: 'yes' } }, { color: 'red' }), group('b', { matchLabels: { b: 'yes' } }, { color: 'blue' })];
    expect(matchTarget({ clusterGroup: 'a', clusterGroupSelector: { matchLabels: { color: 'blue' } } }, c, labelled)).toBe(false);
    expect(matchTarget({ clusterGroup: 'a', clusterGroupSelector: { matchLabels: { color: 'red' } } }, c, labelled)).toBe(true);
  });
});

describe('subtlety 4: missing selector is no criterion, {} matches everything', () => {
  it('clusterGroupSelector {} matches a cluster in no group', () => {
    expect(matchTarget({ clusterGroupSelector: {} }, cluster('lonely'), [])).toBe(true);
    expect(matchTarget({ clusterGroupSelector: null, clusterName: 'lonely' }, cluster('lonely'), [])).toBe(true);
  });
  it('a ClusterGroup without spec.selector has no members', () => {
    const groups = [group('empty', undefined)];
    expect(matchTarget({ clusterGroup: 'empty' }, cluster('c1'), groups)).toBe(false);
  });
  it('groups of another namespace are ignored', () => {
    const other: ClusterGroup = { metadata: { name: 'g', namespace: 'elsewhere' }, spec: { selector: {} } };
    expect(matchTarget({ clusterGroup: 'g' }, cluster('c1'), [other])).toBe(false);
  });
});

describe('the first matching target is used', () => {
  it('in target order', () => {
    const targets = [
      { name: 'first', clusterSelector: { matchLabels: { env: 'prod' } } },
      { name: 'second', clusterSelector: {} },
    ];
    const res = targetClusters({ targets, targetRestrictions: targets }, [cluster('p', { env: 'prod' }), cluster('d', { env: 'dev' })], []);
    expect(res.map((r) => r.target?.name)).toEqual(['first', 'second']);
  });
});

describe('GitRepo targets and the Target column', () => {
  const gr = (targets?: GitTarget[]): GitRepo => ({
    metadata: { name: 'r', namespace: ns },
    spec: { repo: 'https://example.invalid/r', targets },
  });
  it('DEFAULT_TARGETS apply when a GitRepo has no targets', () => {
    expect(DEFAULT_TARGETS).toEqual([{ name: 'default', clusterGroup: 'default' }]);
    expect(gitRepoTargets(gr())).toBe(DEFAULT_TARGETS);
    expect(gitRepoTargets(gr([{ clusterName: 'x' }]))).toEqual([{ clusterName: 'x' }]);
  });
  it('modes: none, all, clusters, groups, advanced', () => {
    expect(gitRepoTargetMode(gr())).toBe('none');
    expect(gitRepoTargetMode(gr([]))).toBe('none');
    expect(gitRepoTargetMode(gr([{ name: 'all', clusterSelector: {} }]))).toBe('all');
    expect(gitRepoTargetInfo(gr([{ clusterName: 'a' }, { clusterSelector: { matchExpressions: [{ key: LABELS.clusterName, operator: 'In', values: ['c-m-1'] }] } }]))).toEqual({
      mode: 'clusters',
      clusters: ['a', 'c-m-1'],
      groups: [],
    });
    expect(gitRepoTargetInfo(gr([{ clusterGroup: 'g1' }, { clusterGroup: 'g2' }]))).toEqual({ mode: 'groups', clusters: [], groups: ['g1', 'g2'] });
    expect(gitRepoTargetMode(gr([{ clusterName: 'a', clusterGroup: 'g' }]))).toBe('advanced');
    expect(gitRepoTargetMode(gr([{ clusterSelector: { matchLabels: { env: 'prod' } } }]))).toBe('advanced');
    expect(gitRepoTargetMode(gr([{ clusterName: 'a' }, { clusterGroup: 'g' }]))).toBe('advanced');
  });
});
