// Client state of actions on objects: notices (errors and confirmations shown in the alert
// region), what the user may do per workspace (the server's permissions, fetched once per
// workspace and again on a workspace switch or after a refusal), refusals remembered per
// workspace/resource/action (so the menu can disable the item and say why, even when the
// permissions said yes and then changed) and Force Updates still in progress per object.
import type { PermissionVerb, PermissionsResponse, WritableResourceName } from '@fleet-dashboard/contracts';
import { defineStore } from 'pinia';
import { reactive, shallowRef, toRaw } from 'vue';
import type { ApiClient } from '../api/api-client';
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
  const permissions = reactive(new Map<string, PermissionsResponse>());
  const loading = new Map<string, Promise<void>>();
  let activeWorkspace: string | undefined;
  let nextId = 1;

  /**
   * Fetches the permissions of `workspace` unless they are known: again when the workspace differs
   * from the last one asked about (a switch) or with `refresh`. One request at a time per workspace;
   * a failure keeps what was known (actions then stay enabled until a refusal).
   */
  function loadPermissions(api: Pick<ApiClient, 'permissions'>, workspace: string, options: { refresh?: boolean } = {}): Promise<void> {
    const switched = workspace !== activeWorkspace;
    activeWorkspace = workspace;
    const pending = loading.get(workspace);
    if (pending) return pending;
    if (!switched && !options.refresh && permissions.has(workspace)) return Promise.resolve();
    const request = api
      .permissions(workspace)
      .then(
        (answer) => {
          permissions.set(workspace, answer);
        },
        () => undefined,
      )
      .finally(() => loading.delete(workspace));
    loading.set(workspace, request);
    return request;
  }

  /** Why `verb` on `resource` is not allowed in `workspace`, per the server; undefined when allowed or unknown. */
  function deniedReason(workspace: string, resource: WritableResourceName, verb: PermissionVerb | undefined): string | undefined {
    if (!verb) return undefined;
    const p = permissions.get(workspace)?.resources[resource][verb];
    return p && !p.allowed ? (p.reason ?? `Not allowed to ${verb} ${resource}`) : undefined;
  }

  /** Why moving clusters out of `workspace` is not possible, per the server; undefined when possible or unknown. */
  function moveDeniedReason(workspace: string): string | undefined {
    const p = permissions.get(workspace)?.moveClusters;
    return p && !p.allowed ? (p.reason ?? 'Moving clusters is not allowed') : undefined;
  }

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

  return { notices, forbidden, updating, permissions, configure, notify, dismiss, forbid, markUpdating, clearUpdating, loadPermissions, deniedReason, moveDeniedReason };
});
