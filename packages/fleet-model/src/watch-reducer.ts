// The watch-event reducer shared by the server's cache and the web store.
// Objects are keyed by `namespace/name` (`name` when cluster-scoped); each event costs O(1).
//
// Staleness rule: Kubernetes declares resourceVersions opaque, but for ONE object a later
// write always has a higher etcd revision, and every Kubernetes client relies on it when it
// compares versions during relists. So when both the stored and the incoming RV are decimal
// integers and the incoming one is LOWER, the event is stale and ignored; an EQUAL RV is a
// replay and changes nothing. If either RV is not a decimal integer, the event is applied.
import type { KubeObject } from './types';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface ObjectStore<T extends KubeObject = KubeObject> {
  /** Objects by key (`namespace/name`, or `name` when cluster-scoped). */
  readonly items: Map<string, T>;
  /** Highest resourceVersion seen (from a list, an event or a bookmark); '' before any. */
  resourceVersion: string;
}

export type StoreChange<T extends KubeObject = KubeObject> =
  | { type: 'added'; key: string; object: T }
  | { type: 'modified'; key: string; object: T; previous: T }
  | { type: 'deleted'; key: string; object: T };

export function createObjectStore<T extends KubeObject = KubeObject>(): ObjectStore<T> {
  return { items: new Map<string, T>(), resourceVersion: '' };
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  const name = object.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

const DECIMAL = /^\d+$/;

/**
 * Compares two resourceVersions as integers when both are decimal: -1, 0 or 1;
 * null when they cannot be compared.
 */
export function compareResourceVersions(a: string | null | undefined, b: string | null | undefined): -1 | 0 | 1 | null {
  if (!a || !b || !DECIMAL.test(a) || !DECIMAL.test(b)) return null;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function advance(store: ObjectStore<KubeObject>, rv: string | null | undefined): void {
  if (!rv) return;
  const cmp = compareResourceVersions(rv, store.resourceVersion);
  if (store.resourceVersion === '' || cmp === 1 || cmp === null) store.resourceVersion = rv;
}

/**
 * Applies one watch event and returns what changed (null when nothing did: stale or replayed
 * event, delete of an unknown object, bookmark). ADDED for a known key counts as a
 * modification and MODIFIED for an unknown key as an addition.
 */
export function applyWatchEvent<T extends KubeObject>(store: ObjectStore<T>, event: WatchEvent<T>): StoreChange<T> | null {
  const rv = event.object.metadata?.resourceVersion;
  if (event.type === 'BOOKMARK') {
    advance(store as ObjectStore<KubeObject>, rv);
    return null;
  }
  const key = objectKey(event.object);
  const previous = store.items.get(key);
  const cmp = previous ? compareResourceVersions(rv, previous.metadata?.resourceVersion) : null;
  if (previous && cmp !== null && cmp <= 0) {
    if (!(event.type === 'DELETED' && cmp === 0)) return null;
  }
  advance(store as ObjectStore<KubeObject>, rv);
  if (event.type === 'DELETED') {
    if (!previous) return null;
    store.items.delete(key);
    return { type: 'deleted', key, object: event.object };
  }
  store.items.set(key, event.object);
  return previous ? { type: 'modified', key, object: event.object, previous } : { type: 'added', key, object: event.object };
}

/** An object with its store key (the same string the store holds, so callers can share it). */
export interface KeyedObject<T extends KubeObject = KubeObject> {
  key: string;
  object: T;
}

export interface ReplaceDiff<T extends KubeObject = KubeObject> {
  added: KeyedObject<T>[];
  modified: KeyedObject<T>[];
  deleted: KeyedObject<T>[];
}

/**
 * Replaces the store's content with a fresh list (a relist after 410 Gone or a reconnect)
 * and returns the difference: objects that are new, whose resourceVersion changed, or gone.
 * An object listed again at the same resourceVersion keeps its stored copy (callers holding it
 * beside the store hold one copy, not two).
 */
export function replaceAll<T extends KubeObject>(store: ObjectStore<T>, items: readonly T[], listResourceVersion: string): ReplaceDiff<T> {
  const diff: ReplaceDiff<T> = { added: [], modified: [], deleted: [] };
  const seen = new Set<string>();
  for (const item of items) {
    const key = objectKey(item);
    seen.add(key);
    const previous = store.items.get(key);
    if (!previous) diff.added.push({ key, object: item });
    else if (previous.metadata?.resourceVersion !== item.metadata?.resourceVersion) diff.modified.push({ key, object: item });
    else continue;
    store.items.set(key, item);
  }
  for (const [key, object] of store.items) {
    if (!seen.has(key)) {
      diff.deleted.push({ key, object });
      store.items.delete(key);
    }
  }
  store.resourceVersion = listResourceVersion;
  return diff;
}
