// The workspaces with their counts, live: a websocket subscription to `workspaces`, and when the
// server refuses or loses it, `GET /api/workspaces` every `pollMs` instead (the session store's
// list, which the workspace picker also shows). While the subscription is live, the session's list
// follows it too, so a workspace created or removed shows in the picker as soon as in the rows
// (a one-off GET right after creating could still miss it).
import type { WorkspaceRow } from '@fleet-dashboard/contracts';
import { computed, onScopeDispose, watch } from 'vue';
import { useSessionStore } from '../stores/session.store';
import { useEntry } from './use-resource-list';

export interface WorkspaceListOptions {
  /** Polling period when the subscription is not available (default 10 s). */
  pollMs?: number;
}

export function useWorkspaceList(options: WorkspaceListOptions = {}) {
  const session = useSessionStore();
  const { entry, state } = useEntry(() => ({ resource: 'workspaces', workspace: '' }));
  const isPolling = computed(() => state.status.value === 'error');
  let timer: ReturnType<typeof setInterval> | undefined;

  function stopPolling(): void {
    clearInterval(timer);
    timer = undefined;
  }
  watch(
    isPolling,
    (polling) => {
      if (!polling) return stopPolling();
      void session.loadWorkspaces();
      timer ??= setInterval(() => void session.loadWorkspaces(), options.pollMs ?? 10_000);
    },
    { immediate: true },
  );
  onScopeDispose(stopPolling);

  const liveRows = computed<WorkspaceRow[]>(() => {
    const e = entry.value;
    if (!e) return [];
    void e.version.value;
    return [...e.data.items.values()] as unknown as WorkspaceRow[];
  });
  const rows = computed<readonly WorkspaceRow[]>(() => (isPolling.value ? session.workspaces : liveRows.value));
  watch(liveRows, (live) => {
    if (isPolling.value || !entry.value?.data.hasSnapshot) return;
    session.workspaces = [...live].sort((a, b) => a.name.localeCompare(b.name));
  });
  const isLoading = computed(() => (isPolling.value ? false : state.isLoading.value));

  /** Asks again now (after creating a workspace): the picker's list, and the rows when polling. */
  async function refresh(): Promise<void> {
    await session.loadWorkspaces();
  }

  return { rows, isLoading, isPolling, error: computed(() => (isPolling.value ? session.error : null)), refresh };
}
