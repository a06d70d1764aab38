import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  bundleDisplayState,
  clusterDisplayState,
  clusterGroupDisplayState,
  formatReadyRatio,
  gitRepoDisplayState,
  normalizePerClusterState,
  parseReadyRatio,
} from './display';
import { clusterSchema, gitRepoSchema } from './schemas';

const here = dirname(fileURLToPath(import.meta.url));
const examples = resolve(here, '../../../../shared/fleet/examples');
const fixture = gitRepoSchema.parse(parse(readFileSync(resolve(examples, 'gitrepo-status-modified.rancher-dashboard-fixture.yaml'), 'utf8')));

describe('display states', () => {
  it('the Rancher GitRepo fixture shows Modified and 1/2', () => {
    expect(gitRepoDisplayState(fixture)).toBe('Modified');
    expect(parseReadyRatio(fixture.status?.display?.readyBundleDeployments)).toEqual({ ready: 1, desired: 2 });
  });
  it('GitRepo: Paused wins, GitUpdating while the job is not Current, else display.state || Ready', () => {
    expect(gitRepoDisplayState({ ...fixture, spec: { paused: true } })).toBe('Paused');
    expect(gitRepoDisplayState({ ...fixture, status: { ...fixture.status, gitJobStatus: 'InProgress' } })).toBe('GitUpdating');
    expect(gitRepoDisplayState({ status: { display: { state: 'Modified' } } })).toBe('GitUpdating');
    expect(gitRepoDisplayState({ status: { gitJobStatus: 'Current', display: { state: '' } } })).toBe('Ready');
  });
  it('Cluster: WaitCheckIn without agent.lastSeen', () => {
    expect(clusterDisplayState({ status: { display: { state: '' } } })).toBe('WaitCheckIn');
    const example = clusterSchema.parse(parse(readFileSync(resolve(examples, 'cluster-fleet-local.harvester-doc.yaml'), 'utf8')));
    expect(clusterDisplayState(example)).toBe('Ready');
    expect(clusterDisplayState({ status: { agent: { lastSeen: '2025-01-01T00:00:00Z' }, display: { state: 'ErrApplied' } } })).toBe('ErrApplied');
  });
  it('Bundle and ClusterGroup: display.state || Ready; unknown values read as NotReady', () => {
    expect(bundleDisplayState({ status: { display: { state: 'WaitApplied' } } })).toBe('WaitApplied');
    expect(bundleDisplayState({})).toBe('Ready');
    expect(clusterGroupDisplayState({ status: { display: { state: 'Whatever' } } })).toBe('NotReady');
  });
});

describe('ready ratios', () => {
  it('parses r/d and r/d (names)', () => {
    expect(parseReadyRatio('3/4 (a,b)')).toEqual({ ready: 3, desired: 4, names: ['a', 'b'] });
    expect(parseReadyRatio('0/0')).toEqual({ ready: 0, desired: 0 });
    expect(parseReadyRatio('x/2')).toBeNull();
    expect(parseReadyRatio(undefined)).toBeNull();
  });
  it('formats and round-trips', () => {
    expect(formatReadyRatio(1, 2)).toBe('1/2');
    expect(formatReadyRatio(2, 4, ['c1', 'c2'])).toBe('2/4 (c1,c2)');
    expect(parseReadyRatio(formatReadyRatio(2, 4, ['c1', 'c2']))).toEqual({ ready: 2, desired: 4, names: ['c1', 'c2'] });
  });
});

describe('normalizePerClusterState', () => {
  it('v0.12+ object of lists (the fixture)', () => {
    const [missing, ready] = fixture.status?.resources ?? [];
    expect(normalizePerClusterState(missing?.perClusterState)).toEqual([{ clusterId: 'fleet-local/local', state: 'Missing' }]);
    expect(normalizePerClusterState(ready?.perClusterState)).toEqual([{ clusterId: 'fleet-local/local', state: 'Ready' }]);
  });
  it('v0.10–0.11 array of entries', () => {
    const legacy = gitRepoSchema.parse({
      status: {
        resources: [
          {
            kind: 'ConfigMap',
            perClusterState: [
              { clusterId: 'fleet-default/b', state: 'NotReady', message: 'x', error: true },
              { clusterId: 'fleet-default/a', state: 'Ready' },
            ],
          },
        ],
      },
    });
    expect(normalizePerClusterState(legacy.status?.resources?.[0]?.perClusterState)).toEqual([
      { clusterId: 'fleet-default/a', state: 'Ready' },
      { clusterId: 'fleet-default/b', state: 'NotReady', message: 'x', error: true },
    ]);
  });
  it('absent gives an empty list', () => {
    expect(normalizePerClusterState(undefined)).toEqual([]);
    expect(normalizePerClusterState(null)).toEqual([]);
  });
});
