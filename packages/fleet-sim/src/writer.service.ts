// All writes of the simulator: create-or-patch of owned objects, status through /status as a
// merge patch of only what changed, deletes. Bounded concurrency, conflict retries (409 → reread),
// and every response goes back into the informer cache so the next diff starts from it.

import type { Informer } from './informer.service';
import { isKubeError, type KubeClient, type ResourceType } from './kube-client.service';
import { objectKey, type KubeObject } from './kube-object.model';
import type { Limiter } from './limiter.service';
import { mergePatchDiff } from './merge-patch.model';

export interface EnsureOptions {
  /** Manage `spec` (a pruning patch); otherwise only labels/annotations are added or updated. */
  spec?: boolean;
  /** Only create: an existing object is left as it is. */
  createOnly?: boolean;
}

export interface Writer {
  /** Creates the object, or patches its labels/annotations (and spec) when they differ. */
  ensure(type: ResourceType, desired: KubeObject, informer?: Informer, options?: EnsureOptions): Promise<KubeObject | undefined>;
  /**
   * Writes the status `compute` returns for the current object, when it differs.
   * `compute` gets the freshest object (and again after a conflict).
   */
  writeStatus(type: ResourceType, informer: Informer, key: string, compute: (current: KubeObject) => Record<string, unknown> | undefined): Promise<boolean>;
  remove(type: ResourceType, name: string, namespace: string | undefined, informer?: Informer): Promise<void>;
  /** Writes sent so far. */
  count(): number;
  /** Writes sent so far by `<verb> <plural>`. */
  breakdown(): Record<string, number>;
}

const MAX_ATTEMPTS = 5;

function nonPruning(current: Record<string, string> | undefined, desired: Record<string, string> | undefined): Record<string, string> | undefined {
  const patch: Record<string, string> = {};
  for (const [k, v] of Object.entries(desired ?? {})) if (current?.[k] !== v) patch[k] = v;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function createWriter(options: { client: KubeClient; limiter: Limiter; log: (msg: string) => void }): Writer {
  const { client, limiter } = options;
  let writes = 0;
  const byKind = new Map<string, number>();
  const send = <T>(verb: string, type: ResourceType, task: () => Promise<T>): Promise<T> => {
    writes++;
    const k = `${verb} ${type.plural}`;
    byKind.set(k, (byKind.get(k) ?? 0) + 1);
    return limiter.run(task);
  };

  const patchFor = (current: KubeObject, desired: KubeObject, opts: EnsureOptions): Record<string, unknown> | undefined => {
    const patch: Record<string, unknown> = {};
    const labels = nonPruning(current.metadata.labels, desired.metadata.labels);
    const annotations = nonPruning(current.metadata.annotations, desired.metadata.annotations);
    if (labels || annotations) patch.metadata = { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
    if (opts.spec && desired.spec) {
      const spec = mergePatchDiff(current.spec, desired.spec);
      if (spec) patch.spec = spec;
    }
    return Object.keys(patch).length > 0 ? patch : undefined;
  };

  return {
    async ensure(type, desired, informer, opts = {}) {
      const key = objectKey(desired);
      let current = informer?.get(key);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (!current) {
          try {
            const created = await send('create', type, () => client.create(type, desired));
            informer?.observe(created);
            return created;
          } catch (error) {
            if (!isKubeError(error, 409)) throw error;
            current = await limiter.run(() => client.get(type, desired.metadata.name, desired.metadata.namespace));
            if (current) informer?.observe(current);
            if (opts.createOnly) return current;
            continue;
          }
        }
        if (current.metadata.deletionTimestamp || opts.createOnly) return current;
        const patch = patchFor(current, desired, opts);
        if (!patch) return current;
        try {
          const patched = await send('patch', type, () => client.patch(type, desired.metadata.name, desired.metadata.namespace, patch));
          informer?.observe(patched);
          return patched;
        } catch (error) {
          if (isKubeError(error, 404)) {
            current = undefined;
            continue;
          }
          if (!isKubeError(error, 409)) throw error;
          current = await limiter.run(() => client.get(type, desired.metadata.name, desired.metadata.namespace));
          if (current) informer?.observe(current);
        }
      }
      throw new Error(`gave up writing ${type.plural} ${key} after ${MAX_ATTEMPTS} conflicts`);
    },

    async writeStatus(type, informer, key, compute) {
      let current = informer.get(key);
      const { namespace, name } = splitKey(key);
      for (let attempt = 0; attempt < MAX_ATTEMPTS && current; attempt++) {
        const desired = compute(current);
        if (!desired) return false;
        const diff = mergePatchDiff(current.status, desired);
        if (!diff) return false;
        try {
          const patched = await send('status', type, () => client.patchStatus(type, name, namespace, { status: diff }));
          informer.observe(patched);
          return true;
        } catch (error) {
          if (isKubeError(error, 404)) return false;
          if (!isKubeError(error, 409)) throw error;
          current = await limiter.run(() => client.get(type, name, namespace));
          if (current) informer.observe(current);
        }
      }
      return false;
    },

    async remove(type, name, namespace, informer) {
      await send('delete', type, () => client.delete(type, name, namespace));
      informer?.forget(namespace ? `${namespace}/${name}` : name);
    },

    count: () => writes,
    breakdown: () => Object.fromEntries([...byKind].sort()),
  };
}
