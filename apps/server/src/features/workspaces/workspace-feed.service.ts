// The live list of workspaces for websocket subscribers: derived from the shared cluster-wide
// caches of the counted kinds (and FleetWorkspaces where Rancher's API is served), recomputed at
// most once per throttle interval after a change, and announced only when a row changed. One
// feed serves every subscriber; it holds its cache subscriptions while anyone listens.
import type { WorkspaceRow } from '@fleet-dashboard/contracts';
import type { Logger } from 'pino';
import type { KubeClient } from '../../k8s/kube-client';
import { RESOURCE_TYPES } from '../../k8s/resource-types';
import type { CacheStatus, CacheSubscription, WatchCache } from '../../k8s/watch-cache';
import { COUNTED, workspaceRows } from './workspaces.service';

export interface WorkspaceFeedListener {
  /** The full, sorted row list after it changed. */
  onRows?(rows: readonly WorkspaceRow[], revision: string): void;
  onStatus?(status: CacheStatus): void;
}

export interface WorkspaceFeedSubscription {
  readonly ready: Promise<void>;
  isReady(): boolean;
  rows(): readonly WorkspaceRow[];
  /** Workspaces that are FleetWorkspaces (token mode shows them to who may list FleetWorkspaces). */
  fleetWorkspaceNames(): ReadonlySet<string>;
  revision(): string;
  status(): CacheStatus;
  unsubscribe(): void;
}

export interface WorkspaceFeed {
  subscribe(listener: WorkspaceFeedListener): WorkspaceFeedSubscription;
}

export interface WorkspaceFeedOptions {
  cache: Pick<WatchCache, 'subscribe'>;
  /** Asks whether Rancher's FleetWorkspace API is served. */
  kube: Pick<KubeClient, 'servedResources'>;
  /** Least time between two recomputations. Default 250 ms. */
  throttleMs?: number;
  logger?: Logger;
}

interface Running {
  subs: CacheSubscription[];
  fleetWorkspaces: CacheSubscription | undefined;
  timer: NodeJS.Timeout | undefined;
  lastRun: number;
  stopped: boolean;
}

const RANK: Record<CacheStatus['state'], number> = { live: 0, resyncing: 1, error: 2 };

export function createWorkspaceFeed(options: WorkspaceFeedOptions): WorkspaceFeed {
  const throttleMs = options.throttleMs ?? 250;
  const listeners = new Set<WorkspaceFeedListener>();
  let running: Running | undefined;
  let rows: WorkspaceRow[] = [];
  let serialized = '';
  let fleetNames = new Set<string>();
  let revision = 0;
  let status: CacheStatus = { state: 'resyncing' };
  let isReady = false;
  let ready: Promise<void> = Promise.resolve();

  const notify = <K extends keyof WorkspaceFeedListener>(key: K, ...args: Parameters<NonNullable<WorkspaceFeedListener[K]>>): void => {
    for (const l of [...listeners]) {
      try {
        (l[key] as ((...a: typeof args) => void) | undefined)?.(...args);
      } catch (error) {
        options.logger?.error({ err: error }, 'workspace feed listener failed');
      }
    }
  };

  function recompute(r: Running): void {
    if (r.stopped) return;
    r.timer = undefined;
    r.lastRun = Date.now();
    const fleet = r.fleetWorkspaces ? [...r.fleetWorkspaces.entries()] : [];
    const next = workspaceRows(fleet, r.subs.map((s) => [...s.entries()]));
    fleetNames = new Set(fleet.map((e) => e.object.metadata?.name ?? ''));
    const text = JSON.stringify(next);
    if (text === serialized) return;
    serialized = text;
    rows = next;
    revision++;
    if (isReady) notify('onRows', rows, String(revision));
  }

  function schedule(r: Running): void {
    if (r.timer || r.stopped || !isReady) return;
    const wait = Math.max(0, r.lastRun + throttleMs - Date.now());
    r.timer = setTimeout(() => recompute(r), wait);
    r.timer.unref();
  }

  function updateStatus(r: Running): void {
    const all = [...r.subs, ...(r.fleetWorkspaces ? [r.fleetWorkspaces] : [])].map((s) => s.status());
    const worst = all.reduce<CacheStatus>((w, s) => (RANK[s.state] > RANK[w.state] ? s : w), { state: 'live' });
    const next: CacheStatus = isReady ? worst : { state: worst.state === 'error' ? 'error' : 'resyncing', ...(worst.message ? { message: worst.message } : {}) };
    if (next.state === status.state && next.message === status.message) return;
    status = next;
    notify('onStatus', status);
  }

  function start(): void {
    const r: Running = { subs: [], fleetWorkspaces: undefined, timer: undefined, lastRun: 0, stopped: false };
    running = r;
    isReady = false;
    status = { state: 'resyncing' };
    const listener = { onChanges: () => schedule(r), onStatus: () => updateStatus(r) };
    r.subs = COUNTED.map(([, type]) => options.cache.subscribe({ type, namespace: '' }, listener));
    ready = (async () => {
      const { group, version, plural } = RESOURCE_TYPES.fleetWorkspace;
      // Without Rancher the namespaces alone define workspaces; a failed discovery counts as that.
      const served = await options.kube.servedResources(group, version).catch(() => null);
      if (r.stopped) return;
      if (served?.includes(plural)) r.fleetWorkspaces = options.cache.subscribe({ type: RESOURCE_TYPES.fleetWorkspace, namespace: '' }, listener);
      await Promise.all([...r.subs, ...(r.fleetWorkspaces ? [r.fleetWorkspaces] : [])].map((s) => s.ready));
      if (r.stopped) return;
      recompute(r);
      isReady = true;
      updateStatus(r);
    })();
  }

  function stop(r: Running): void {
    r.stopped = true;
    if (r.timer) clearTimeout(r.timer);
    for (const s of r.subs) s.unsubscribe();
    r.fleetWorkspaces?.unsubscribe();
    running = undefined;
    isReady = false;
    serialized = '';
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!running) start();
      const r = running as Running;
      let active = true;
      return {
        ready,
        isReady: () => isReady && !r.stopped,
        rows: () => rows,
        fleetWorkspaceNames: () => fleetNames,
        revision: () => String(revision),
        status: () => status,
        unsubscribe() {
          if (!active) return;
          active = false;
          listeners.delete(listener);
          if (listeners.size === 0 && running === r) stop(r);
        },
      };
    },
  };
}
