// 2. The dashboard server's cold start to the first snapshot of each list of the workspace over
// the websocket, bytes per row, and the memory holding the caches (RSS and heap from /metrics,
// RSS from /proc). The socket stays open afterwards, so the caches (100,000 BDs included) stay
// warm for the next benchmarks.
import { join } from 'node:path';
import { freePort } from '@fleet-dashboard/testbed';
import { startBff } from './bff-process.service';
import { MiB, type BenchFn } from './bench-context.model';
import { readProc } from './machine.service';
import { sumOf } from './prom-text.model';
import type { Figure } from './report.model';
import { connectWatch, type WatchClient } from './ws-client.service';

export const LIST_RESOURCES = ['gitrepos', 'clusters', 'bundles', 'bundledeployments'] as const;

/** The socket that keeps the caches warm; closed by the CLI at the end. */
export let warmClient: WatchClient | undefined;

export function createBffStartBench(options: { cpuProfileDir?: string; heapSnapshotDir?: string }): BenchFn {
  return async (ctx) => {
    const bff = startBff({
      repoRoot: ctx.repoRoot,
      kubeconfig: ctx.testbed.users.admin.kubeconfigPath,
      port: await freePort(),
      webRoot: ctx.webRoot,
      logFile: join(ctx.runDir, 'server.log'),
      ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
      ...(options.heapSnapshotDir ? { heapSnapshotDir: options.heapSnapshotDir } : {}),
    });
    ctx.bff = bff;
    const readyAt = await bff.ready();
    const client = await connectWatch(bff.url);
    warmClient = client;
    const connectedAt = performance.now();
    // BundleDeployments the way a Bundle or GitRepo page asks for them (a label selector): the
    // server still lists and caches every BD of the workspace.
    const selectorOf = (r: string): string | undefined => (r === 'bundledeployments' ? `fleet.cattle.io/repo-name=${ctx.names.gitRepos[0] ?? ''}` : undefined);
    const snapshots = await Promise.all(LIST_RESOURCES.map((r) => client.subscribe(`warm-${r}`, r, ctx.workspace, selectorOf(r))));
    const figures: Figure[] = [
      { name: 'spawn → /api/readyz', unit: 'ms', value: readyAt - bff.spawnedAt },
      { name: 'spawn → websocket open', unit: 'ms', value: connectedAt - bff.spawnedAt },
    ];
    for (const [i, s] of snapshots.entries()) {
      const resource = LIST_RESOURCES[i] ?? '';
      figures.push({ name: `spawn → first snapshot ${resource} (${s.rows} rows)`, unit: 'ms', value: s.at - bff.spawnedAt });
      figures.push({ name: `${resource} row size`, unit: 'bytes/row', value: s.rows > 0 ? s.bytes / s.rows : Number.NaN });
      figures.push({ name: `${resource} snapshot`, unit: 'MiB', value: s.bytes / MiB });
    }
    const gitrepoSnap = snapshots[0];
    if (gitrepoSnap) figures.splice(2, 0, { name: 'spawn → first snapshot (Git Repos, cold caches)', unit: 'ms', value: gitrepoSnap.at - bff.spawnedAt });
    // Let the garbage collector settle before reading memory.
    await new Promise((r) => setTimeout(r, 3000));
    const metrics = await bff.metrics();
    const proc = readProc(bff.pid);
    figures.push(
      { name: 'BFF RSS (process_resident_memory_bytes)', unit: 'MiB', value: sumOf(metrics, 'process_resident_memory_bytes') / MiB },
      { name: 'BFF heap used (nodejs_heap_size_used_bytes)', unit: 'MiB', value: sumOf(metrics, 'nodejs_heap_size_used_bytes') / MiB },
      // Where RSS goes beyond the used heap: the heap V8 holds, and memory outside it (Buffers).
      { name: 'BFF heap held by V8 (nodejs_heap_size_total_bytes)', unit: 'MiB', value: sumOf(metrics, 'nodejs_heap_size_total_bytes') / MiB },
      { name: 'BFF external memory (nodejs_external_memory_bytes)', unit: 'MiB', value: sumOf(metrics, 'nodejs_external_memory_bytes') / MiB },
      { name: 'BFF RSS (/proc)', unit: 'MiB', value: proc.rssBytes / MiB, target: { op: '<', value: 600 } },
      { name: 'BFF CPU time for the cold start', unit: 's', value: proc.cpuSeconds },
    );
    return {
      figures,
      notes: [
        'the four lists were subscribed at once on one socket right after readyz; every cache was cold',
        `bundledeployments were subscribed with the selector ${selectorOf('bundledeployments') ?? ''} (rows of one GitRepo), while the server caches all ${ctx.counts.bundleDeployments ?? 0} BDs of the workspace`,
      ],
    };
  };
}
