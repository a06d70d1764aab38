// Shared watch caches keyed by (group, version, plural, namespace): however many subscribers a
// key has, one upstream list+watch feeds it. Each object's slim row is computed once per event.
// The loop relists on 410 (diffing with fleet-model's replaceAll, so subscribers get only what
// changed), backs off with jitter on errors, reports live/resyncing/error, and stops a short
// linger after its last subscriber left.
import {
  applyWatchEvent,
  createObjectStore,
  replaceAll,
  type KubeObject,
  type ObjectStore,
} from '@fleet-dashboard/fleet-model';
import type { ListRow, SubscriptionState } from '@fleet-dashboard/contracts';
import type { Logger } from 'pino';
import type { KubeClient } from './kube-client';
import type { ResourceType } from './resource-types';
import { watchResource, type WatchItem, type WatchResourceOptions } from './watch-resource';

export interface CacheRef {
  type: ResourceType;
  /** '' = all namespaces. */
  namespace: string;
}

export interface CacheEntry {
  key: string;
  object: KubeObject;
  /** Slim row, null for kinds without one. */
  row: ListRow | null;
}

export type CacheChange = { type: 'upsert'; entry: CacheEntry } | { type: 'delete'; entry: CacheEntry };

export interface CacheStatus {
  state: SubscriptionState;
  message?: string;
  /** HTTP status of the failure behind an `error` state, when there was one. */
  code?: number;
}

export interface CacheListener {
  /** Called synchronously for every change batch (one event, or one relist diff). */
  onChanges?(changes: readonly CacheChange[], revision: string): void;
  onStatus?(status: CacheStatus): void;
}

export interface CacheSubscription {
  readonly ref: CacheRef;
  /** Resolves once the first list has been loaded. */
  readonly ready: Promise<void>;
  isReady(): boolean;
  status(): CacheStatus;
  revision(): string;
  entries(): IterableIterator<CacheEntry>;
  get(key: string): CacheEntry | undefined;
  unsubscribe(): void;
}

export interface WatchCacheMetrics {
  watchStarted(resource: string, namespace: string): void;
  watchStopped(resource: string, namespace: string): void;
  relisted(resource: string, namespace: string, reason: string): void;
  eventsReceived(resource: string, namespace: string, count: number): void;
  subscribersChanged(resource: string, namespace: string, count: number): void;
  watchFailed(resource: string, namespace: string): void;
}

export interface WatchCacheStats {
  key: string;
  subscribers: number;
  objects: number;
  state: SubscriptionState;
  revision: string;
}

export interface WatchCache {
  subscribe(ref: CacheRef, listener?: CacheListener): CacheSubscription;
  stats(): WatchCacheStats[];
  /** Stops every upstream watch. */
  close(): Promise<void>;
}

export interface WatchCacheOptions {
  client: KubeClient;
  /** Computes an object's row (once per event; `key` is its cache key, to be shared); default: no rows. */
  rowOf?: (type: ResourceType, object: KubeObject, key: string) => ListRow | null;
  metrics?: WatchCacheMetrics;
  logger?: Logger;
  /** How long a cache without subscribers keeps watching. Default 5000 ms. */
  lingerMs?: number;
  /** Backoff after errors: first delay and ceiling. Defaults 500 ms and 30 s. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Server-side timeout of each watch request. Default 300 s. */
  watchTimeoutSeconds?: number;
  random?: () => number;
  /** The list+watch session generator (injectable for tests). */
  watch?: (options: WatchResourceOptions) => AsyncGenerator<WatchItem, void, undefined>;
}

export function cacheKey(ref: CacheRef): string {
  const { group, version, plural } = ref.type;
  return `${group}/${version}/${plural}/${ref.namespace}`;
}

/** Full jitter over an exponential ceiling: uniform in [base/2, base], base = initial·2^attempt ≤ max. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface Collection {
  key: string;
  ref: CacheRef;
  store: ObjectStore<KubeObject>;
  entries: Map<string, CacheEntry>;
  listeners: Set<CacheListener>;
  subscribers: number;
  status: CacheStatus;
  isReady: boolean;
  ready: Promise<void>;
  markReady: () => void;
  abort: AbortController;
  lingerTimer: NodeJS.Timeout | undefined;
  done: Promise<void>;
}

export function createWatchCache(options: WatchCacheOptions): WatchCache {
  const collections = new Map<string, Collection>();
  const lingerMs = options.lingerMs ?? 5000;
  const initialMs = options.backoffInitialMs ?? 500;
  const maxMs = options.backoffMaxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const session = options.watch ?? watchResource;
  const metrics = options.metrics;
  const log = options.logger;

  const label = (c: Collection): [string, string] => [c.ref.type.plural, c.ref.namespace || '*'];

  // One key string per object, shared by the store, the entries, the entry and its row.
  const entryOf = (c: Collection, object: KubeObject, key: string): CacheEntry => ({
    key,
    object,
    row: options.rowOf ? options.rowOf(c.ref.type, object, key) : null,
  });

  const emit = (c: Collection, changes: CacheChange[]): void => {
    if (changes.length === 0) return;
    for (const l of [...c.listeners]) {
      try {
        l.onChanges?.(changes, c.store.resourceVersion);
      } catch (error) {
        log?.error({ err: error, cache: c.key }, 'cache listener failed');
      }
    }
  };

  const setStatus = (c: Collection, status: CacheStatus): void => {
    if (c.status.state === status.state && c.status.message === status.message && c.status.code === status.code) return;
    c.status = status;
    for (const l of [...c.listeners]) {
      try {
        l.onStatus?.(status);
      } catch (error) {
        log?.error({ err: error, cache: c.key }, 'cache listener failed');
      }
    }
  };

  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });

  async function run(c: Collection): Promise<void> {
    const signal = c.abort.signal;
    const [resource, ns] = label(c);
    metrics?.watchStarted(resource, ns);
    let resourceVersion: string | undefined;
    let attempt = 0;
    let lists = 0;
    let relistReason = 'initial';
    try {
      while (!signal.aborted) {
        let failed = false;
        for await (const item of session({
          client: options.client,
          type: c.ref.type,
          namespace: c.ref.namespace,
          ...(resourceVersion ? { resourceVersion } : {}),
          signal,
          ...(options.watchTimeoutSeconds !== undefined ? { timeoutSeconds: options.watchTimeoutSeconds } : {}),
        })) {
          if (item.type === 'list') {
            if (lists > 0) metrics?.relisted(resource, ns, relistReason);
            lists++;
            const diff = replaceAll(c.store, item.items, item.resourceVersion);
            resourceVersion = item.resourceVersion;
            const changes: CacheChange[] = [];
            for (const { key, object } of [...diff.added, ...diff.modified]) {
              const entry = entryOf(c, object, key);
              c.entries.set(key, entry);
              changes.push({ type: 'upsert', entry });
            }
            for (const { key, object } of diff.deleted) {
              const entry = c.entries.get(key) ?? entryOf(c, object, key);
              c.entries.delete(key);
              changes.push({ type: 'delete', entry });
            }
            attempt = 0;
            if (!c.isReady) {
              c.isReady = true;
              c.markReady();
            } else emit(c, changes);
            setStatus(c, { state: 'live' });
          } else if (item.type === 'open') {
            // A watch accepted after a failure: the data is current again even if nothing changes
            // (kube-apiserver without its watch cache sends no bookmarks on a quiet resource).
            if (c.isReady && c.status.state === 'error') {
              attempt = 0;
              setStatus(c, { state: 'live' });
            }
          } else if (item.type === 'event') {
            const change = applyWatchEvent(c.store, item.event);
            resourceVersion = c.store.resourceVersion || resourceVersion;
            if (item.event.type !== 'BOOKMARK') metrics?.eventsReceived(resource, ns, 1);
            attempt = 0;
            if (c.status.state !== 'live') setStatus(c, { state: 'live' });
            if (!change) continue;
            if (change.type === 'deleted') {
              const entry = c.entries.get(change.key) ?? entryOf(c, change.object, change.key);
              c.entries.delete(change.key);
              emit(c, [{ type: 'delete', entry: { ...entry, object: change.object } }]);
            } else {
              const entry = entryOf(c, change.object, change.key);
              c.entries.set(change.key, entry);
              emit(c, [{ type: 'upsert', entry }]);
            }
          } else {
            const failure = item.error;
            if (failure.expired) {
              log?.info({ cache: c.key, message: failure.message }, 'watch expired, relisting');
              resourceVersion = undefined;
              relistReason = 'expired';
              setStatus(c, { state: 'resyncing', message: failure.message });
              // The first expiry relists at once; repeated ones back off like errors.
              if (attempt > 0) failed = true;
              else attempt++;
            } else {
              failed = true;
              metrics?.watchFailed(resource, ns);
              log?.warn({ cache: c.key, code: failure.code, message: failure.message }, 'watch failed');
              relistReason = 'error';
              setStatus(c, { state: 'error', message: failure.message, ...(failure.code !== undefined ? { code: failure.code } : {}) });
            }
          }
        }
        if (failed && !signal.aborted) {
          await sleep(backoffDelay(attempt, initialMs, maxMs, random), signal);
          attempt++;
        }
      }
    } catch (error) {
      log?.error({ err: error, cache: c.key }, 'watch loop crashed');
      setStatus(c, { state: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      metrics?.watchStopped(resource, ns);
    }
  }

  function open(ref: CacheRef): Collection {
    const key = cacheKey(ref);
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    const c: Collection = {
      key,
      ref,
      store: createObjectStore<KubeObject>(),
      entries: new Map(),
      listeners: new Set(),
      subscribers: 0,
      status: { state: 'resyncing' },
      isReady: false,
      ready,
      markReady,
      abort: new AbortController(),
      lingerTimer: undefined,
      done: Promise.resolve(),
    };
    collections.set(key, c);
    c.done = run(c);
    return c;
  }

  function shutdown(c: Collection): Promise<void> {
    if (c.lingerTimer) clearTimeout(c.lingerTimer);
    c.lingerTimer = undefined;
    collections.delete(c.key);
    c.abort.abort();
    return c.done;
  }

  return {
    subscribe(ref, listener) {
      const c = collections.get(cacheKey(ref)) ?? open(ref);
      if (c.lingerTimer) {
        clearTimeout(c.lingerTimer);
        c.lingerTimer = undefined;
      }
      c.subscribers++;
      if (listener) c.listeners.add(listener);
      metrics?.subscribersChanged(...label(c), c.subscribers);
      let active = true;
      return {
        ref,
        ready: c.ready,
        isReady: () => c.isReady,
        status: () => c.status,
        revision: () => c.store.resourceVersion,
        entries: () => c.entries.values(),
        get: (key) => c.entries.get(key),
        unsubscribe() {
          if (!active) return;
          active = false;
          if (listener) c.listeners.delete(listener);
          c.subscribers--;
          metrics?.subscribersChanged(...label(c), c.subscribers);
          if (c.subscribers === 0 && collections.get(c.key) === c) {
            c.lingerTimer = setTimeout(() => void shutdown(c), lingerMs);
            c.lingerTimer.unref();
          }
        },
      };
    },
    stats() {
      return [...collections.values()].map((c) => ({
        key: c.key,
        subscribers: c.subscribers,
        objects: c.entries.size,
        state: c.status.state,
        revision: c.store.resourceVersion,
      }));
    },
    async close() {
      await Promise.all([...collections.values()].map((c) => shutdown(c)));
    },
  };
}
