import type { BundleDeploymentRow } from '@fleet-dashboard/contracts';
import { describe, expect, it } from 'vitest';
import { lastSeenText, reposOnCluster } from './cluster-detail.model';

const bd = (gitRepo: string, state: string) => ({ gitRepo, state }) as BundleDeploymentRow;

describe('reposOnCluster', () => {
  it('counts each GitRepo’s deployments on the cluster with the worst state', () => {
    expect(reposOnCluster([bd('web', 'Ready'), bd('app', 'Ready'), bd('web', 'Modified'), bd('web', 'ErrApplied'), bd('app', 'Ready')])).toEqual([
      { name: 'app', state: 'Ready', ready: 2, total: 2 },
      { name: 'web', state: 'ErrApplied', ready: 1, total: 3 },
    ]);
    expect(reposOnCluster([])).toEqual([]);
  });
});

describe('lastSeenText', () => {
  it('gives relative and absolute time, or never', () => {
    const now = Date.parse('2026-11-28T06:13:12Z');
    expect(lastSeenText('2026-11-28T06:10:12Z', now)).toBe('3m ago (2026-11-28 06:10:12 UTC)');
    expect(lastSeenText('', now)).toBe('never');
    expect(lastSeenText('garbage', now)).toBe('never');
  });
});
