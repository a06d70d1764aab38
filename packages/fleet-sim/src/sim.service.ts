// createFleetSim: wires informers, the work queue, fleet-controller, the agents and Rancher's
// workspace handling together against any Kubernetes API server.

import type { KubeConfig } from '@kubernetes/client-node';
import { LABELS } from '@fleet-dashboard/fleet-model';
import { createFleetAgents } from './fleet-agent.service';
import { createFleetController } from './fleet-controller.service';
import { createInformer, type ChangeHandler, type Informer } from './informer.service';
import { RESOURCES, createKubeClient, type ResourceType } from './kube-client.service';
import type { KubeObject } from './kube-object.model';
import { createLimiter } from './limiter.service';
import { createObjectIndex } from './object-index.store';
import { createRancher } from './rancher.service';
import { createRandom } from './random.model';
import { createTimerScheduler, type Cancel, type Scheduler } from './scheduler.service';
import { DEFAULT_TIMINGS, DEMO_RATES, rfc3339, type Indexes, type Informers, type SimContext, type SimRates, type SimTimings } from './sim-context.model';
import { createWorkQueue } from './work-queue.service';
import { createWriter } from './writer.service';

export interface FleetSim {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when no work is pending: queue empty, no write in flight, no lifecycle timer left. */
  idle(): Promise<void>;
}

export interface FleetSimStats {
  writes: number;
  writesByKind: Record<string, number>;
  pending: number;
  objects: Record<string, number>;
}

export interface FleetSimOptions {
  kubeConfig: KubeConfig;
  seed?: number;
  /** Time factor: 1 = human seconds (demo), 1000 = a lifecycle in milliseconds (tests). */
  speed?: number;
  /** Random status changes per (real) second, for benchmarks and a lively demo. */
  churnPerSecond?: number;
  rates?: Partial<SimRates>;
  timings?: Partial<SimTimings>;
  /** Interval of agent check-ins (`agent.lastSeen`) in real seconds, not scaled by speed; 0 = only the first check-in. Default 60. */
  heartbeatSeconds?: number;
  /** Maximum API requests in flight. Default 32. */
  concurrency?: number;
  /** Window (real ms) in which status updates of one object are coalesced. Default 50. */
  coalesceMs?: number;
  /** Simulate Rancher's workspace handling: 'auto' (when management.cattle.io is served), true, false. */
  rancher?: boolean | 'auto';
  scheduler?: Scheduler;
  log?: (msg: string) => void;
}

export interface FleetSimHandle extends FleetSim {
  stats(): FleetSimStats;
}

const labelKey = (obj: KubeObject, nsLabel: string, nameLabel: string): string | undefined => {
  const labels = obj.metadata.labels ?? {};
  const a = labels[nsLabel];
  const b = labels[nameLabel];
  return a && b ? `${a}/${b}` : undefined;
};

export function createFleetSim(options: FleetSimOptions): FleetSimHandle {
  const seed = options.seed ?? 1;
  const speed = options.speed && options.speed > 0 ? options.speed : 1;
  const scheduler = options.scheduler ?? createTimerScheduler();
  const log = options.log ?? (() => undefined);
  const client = createKubeClient({ kubeConfig: options.kubeConfig });
  const limiter = createLimiter(options.concurrency ?? 32);
  const writer = createWriter({ client, limiter, log });
  const backgroundWriter = createWriter({ client, limiter: createLimiter(4), log });
  const random = createRandom(seed ^ 0x1f0f);

  const indexes: Indexes = {
    bundlesByRepo: createObjectIndex((o) => {
      const repo = o.metadata.labels?.[LABELS.repoName];
      return repo ? `${o.metadata.namespace ?? ''}/${repo}` : undefined;
    }),
    bundlesByNamespace: createObjectIndex((o) => o.metadata.namespace),
    bdsByBundle: createObjectIndex((o) => labelKey(o, LABELS.bundleNamespace, LABELS.bundleName)),
    bdsByRepo: createObjectIndex((o) => labelKey(o, LABELS.bundleNamespace, LABELS.repoName)),
    bdsByNamespace: createObjectIndex((o) => o.metadata.namespace),
    clustersByNamespace: createObjectIndex((o) => o.metadata.namespace),
    clustersByBdNamespace: createObjectIndex((o) => ((o.status ?? {}) as { namespace?: string }).namespace || undefined),
    groupsByNamespace: createObjectIndex((o) => o.metadata.namespace),
    reposByNamespace: createObjectIndex((o) => o.metadata.namespace),
    clustersByManagementName: createObjectIndex((o) => o.metadata.labels?.[LABELS.clusterName]),
  };

  // Handlers are bound after the parts exist; informers call through this indirection.
  const handlers: Record<string, ChangeHandler> = {};
  const informerFor = (type: ResourceType, name: string): Informer =>
    createInformer({
      client,
      type,
      scheduler,
      random,
      log,
      onChange: (change, obj, previous) => handlers[name]?.(change, obj, previous),
    });

  const informers: Informers = {
    gitRepos: informerFor(RESOURCES.gitRepo, 'gitRepos'),
    bundles: informerFor(RESOURCES.bundle, 'bundles'),
    bundleDeployments: informerFor(RESOURCES.bundleDeployment, 'bundleDeployments'),
    clusters: informerFor(RESOURCES.cluster, 'clusters'),
    clusterGroups: informerFor(RESOURCES.clusterGroup, 'clusterGroups'),
  };

  let stopped = false;
  let dispatch: (kind: string, key: string) => Promise<void> = async () => undefined;
  const queue = createWorkQueue({
    scheduler,
    concurrency: 16,
    handler: (item) => {
      const i = item.indexOf(':');
      return dispatch(item.slice(0, i), item.slice(i + 1));
    },
    onError: (item, error) => {
      log(`${item}: ${error instanceof Error ? error.message : String(error)}`);
      if (!stopped) queue.add(item, Math.max(200, ctx.coalesceMs * 4));
    },
  });
  const ctx: SimContext = {
    seed,
    speed,
    rates: { ...DEMO_RATES, ...(options.rates ?? {}) },
    timings: { ...DEFAULT_TIMINGS, ...(options.timings ?? {}) },
    heartbeatMs: (options.heartbeatSeconds ?? 60) * 1000,
    coalesceMs: options.coalesceMs ?? 50,
    startedAt: scheduler.now(),
    log,
    scheduler,
    client,
    limiter,
    writer,
    backgroundWriter,
    queue,
    informers,
    indexes,
    timestamp: () => rfc3339(scheduler.now()),
    realMs: (simMs) => simMs / speed,
  };

  const controller = createFleetController(ctx);
  const agents = createFleetAgents(ctx, { contentOf: controller.contentOf });
  let rancher: ReturnType<typeof createRancher> | undefined;

  dispatch = async (kind, key) => {
    if (kind === 'agent') return agents.plan(key);
    if (kind === 'fws' || kind === 'mgmt' || kind === 'fws-for') return rancher?.reconcile(kind, key);
    return controller.reconcile(kind, key);
  };

  handlers.gitRepos = (change, obj) => {
    indexes.reposByNamespace[change === 'deleted' ? 'remove' : 'update'](obj);
    controller.onGitRepo(change, obj);
  };
  handlers.bundles = (change, obj, previous) => {
    const op = change === 'deleted' ? 'remove' : 'update';
    indexes.bundlesByRepo[op](obj);
    indexes.bundlesByNamespace[op](obj);
    controller.onBundle(change, obj, previous);
  };
  handlers.bundleDeployments = (change, obj, previous) => {
    const op = change === 'deleted' ? 'remove' : 'update';
    indexes.bdsByBundle[op](obj);
    indexes.bdsByRepo[op](obj);
    indexes.bdsByNamespace[op](obj);
    controller.onBundleDeployment(change, obj, previous);
    agents.onBundleDeployment(change, obj);
  };
  handlers.clusters = (change, obj, previous) => {
    const op = change === 'deleted' ? 'remove' : 'update';
    indexes.clustersByNamespace[op](obj);
    indexes.clustersByBdNamespace[op](obj);
    indexes.clustersByManagementName[op](obj);
    controller.onCluster(change, obj, previous);
    agents.onCluster(change, obj, previous);
    rancher?.onFleetCluster(change, obj);
  };
  handlers.clusterGroups = (change, obj) => {
    indexes.groupsByNamespace[change === 'deleted' ? 'remove' : 'update'](obj);
    controller.onClusterGroup(change, obj);
  };
  handlers.fleetWorkspaces = (change, obj) => rancher?.onFleetWorkspace(change, obj);
  handlers.managementClusters = (change, obj) => rancher?.onManagementCluster(change, obj);

  let started = false;
  const tickers: Array<() => void> = [];
  const every = (realMs: number, fn: () => void): void => {
    let cancel: Cancel = () => undefined;
    const loop = (): void => {
      if (stopped) return;
      try {
        fn();
      } catch (error) {
        log(`ticker: ${String(error)}`);
      }
      cancel = scheduler.schedule(loop, realMs, { background: true });
    };
    cancel = scheduler.schedule(loop, realMs, { background: true });
    tickers.push(() => cancel());
  };

  const allInformers = (): Informer[] => Object.values(informers).filter((i): i is Informer => i !== undefined);
  const pending = (): number => (queue.pending() ?? 0) + limiter.pending() + scheduler.pendingCount();
  // Work = something was queued or written; agent check-ins are neither (they only move lastSeen).
  const activity = (): number => queue.added() + writer.count();

  return {
    async start() {
      if (started) return;
      started = true;
      const useRancher = options.rancher === 'auto' || options.rancher === undefined ? await client.isServed(RESOURCES.fleetWorkspace) : options.rancher;
      if (useRancher) {
        informers.fleetWorkspaces = informerFor(RESOURCES.fleetWorkspace, 'fleetWorkspaces');
        informers.managementClusters = informerFor(RESOURCES.managementCluster, 'managementClusters');
        rancher = createRancher(ctx);
      }
      // Clusters and groups first, so bundles target a complete picture.
      await Promise.all([informers.clusters.start(), informers.clusterGroups.start()]);
      // Rancher's objects after the Fleet Clusters, so it finds the clusters it generated before
      await Promise.all([informers.fleetWorkspaces?.start(), informers.managementClusters?.start()]);
      await informers.bundleDeployments.start();
      await informers.bundles.start();
      await informers.gitRepos.start();
      // polling follows simulated time; check-ins are wall-clock
      every(Math.max(50, ctx.realMs(1000)), () => controller.poll());
      every(1000, () => agents.heartbeat());
      if ((options.churnPerSecond ?? 0) > 0) {
        let budget = 0;
        every(100, () => {
          budget += (options.churnPerSecond ?? 0) / 10;
          const n = Math.floor(budget);
          budget -= n;
          agents.churn(n);
        });
      }
      log(`fleet-sim started (seed ${seed}, speed ${speed}${rancher ? ', rancher' : ''})`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const stopTicker of tickers) stopTicker();
      for (const informer of allInformers()) informer.stop();
      queue.stop();
      controller.stop();
      agents.stop();
      scheduler.cancelAll();
      // let in-flight writes finish so nothing writes after stop() resolved
      const deadline = Date.now() + 5000;
      while (limiter.pending() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      client.close();
    },
    async idle() {
      const settleMs = Math.max(30, ctx.coalesceMs * 2);
      for (;;) {
        if (stopped) return;
        if (pending() === 0) {
          const before = activity();
          await new Promise((r) => setTimeout(r, settleMs));
          if (pending() === 0 && activity() === before) return;
        } else {
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    },
    stats() {
      const objects: Record<string, number> = {};
      for (const [name, informer] of Object.entries(informers)) if (informer) objects[name] = (informer as Informer).size();
      return { writes: writer.count() + backgroundWriter.count(), writesByKind: { ...writer.breakdown(), 'heartbeat clusters': backgroundWriter.count() }, pending: pending(), objects };
    },
  };
}
