// List + watch of one resource type with a local cache: watch from the list's resourceVersion,
// bookmarks on, relist on 410 Gone, reconnect with jittered backoff on errors. Handlers see every
// change once; a relist emits the difference against the cache as events.

import type { KubeClient, ResourceType, WatchEventType } from './kube-client.service';
import { objectKey, type KubeObject } from './kube-object.model';
import type { Random } from './random.model';
import type { Scheduler } from './scheduler.service';

export type ChangeType = 'added' | 'modified' | 'deleted';
export type ChangeHandler = (change: ChangeType, obj: KubeObject, previous: KubeObject | undefined) => void;

export interface Informer {
  readonly type: ResourceType;
  /** Lists and starts watching; resolves after the first list has been delivered. */
  start(): Promise<void>;
  stop(): void;
  get(key: string): KubeObject | undefined;
  values(): IterableIterator<KubeObject>;
  size(): number;
  /** Puts the response of our own write into the cache (ignored when older than the cache). */
  observe(obj: KubeObject): void;
  /** Removes an object we deleted ourselves. */
  forget(key: string): void;
  /** Events received since start (for idle detection). */
  eventCount(): number;
}

export interface InformerOptions {
  client: KubeClient;
  type: ResourceType;
  scheduler: Scheduler;
  random: Random;
  onChange: ChangeHandler;
  log?: (msg: string) => void;
  onError?: (error: unknown) => void;
}

/** Compares resourceVersions when both are integers (as etcd's are); otherwise treats b as newer. */
export function isOlder(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return a.length === b.length ? a < b : a.length < b.length;
}

export function createInformer(options: InformerOptions): Informer {
  const { client, type, scheduler, random, onChange } = options;
  const log = options.log ?? (() => undefined);
  const cache = new Map<string, KubeObject>();
  let resourceVersion = '';
  let stopped = false;
  let abortWatch: (() => void) | undefined;
  let cancelRetry: (() => void) | undefined;
  let failures = 0;
  let events = 0;

  const apply = (change: ChangeType, obj: KubeObject): void => {
    const key = objectKey(obj);
    const previous = cache.get(key);
    events++;
    if (change === 'deleted') {
      if (!previous) return;
      cache.delete(key);
      onChange('deleted', obj, previous);
      return;
    }
    if (previous && isOlder(obj.metadata.resourceVersion, previous.metadata.resourceVersion)) return;
    if (previous && previous.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    cache.set(key, obj);
    onChange(previous ? 'modified' : 'added', obj, previous);
  };

  const relist = async (): Promise<void> => {
    const list = await client.list(type);
    if (stopped) return;
    const seen = new Set<string>();
    for (const item of list.items) {
      seen.add(objectKey(item));
      apply('added', item);
    }
    for (const [key, obj] of [...cache.entries()]) {
      if (!seen.has(key)) apply('deleted', obj);
    }
    resourceVersion = list.resourceVersion;
  };

  const retryLater = (relistNeeded: boolean): void => {
    if (stopped) return;
    failures++;
    const base = Math.min(30_000, 200 * 2 ** Math.min(failures, 8));
    const delay = base / 2 + random.next() * (base / 2);
    cancelRetry = scheduler.schedule(() => {
      cancelRetry = undefined;
      void (relistNeeded ? relist().then(startWatch) : startWatch()).catch((error: unknown) => {
        log(`${type.plural}: ${String(error)}`);
        options.onError?.(error);
        retryLater(true);
      });
    }, delay, { background: true });
  };

  const startWatch = async (): Promise<void> => {
    if (stopped) return;
    let gone = false;
    let ended = false;
    const onEvent = (eventType: WatchEventType, obj: KubeObject): void => {
      if (stopped || ended) return;
      failures = 0;
      if (eventType === 'BOOKMARK') {
        resourceVersion = obj.metadata?.resourceVersion ?? resourceVersion;
        return;
      }
      if (eventType === 'ERROR') {
        const code = (obj as unknown as { code?: number }).code;
        if (code === 410) gone = true;
        return;
      }
      resourceVersion = obj.metadata.resourceVersion ?? resourceVersion;
      apply(eventType === 'ADDED' ? 'added' : eventType === 'MODIFIED' ? 'modified' : 'deleted', obj);
    };
    const done = (error: unknown): void => {
      if (ended) return;
      ended = true;
      abortWatch = undefined;
      if (stopped) return;
      const status = (error as { statusCode?: number } | null)?.statusCode;
      if (status === 410) gone = true;
      if (error && !gone) log(`${type.plural} watch ended: ${String(error)}`);
      if (!error && !gone) {
        // normal server-side timeout: resume from the last resourceVersion at once
        void startWatch().catch(() => retryLater(false));
        return;
      }
      retryLater(gone);
    };
    abortWatch = await client.watch(type, resourceVersion, onEvent, done);
    if (stopped) abortWatch();
  };

  return {
    type,
    async start() {
      await relist();
      await startWatch();
    },
    stop() {
      stopped = true;
      cancelRetry?.();
      abortWatch?.();
      abortWatch = undefined;
    },
    get: (key) => cache.get(key),
    values: () => cache.values(),
    size: () => cache.size,
    observe(obj) {
      const key = objectKey(obj);
      const previous = cache.get(key);
      if (previous && isOlder(obj.metadata.resourceVersion, previous.metadata.resourceVersion)) return;
      if (previous && previous.metadata.resourceVersion === obj.metadata.resourceVersion) return;
      cache.set(key, obj);
      onChange(previous ? 'modified' : 'added', obj, previous);
    },
    forget(key) {
      const previous = cache.get(key);
      if (!previous) return;
      cache.delete(key);
      onChange('deleted', previous, previous);
    },
    eventCount: () => events,
  };
}
