// What fleet-controller and the agents would have written for fleet-sim's scale estate, written
// in bulk: a namespace per cluster, the Bundles (one per GitRepo path), the BundleDeployments
// (one per bundle and targeted cluster, in the cluster's namespace, with Fleet's labels), and
// converged statuses of GitRepos and Clusters. fleet-sim's reconcile loop converges 10,000 BDs in
// ~3 minutes on this machine; 100,000 would not fit a benchmark run, so the bench writes the
// converged estate directly (same names, labels and shapes) and measures how long that takes.
import { createHash } from 'node:crypto';
import type { Estate, ScaleProfile } from '@fleet-dashboard/fleet-sim';
import { LABELS, bundleDeploymentLabels, bundleLabels, bundleName, clusterNamespace } from '@fleet-dashboard/fleet-model';
import { runBounded, type KubeHttp } from './kube-http.service';

const FLEET = '/apis/fleet.cattle.io/v1alpha1';
const MERGE = 'application/merge-patch+json';

interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface EstateWriteReport {
  namespaces: number;
  bundles: number;
  bundleDeployments: number;
  statuses: number;
  failures: number;
  firstFailure?: string;
  durationMs: number;
  /** Per phase, milliseconds. */
  phases: Record<string, number>;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Which clusters each repo targets: the shard label of its target selector. */
function shardOf(obj: Obj): string | undefined {
  return obj.metadata.labels?.['fleet.example.com/shard'];
}

function repoShard(repo: Obj): string | undefined {
  const targets = (repo.spec?.targets ?? []) as { clusterSelector?: { matchLabels?: Record<string, string> } }[];
  return targets[0]?.clusterSelector?.matchLabels?.['fleet.example.com/shard'];
}

export function commitOf(repoName: string): string {
  return sha(`commit:${repoName}`).slice(0, 40);
}

export interface PlannedEstate {
  namespaces: { name: string; cluster: Obj }[];
  bundles: { object: Obj; repo: string; clusters: Obj[] }[];
}

/** The objects fleet-controller derives for the estate (pure). */
export function planEstate(estate: Estate, workspace: string): PlannedEstate {
  const clusters = estate.clusters.filter((c) => c.metadata.namespace === workspace) as Obj[];
  const byShard = new Map<string, Obj[]>();
  for (const c of clusters) {
    const shard = shardOf(c) ?? '';
    byShard.set(shard, [...(byShard.get(shard) ?? []), c]);
  }
  const bundles: PlannedEstate['bundles'] = [];
  for (const repo of estate.gitRepos as Obj[]) {
    if (repo.metadata.namespace !== workspace) continue;
    const targets = byShard.get(repoShard(repo) ?? '') ?? [];
    const commit = commitOf(repo.metadata.name);
    for (const path of (repo.spec?.paths ?? []) as string[]) {
      const name = bundleName(repo.metadata.name, path);
      const object: Obj = {
        metadata: { name, namespace: workspace, labels: bundleLabels({ metadata: { name: repo.metadata.name, namespace: workspace, labels: repo.metadata.labels ?? {} } }, commit) },
        spec: {
          defaultNamespace: repo.metadata.name,
          targets: repo.spec?.targets,
          targetRestrictions: repo.spec?.targets,
          resources: [{ name: `${path}/deployment.yaml`, content: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${repo.metadata.name}\nspec:\n  replicas: 2\n` }],
        },
      };
      bundles.push({ object, repo: repo.metadata.name, clusters: targets });
    }
  }
  return { namespaces: clusters.map((c) => ({ name: clusterNamespace(workspace, c.metadata.name), cluster: c })), bundles };
}

export interface WriteEstateOptions {
  http: KubeHttp;
  estate: Estate;
  profile: ScaleProfile;
  workspace: string;
  concurrency?: number;
  log?: (line: string) => void;
}

export async function writeConvergedEstate(options: WriteEstateOptions): Promise<EstateWriteReport> {
  const { http, workspace } = options;
  const concurrency = options.concurrency ?? 48;
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const phases: Record<string, number> = {};
  const plan = planEstate(options.estate, workspace);
  const failures: unknown[] = [];
  const ignoreConflict = async (p: Promise<{ status: number; text: string }>): Promise<void> => {
    const res = await p;
    if (res.status >= 300 && res.status !== 409) throw new Error(`HTTP ${res.status} ${res.text.slice(0, 200)}`);
  };
  const phase = async (name: string, run: () => Promise<unknown[]>): Promise<void> => {
    const t = performance.now();
    failures.push(...(await run()));
    phases[name] = Math.round(performance.now() - t);
    log(`${name}: ${phases[name]} ms`);
  };
  const now = new Date().toISOString();
  const deployment = (b: PlannedEstate['bundles'][number]): string => `s-${sha(JSON.stringify(b.object.spec)).slice(0, 60)}:${sha(b.object.metadata.name).slice(0, 64)}`;

  await phase('cluster namespaces', () =>
    runBounded(plan.namespaces, concurrency, (n) =>
      ignoreConflict(http.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: { [LABELS.managed]: 'true' } } })),
    ),
  );
  await phase('bundles', () =>
    runBounded(plan.bundles, concurrency, (b) =>
      ignoreConflict(http.request('POST', `${FLEET}/namespaces/${workspace}/bundles`, { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'Bundle', ...b.object })),
    ),
  );
  const bds = plan.bundles.flatMap((b) => b.clusters.map((cluster) => ({ bundle: b, cluster })));
  let written = 0;
  const progress = setInterval(() => log(`bundle deployments: ${written}/${bds.length}`), 10_000);
  try {
    await phase('bundle deployments', () =>
      runBounded(bds, concurrency, async ({ bundle, cluster }) => {
        const ns = clusterNamespace(workspace, cluster.metadata.name);
        const id = deployment(bundle);
        await ignoreConflict(
          http.request('POST', `${FLEET}/namespaces/${ns}/bundledeployments`, {
            apiVersion: 'fleet.cattle.io/v1alpha1',
            kind: 'BundleDeployment',
            metadata: { name: bundle.object.metadata.name, namespace: ns, labels: bundleDeploymentLabels(bundle.object, cluster) },
            spec: { deploymentID: id, stagedDeploymentID: id, options: { defaultNamespace: bundle.repo, helm: { releaseName: bundle.object.metadata.name } }, stagedOptions: { defaultNamespace: bundle.repo } },
          }),
        );
        written++;
      }),
    );
  } finally {
    clearInterval(progress);
  }
  const perCluster = new Map<string, number>();
  for (const { cluster } of bds) perCluster.set(cluster.metadata.name, (perCluster.get(cluster.metadata.name) ?? 0) + 1);
  await phase('cluster status', () =>
    runBounded(plan.namespaces, concurrency, async ({ name: ns, cluster }) => {
      const n = perCluster.get(cluster.metadata.name) ?? 0;
      await ignoreConflict(
        http.request(
          'PATCH',
          `${FLEET}/namespaces/${workspace}/clusters/${cluster.metadata.name}/status`,
          {
            status: {
              namespace: ns,
              agent: { lastSeen: now, namespace: 'cattle-fleet-system' },
              agentDeployedGeneration: 1,
              display: { readyBundles: `${n}/${n}`, state: '' },
              summary: { ready: n, desiredReady: n },
              readyGitRepos: Math.ceil(n / Math.max(1, options.profile.pathsPerRepo ?? 1)),
              desiredReadyGitRepos: Math.ceil(n / Math.max(1, options.profile.pathsPerRepo ?? 1)),
              conditions: [{ type: 'Ready', status: 'True', lastUpdateTime: now }],
            },
          },
          MERGE,
        ),
      );
    }),
  );
  const repos = options.estate.gitRepos.filter((r) => r.metadata.namespace === workspace) as Obj[];
  await phase('gitrepo status', () =>
    runBounded(repos, concurrency, async (repo) => {
      const bundles = plan.bundles.filter((b) => b.repo === repo.metadata.name);
      const desired = bundles.reduce((s, b) => s + b.clusters.length, 0);
      const clusters = bundles[0]?.clusters.length ?? 0;
      await ignoreConflict(http.request('PATCH', `${FLEET}/namespaces/${workspace}/gitrepos/${repo.metadata.name}/status`, gitRepoStatus(repo.metadata.name, clusters, desired, now), MERGE));
    }),
  );
  clearInterval(progress);
  const first = failures[0];
  return {
    namespaces: plan.namespaces.length,
    bundles: plan.bundles.length,
    bundleDeployments: bds.length,
    statuses: plan.namespaces.length + repos.length,
    failures: failures.length,
    ...(first === undefined ? {} : { firstFailure: first instanceof Error ? first.message : String(first) }),
    durationMs: Math.round(performance.now() - started),
    phases,
  };
}

/** A converged GitRepo status (gitjob Current, every deployment Ready). */
export function gitRepoStatus(repo: string, readyClusters: number, desired: number, now: string, extra: Record<string, unknown> = {}): { status: Record<string, unknown> } {
  return {
    status: {
      commit: commitOf(repo),
      gitJobStatus: 'Current',
      observedGeneration: 1,
      readyClusters,
      desiredReadyClusters: readyClusters,
      summary: { ready: desired, desiredReady: desired },
      display: { readyBundleDeployments: `${desired}/${desired}`, state: '', message: '' },
      conditions: [{ type: 'Ready', status: 'True', lastUpdateTime: now }],
      ...extra,
    },
  };
}
