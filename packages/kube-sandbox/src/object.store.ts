// The in-memory storage core: objects indexed by resource and namespace, one global revision
// counter (like etcd's), a bounded event history for watch resume, and watch subscribers.

export type Obj = Record<string, unknown>;

export interface StoredObject {
  readonly obj: Obj;
  /** The object serialized once, served as is. */
  readonly json: string;
  readonly rv: number;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  resource: string;
  namespace: string;
  name: string;
  rv: number;
  object: StoredObject;
  previous?: StoredObject;
}

export type StoreListener = (event: StoreEvent) => void;

export interface ObjectStore {
  revision(): number;
  /** Lowest revision a watch may resume from; older ones are expired. */
  floor(): number;
  get(resource: string, namespace: string, name: string): StoredObject | undefined;
  /** Objects of a resource (in one namespace, or all), sorted by namespace then name. */
  list(resource: string, namespace?: string): StoredObject[];
  /** The objects as they were at revision `rv`, or undefined when history no longer reaches back. */
  listAt(resource: string, rv: number, namespace?: string): StoredObject[] | undefined;
  namespacesInUse(namespace: string): number;
  /** Stores obj with a new resourceVersion; emits ADDED or MODIFIED. */
  write(resource: string, namespace: string, name: string, obj: Obj): StoredObject;
  /** Removes the object; emits DELETED with the object stamped with the deletion revision. */
  remove(resource: string, namespace: string, name: string): StoredObject | undefined;
  /** Events of a resource after `rv`, or 'expired'. */
  eventsSince(resource: string, rv: number): StoreEvent[] | 'expired';
  subscribe(resource: string, listener: StoreListener): () => void;
  compact(): void;
}

/** Sets metadata.resourceVersion (metadata keys sorted, as Go encodes maps) and serializes once. */
export function stamp(obj: Obj, rv: number): StoredObject {
  const meta: Obj = { ...((obj.metadata ?? {}) as Obj), resourceVersion: String(rv) };
  const sortedMeta: Obj = {};
  for (const k of Object.keys(meta).sort()) sortedMeta[k] = meta[k];
  obj.metadata = sortedMeta;
  return { obj, json: JSON.stringify(obj), rv };
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function createObjectStore(opts: { historyLimit: number; initialRevision?: number }): ObjectStore {
  let rev = opts.initialRevision ?? 1;
  let floorRv = 0;
  // resource -> namespace -> name -> object
  const data = new Map<string, Map<string, Map<string, StoredObject>>>();
  const history: StoreEvent[] = [];
  const listeners = new Map<string, Set<StoreListener>>();

  function bucket(resource: string, namespace: string, create: boolean): Map<string, StoredObject> | undefined {
    let byNs = data.get(resource);
    if (byNs === undefined) {
      if (!create) return undefined;
      byNs = new Map();
      data.set(resource, byNs);
    }
    let byName = byNs.get(namespace);
    if (byName === undefined && create) {
      byName = new Map();
      byNs.set(namespace, byName);
    }
    return byName;
  }

  function record(event: StoreEvent): void {
    history.push(event);
    const excess = history.length - opts.historyLimit;
    if (excess > 0) {
      // drop in batches to keep this amortised O(1)
      const drop = Math.max(excess, Math.ceil(opts.historyLimit / 10));
      const removed = history.splice(0, Math.min(drop, history.length));
      const last = removed[removed.length - 1];
      if (last !== undefined) floorRv = Math.max(floorRv, last.rv);
    }
    const set = listeners.get(event.resource);
    if (set !== undefined) for (const l of [...set]) l(event);
  }

  function sortEntries(entries: StoredObject[]): StoredObject[] {
    return entries.sort((a, b) => {
      const ka = keyOf(metaString(a.obj, 'namespace'), metaString(a.obj, 'name'));
      const kb = keyOf(metaString(b.obj, 'namespace'), metaString(b.obj, 'name'));
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  const store: ObjectStore = {
    revision: () => rev,
    floor: () => floorRv,
    get(resource, namespace, name) {
      return bucket(resource, namespace, false)?.get(name);
    },
    list(resource, namespace) {
      const byNs = data.get(resource);
      if (byNs === undefined) return [];
      const out: StoredObject[] = [];
      if (namespace !== undefined) {
        const b = byNs.get(namespace);
        if (b !== undefined) for (const v of b.values()) out.push(v);
      } else {
        for (const b of byNs.values()) for (const v of b.values()) out.push(v);
      }
      return sortEntries(out);
    },
    listAt(resource, rv, namespace) {
      if (rv < floorRv) return undefined;
      const current = new Map<string, StoredObject>();
      for (const o of store.list(resource, namespace)) current.set(keyOf(metaString(o.obj, 'namespace'), metaString(o.obj, 'name')), o);
      for (let i = history.length - 1; i >= 0; i--) {
        const ev = history[i] as StoreEvent;
        if (ev.rv <= rv) break;
        if (ev.resource !== resource || (namespace !== undefined && ev.namespace !== namespace)) continue;
        const k = keyOf(ev.namespace, ev.name);
        if (ev.type === 'ADDED') current.delete(k);
        else if (ev.previous !== undefined) current.set(k, ev.previous);
      }
      return sortEntries([...current.values()]);
    },
    namespacesInUse(namespace) {
      let n = 0;
      for (const byNs of data.values()) n += byNs.get(namespace)?.size ?? 0;
      return n;
    },
    write(resource, namespace, name, obj) {
      rev += 1;
      const stored = stamp(obj, rev);
      const b = bucket(resource, namespace, true) as Map<string, StoredObject>;
      const previous = b.get(name);
      b.set(name, stored);
      const ev: StoreEvent = { type: previous === undefined ? 'ADDED' : 'MODIFIED', resource, namespace, name, rv: rev, object: stored };
      if (previous !== undefined) ev.previous = previous;
      record(ev);
      return stored;
    },
    remove(resource, namespace, name) {
      const b = bucket(resource, namespace, false);
      const previous = b?.get(name);
      if (b === undefined || previous === undefined) return undefined;
      b.delete(name);
      rev += 1;
      const tomb = stamp(structuredClone(previous.obj), rev);
      record({ type: 'DELETED', resource, namespace, name, rv: rev, object: tomb, previous });
      return previous;
    },
    eventsSince(resource, rv) {
      if (rv < floorRv) return 'expired';
      const out: StoreEvent[] = [];
      // binary search the first event after rv
      let lo = 0;
      let hi = history.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((history[mid] as StoreEvent).rv <= rv) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < history.length; i++) {
        const ev = history[i] as StoreEvent;
        if (ev.resource === resource) out.push(ev);
      }
      return out;
    },
    subscribe(resource, listener) {
      let set = listeners.get(resource);
      if (set === undefined) {
        set = new Set();
        listeners.set(resource, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    compact() {
      history.length = 0;
      floorRv = rev;
    },
  };
  return store;
}

export function metaString(obj: Obj, field: string): string {
  const meta = obj.metadata as Obj | undefined;
  const v = meta?.[field];
  return typeof v === 'string' ? v : '';
}
