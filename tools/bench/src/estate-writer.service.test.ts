import { describe, expect, it } from 'vitest';
import { scaleEstate } from '@fleet-dashboard/fleet-sim';
import { LABELS, clusterNamespace } from '@fleet-dashboard/fleet-model';
import { planEstate } from './estate-writer.service';

describe('planEstate', () => {
  it('derives a bundle per path and a deployment target per shard cluster, as fleet-controller would', () => {
    const profile = { clusters: 40, gitRepos: 6, pathsPerRepo: 3, clustersPerRepo: 10 };
    const plan = planEstate(scaleEstate(profile, 1), 'fleet-default');
    expect(plan.namespaces).toHaveLength(40);
    expect(plan.namespaces[0]?.name).toBe(clusterNamespace('fleet-default', plan.namespaces[0]?.cluster.metadata.name ?? ''));
    expect(plan.bundles).toHaveLength(18);
    expect(plan.bundles.reduce((n, b) => n + b.clusters.length, 0)).toBe(6 * 3 * 10);
    const first = plan.bundles[0];
    expect(first?.object.metadata.labels?.[LABELS.repoName]).toBe('app-0000');
    expect(first?.object.metadata.labels?.[LABELS.commit]).toMatch(/^[0-9a-f]{40}$/);
    // Every targeted cluster carries the repo's shard label.
    const shard = (first?.object.spec?.targets as { clusterSelector: { matchLabels: Record<string, string> } }[])[0]?.clusterSelector.matchLabels['fleet.example.com/shard'];
    expect(first?.clusters.every((c) => c.metadata.labels?.['fleet.example.com/shard'] === shard)).toBe(true);
  });
});
