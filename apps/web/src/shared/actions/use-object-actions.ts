// Runs the one-click actions on one object (Force Update, pause, polling, delete) through the API
// client and reports through the actions store: a notice per outcome, a refusal (403) remembered
// so the item is disabled with the server's reason, a Force Update marked as in progress. The
// workspace's permissions are fetched up front, so items the user may not use are disabled with
// the server's reason before anybody tries them.
import { computed, inject, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { routerKey } from 'vue-router';
import type { ApiClient } from '../api/api-client';
import { isApiError } from '../api/http';
import { API_CLIENT } from '../api/injection-keys';
import { useActionsStore } from '../stores/actions.store';
import { ACTION_VERB, actionItemsFor, forbiddenKey, KIND_LABEL, objectKey, type ActionId, type ActionItem, type ActionTarget } from './object-actions.model';

export interface MenuActionItem extends ActionItem {
  /** Set when the user may not do this (per the permissions or a refusal): why (the item stays visible but disabled). */
  disabledReason?: string | undefined;
}

export function injectApiClient(): ApiClient {
  const api = inject(API_CLIENT);
  if (!api) throw new Error('the API client is not provided (API_CLIENT)');
  return api;
}

/**
 * Reports a failed action: the server's message as an error notice; a 403 also disables the
 * action and, with `refresh`, fetches the workspace's permissions again (they may have changed).
 */
export function reportActionError(
  store: ReturnType<typeof useActionsStore>,
  error: unknown,
  what: string,
  key: string,
  refresh?: { api: Pick<ApiClient, 'permissions'>; workspace: string },
): void {
  const message = isApiError(error) ? error.message : String(error);
  if (isApiError(error) && error.status === 403) {
    store.forbid(key, message);
    if (refresh) void store.loadPermissions(refresh.api, refresh.workspace, { refresh: true });
  }
  store.notify('error', `${what} failed: ${message}`);
}

const DONE: Partial<Record<ActionId, string>> = {
  pause: 'paused',
  unpause: 'unpaused',
  'enable-polling': 'now polls its repository',
  'disable-polling': 'no longer polls its repository',
  delete: 'deleted',
};

export function useObjectActions(target: MaybeRefOrGetter<ActionTarget>) {
  const api = injectApiClient();
  const store = useActionsStore();
  const router = inject(routerKey, null);
  const loadedPolling = shallowRef<boolean>();
  const busy = shallowRef<ActionId | null>(null);

  const current = computed<ActionTarget>(() => {
    const t = toValue(target);
    return t.pollingEnabled === undefined && loadedPolling.value !== undefined ? { ...t, pollingEnabled: loadedPolling.value } : t;
  });
  const items = computed<MenuActionItem[]>(() => {
    const { workspace, resource } = current.value;
    return actionItemsFor(current.value).map((item) => ({
      ...item,
      disabledReason:
        (item.id === 'move' ? store.moveDeniedReason(workspace) : store.deniedReason(workspace, resource, ACTION_VERB[item.id])) ??
        store.forbidden.get(forbiddenKey(workspace, resource, item.id)),
    }));
  });
  watch(
    () => current.value.workspace,
    (workspace) => void store.loadPermissions(api, workspace),
    { immediate: true },
  );

  /** Fills in what the list row does not carry (a GitRepo's polling) before the menu shows. */
  async function loadDetails(): Promise<void> {
    const t = current.value;
    if (t.resource !== 'gitrepos' || t.pollingEnabled !== undefined) return;
    try {
      const object = await api.getObject(t.workspace, t.resource, t.name);
      const spec = (object as { spec?: { disablePolling?: unknown } }).spec;
      loadedPolling.value = spec?.disablePolling !== true;
    } catch {
      // the menu simply has no polling item
    }
  }

  async function call(id: ActionId, t: ActionTarget): Promise<void> {
    switch (id) {
      case 'force-update': {
        if (t.resource === 'clustergroups') return;
        const { generation } = await api.forceUpdate(t.workspace, t.resource, t.name);
        store.markUpdating(objectKey(t.workspace, t.resource, t.name), { generation, state: t.state, at: Date.now() });
        store.notify('success', `Force Update of ${KIND_LABEL[t.resource]} “${t.name}” requested (generation ${generation}).`);
        return;
      }
      case 'pause':
      case 'unpause':
        if (t.resource !== 'gitrepos' && t.resource !== 'clusters') return;
        await api.setPaused(t.workspace, t.resource, t.name, id === 'pause');
        break;
      case 'enable-polling':
      case 'disable-polling':
        loadedPolling.value = (await api.setPolling(t.workspace, t.name, id === 'enable-polling')).pollingEnabled;
        break;
      case 'delete':
        await api.deleteObject(t.workspace, t.resource, t.name);
        break;
      case 'edit-config':
      case 'edit-yaml':
      case 'clone': {
        // Pages of the app: open them (no notice).
        const route = actionItemsFor(t).find((i) => i.id === id)?.route;
        if (route && router) await router.push(route);
        return;
      }
      default:
        return;
    }
    store.notify('success', `${KIND_LABEL[t.resource]} “${t.name}” ${DONE[id] ?? 'done'}.`);
  }

  /** Runs a one-click action; true when the server accepted it. */
  async function run(id: ActionId): Promise<boolean> {
    const t = current.value;
    const label = actionItemsFor(t).find((i) => i.id === id)?.label ?? id;
    busy.value = id;
    try {
      await call(id, t);
      return true;
    } catch (error) {
      reportActionError(store, error, `${label} of ${KIND_LABEL[t.resource]} “${t.name}”`, forbiddenKey(t.workspace, t.resource, id), {
        api,
        workspace: t.workspace,
      });
      return false;
    } finally {
      busy.value = null;
    }
  }

  return { target: current, items, busy, loadDetails, run };
}
