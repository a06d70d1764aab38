// Secondary indexes over informer caches (objects by label, by namespace), so a reconcile finds
// a repo's bundles or a cluster's BundleDeployments without scanning everything.

import { objectKey, type KubeObject } from './kube-object.model';

export interface ObjectIndex {
  update(obj: KubeObject): void;
  remove(obj: KubeObject): void;
  /** Object keys filed under `indexKey`. */
  get(indexKey: string): ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();

export function createObjectIndex(indexKeyOf: (obj: KubeObject) => string | undefined): ObjectIndex {
  const byIndex = new Map<string, Set<string>>();
  const current = new Map<string, string>();
  const drop = (key: string): void => {
    const was = current.get(key);
    if (was === undefined) return;
    current.delete(key);
    const set = byIndex.get(was);
    set?.delete(key);
    if (set && set.size === 0) byIndex.delete(was);
  };
  return {
    update(obj) {
      const key = objectKey(obj);
      const next = indexKeyOf(obj);
      if (current.get(key) === next) return;
      drop(key);
      if (next === undefined) return;
      current.set(key, next);
      let set = byIndex.get(next);
      if (!set) {
        set = new Set();
        byIndex.set(next, set);
      }
      set.add(key);
    },
    remove(obj) {
      drop(objectKey(obj));
    },
    get: (indexKey) => byIndex.get(indexKey) ?? EMPTY,
  };
}
