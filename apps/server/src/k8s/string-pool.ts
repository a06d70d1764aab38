// One copy of each repeated string value across the cached objects. JSON.parse gives every object
// its own copy of every string longer than a few characters, and a Fleet estate repeats the same
// values across tens of thousands of objects: apiVersion and kind, namespaces, label values (the
// GitRepo, bundle, cluster and commit of each BundleDeployment), deployment IDs, timestamps.
// Interning them at ingest keeps one copy of each. The pool has two generations: when the current
// one is full it becomes the previous one (a hit there is promoted), so values that stop being
// used are let go and the pool's size stays bounded however long the server runs.

export interface StringPoolOptions {
  /** Entries per generation. Default 200,000. */
  maxEntries?: number;
  /** Longer strings are kept as they are (rarely repeated, costly to hash). Default 256. */
  maxLength?: number;
  /** Keys whose string values are unique per object and never pooled. Default uid, resourceVersion. */
  skipKeys?: readonly string[];
}

export interface StringPool {
  /** The pooled copy of a string (the string itself the first time it is seen). */
  get(value: string): string;
  /** Replaces, in place, the string values of a parsed JSON value by their pooled copies. Returns it. */
  internAll<T>(value: T): T;
  size(): number;
}

const MAX_DEPTH = 64;

export function createStringPool(options: StringPoolOptions = {}): StringPool {
  const maxEntries = Math.max(1, options.maxEntries ?? 200_000);
  const maxLength = options.maxLength ?? 256;
  const skip = new Set(options.skipKeys ?? ['uid', 'resourceVersion']);
  let current = new Map<string, string>();
  let previous = new Map<string, string>();

  const get = (value: string): string => {
    if (value.length > maxLength) return value;
    let hit = current.get(value);
    if (hit !== undefined) return hit;
    hit = previous.get(value) ?? value;
    current.set(value, hit);
    if (current.size >= maxEntries) {
      previous = current;
      current = new Map();
    }
    return hit;
  };

  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === 'string') node[i] = get(v);
        else if (typeof v === 'object' && v !== null) walk(v, depth + 1);
      }
      return;
    }
    const obj = node as Record<string, unknown>;
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      const v = obj[key];
      if (typeof v === 'string') {
        if (!skip.has(key)) obj[key] = get(v);
      } else if (typeof v === 'object' && v !== null) walk(v, depth + 1);
    }
  };

  return {
    get,
    internAll(value) {
      if (typeof value === 'object' && value !== null) walk(value, 0);
      return value;
    },
    size: () => current.size + previous.size,
  };
}
