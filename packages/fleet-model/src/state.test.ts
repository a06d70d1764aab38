import { describe, expect, it } from 'vitest';
import {
  BUNDLE_STATES,
  addToSummary,
  bundleDeploymentState,
  emptySummary,
  mergeSummaries,
  messageFromDeployment,
  modifiedStatusMessage,
  nonReadyStatusMessage,
  readyMessage,
  stateRank,
  summarize,
  summaryKey,
  summaryState,
  worstState,
} from './state';
import type { BundleDeployment, BundleSummary } from './types';

function bd(over: { spec?: BundleDeployment['spec']; status?: BundleDeployment['status']; name?: string } = {}): BundleDeployment {
  return {
    metadata: { name: over.name ?? 'bd' },
    spec: { deploymentID: 'd1', stagedDeploymentID: 'd1', ...over.spec },
    status: { appliedDeploymentID: 'd1', ready: true, nonModified: true, ...over.status },
  };
}

describe('ranking', () => {
  it('ranks ErrApplied 7 > WaitApplied 6 > Modified 5 > OutOfSync 4 > Pending 3 > NotReady 2 > Ready 1', () => {
    expect(BUNDLE_STATES.map(stateRank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stateRank('ErrApplied')).toBe(7);
    expect(stateRank('')).toBe(0);
    expect(worstState(['Ready', 'Modified', 'Pending'])).toBe('Modified');
    expect(worstState([])).toBeUndefined();
    expect(summaryKey('WaitApplied')).toBe('waitApplied');
  });
});

describe('subtlety 7: BundleDeployment state, first rule wins', () => {
  it('a wrong applied ID beats not-ready (WaitApplied)', () => {
    expect(bundleDeploymentState(bd({ status: { appliedDeploymentID: 'd0', ready: false } }))).toBe('WaitApplied');
  });
  it('ErrApplied only when Deployed is exactly "False"', () => {
    const cond = (status: string) => [{ type: 'Deployed', status, message: 'boom' }];
    expect(bundleDeploymentState(bd({ status: { appliedDeploymentID: 'd0', conditions: cond('False') } }))).toBe('ErrApplied');
    expect(bundleDeploymentState(bd({ status: { appliedDeploymentID: 'd0', conditions: cond('Unknown') } }))).toBe('WaitApplied');
    expect(bundleDeploymentState(bd({ status: { appliedDeploymentID: 'd0', conditions: cond('false') } }))).toBe('WaitApplied');
  });
  it('once the IDs match, Deployed=False is ignored', () => {
    expect(bundleDeploymentState(bd({ status: { conditions: [{ type: 'Deployed', status: 'False' }] } }))).toBe('Ready');
  });
  it('not-ready beats OutOfSync, which beats Modified', () => {
    expect(bundleDeploymentState(bd({ spec: { stagedDeploymentID: 'd2' }, status: { ready: false, nonModified: false } }))).toBe('NotReady');
    expect(bundleDeploymentState(bd({ spec: { stagedDeploymentID: 'd2' }, status: { nonModified: false } }))).toBe('OutOfSync');
    expect(bundleDeploymentState(bd({ status: { nonModified: false } }))).toBe('Modified');
    expect(bundleDeploymentState(bd())).toBe('Ready');
  });
  it('a new empty BD counts as NotReady; a paused one shows OutOfSync', () => {
    expect(bundleDeploymentState({ metadata: { name: 'new' }, spec: {}, status: {} })).toBe('NotReady');
    const paused = bd({ spec: { deploymentID: 'd1', stagedDeploymentID: 'd2', paused: true } });
    expect(bundleDeploymentState(paused)).toBe('OutOfSync');
  });
  it('at Bundle level the target deploymentID is used, so a Ready BD can show WaitApplied', () => {
    expect(bundleDeploymentState(bd())).toBe('Ready');
    expect(bundleDeploymentState(bd(), 'd2')).toBe('WaitApplied');
  });
});

describe('summaries', () => {
  it('serializes like Fleet: ready/desiredReady always, zero counters omitted', () => {
    expect(emptySummary()).toEqual({ ready: 0, desiredReady: 0 });
    const s = summarize([{ state: 'Ready', name: 'a' }, { state: 'Modified', name: 'b' }]);
    expect(s).toEqual({ ready: 1, desiredReady: 2, modified: 1, nonReadyResources: [{ name: 'b', bundleState: 'Modified' }] });
    expect(JSON.stringify(addToSummary(emptySummary(), 'Ready'))).toBe('{"ready":1,"desiredReady":1}');
  });
  it('lists at most 10 non-ready resources while counting all', () => {
    const s = summarize(Array.from({ length: 15 }, (_, i) => ({ state: 'NotReady' as const, name: `bd-${i}` })));
    expect(s.notReady).toBe(15);
    expect(s.nonReadyResources).toHaveLength(10);
  });
  it('is pure: addToSummary does not mutate its input', () => {
    const s = emptySummary();
    addToSummary(s, 'Pending', { name: 'x' });
    expect(s).toEqual({ ready: 0, desiredReady: 0 });
  });
  it('mergeSummaries appends all of right while left lists fewer than 10 (Fleet Increment)', () => {
    const left = summarize(Array.from({ length: 9 }, (_, i) => ({ state: 'NotReady' as const, name: `l${i}` })));
    const right = summarize(Array.from({ length: 5 }, (_, i) => ({ state: 'Modified' as const, name: `r${i}` })));
    const merged = mergeSummaries(left, right);
    expect(merged.nonReadyResources).toHaveLength(14);
    expect(merged).toMatchObject({ ready: 0, desiredReady: 14, notReady: 9, modified: 5 });
  });
});

describe('subtlety 5: display state comes only from nonReadyResources', () => {
  it('counters above 0 with an empty list give Ready=True (no message) and state ""', () => {
    const s: BundleSummary = { ready: 0, desiredReady: 3, notReady: 3 };
    expect(readyMessage(s, 'Bundle')).toBe('');
    expect(summaryState(s)).toBe('');
  });
  it('the worst listed state wins', () => {
    const s = summarize([
      { state: 'NotReady', name: 'a' },
      { state: 'ErrApplied', name: 'b' },
      { state: 'Modified', name: 'c' },
    ]);
    expect(summaryState(s)).toBe('ErrApplied');
  });
});

describe('subtlety 6: Ready message names only the first resource per state, count from the counter', () => {
  it('sorts all lines together and joins with "; "', () => {
    let s = summarize([
      { state: 'NotReady', name: 'b-second', message: 'waiting' },
      { state: 'NotReady', name: 'a-first' },
      { state: 'Modified', name: 'm' },
    ]);
    s = { ...s, notReady: 5 };
    expect(readyMessage(s, 'Bundle')).toBe('Modified(1) [Bundle m]; NotReady(5) [Bundle b-second: waiting]');
  });
  it('reproduces the Rancher fixture message (Bundle copies use [Cluster ns/name])', () => {
    const s = summarize([
      {
        state: 'Modified',
        name: 'fleet-local/local',
        modifiedStatus: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'lots-a', name: 'test-config-one', missing: true }],
      },
    ]);
    expect(readyMessage(s, 'Cluster')).toBe('Modified(1) [Cluster fleet-local/local]; configmap.v1 lots-a/test-config-one missing');
  });
  it('adds at most 4 modified and 4 non-ready lines per state', () => {
    const modifiedStatus = Array.from({ length: 6 }, (_, i) => ({ kind: 'ConfigMap', apiVersion: 'v1', namespace: 'n', name: `c${i}` }));
    const s = summarize([{ state: 'Modified', name: 'x', modifiedStatus }]);
    expect(readyMessage(s, 'Bundle').split('; ')).toHaveLength(5);
  });
});

describe('subtlety 10: resource names in messages', () => {
  it('core resources render as pod.v1 ns/name; groups keep the group only', () => {
    expect(modifiedStatusMessage({ apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'p', missing: true })).toBe('pod.v1 ns/p missing');
    expect(modifiedStatusMessage({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ns', name: 'd', delete: true })).toBe(
      'deployment.apps ns/d extra',
    );
    expect(modifiedStatusMessage({ apiVersion: 'v1', kind: 'Namespace', name: 'n', patch: '{"a":1}' })).toBe('namespace.v1 n modified {"a":1}');
    expect(modifiedStatusMessage({ kind: 'Secret', namespace: 'ns', name: 's' })).toBe('secret ns/s modified ');
  });
  it('non-ready status uses wrangler Summary.String()', () => {
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ns', name: 'd' };
    expect(nonReadyStatusMessage({ ...base, summary: { state: 'in-progress' } })).toBe('deployment.apps ns/d in-progress');
    expect(nonReadyStatusMessage({ ...base, summary: { state: 'x', transitioning: true, message: ['a', 'b'] } })).toBe(
      'deployment.apps ns/d [progressing] a, b',
    );
    expect(nonReadyStatusMessage({ ...base, summary: { error: true, message: ['bad'] } })).toBe('deployment.apps ns/d error] bad');
    expect(nonReadyStatusMessage({ ...base, summary: { error: true, transitioning: true } })).toBe('deployment.apps ns/d [progressing,error]');
  });
});

describe('subtlety 8 (message part): messageFromDeployment', () => {
  it('prefers Deployed, then Installed, then Monitored', () => {
    const c = (type: string, message: string) => ({ type, status: 'False', message });
    expect(messageFromDeployment(bd({ status: { conditions: [c('Monitored', 'm'), c('Deployed', 'd')] } }))).toBe('d');
    expect(messageFromDeployment(bd({ status: { conditions: [c('Monitored', 'm'), c('Installed', 'i')] } }))).toBe('i');
    expect(messageFromDeployment(bd({ status: { conditions: [c('Monitored', 'm')] } }))).toBe('m');
    expect(messageFromDeployment(undefined)).toBe('');
  });
  it('hides Installed messages while applied and desired deployment IDs differ', () => {
    const conditions = [
      { type: 'Installed', status: 'True', message: 'old release' },
      { type: 'Monitored', status: 'False', message: 'mon' },
    ];
    expect(messageFromDeployment(bd({ status: { appliedDeploymentID: 'd0', conditions } }))).toBe('mon');
  });
});
