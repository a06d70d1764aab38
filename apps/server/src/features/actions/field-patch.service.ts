// Atomic read-modify-write of one field: a JSON patch that tests the field's current value and
// then sets the new one. If someone changed the field in between, the test fails (422, nothing
// written) and the update is retried from a fresh read, a bounded number of times. Unrelated
// changes to the object do not make it fail, and two concurrent increments give exactly +2.
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { ConflictError } from '../../http/app-error';
import type { KubeClient } from '../../k8s/kube-client';
import { isKubeApiError, toAppError } from '../../k8s/kube-errors';
import type { ResourceType } from '../../k8s/resource-types';

export type JsonPatchOp = { op: 'test' | 'add' | 'replace'; path: string; value: unknown };

export interface FieldUpdate<T> {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
  /** e.g. `['spec', 'forceSyncGeneration']` */
  path: readonly string[];
  /** The new value from the current one (undefined when absent) and the whole object. */
  next(current: unknown, object: KubeObject): T;
}

export interface FieldUpdateResult<T> {
  value: T;
  previous: unknown;
  object: KubeObject;
}

export interface FieldPatcher {
  update<T>(update: FieldUpdate<T>): Promise<FieldUpdateResult<T>>;
}

const pointer = (path: readonly string[]): string => '/' + path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function valueAt(object: unknown, path: readonly string[]): unknown {
  let at: unknown = object;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * The patch that sets `path` to `value` only if it still holds `current`. A missing parent is
 * tested as absent (null) and added whole, so the patch applies to an object without `spec`.
 */
export function fieldPatch(object: KubeObject, path: readonly string[], current: unknown, value: unknown): JsonPatchOp[] {
  for (let i = 0; i < path.length - 1; i++) {
    const parentPath = path.slice(0, i + 1);
    const parent = valueAt(object, parentPath);
    if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) {
      let nested: unknown = value;
      for (let j = path.length - 1; j > i; j--) nested = { [path[j] ?? '']: nested };
      return [
        { op: 'test', path: pointer(parentPath), value: null },
        { op: 'add', path: pointer(parentPath), value: nested },
      ];
    }
  }
  return [
    { op: 'test', path: pointer(path), value: current === undefined ? null : current },
    { op: 'add', path: pointer(path), value },
  ];
}

/** A failed `test` op (422 without field causes) or a write conflict: worth a fresh try. */
export function isLostRace(error: unknown): boolean {
  if (isKubeApiError(error, 409)) return true;
  return isKubeApiError(error, 422) && (error.status?.details?.causes ?? []).length === 0;
}

export function createFieldPatcher(options: { kube: Pick<KubeClient, 'get' | 'patch'>; attempts?: number; random?: () => number }): FieldPatcher {
  const attempts = options.attempts ?? 5;
  const random = options.random ?? Math.random;
  return {
    async update(u) {
      for (let attempt = 1; ; attempt++) {
        try {
          const object = await options.kube.get(u.type, u.namespace, u.name);
          const previous = valueAt(object, u.path);
          const value = u.next(previous, object);
          const patched = await options.kube.patch(u.type, u.namespace, u.name, 'json', fieldPatch(object, u.path, previous, value));
          return { value, previous, object: patched };
        } catch (error) {
          if (!isLostRace(error)) throw toAppError(error);
          if (attempt >= attempts) {
            throw new ConflictError(`${u.type.kind} "${u.name}" kept changing while ${u.path.join('.')} was being updated (${attempts} attempts); try again`, { reason: 'Contended' }, { cause: error });
          }
          await new Promise((r) => setTimeout(r, Math.round(random() * 20 * attempt)));
        }
      }
    },
  };
}
