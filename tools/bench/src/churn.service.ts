// A writer that changes statuses of random GitRepos and Clusters at a fixed rate (status
// messages and ready counts, as agents and fleet-controller do), for the latency benchmarks.
import type { BenchContext } from './bench-context.model';
import type { KubeHttp } from './kube-http.service';

export interface Churn {
  start(): void;
  stop(): { writes: number; failures: number; perSecond: number };
}

export function createChurn(options: { http: KubeHttp; ctx: BenchContext; perSecond: number; avoid?: ReadonlySet<string> }): Churn {
  const { ctx, http } = options;
  let timer: ReturnType<typeof setInterval> | undefined;
  let writes = 0;
  let failures = 0;
  let startedAt = 0;
  let seq = 0;
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((options.perSecond * tickMs) / 1000));
  let inFlight = 0;
  const one = async (): Promise<void> => {
    seq++;
    const repo = seq % 2 === 0;
    const list = repo ? ctx.names.gitRepos : ctx.names.clusters;
    const name = list[Math.floor(Math.random() * list.length)] ?? '';
    if (options.avoid?.has(name)) return;
    const path = `/apis/fleet.cattle.io/v1alpha1/namespaces/${ctx.workspace}/${repo ? 'gitrepos' : 'clusters'}/${name}/status`;
    const body = repo ? { status: { display: { message: `churn ${seq}` } } } : { status: { agent: { lastSeen: new Date().toISOString() } } };
    inFlight++;
    try {
      const res = await http.request('PATCH', path, body, 'application/merge-patch+json');
      if (res.status >= 300) failures++;
      else writes++;
    } catch {
      failures++;
    } finally {
      inFlight--;
    }
  };
  return {
    start() {
      startedAt = performance.now();
      timer = setInterval(() => {
        // Skip a tick rather than pile up when the API server falls behind.
        if (inFlight > options.perSecond) return;
        for (let i = 0; i < perTick; i++) void one();
      }, tickMs);
    },
    stop() {
      if (timer) clearInterval(timer);
      const seconds = (performance.now() - startedAt) / 1000;
      return { writes, failures, perSecond: seconds > 0 ? writes / seconds : 0 };
    },
  };
}

