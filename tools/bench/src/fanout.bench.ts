// 5. Fan-out: N websocket clients subscribed to the same lists (Git Repos and Clusters of the
// workspace). Upstream watches from /metrics (one per type and namespace), the server's CPU and
// RSS from /proc while a writer churns statuses, and the delivery latency of marked changes to
// every client.
import { MiB, gitRepoName, type BenchFn } from './bench-context.model';
import { batchWaitFigures } from './bff-process.service';
import { createChurn } from './churn.service';
import { gitRepoStatus } from './estate-writer.service';
import { sampleProcesses } from './machine.service';
import { startDirectWatch } from './direct-watch.service';
import type { Figure } from './report.model';
import { summarize } from './stats.model';
import { connectWatch, type WatchClient } from './ws-client.service';

export const fanoutBench: BenchFn = async (ctx) => {
  const bff = ctx.bff;
  if (!bff) throw new Error('the server is not running');
  const clientCount = ctx.quick ? 50 : 200;
  const seconds = ctx.quick ? 8 : 20;
  const clients: WatchClient[] = [];
  const arrivals = new Map<string, number[]>();
  const t0 = performance.now();
  try {
    for (let i = 0; i < clientCount; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, clientCount - i) }, async () => {
          const c = await connectWatch(bff.url);
          await Promise.all([c.subscribe('g', 'gitrepos', ctx.workspace), c.subscribe('c', 'clusters', ctx.workspace)]);
          c.onMessage((text, at) => {
            const m = /bench-fanout-(\d+)"/.exec(text);
            if (m?.[1]) arrivals.set(m[1], [...(arrivals.get(m[1]) ?? []), at]);
          });
          return c;
        }),
      );
      clients.push(...batch);
    }
    const subscribedMs = performance.now() - t0;
    const metrics = await bff.metrics();
    const watches = metrics.filter((m) => m.name === 'fleet_dashboard_upstream_watches' && m.value > 0);
    const maxPerType = Math.max(0, ...watches.map((m) => m.value));
    const target = gitRepoName(ctx, 9);
    const direct = await startDirectWatch({ kubeconfigPath: ctx.testbed.users.admin.kubeconfigPath, path: `/apis/fleet.cattle.io/v1alpha1/namespaces/${ctx.workspace}/gitrepos` });
    const directSeen = new Map<string, number>();
    direct.onEvent((_type, obj, at) => {
      const m = /^bench-fanout-(\d+)$/.exec((obj.status as { display?: { message?: string } } | undefined)?.display?.message ?? '');
      if (m?.[1] && !directSeen.has(m[1])) directSeen.set(m[1], at);
    });
    const churn = createChurn({ http: ctx.http, ctx, perSecond: 200, avoid: new Set([target]) });
    const sampler = sampleProcesses({ bff: bff.pid }, 250);
    const sent = new Map<string, number>();
    const now = new Date().toISOString();
    churn.start();
    const end = performance.now() + seconds * 1000;
    let n = 0;
    while (performance.now() < end) {
      n++;
      sent.set(String(n), performance.now());
      void ctx.http.request('PATCH', `/apis/fleet.cattle.io/v1alpha1/namespaces/${ctx.workspace}/gitrepos/${target}/status`, gitRepoStatus(target, 10, 50, now, { display: { state: '', message: `bench-fanout-${n}`, readyBundleDeployments: '50/50' } }), 'application/merge-patch+json');
      await new Promise((r) => setTimeout(r, 250));
    }
    const churnStats = churn.stop();
    const usage = sampler.stop().bff;
    // The server's own share, from its histogram: watch event of a batch's oldest change → socket write.
    const waits = batchWaitFigures(metrics, await bff.metrics());
    // Late deliveries still count (a loaded API server may answer writes seconds late).
    await new Promise((r) => setTimeout(r, 5000));
    direct.stop();
    const latencies: number[] = [];
    const added: number[] = [];
    const watched: number[] = [];
    let missing = 0;
    for (const [marker, at] of sent) {
      const got = arrivals.get(marker) ?? [];
      const seen = directSeen.get(marker);
      if (seen !== undefined) watched.push(seen - at);
      missing += clientCount - got.length;
      for (const a of got) {
        latencies.push(a - at);
        if (seen !== undefined) added.push(a - seen);
      }
    }
    const d = summarize(latencies);
    const figures: Figure[] = [
      { name: `${clientCount} clients connected and subscribed (2 lists each)`, unit: 's', value: subscribedMs / 1000 },
      { name: 'upstream watches per (type, namespace), most', unit: 'watches', value: maxPerType, target: { op: '=', value: 1 } },
      { name: `upstream watches in all (${watches.map((m) => `${m.labels.resource ?? ''}@${m.labels.namespace || '*'}`).join(', ')})`, unit: 'watches', value: watches.reduce((a, m) => a + m.value, 0) },
      { name: `delivery latency to ${clientCount} clients (write → message)`, unit: 'ms', summary: d, target: { op: '<', value: 250 } },
      { name: 'direct client-node watch (write → event)', unit: 'ms', summary: summarize(watched) },
      { name: `dashboard added latency to ${clientCount} clients (message − direct watch)`, unit: 'ms', summary: summarize(added), target: { op: '<', value: 60 } },
      ...waits,
      { name: `marked changes a client never saw (of ${sent.size} × ${clientCount}; replaced by a newer one within a flush)`, unit: 'messages', value: missing },
      { name: 'churn achieved', unit: 'changes/s', value: churnStats.perSecond },
      { name: 'BFF CPU under churn + fan-out', unit: 'cores', value: usage?.cores ?? Number.NaN, target: { op: '<', value: 1 } },
      { name: 'BFF peak RSS under fan-out', unit: 'MiB', value: (usage?.peakRssBytes ?? Number.NaN) / MiB, target: { op: '<', value: 600 } },
    ];
    return { figures, notes: [`upstream watches read from the server's /metrics (fleet_dashboard_upstream_watches) with ${clientCount + 1} sockets open`, `${sent.size} marked changes over ${seconds} s while the churn ran; the bench process (clients + writer) shares the 2 cores with the server`] };
  } finally {
    for (const c of clients) c.close();
  }
};
