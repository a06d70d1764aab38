// The fleet-agents of every simulated cluster: apply BundleDeployments (WaitApplied → NotReady
// → Ready, or ErrApplied), report drift, check in (agent.lastSeen), and the random churn of a
// live estate. Slow clusters take longer; silent clusters stop checking in and stop acting.

import { LABELS, bundleDeploymentState, type BundleDeployment } from '@fleet-dashboard/fleet-model';
import { RESOURCES } from './kube-client.service';
import { objectKey, type KubeObject } from './kube-object.model';
import {
  appliedStatus,
  conditionDisplay,
  driftedStatus,
  findCondition,
  nextAgentStep,
  notReadyStatus,
  readyStatus,
  repairedStatus,
  type AgentContext,
  type BdStatus,
  type BdView,
} from './lifecycle.model';
import { createRandom, randomFor } from './random.model';
import type { PathContent } from './repo-content.model';
import type { Cancel } from './scheduler.service';
import type { SimContext } from './sim-context.model';

export interface FleetAgents {
  /** Plans (or re-plans) the next step for one BD. */
  plan(bdKey: string): Promise<void>;
  onBundleDeployment(change: 'added' | 'modified' | 'deleted', obj: KubeObject): void;
  onCluster(change: 'added' | 'modified' | 'deleted', obj: KubeObject, previous: KubeObject | undefined): void;
  /** Refreshes agent.lastSeen of clusters whose heartbeat is due (background ticker). */
  heartbeat(): void;
  /** Applies `count` random status changes (background ticker). */
  churn(count: number): void;
  stop(): void;
}

export interface AgentDeps {
  contentOf(bundle: KubeObject | undefined, bundleName: string): PathContent;
}

interface Planned {
  id: string;
  cancel: Cancel;
}

/** Check-ins are wall-clock (lastSeen is compared with real time): never more often than this. */
const MIN_HEARTBEAT_REAL_MS = 1000;
/** Writes waiting beyond which check-ins are postponed. */
const HEARTBEAT_BACKLOG = 256;

export function withDisplay(bd: KubeObject, status: BdStatus): BdStatus {
  const view = { ...bd, status } as unknown as BundleDeployment;
  return {
    ...status,
    display: {
      deployed: conditionDisplay(findCondition(status, 'Deployed')),
      monitored: conditionDisplay(findCondition(status, 'Monitored')),
      state: bundleDeploymentState(view),
    },
  };
}

export function createFleetAgents(ctx: SimContext, deps: AgentDeps): FleetAgents {
  const { informers, indexes, writer, queue, scheduler } = ctx;
  const planned = new Map<string, Planned>();
  const drifted = new Set<string>();
  const nextBeat = new Map<string, number>();
  const beating = new Set<string>();
  const churnRandom = createRandom(ctx.seed ^ 0x5eed);
  let churnTick = 0;
  let bdKeys: string[] = [];
  let bdKeysAt = -Infinity;

  const clusterKeyOf = (bd: KubeObject): string => {
    const labels = bd.metadata.labels ?? {};
    return `${labels[LABELS.clusterNamespace] ?? ''}/${labels[LABELS.cluster] ?? ''}`;
  };
  const isSlow = (clusterKey: string): boolean => randomFor(ctx.seed, 'slow', clusterKey).chance(ctx.rates.slowCluster);
  const silentAt = (clusterKey: string): number | undefined => {
    if (clusterKey.endsWith('/local')) return undefined;
    const rng = randomFor(ctx.seed, 'silent', clusterKey);
    if (!rng.chance(ctx.rates.silentCluster)) return undefined;
    return ctx.startedAt + ctx.realMs(rng.between(ctx.timings.silentAfter.min, ctx.timings.silentAfter.max));
  };
  const isSilent = (clusterKey: string): boolean => {
    const at = silentAt(clusterKey);
    return at !== undefined && scheduler.now() >= at;
  };
  const isOnline = (clusterKey: string): boolean => {
    const cluster = informers.clusters.get(clusterKey);
    const lastSeen = ((cluster?.status ?? {}) as { agent?: { lastSeen?: string } }).agent?.lastSeen;
    return Boolean(lastSeen) && !isSilent(clusterKey);
  };

  const bundleOf = (bd: KubeObject): KubeObject | undefined => {
    const labels = bd.metadata.labels ?? {};
    return informers.bundles.get(`${labels[LABELS.bundleNamespace] ?? ''}/${labels[LABELS.bundleName] ?? ''}`);
  };

  const agentContext = (bd: KubeObject, clusterKey: string): AgentContext => {
    const options = ((bd.spec ?? {}) as { options?: { correctDrift?: { enabled?: boolean } } }).options;
    return {
      seed: ctx.seed,
      errAppliedRate: ctx.rates.errApplied,
      isSlowCluster: isSlow(clusterKey),
      correctDrift: Boolean(options?.correctDrift?.enabled),
      timings: ctx.timings,
    };
  };

  const cancelPlan = (bdKey: string): void => {
    planned.get(bdKey)?.cancel();
    planned.delete(bdKey);
  };

  const writeBd = async (bdKey: string, compute: (bd: KubeObject) => BdStatus | undefined): Promise<void> => {
    await writer.writeStatus(RESOURCES.bundleDeployment, informers.bundleDeployments, bdKey, (current) => {
      const next = compute(current);
      return next ? (withDisplay(current, next) as Record<string, unknown>) : undefined;
    });
  };

  const execute = async (bdKey: string, stepId: string): Promise<void> => {
    const bd = informers.bundleDeployments.get(bdKey);
    if (!bd) return;
    const clusterKey = clusterKeyOf(bd);
    if (!isOnline(clusterKey)) return;
    const actx = agentContext(bd, clusterKey);
    const view = bd as unknown as BdView;
    const step = nextAgentStep(view, actx);
    const deploymentID = view.spec?.deploymentID ?? '';
    if (`${step.kind}@${deploymentID}` !== stepId) return;
    const content = deps.contentOf(bundleOf(bd), bd.metadata.name);
    const now = ctx.timestamp();
    if (step.kind === 'apply') await writeBd(bdKey, (cur) => appliedStatus(cur as unknown as BdView, content, actx, now));
    else if (step.kind === 'become-ready') await writeBd(bdKey, (cur) => readyStatus(cur as unknown as BdView, content, now));
    else if (step.kind === 'repair-drift') await writeBd(bdKey, (cur) => repairedStatus(cur as unknown as BdView, content));
  };

  const plan = async (bdKey: string): Promise<void> => {
    const bd = informers.bundleDeployments.get(bdKey);
    if (!bd) {
      cancelPlan(bdKey);
      return;
    }
    const clusterKey = clusterKeyOf(bd);
    if (!isOnline(clusterKey)) {
      cancelPlan(bdKey);
      return;
    }
    const view = bd as unknown as BdView;
    // The agent keeps status.display in line with the spec (e.g. staged content → OutOfSync).
    if (view.status) await writeBd(bdKey, (cur) => (cur.status ?? {}) as BdStatus);
    const actx = agentContext(bd, clusterKey);
    const step = nextAgentStep(view, actx);
    const deploymentID = view.spec?.deploymentID ?? '';
    if (step.kind === 'idle') {
      cancelPlan(bdKey);
      planDrift(bdKey, bd, clusterKey, deploymentID);
      return;
    }
    const id = `${step.kind}@${deploymentID}`;
    if (planned.get(bdKey)?.id === id) return;
    cancelPlan(bdKey);
    const cancel = scheduler.schedule(() => {
      planned.delete(bdKey);
      void execute(bdKey, id).catch((error: unknown) => ctx.log(`agent ${bdKey}: ${String(error)}`));
    }, ctx.realMs(step.delayMs));
    planned.set(bdKey, { id, cancel });
  };

  /** A Ready BD may drift once per deployment (rate `drift`), some time after it became Ready. */
  const planDrift = (bdKey: string, bd: KubeObject, clusterKey: string, deploymentID: string): void => {
    const marker = `${bdKey}@${deploymentID}`;
    if (drifted.has(marker) || ctx.rates.drift <= 0) return;
    const state = bundleDeploymentState(bd as unknown as BundleDeployment);
    if (state !== 'Ready') return;
    const rng = randomFor(ctx.seed, 'drift-plan', bdKey, deploymentID);
    drifted.add(marker);
    if (!rng.chance(ctx.rates.drift)) return;
    const delay = ctx.realMs(rng.between(ctx.timings.driftAfter.min, ctx.timings.driftAfter.max));
    const id = `drift@${deploymentID}`;
    const cancel = scheduler.schedule(
      () => {
        planned.delete(bdKey);
        const current = informers.bundleDeployments.get(bdKey);
        if (!current || ((current.spec ?? {}) as { deploymentID?: string }).deploymentID !== deploymentID || !isOnline(clusterKey)) return;
        const content = deps.contentOf(bundleOf(current), current.metadata.name);
        void writeBd(bdKey, (cur) => driftedStatus(cur as unknown as BdView, content, ctx.seed, 0)).catch((error: unknown) => ctx.log(`agent ${bdKey}: ${String(error)}`));
      },
      delay,
      { background: true },
    );
    planned.set(bdKey, { id, cancel });
  };

  const replanCluster = (cluster: KubeObject): void => {
    const bdNamespace = ((cluster.status ?? {}) as { namespace?: string }).namespace;
    if (!bdNamespace) return;
    for (const bdKey of indexes.bdsByNamespace.get(bdNamespace)) queue.add(`agent:${bdKey}`);
  };

  return {
    plan,
    onBundleDeployment(change, obj) {
      const key = objectKey(obj);
      if (change === 'deleted') {
        cancelPlan(key);
        return;
      }
      queue.add(`agent:${key}`);
    },
    onCluster(change, obj, previous) {
      const key = objectKey(obj);
      if (change === 'deleted') {
        nextBeat.delete(key);
        return;
      }
      const seen = ((obj.status ?? {}) as { agent?: { lastSeen?: string } }).agent?.lastSeen;
      const before = ((previous?.status ?? {}) as { agent?: { lastSeen?: string } }).agent?.lastSeen;
      if (seen && !before) replanCluster(obj);
      if (!nextBeat.has(key)) nextBeat.set(key, scheduler.now() + Math.max(MIN_HEARTBEAT_REAL_MS, randomFor(ctx.seed, 'beat', key).between(0, ctx.heartbeatMs)));
    },
    heartbeat() {
      if (ctx.heartbeatMs <= 0) return;
      // back-pressure: check-ins wait while the API server is busy with real work
      if (ctx.limiter.pending() > HEARTBEAT_BACKLOG || ctx.queue.pending() > HEARTBEAT_BACKLOG * 8) return;
      const now = scheduler.now();
      const interval = Math.max(MIN_HEARTBEAT_REAL_MS, ctx.heartbeatMs);
      for (const [key, at] of nextBeat) {
        if (now < at || beating.has(key)) continue;
        nextBeat.set(key, now + interval);
        const cluster = informers.clusters.get(key);
        const lastSeen = ((cluster?.status ?? {}) as { agent?: { lastSeen?: string } }).agent?.lastSeen;
        if (!cluster || !lastSeen || isSilent(key)) continue;
        beating.add(key);
        void ctx.backgroundWriter
          .writeStatus(RESOURCES.cluster, informers.clusters, key, (current) => {
            const s = (current.status ?? {}) as Record<string, unknown>;
            const agent = (s.agent ?? {}) as Record<string, unknown>;
            if (!agent.lastSeen) return undefined;
            return { ...s, agent: { ...agent, lastSeen: ctx.timestamp() } };
          })
          .catch((error: unknown) => ctx.log(`heartbeat ${key}: ${String(error)}`))
          .finally(() => beating.delete(key));
      }
    },
    churn(count) {
      if (count <= 0) return;
      const now = scheduler.now();
      if (now - bdKeysAt > 1000) {
        bdKeys = [...informers.bundleDeployments.values()].map(objectKey);
        bdKeysAt = now;
      }
      if (bdKeys.length === 0) return;
      for (let i = 0; i < count; i++) {
        const bdKey = churnRandom.pick(bdKeys);
        const bd = informers.bundleDeployments.get(bdKey);
        if (!bd || !isOnline(clusterKeyOf(bd))) continue;
        if (bundleDeploymentState(bd as unknown as BundleDeployment) !== 'Ready') continue;
        const content = deps.contentOf(bundleOf(bd), bd.metadata.name);
        const tick = ++churnTick;
        const drift = churnRandom.chance(0.3);
        void writeBd(bdKey, (cur) =>
          drift ? driftedStatus(cur as unknown as BdView, content, ctx.seed, tick) : notReadyStatus(cur as unknown as BdView, content, ctx.seed, tick, ctx.timestamp()),
        ).catch((error: unknown) => ctx.log(`churn ${bdKey}: ${String(error)}`));
      }
    },
    stop() {
      for (const p of planned.values()) p.cancel();
      planned.clear();
    },
  };
}
