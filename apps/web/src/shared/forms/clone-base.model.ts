// The object a "Clone" starts from. Pure.
import type { KubeObjectBody } from '@fleet-dashboard/contracts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const CREATED_BY_LABEL = 'fleet.cattle.io/created-by-user-id';
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers', 'selfLink'];

/** The object a clone starts from: renamed `<name>-copy`, without status and server-set metadata. */
export function cloneBase(object: KubeObjectBody | Obj): Obj {
  const copy = structuredClone(object as Obj);
  delete copy.status;
  const metadata: Obj = isObj(copy.metadata) ? copy.metadata : {};
  for (const key of SERVER_FIELDS) delete metadata[key];
  // Rancher records who created an object; the copy is someone else's creation.
  if (isObj(metadata.labels)) {
    const labels: Obj = { ...metadata.labels };
    delete labels[CREATED_BY_LABEL];
    metadata.labels = labels;
  }
  metadata.name = `${str(metadata.name)}-copy`;
  copy.metadata = metadata;
  return copy;
}
