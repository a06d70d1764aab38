// Bundle states, summaries and the Ready message, as fleet-controller computes them
// (rancher/fleet internal/cmd/controller/summary/summary.go, pkg/apis/.../v1alpha1 StateRank).
import type {
  BundleDeployment,
  BundleSummary,
  Condition,
  ModifiedStatus,
  NonReadyResource,
  NonReadyStatus,
} from './types';

/** Bundle states, best first; the index + 1 is Fleet's `StateRank`. */
export const BUNDLE_STATES = ['Ready', 'NotReady', 'Pending', 'OutOfSync', 'Modified', 'WaitApplied', 'ErrApplied'] as const;

export type BundleState = (typeof BUNDLE_STATES)[number];

export function isBundleState(value: unknown): value is BundleState {
  return typeof value === 'string' && (BUNDLE_STATES as readonly string[]).includes(value);
}

/** Fleet's rank: ErrApplied 7 … Ready 1; anything else (including '') 0. */
export function stateRank(state: string | null | undefined): number {
  return isBundleState(state) ? BUNDLE_STATES.indexOf(state) + 1 : 0;
}

/** The highest-ranked state, or undefined for an empty list. Ties keep the first. */
export function worstState<S extends string>(states: Iterable<S>): S | undefined {
  let worst: S | undefined;
  for (const s of states) {
    if (worst === undefined || stateRank(s) > stateRank(worst)) worst = s;
  }
  return worst;
}

export type SummaryCounterKey = 'ready' | 'notReady' | 'pending' | 'outOfSync' | 'modified' | 'waitApplied' | 'errApplied';

const SUMMARY_KEYS: Record<BundleState, SummaryCounterKey> = {
  Ready: 'ready',
  NotReady: 'notReady',
  Pending: 'pending',
  OutOfSync: 'outOfSync',
  Modified: 'modified',
  WaitApplied: 'waitApplied',
  ErrApplied: 'errApplied',
};

/** The `BundleSummary` counter field for a state. */
export function summaryKey(state: BundleState): SummaryCounterKey {
  return SUMMARY_KEYS[state];
}

export function findCondition(conditions: readonly Condition[] | null | undefined, type: string): Condition | undefined {
  return (conditions ?? []).find((c) => c.type === type);
}

/**
 * BundleDeployment state (Fleet `GetDeploymentState`), first rule that applies:
 * 1. applied ID ≠ spec.deploymentID → ErrApplied if condition Deployed is exactly "False", else WaitApplied;
 * 2. !status.ready → NotReady; 3. deploymentID ≠ stagedDeploymentID → OutOfSync;
 * 4. !status.nonModified → Modified; 5. Ready.
 * `deploymentId` overrides `spec.deploymentID` (the Bundle level uses the target's new ID).
 */
export function bundleDeploymentState(bd: BundleDeployment, deploymentId?: string): BundleState {
  const spec = bd.spec ?? {};
  const status = bd.status ?? {};
  const desired = deploymentId ?? spec.deploymentID ?? '';
  if ((status.appliedDeploymentID ?? '') !== desired) {
    return findCondition(status.conditions, 'Deployed')?.status === 'False' ? 'ErrApplied' : 'WaitApplied';
  }
  if (!status.ready) return 'NotReady';
  if (desired !== (spec.stagedDeploymentID ?? '')) return 'OutOfSync';
  if (!status.nonModified) return 'Modified';
  return 'Ready';
}

/**
 * Message of a BD for summaries (Fleet `MessageFromDeployment`): the Deployed condition's
 * message, else Installed (only while applied and desired IDs agree), else Monitored.
 */
export function messageFromDeployment(bd: BundleDeployment | null | undefined): string {
  if (!bd) return '';
  const conditions = bd.status?.conditions;
  let message = findCondition(conditions, 'Deployed')?.message ?? '';
  const applied = (bd.status?.appliedDeploymentID ?? '') === (bd.spec?.deploymentID ?? '');
  if (message === '' && applied) message = findCondition(conditions, 'Installed')?.message ?? '';
  if (message === '') message = findCondition(conditions, 'Monitored')?.message ?? '';
  return message;
}

/** A summary as Fleet serializes it: `ready` and `desiredReady` always, other counters only when > 0. */
export function emptySummary(): BundleSummary {
  return { ready: 0, desiredReady: 0 };
}

export interface SummaryEntry {
  state: BundleState;
  /** BD / bundle name, or `<ns>/<cluster>` on a Bundle. Entries without a name are only counted. */
  name?: string;
  message?: string;
  modifiedStatus?: ModifiedStatus[] | null;
  nonReadyStatus?: NonReadyStatus[] | null;
}

export const MAX_NON_READY_RESOURCES = 10;

/**
 * Counts one entry (Fleet `IncrementState` plus the `DesiredReady++` every caller does) and
 * returns a new summary. Non-ready named entries are listed while fewer than 10 are listed.
 */
export function addToSummary(summary: BundleSummary, state: BundleState, entry: Omit<SummaryEntry, 'state'> = {}): BundleSummary {
  const key = summaryKey(state);
  const next: BundleSummary = { ...summary, [key]: (summary[key] ?? 0) + 1, desiredReady: (summary.desiredReady ?? 0) + 1 };
  next.ready ??= 0;
  if (entry.name && state !== 'Ready') {
    const list = summary.nonReadyResources ?? [];
    if (list.length < MAX_NON_READY_RESOURCES) {
      const resource: NonReadyResource = { name: entry.name, bundleState: state };
      if (entry.message) resource.message = entry.message;
      if (entry.modifiedStatus && entry.modifiedStatus.length > 0) resource.modifiedStatus = entry.modifiedStatus;
      if (entry.nonReadyStatus && entry.nonReadyStatus.length > 0) resource.nonReadyStatus = entry.nonReadyStatus;
      next.nonReadyResources = [...list, resource];
    }
  }
  return next;
}

/** Summary of many entries, in order. */
export function summarize(entries: Iterable<SummaryEntry>): BundleSummary {
  let summary = emptySummary();
  for (const { state, ...rest } of entries) summary = addToSummary(summary, state, rest);
  return summary;
}

const COUNTER_KEYS: ReadonlyArray<SummaryCounterKey | 'desiredReady'> = [
  'ready',
  'desiredReady',
  'notReady',
  'pending',
  'outOfSync',
  'modified',
  'waitApplied',
  'errApplied',
];

/**
 * Adds `right` into `left` (Fleet `summary.Increment`, used for ClusterGroups). Like Fleet,
 * all of right's non-ready resources are appended while left lists fewer than 10, so the
 * merged list can exceed 10.
 */
export function mergeSummaries(left: BundleSummary, right: BundleSummary | null | undefined): BundleSummary {
  const out: BundleSummary = { ...left };
  for (const key of COUNTER_KEYS) {
    const sum = (left[key] ?? 0) + (right?.[key] ?? 0);
    if (sum > 0 || key === 'ready' || key === 'desiredReady') out[key] = sum;
  }
  const l = left.nonReadyResources ?? [];
  const r = right?.nonReadyResources ?? [];
  if (l.length < MAX_NON_READY_RESOURCES && r.length > 0) out.nonReadyResources = [...l, ...r];
  return out;
}

/** Fleet `IsReady`: ready equals desiredReady. */
export function isSummaryReady(summary: BundleSummary | null | undefined): boolean {
  return (summary?.ready ?? 0) === (summary?.desiredReady ?? 0);
}

/**
 * Fleet `GetSummaryState`: the worst state among `nonReadyResources`, '' when the list is
 * empty — the counters are not consulted (subtlety 5).
 */
export function summaryState(summary: BundleSummary | null | undefined): BundleState | '' {
  let state: BundleState | '' = '';
  for (const r of summary?.nonReadyResources ?? []) {
    if (stateRank(r.bundleState) > stateRank(state)) state = r.bundleState as BundleState;
  }
  return state;
}

function resourceName(apiVersion?: string | null, kind?: string | null, namespace?: string | null, name?: string | null): string {
  const k = (kind ?? '').toLowerCase();
  const n = name ?? '';
  const id = namespace ? `${namespace}/${n}` : n;
  if (!apiVersion) return `${k} ${id}`;
  return `${k}.${apiVersion.split('/')[0]} ${id}`;
}

/** Go `ModifiedStatus.String()`: `configmap.v1 ns/name missing|extra|modified <patch>`. */
export function modifiedStatusMessage(m: ModifiedStatus): string {
  const base = resourceName(m.apiVersion, m.kind, m.namespace, m.name);
  if (m.missing) return `${base} missing`;
  if (m.delete) return `${base} extra`;
  return `${base} modified ${m.patch ?? ''}`;
}

/** Go `NonReadyStatus.String()` with wrangler's `Summary.String()`. */
export function nonReadyStatusMessage(s: NonReadyStatus): string {
  const summary = s.summary ?? {};
  let msg: string;
  if (!summary.transitioning && !summary.error) {
    msg = summary.state ?? '';
  } else {
    msg = summary.transitioning ? '[progressing' : '';
    if (summary.error) msg = msg.length > 0 ? `${msg},error]` : 'error]';
    else msg += ']';
    if (summary.message && summary.message.length > 0) msg = `${msg} ${summary.message.join(', ')}`;
  }
  return `${resourceName(s.apiVersion, s.kind, s.namespace, s.name)} ${msg}`;
}

const MESSAGE_STATES: readonly BundleState[] = ['OutOfSync', 'NotReady', 'WaitApplied', 'ErrApplied', 'Pending', 'Modified'];

/**
 * The Ready condition message (Fleet `ReadyMessage`). For each non-Ready state whose counter
 * is > 0, the FIRST listed resource in that state gives `State(count) [Kind name: msg]`
 * (count from the counter), followed by up to 4 modified and 4 non-ready resource lines.
 * All lines are sorted together (byte order) and joined with `; `. Empty = Ready.
 * `referencedKind` is `Bundle` on GitRepo/Cluster/ClusterGroup and `Cluster` on a Bundle.
 */
export function readyMessage(summary: BundleSummary | null | undefined, referencedKind: string): string {
  const messages: string[] = [];
  for (const state of MESSAGE_STATES) {
    const count = summary?.[summaryKey(state)] ?? 0;
    if (count <= 0) continue;
    const v = (summary?.nonReadyResources ?? []).find((r) => r.bundleState === state);
    if (!v) continue;
    const name = v.name ?? '';
    messages.push(v.message ? `${state}(${count}) [${referencedKind} ${name}: ${v.message}]` : `${state}(${count}) [${referencedKind} ${name}]`);
    for (const m of (v.modifiedStatus ?? []).slice(0, 4)) messages.push(modifiedStatusMessage(m));
    for (const m of (v.nonReadyStatus ?? []).slice(0, 4)) messages.push(nonReadyStatusMessage(m));
  }
  messages.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return messages.join('; ');
}

/** Ready condition as Fleet sets it from a summary: True with '' or False with the message. */
export function readyCondition(summary: BundleSummary | null | undefined, referencedKind: string, previous?: Condition): Condition {
  const message = readyMessage(summary, referencedKind);
  const status = message === '' ? 'True' : 'False';
  const condition: Condition = { ...(previous ?? {}), type: 'Ready', status };
  if (message) condition.message = message;
  else delete condition.message;
  return condition;
}
