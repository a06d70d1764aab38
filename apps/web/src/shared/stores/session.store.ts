// REST-loaded server state: who is signed in (and the mode) and the workspace list; in token mode
// also signing in and out (the token goes to the server once and is never kept in the browser).
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
  /** True once the server said there is no valid session (401), until the next sign-in. */
  const isSignedOut = shallowRef(false);

  async function loadMe(): Promise<void> {
    try {
      me.value = await api.me();
      isSignedOut.value = false;
    } catch (e) {
      if (isApiError(e) && e.status === 401) markSignedOut();
      else error.value = isApiError(e) ? e.message : String(e);
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

  /** Throws the ApiError of a refused sign-in (401, 429 ...). */
  async function signIn(token: string): Promise<void> {
    me.value = await api.login(token);
    isSignedOut.value = false;
    error.value = null;
  }

  /** Ends the session on the server (a failure still signs out here). */
  async function signOut(): Promise<void> {
    try {
      await api.logout();
    } finally {
      markSignedOut();
    }
  }

  function markSignedOut(): void {
    me.value = null;
    workspaces.value = [];
    error.value = null;
    isSignedOut.value = true;
  }

  return { me, workspaces, error, isSignedOut, loadMe, loadWorkspaces, signIn, signOut, markSignedOut };
});
