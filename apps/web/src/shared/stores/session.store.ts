// REST-loaded server state: who is signed in (and the mode) and the workspace list.
import type { MeResponse, WorkspaceRow } from '@fleet-dashboard/contracts';
import { defineStore } from 'pinia';
import { inject, shallowRef } from 'vue';
import { API_CLIENT } from '../api/injection-keys';
import { isApiError } from '../api/http';

export const useSessionStore = defineStore('session', () => {
  const injected = inject(API_CLIENT);
  if (!injected) throw new Error('the API client is not provided (API_CLIENT)');
  const api = injected;
  const me = shallowRef<MeResponse | null>(null);
  const workspaces = shallowRef<WorkspaceRow[]>([]);
  const error = shallowRef<string | null>(null);

  async function loadMe(): Promise<void> {
    try {
      me.value = await api.me();
    } catch (e) {
      error.value = isApiError(e) ? e.message : String(e);
    }
  }

  async function loadWorkspaces(): Promise<void> {
    try {
      workspaces.value = await api.workspaces();
      error.value = null;
    } catch (e) {
      error.value = isApiError(e) ? e.message : String(e);
    }
  }

  return { me, workspaces, error, loadMe, loadWorkspaces };
});
