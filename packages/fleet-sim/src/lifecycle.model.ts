// The agent side of a BundleDeployment as pure functions: given the BD, what the agent does
// next and which status it writes. WaitApplied → (apply) → NotReady → (ready) → Ready, or
// ErrApplied with Helm's error text; drift makes it Modified until repaired.
// The deciding of the state from the status stays in fleet-model (bundleDeploymentState).

import type { PathContent, ResourceRef } from './repo-content.model';
import { deployError } from './repo-content.model';
import { randomFor } from './random.model';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface BdSpecView {
  deploymentID?: string;
  stagedDeploymentID?: string;
  options?: Record<string, unknown>;
}

export interface BdStatus {
  appliedDeploymentID?: string;
  release?: string;
  ready?: boolean;
  nonModified?: boolean;
  conditions?: Condition[];
  display?: { deployed?: string; monitored?: string; state?: string };
  modifiedStatus?: Array<{ apiVersion: string; kind: string; namespace?: string; name: string; missing?: boolean; delete?: boolean; patch?: string }>;
  nonReadyStatus?: Array<{
    uid?: string;
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
    summary: { state?: string; error?: boolean; transitioning?: boolean; message?: string[] };
  }>;
  resources?: Array<{ apiVersion: string; kind: string; namespace?: string; name: string; createdAt?: string }>;
  resourceCounts?: Record<string, number>;
  syncGeneration?: number;
  [key: string]: unknown;
}

export interface BdView {
  metadata: { name: string; namespace?: string };
  spec?: BdSpecView;
  status?: BdStatus;
}

export interface Range {
  min: number;
  max: number;
}

export interface AgentTimings {
  apply: Range;
  ready: Range;
  driftHeal: Range;
  correctDrift: Range;
  /** Delays on slow clusters are multiplied by this. */
  slowFactor: number;
}

export const DEFAULT_AGENT_TIMINGS: AgentTimings = {
  apply: { min: 800, max: 3000 },
  ready: { min: 1500, max: 8000 },
  driftHeal: { min: 60_000, max: 180_000 },
  correctDrift: { min: 3000, max: 8000 },
  slowFactor: 6,
};

export interface AgentContext {
  seed: number;
  /** Probability that a new deploymentID fails with ErrApplied. */
  errAppliedRate: number;
  isSlowCluster: boolean;
  /** Bundle has correctDrift.enabled: drift is repaired quickly. */
  correctDrift: boolean;
  timings: AgentTimings;
}

export type AgentStep =
  | { kind: 'idle' }
  | { kind: 'apply'; delayMs: number }
  | { kind: 'become-ready'; delayMs: number }
  | { kind: 'repair-drift'; delayMs: number };

function bdKey(bd: BdView): string {
  return `${bd.metadata.namespace ?? ''}/${bd.metadata.name}`;
}

function delay(ctx: AgentContext, range: Range, ...keys: Array<string | number>): number {
  const base = randomFor(ctx.seed, ...keys).between(range.min, range.max);
  return ctx.isSlowCluster ? base * ctx.timings.slowFactor : base;
}

/** Whether the deployment with this ID fails on this BD (deterministic per seed, BD and ID). */
export function deploymentFails(ctx: AgentContext, bd: BdView, deploymentID: string): boolean {
  return randomFor(ctx.seed, 'err-applied', bdKey(bd), deploymentID).chance(ctx.errAppliedRate);
}

export function findCondition(status: BdStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** What the agent does next for this BD. */
export function nextAgentStep(bd: BdView, ctx: AgentContext): AgentStep {
  const deploymentID = bd.spec?.deploymentID ?? '';
  if (deploymentID === '') return { kind: 'idle' };
  const status = bd.status ?? {};
  if (status.appliedDeploymentID !== deploymentID) {
    const deployed = findCondition(status, 'Deployed');
    if (deploymentFails(ctx, bd, deploymentID) && deployed?.status === 'False') return { kind: 'idle' };
    return { kind: 'apply', delayMs: delay(ctx, ctx.timings.apply, 'apply', bdKey(bd), deploymentID) };
  }
  if (status.ready !== true) {
    return { kind: 'become-ready', delayMs: delay(ctx, ctx.timings.ready, 'ready', bdKey(bd), deploymentID, status.nonReadyStatus?.length ?? 0) };
  }
  if (status.nonModified === false) {
    const range = ctx.correctDrift ? ctx.timings.correctDrift : ctx.timings.driftHeal;
    return { kind: 'repair-drift', delayMs: delay(ctx, range, 'drift', bdKey(bd), deploymentID, status.modifiedStatus?.length ?? 0) };
  }
  return { kind: 'idle' };
}

function setCondition(conditions: Condition[] | undefined, next: Condition, now: string): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === next.type);
  const previous = index >= 0 ? list[index] : undefined;
  const same = previous && previous.status === next.status && (previous.message ?? '') === (next.message ?? '') && (previous.reason ?? '') === (next.reason ?? '');
  const merged: Condition = same && previous
    ? previous
    : {
        type: next.type,
        status: next.status,
        lastUpdateTime: now,
        ...(previous?.status === next.status && previous.lastTransitionTime ? { lastTransitionTime: previous.lastTransitionTime } : { lastTransitionTime: now }),
        ...(next.reason ? { reason: next.reason } : {}),
        ...(next.message ? { message: next.message } : {}),
      };
  if (index >= 0) list[index] = merged;
  else list.push(merged);
  return list;
}

/** Condition text for `status.display.deployed` / `.monitored`: the status, or `Error: <msg>`. */
export function conditionDisplay(condition: Condition | undefined): string {
  if (!condition) return '';
  if (condition.reason === 'Error' && condition.message) return `Error: ${condition.message}`;
  return condition.status;
}

function resourceList(content: PathContent, createdAt: string): NonNullable<BdStatus['resources']> {
  return content.resources.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name, createdAt }));
}

function counts(content: PathContent, status: BdStatus): Record<string, number> {
  const total = content.resources.length;
  const notReady = status.ready ? 0 : Math.max(1, status.nonReadyStatus?.length ?? 0);
  const missing = (status.modifiedStatus ?? []).filter((m) => m.missing).length;
  const modified = (status.modifiedStatus ?? []).length - missing;
  return {
    desiredReady: total,
    missing,
    modified,
    notReady: Math.min(notReady, total),
    orphaned: 0,
    ready: Math.max(0, total - Math.min(notReady, total) - missing - modified),
    unknown: 0,
    waitApplied: 0,
  };
}

function releaseName(bd: BdView, content: PathContent): string {
  const name = content.helm?.releaseName ?? bd.metadata.name;
  return `${content.defaultNamespace}/${name}`;
}

/** Status after the agent tried to apply `spec.deploymentID`. */
export function appliedStatus(bd: BdView, content: PathContent, ctx: AgentContext, now: string): BdStatus {
  const deploymentID = bd.spec?.deploymentID ?? '';
  const status: BdStatus = { ...(bd.status ?? {}) };
  if (deploymentFails(ctx, bd, deploymentID)) {
    status.conditions = setCondition(status.conditions, { type: 'Deployed', status: 'False', reason: 'Error', message: deployError(content) }, now);
    return status;
  }
  status.appliedDeploymentID = deploymentID;
  status.release = `${releaseName(bd, content)}:${deploymentRevision(bd)}`;
  status.ready = false;
  status.nonModified = true;
  delete status.modifiedStatus;
  status.nonReadyStatus = content.resources
    .filter((r) => r.kind === 'Deployment' || r.kind === 'StatefulSet' || r.kind === 'DaemonSet')
    .slice(0, 3)
    .map((r) => nonReadyEntry(r, 'in-progress', `Deployment does not have minimum availability.`));
  status.resources = resourceList(content, now);
  status.conditions = setCondition(status.conditions, { type: 'Installed', status: 'True' }, now);
  status.conditions = setCondition(status.conditions, { type: 'Deployed', status: 'True' }, now);
  status.conditions = setCondition(status.conditions, { type: 'Monitored', status: 'True' }, now);
  status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', message: 'not ready' }, now);
  status.resourceCounts = counts(content, status);
  return status;
}

function deploymentRevision(bd: BdView): number {
  const previous = bd.status?.release?.split(':')[1];
  const n = previous ? Number.parseInt(previous, 10) : 0;
  return Number.isFinite(n) ? n + 1 : 1;
}

function nonReadyEntry(r: ResourceRef, state: string, message: string): NonNullable<BdStatus['nonReadyStatus']>[number] {
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    summary: { state, transitioning: true, message: [message] },
  };
}

/** Status once every workload is available. */
export function readyStatus(bd: BdView, content: PathContent, now: string): BdStatus {
  const status: BdStatus = { ...(bd.status ?? {}) };
  status.ready = true;
  delete status.nonReadyStatus;
  status.conditions = setCondition(status.conditions, { type: 'Monitored', status: 'True' }, now);
  status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'True' }, now);
  status.resourceCounts = counts(content, status);
  return status;
}

/** A workload stops being ready (a pod crashes, a rollout stalls). */
export function notReadyStatus(bd: BdView, content: PathContent, seed: number, tick: number, now: string): BdStatus {
  const rng = randomFor(seed, 'not-ready', bdKey(bd), tick);
  const workloads = content.resources.filter((r) => r.kind === 'Deployment' || r.kind === 'StatefulSet');
  const target = workloads.length > 0 ? rng.pick(workloads) : content.resources[0];
  const status: BdStatus = { ...(bd.status ?? {}) };
  status.ready = false;
  status.nonReadyStatus = target
    ? [nonReadyEntry(target, 'updating', rng.pick([
        `Available: 0/1`,
        `Deployment does not have minimum availability.`,
        `back-off 5m0s restarting failed container=${target.name} pod=${target.name}-${rng.alnum(10)}-${rng.alnum(5)}`,
      ]))]
    : [];
  status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', message: 'not ready' }, now);
  status.resourceCounts = counts(content, status);
  return status;
}

/** Someone changed or deleted a deployed resource by hand. */
export function driftedStatus(bd: BdView, content: PathContent, seed: number, tick: number): BdStatus {
  const rng = randomFor(seed, 'drift', bdKey(bd), tick);
  const target = content.resources.length > 0 ? rng.pick(content.resources) : undefined;
  const status: BdStatus = { ...(bd.status ?? {}) };
  status.nonModified = false;
  if (target) {
    const missing = target.kind === 'ConfigMap' || target.kind === 'Service' ? rng.chance(0.5) : false;
    status.modifiedStatus = [
      missing
        ? { apiVersion: target.apiVersion, kind: target.kind, namespace: target.namespace, name: target.name, missing: true }
        : {
            apiVersion: target.apiVersion,
            kind: target.kind,
            namespace: target.namespace,
            name: target.name,
            patch: target.kind === 'Deployment' ? '{"spec":{"replicas":1}}' : '{"metadata":{"labels":{"app":null}}}',
          },
    ];
  }
  status.resourceCounts = counts(content, status);
  return status;
}

/** Drift repaired (correctDrift, or the change reverted). */
export function repairedStatus(bd: BdView, content: PathContent): BdStatus {
  const status: BdStatus = { ...(bd.status ?? {}) };
  status.nonModified = true;
  delete status.modifiedStatus;
  status.resourceCounts = counts(content, status);
  return status;
}
