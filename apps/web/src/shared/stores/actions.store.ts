// Client state of actions on objects: notices (errors and confirmations shown in the alert
// region), refusals remembered per workspace/resource/action (so the menu can disable the item and
// say why) and Force Updates still in progress per object.
import { defineStore } from 'pinia';
import { reactive, shallowRef, toRaw } from 'vue';
import type { UpdateMarker } from '../actions/object-actions.model';

export interface Notice {
  id: number;
  tone: 'error' | 'success';
  message: string;
  /** Per-object lines (bulk results). */
  lines?: string[];
}

export interface ActionsStoreOptions {
  /** How long a success notice stays (ms). */
  successMs?: number;
  /** How long a Force Update marker may stay without news (ms). */
  markerMs?: number;
}

export const useActionsStore = defineStore('actions', () => {
  const notices = shallowRef<Notice[]>([]);
  const forbidden = reactive(new Map<string, string>());
  const updating = reactive(new Map<string, UpdateMarker>());
  const timing = { successMs: 6000, markerMs: 10 * 60_000 };
  let nextId = 1;

  function configure(options: ActionsStoreOptions): void {
    Object.assign(timing, options);
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  function notify(tone: Notice['tone'], message: string, lines?: string[]): number {
    const id = nextId++;
    notices.value = [...notices.value.slice(-4), { id, tone, message, ...(lines ? { lines } : {}) }];
    if (tone === 'success') setTimeout(() => dismiss(id), timing.successMs);
    return id;
  }

  function forbid(key: string, reason: string): void {
    forbidden.set(key, reason);
  }

  function markUpdating(key: string, marker: UpdateMarker): void {
    updating.set(key, marker);
    setTimeout(() => {
      // The reactive map hands out proxies: compare the stored object itself.
      if (toRaw(updating.get(key)) === marker) updating.delete(key);
    }, timing.markerMs);
  }

  function clearUpdating(key: string): void {
    updating.delete(key);
  }

  return { notices, forbidden, updating, configure, notify, dismiss, forbid, markUpdating, clearUpdating };
});
