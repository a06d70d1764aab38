// 1. Seeding: fleet-sim's scale estate (seedEstate: clusters, groups, GitRepos, Rancher's
// management clusters) and what Fleet derives from it (namespaces, Bundles, BundleDeployments,
// statuses); time and API-server load (CPU and RSS of kube-apiserver and etcd from /proc,
// request counts from kube-apiserver's /metrics).
import { KubeConfig } from '@kubernetes/client-node';
import { scaleEstate, seedEstate } from '@fleet-dashboard/fleet-sim';
import { MiB, type BenchFn } from './bench-context.model';
import { writeConvergedEstate } from './estate-writer.service';
import { sampleProcesses } from './machine.service';
import { byLabel, parsePromText } from './prom-text.model';
import type { Figure } from './report.model';

async function requestCounts(ctx: Parameters<BenchFn>[0]): Promise<Record<string, number> | undefined> {
  const res = await ctx.http.request('GET', '/metrics');
  if (res.status !== 200) return undefined;
  return byLabel(parsePromText(res.text), 'apiserver_request_total', 'verb');
}

export const seedingBench: BenchFn = async (ctx) => {
  const notes: string[] = [];
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(ctx.testbed.users.admin.kubeconfigPath);
  const before = await requestCounts(ctx);
  const sampler = sampleProcesses({ apiserver: ctx.testbed.pids.kubeApiserver, etcd: ctx.testbed.pids.etcd });
  const t0 = performance.now();
  const seed = await seedEstate({ kubeConfig, profile: ctx.profile, seed: 1, concurrency: 48 });
  const seedMs = performance.now() - t0;
  ctx.log(`seedEstate: ${JSON.stringify(seed)}`);
  const estate = scaleEstate(ctx.profile, 1);
  const written = await writeConvergedEstate({ http: ctx.http, estate, profile: ctx.profile, workspace: ctx.workspace, concurrency: 48, log: ctx.log });
  ctx.log(`derived objects: ${JSON.stringify(written)}`);
  const totalMs = performance.now() - t0;
  const usage = sampler.stop();
  const after = await requestCounts(ctx);
  if (written.failures > 0) notes.push(`${written.failures} writes failed, first: ${written.firstFailure ?? ''}`);
  ctx.counts = {
    clusters: seed.clusters,
    managementClusters: seed.managementClusters,
    clusterGroups: seed.clusterGroups,
    gitRepos: seed.gitRepos,
    bundles: written.bundles,
    bundleDeployments: written.bundleDeployments,
    clusterNamespaces: written.namespaces,
  };
  const objects = seed.clusters + seed.managementClusters + seed.clusterGroups + seed.gitRepos + seed.workspaces + written.namespaces + written.bundles + written.bundleDeployments;
  const figures: Figure[] = [
    { name: 'seedEstate (clusters, mgmt clusters, groups, GitRepos)', unit: 's', value: seedMs / 1000 },
    ...Object.entries(written.phases).map(([phase, ms]) => ({ name: `derived: ${phase}`, unit: 's', value: ms / 1000 })),
    { name: 'seeding total', unit: 's', value: totalMs / 1000 },
    { name: 'objects created', unit: 'objects', value: objects },
    { name: 'status writes', unit: 'writes', value: written.statuses },
    { name: 'write rate', unit: 'objects/s', value: (objects + written.statuses) / (totalMs / 1000) },
  ];
  for (const [name, u] of Object.entries(usage)) {
    figures.push({ name: `${name} CPU during seeding`, unit: 'cores', value: u.cores });
    figures.push({ name: `${name} peak RSS`, unit: 'MiB', value: u.peakRssBytes / MiB });
  }
  if (before && after) {
    for (const verb of ['POST', 'PATCH', 'LIST', 'GET', 'WATCH']) {
      figures.push({ name: `apiserver requests ${verb}`, unit: 'requests', value: (after[verb] ?? 0) - (before[verb] ?? 0) });
    }
  } else {
    notes.push('kube-apiserver /metrics not readable: request counts missing');
  }
  notes.push(
    'Bundles and BundleDeployments are written by the bench in their converged form (Fleet names and labels from fleet-model): ' +
      "fleet-sim's reconcile loop needs ~3 min for 10,000 BDs on this machine, so 100,000 through the simulator would not fit a run.",
  );
  return { figures, notes };
};
