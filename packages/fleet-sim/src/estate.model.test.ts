import { describe, expect, it } from 'vitest';
import { LABELS, targetClusters, type Cluster, type ClusterGroup } from '@fleet-dashboard/fleet-model';
import { demoEstate, fleetClusterLabels, scaleEstate } from './estate.model';

describe('demo estate', () => {
  const estate = demoEstate(1);

  it('has fleet-local with local, fleet-default with a dozen clusters and a team workspace', () => {
    expect(estate.workspaces).toEqual(['fleet-local', 'fleet-default', 'team-payments']);
    const local = estate.clusters.find((c) => c.metadata.namespace === 'fleet-local');
    expect(local?.metadata.name).toBe('local');
    expect(local?.metadata.labels?.name).toBe('local');
    expect(estate.clusterGroups.find((g) => g.metadata.namespace === 'fleet-local')?.metadata.name).toBe('default');
    expect(estate.clusters.filter((c) => c.metadata.namespace === 'fleet-default')).toHaveLength(12);
    expect(estate.clusterGroups.filter((g) => g.metadata.namespace === 'fleet-default')).toHaveLength(3);
  });

  it('gives downstream clusters c-m- management names and Rancher labels', () => {
    for (const mgmt of estate.managementClusters.filter((m) => m.metadata.name !== 'local')) {
      expect(mgmt.metadata.name).toMatch(/^c-m-[a-z0-9]{8}$/);
    }
    const cluster = estate.clusters.find((c) => c.metadata.name === 'prod-eu-west-1');
    expect(cluster?.metadata.labels?.[LABELS.clusterDisplayName]).toBe('prod-eu-west-1');
    expect(cluster?.metadata.labels?.[LABELS.clusterName]).toMatch(/^c-m-/);
    expect(cluster?.metadata.labels?.env).toBe('prod');
    expect(Object.keys(cluster?.metadata.labels ?? {}).filter((k) => k.includes('cattle.io') && !k.startsWith('management.cattle.io/cluster-'))).toEqual([]);
  });

  it('is the same for the same seed', () => {
    expect(demoEstate(1)).toEqual(estate);
    expect(demoEstate(2).managementClusters[1]?.metadata.name).not.toBe(estate.managementClusters[1]?.metadata.name);
  });

  it('has targets that select clusters', () => {
    const clusters = estate.clusters.filter((c) => c.metadata.namespace === 'fleet-default') as unknown as Cluster[];
    const groups = estate.clusterGroups.filter((g) => g.metadata.namespace === 'fleet-default') as unknown as ClusterGroup[];
    for (const repo of estate.gitRepos.filter((r) => r.metadata.namespace === 'fleet-default')) {
      const targets = (repo.spec as { targets: unknown[] }).targets;
      const selected = targetClusters({ targets: targets as never }, clusters, groups).filter((t) => t.deploy);
      expect(selected.length, repo.metadata.name).toBeGreaterThan(0);
    }
  });
});

describe('fleetClusterLabels', () => {
  it('drops cattle.io keys and adds the cluster name labels', () => {
    expect(fleetClusterLabels({ env: 'prod', 'provider.cattle.io': 'eks' }, 'c-m-1', 'web')).toEqual({
      env: 'prod',
      [LABELS.clusterName]: 'c-m-1',
      [LABELS.clusterDisplayName]: 'web',
    });
  });
});

describe('scale estate', () => {
  it('produces gitRepos × paths × clustersPerRepo deployments', () => {
    const estate = scaleEstate({ clusters: 200, gitRepos: 30, pathsPerRepo: 2, clustersPerRepo: 20 }, 1);
    expect(estate.clusters).toHaveLength(200);
    expect(estate.gitRepos).toHaveLength(30);
    const clusters = estate.clusters as unknown as Cluster[];
    const groups = estate.clusterGroups as unknown as ClusterGroup[];
    let deployments = 0;
    for (const repo of estate.gitRepos) {
      const spec = repo.spec as { targets: never; paths: string[] };
      deployments += targetClusters({ targets: spec.targets }, clusters, groups).filter((t) => t.deploy).length * spec.paths.length;
    }
    expect(deployments).toBe(30 * 2 * 20);
  });

  it('reaches 10,000 clusters and 2,000 repos without trouble', () => {
    const started = Date.now();
    const estate = scaleEstate({ clusters: 10_000, gitRepos: 2_000 }, 1);
    expect(estate.clusters).toHaveLength(10_000);
    expect(new Set(estate.clusters.map((c) => c.metadata.name)).size).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
