// Seed data: the objects an operator (and Rancher) would have created. The demo estate looks like a
// real Rancher installation; the scale profile generates large, regular estates for benchmarks.
// Pure functions: they return objects, seed.service.ts writes them.

import type { KubeObject } from './kube-object.model';
import { createRandom, type Random } from './random.model';

export interface ScaleProfile {
  clusters: number;
  gitRepos: number;
  /** Paths (bundles) per GitRepo; default 1. */
  pathsPerRepo?: number;
  /** Clusters each GitRepo targets; default min(clusters, 50). */
  clustersPerRepo?: number;
  /** Workspace holding the generated objects; default `fleet-default`. */
  workspace?: string;
}

export interface Estate {
  /** Workspaces (a namespace each; a FleetWorkspace each when Rancher's API is served). */
  workspaces: string[];
  /** Rancher management clusters (`management.cattle.io/v3`, cluster-scoped). */
  managementClusters: KubeObject[];
  clusters: KubeObject[];
  clusterGroups: KubeObject[];
  gitRepos: KubeObject[];
}

export const FLEET_API = 'fleet.cattle.io/v1alpha1';
export const MANAGEMENT_API = 'management.cattle.io/v3';
export const CLUSTER_NAME_LABEL = 'management.cattle.io/cluster-name';
export const CLUSTER_DISPLAY_NAME_LABEL = 'management.cattle.io/cluster-display-name';
export const FLEET_EXAMPLES = 'https://github.com/rancher/fleet-examples';

/** Labels Rancher puts on the Fleet Cluster it generates for a management cluster. */
export function fleetClusterLabels(mgmtLabels: Record<string, string>, mgmtName: string, displayName: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(mgmtLabels)) {
    if (!key.includes('cattle.io')) labels[key] = value;
  }
  labels[CLUSTER_NAME_LABEL] = mgmtName;
  labels[CLUSTER_DISPLAY_NAME_LABEL] = displayName;
  return labels;
}

function managementCluster(name: string, displayName: string, workspace: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: MANAGEMENT_API,
    kind: 'Cluster',
    metadata: { name, labels },
    spec: { displayName, fleetWorkspaceName: workspace },
  };
}

function fleetCluster(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  agentNamespace = 'cattle-fleet-system',
): KubeObject {
  return {
    apiVersion: FLEET_API,
    kind: 'Cluster',
    metadata: { name, namespace, labels },
    spec: {
      kubeConfigSecret: `${name}-kubeconfig`,
      kubeConfigSecretNamespace: namespace,
      agentNamespace,
      redeployAgentGeneration: 1,
    },
  };
}

function group(name: string, namespace: string, selector: Record<string, unknown>): KubeObject {
  return { apiVersion: FLEET_API, kind: 'ClusterGroup', metadata: { name, namespace }, spec: { selector } };
}

function gitRepo(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  labels: Record<string, string> = {},
): KubeObject {
  return { apiVersion: FLEET_API, kind: 'GitRepo', metadata: { name, namespace, labels }, spec };
}

interface DownstreamDef {
  name: string;
  env: string;
  region: string;
  provider: string;
}

const DEMO_DOWNSTREAM: DownstreamDef[] = [
  { name: 'prod-eu-west-1', env: 'prod', region: 'eu-west-1', provider: 'eks' },
  { name: 'prod-eu-central-1', env: 'prod', region: 'eu-central-1', provider: 'eks' },
  { name: 'prod-us-east-1', env: 'prod', region: 'us-east-1', provider: 'eks' },
  { name: 'prod-us-west-2', env: 'prod', region: 'us-west-2', provider: 'aks' },
  { name: 'prod-ap-southeast-1', env: 'prod', region: 'ap-southeast-1', provider: 'gke' },
  { name: 'staging-eu-west-1', env: 'staging', region: 'eu-west-1', provider: 'rke2' },
  { name: 'staging-us-east-1', env: 'staging', region: 'us-east-1', provider: 'rke2' },
  { name: 'dev-eu-west-1', env: 'dev', region: 'eu-west-1', provider: 'k3s' },
  { name: 'dev-us-east-1', env: 'dev', region: 'us-east-1', provider: 'k3s' },
  { name: 'edge-store-0142', env: 'edge', region: 'eu-west-1', provider: 'k3s' },
  { name: 'edge-store-0307', env: 'edge', region: 'us-east-1', provider: 'k3s' },
  { name: 'edge-store-0519', env: 'edge', region: 'ap-southeast-1', provider: 'k3s' },
];

const TEAM_WORKSPACE = 'team-payments';
const TEAM_DOWNSTREAM: DownstreamDef[] = [
  { name: 'payments-prod-eu', env: 'prod', region: 'eu-central-1', provider: 'rke2' },
  { name: 'payments-prod-us', env: 'prod', region: 'us-east-1', provider: 'rke2' },
  { name: 'payments-staging', env: 'staging', region: 'eu-central-1', provider: 'rke2' },
];

function mgmtName(rng: Random): string {
  return `c-m-${rng.alnum(8)}`;
}

function addDownstream(estate: Estate, rng: Random, workspace: string, def: DownstreamDef): void {
  const name = mgmtName(rng);
  const mgmtLabels = {
    env: def.env,
    region: def.region,
    'provider.cattle.io': def.provider,
  };
  estate.managementClusters.push(managementCluster(name, def.name, workspace, mgmtLabels));
  estate.clusters.push(fleetCluster(def.name, workspace, fleetClusterLabels(mgmtLabels, name, def.name)));
}

/** The demo estate: fleet-local with `local`, fleet-default with a dozen clusters, one team workspace. */
export function demoEstate(seed = 1): Estate {
  const rng = createRandom(seed);
  const estate: Estate = {
    workspaces: ['fleet-local', 'fleet-default', TEAM_WORKSPACE],
    managementClusters: [],
    clusters: [],
    clusterGroups: [],
    gitRepos: [],
  };

  // fleet-local: Rancher's own cluster.
  const localMgmtLabels = { name: 'local', 'provider.cattle.io': 'k3s' };
  estate.managementClusters.push(managementCluster('local', 'local', 'fleet-local', localMgmtLabels));
  estate.clusters.push(
    fleetCluster('local', 'fleet-local', { ...fleetClusterLabels(localMgmtLabels, 'local', 'local') }, 'cattle-fleet-local-system'),
  );
  estate.clusterGroups.push(group('default', 'fleet-local', { matchLabels: { name: 'local' } }));
  estate.gitRepos.push(
    gitRepo('local-platform', 'fleet-local', {
      repo: 'https://github.com/acme/rancher-platform',
      branch: 'main',
      paths: ['monitoring/prometheus-operator'],
    }),
  );

  // fleet-default: downstream clusters.
  for (const def of DEMO_DOWNSTREAM) addDownstream(estate, rng, 'fleet-default', def);
  estate.clusterGroups.push(
    group('production', 'fleet-default', { matchLabels: { env: 'prod' } }),
    group('non-production', 'fleet-default', { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'dev'] }] }),
    group('edge-stores', 'fleet-default', { matchLabels: { env: 'edge' } }),
  );
  const user = { 'fleet.cattle.io/created-by-user-id': 'user-x7k2p' };
  estate.gitRepos.push(
    gitRepo('guestbook', 'fleet-default', {
      repo: FLEET_EXAMPLES,
      branch: 'master',
      paths: ['simple'],
      targets: [{ name: 'non-production', clusterGroup: 'non-production' }],
    }, user),
    gitRepo('guestbook-helm', 'fleet-default', {
      repo: FLEET_EXAMPLES,
      branch: 'master',
      paths: ['single-cluster/helm'],
      targets: [{ name: 'eu-west', clusterName: 'prod-eu-west-1' }],
    }, user),
    gitRepo('helm-kustomize', 'fleet-default', {
      repo: FLEET_EXAMPLES,
      branch: 'master',
      paths: ['multi-cluster/helm-kustomize'],
      targets: [{ name: 'production', clusterGroup: 'production' }],
    }, user),
    gitRepo('multi-cluster-examples', 'fleet-default', {
      repo: FLEET_EXAMPLES,
      branch: 'master',
      paths: ['multi-cluster/helm', 'multi-cluster/kustomize', 'multi-cluster/manifests'],
      targets: [{ name: 'staging', clusterSelector: { matchLabels: { env: 'staging' } } }],
    }),
    gitRepo('edge-apps', 'fleet-default', {
      repo: 'https://github.com/acme/edge-apps',
      revision: 'v2.4.1',
      paths: ['pos/terminal-service', 'pos/printer-bridge'],
      targets: [{ name: 'stores', clusterGroup: 'edge-stores' }],
      pollingInterval: '1m',
    }),
    gitRepo('platform-addons', 'fleet-default', {
      repo: 'https://github.com/acme/platform-addons',
      branch: 'main',
      paths: ['cert-manager', 'ingress-nginx', 'monitoring/grafana'],
      targets: [{ name: 'all', clusterSelector: {} }],
      correctDrift: { enabled: true },
    }),
  );

  // A team workspace.
  for (const def of TEAM_DOWNSTREAM) addDownstream(estate, rng, TEAM_WORKSPACE, def);
  estate.clusterGroups.push(group('payments-prod', TEAM_WORKSPACE, { matchLabels: { env: 'prod' } }));
  estate.gitRepos.push(
    gitRepo('payments-api', TEAM_WORKSPACE, {
      repo: 'https://github.com/acme/payments-deploy',
      branch: 'main',
      paths: ['charts/payments-api'],
      targets: [{ name: 'prod', clusterGroup: 'payments-prod' }, { name: 'staging', clusterSelector: { matchLabels: { env: 'staging' } } }],
    }),
  );
  return estate;
}

const ENVS = ['prod', 'prod', 'staging', 'dev', 'edge'] as const;
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1', 'ap-northeast-1', 'sa-east-1', 'ca-central-1'];
const SHARD_LABEL = 'fleet.example.com/shard';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * A large regular estate: `clusters` clusters with env/region/shard labels, a group per env, and
 * `gitRepos` repos each targeting one shard of `clustersPerRepo` clusters, so the number of
 * BundleDeployments is gitRepos × pathsPerRepo × clustersPerRepo.
 */
export function scaleEstate(profile: ScaleProfile, seed = 1): Estate {
  const rng = createRandom(seed);
  const ws = profile.workspace ?? 'fleet-default';
  const paths = Math.max(1, profile.pathsPerRepo ?? 1);
  const perRepo = Math.max(1, Math.min(profile.clusters, profile.clustersPerRepo ?? 50));
  const shards = Math.max(1, Math.ceil(profile.clusters / perRepo));
  const estate: Estate = {
    workspaces: ws === 'fleet-local' ? ['fleet-local'] : ['fleet-local', ws],
    managementClusters: [],
    clusters: [],
    clusterGroups: [],
    gitRepos: [],
  };
  const width = Math.max(5, String(profile.clusters).length);
  for (let i = 0; i < profile.clusters; i++) {
    const env = ENVS[i % ENVS.length] ?? 'prod';
    const region = REGIONS[Math.floor(i / ENVS.length) % REGIONS.length] ?? 'eu-west-1';
    const name = `${env}-${region}-${pad(i, width)}`;
    const mgmt = mgmtName(rng);
    const mgmtLabels = { env, region, [SHARD_LABEL]: `s${pad(i % shards, 4)}` };
    estate.managementClusters.push(managementCluster(mgmt, name, ws, mgmtLabels));
    estate.clusters.push(fleetCluster(name, ws, fleetClusterLabels(mgmtLabels, mgmt, name)));
  }
  for (const env of new Set(ENVS)) {
    estate.clusterGroups.push(group(`env-${env}`, ws, { matchLabels: { env } }));
  }
  const repoWidth = Math.max(4, String(profile.gitRepos).length);
  for (let r = 0; r < profile.gitRepos; r++) {
    const app = `app-${pad(r, repoWidth)}`;
    const repoPaths = Array.from({ length: paths }, (_, p) => (paths === 1 ? `apps/${app}` : `apps/${app}/component-${p}`));
    estate.gitRepos.push(
      gitRepo(app, ws, {
        repo: `https://github.com/acme/fleet-apps-${r % 20}`,
        branch: 'main',
        paths: repoPaths,
        targets: [{ name: 'shard', clusterSelector: { matchLabels: { [SHARD_LABEL]: `s${pad(r % shards, 4)}` } } }],
      }),
    );
  }
  return estate;
}
