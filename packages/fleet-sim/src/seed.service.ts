// seedEstate: writes the objects an operator and Rancher would have created (workspaces,
// management clusters, Fleet Clusters, ClusterGroups, GitRepos) with bounded concurrency.
// Everything else (bundles, deployments, status) is the simulator's job.

import type { KubeConfig } from '@kubernetes/client-node';
import { demoEstate, scaleEstate, MANAGEMENT_API, type Estate, type ScaleProfile } from './estate.model';
import { RESOURCES, createKubeClient, isKubeError, type KubeClient, type ResourceType } from './kube-client.service';
import type { KubeObject } from './kube-object.model';
import { createLimiter, type Limiter } from './limiter.service';

export interface SeedReport {
  profile: 'demo' | 'scale';
  workspaces: number;
  fleetWorkspaces: number;
  managementClusters: number;
  clusters: number;
  clusterGroups: number;
  gitRepos: number;
  /** Objects that already existed (seeding is idempotent). */
  existing: number;
  /** Bundles and BundleDeployments the simulator will create for this estate (by the seed's targeting). */
  expectedBundles: number;
  durationMs: number;
  rancher: boolean;
}

export interface SeedOptions {
  kubeConfig: KubeConfig;
  profile: 'demo' | ScaleProfile;
  seed?: number;
  /** Maximum requests in flight. Default 32. */
  concurrency?: number;
  /** Create management.cattle.io objects: 'auto' (when served), true, false. */
  rancher?: boolean | 'auto';
}

async function createAll(client: KubeClient, limiter: Limiter, type: ResourceType, objects: KubeObject[]): Promise<number> {
  let existing = 0;
  await Promise.all(
    objects.map((obj) =>
      limiter.run(async () => {
        try {
          await client.create(type, obj);
        } catch (error) {
          if (!isKubeError(error, 409)) throw error;
          existing++;
        }
      }),
    ),
  );
  return existing;
}

export async function seedEstate(options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const client = createKubeClient({ kubeConfig: options.kubeConfig });
  const limiter = createLimiter(options.concurrency ?? 32);
  const estate: Estate = options.profile === 'demo' ? demoEstate(options.seed ?? 1) : scaleEstate(options.profile, options.seed ?? 1);
  const rancher = options.rancher === 'auto' || options.rancher === undefined ? await client.isServed(RESOURCES.fleetWorkspace) : options.rancher;

  let existing = 0;
  try {
    existing += await createAll(client, limiter, RESOURCES.namespace, estate.workspaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
    if (rancher) {
      existing += await createAll(client, limiter, RESOURCES.fleetWorkspace, estate.workspaces.map((name) => ({ apiVersion: MANAGEMENT_API, kind: 'FleetWorkspace', metadata: { name } })));
      existing += await createAll(client, limiter, RESOURCES.managementCluster, estate.managementClusters);
    }
    existing += await createAll(client, limiter, RESOURCES.cluster, estate.clusters);
    existing += await createAll(client, limiter, RESOURCES.clusterGroup, estate.clusterGroups);
    existing += await createAll(client, limiter, RESOURCES.gitRepo, estate.gitRepos);
  } finally {
    client.close();
  }

  const bundles = estate.gitRepos.reduce((n, r) => n + Math.max(1, ((r.spec ?? {}) as { paths?: string[] }).paths?.length ?? 1), 0);
  return {
    profile: options.profile === 'demo' ? 'demo' : 'scale',
    workspaces: estate.workspaces.length,
    fleetWorkspaces: rancher ? estate.workspaces.length : 0,
    managementClusters: rancher ? estate.managementClusters.length : 0,
    clusters: estate.clusters.length,
    clusterGroups: estate.clusterGroups.length,
    gitRepos: estate.gitRepos.length,
    existing,
    expectedBundles: bundles,
    durationMs: Date.now() - started,
    rancher,
  };
}
