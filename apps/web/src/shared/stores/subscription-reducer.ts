// The pure reducer for one subscription's data: a snapshot replaces the content, `changes` apply
// upserts and deletes by key. Items that did not change keep their object identity (so derived
// rows are cached per object and the table patches only what changed); a change whose
// resourceVersion is older than the stored one is dropped (fleet-model's staleness rule).
import type { ChangeEvent } from '@fleet-dashboard/contracts';
import { compareResourceVersions } from '@fleet-dashboard/fleet-model';

export type Item = Record<string, unknown>;

export interface SubscriptionData {
  /** Items by key, in arrival order. */
  readonly items: Map<string, Item>;
  revision: string;
  hasSnapshot: boolean;
}

export function createSubscriptionData(): SubscriptionData {
  return { items: new Map(), revision: '', hasSnapshot: false };
}

/** The key of a row (`key`) or of a full object (`namespace/name`). */
export function itemKey(item: Item): string {
  if (typeof item.key === 'string') return item.key;
  const meta = item.metadata as { name?: unknown; namespace?: unknown } | undefined;
  const name = typeof meta?.name === 'string' ? meta.name : '';
  return typeof meta?.namespace === 'string' && meta.namespace ? `${meta.namespace}/${name}` : name;
}

function versionOf(item: Item): string | undefined {
  if (typeof item.resourceVersion === 'string') return item.resourceVersion;
  const rv = (item.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
  return typeof rv === 'string' ? rv : undefined;
}

/** Replaces the content; returns whether anything changed. */
export function applySnapshot(data: SubscriptionData, items: readonly Item[], revision: string): boolean {
  let changed = !data.hasSnapshot;
  const seen = new Set<string>();
  for (const item of items) {
    const key = itemKey(item);
    seen.add(key);
    const previous = data.items.get(key);
    if (previous && versionOf(previous) !== undefined && versionOf(previous) === versionOf(item)) continue;
    data.items.set(key, item);
    changed = true;
  }
  for (const key of data.items.keys()) {
    if (!seen.has(key)) {
      data.items.delete(key);
      changed = true;
    }
  }
  data.revision = revision;
  data.hasSnapshot = true;
  return changed;
}

/** Applies a batch of changes; returns whether anything changed. */
export function applyChanges(data: SubscriptionData, events: readonly ChangeEvent[], revision: string): boolean {
  let changed = false;
  for (const event of events) {
    if (event.type === 'delete') {
      changed = data.items.delete(event.key) || changed;
      continue;
    }
    const next = 'row' in event ? event.row : event.object;
    const previous = data.items.get(event.key);
    if (previous) {
      const cmp = compareResourceVersions(versionOf(next), versionOf(previous));
      if (cmp !== null && cmp <= 0) continue;
    }
    data.items.set(event.key, next);
    changed = true;
  }
  if (revision) data.revision = revision;
  return changed;
}
