// Token mode: pages need a session. Before each navigation the guard asks `/api/me` once; a 401
// sends the user to `/login?redirect=<where they were going>`. Later 401s (the session expired)
// come through `sessionExpired()`, which keeps the user's place the same way. Signed out, the
// websocket is suspended (no reconnecting without a session) and the server state is dropped. In
// demo and kubeconfig modes `/api/me` never answers 401 and `/login` redirects home.
import type { Pinia } from 'pinia';
import type { Router } from 'vue-router';
import type { WatchSocket } from '../../shared/api/socket';
import { useServerStateStore } from '../../shared/stores/server-state.store';
import { useSessionStore } from '../../shared/stores/session.store';
import { safeRedirect } from './login-redirect.model';

export const LOGIN_ROUTE_NAME = 'login';

export interface AuthGuardOptions {
  router: Router;
  pinia: Pinia;
  socket: Pick<WatchSocket, 'suspend' | 'resume'>;
}

export interface AuthGuard {
  /** An API answered 401 outside sign-in: suspend, then go to the sign-in page keeping the place. */
  sessionExpired(): void;
  /** The websocket could not connect: ask `/api/me` whether the session is still there. */
  checkSession(): Promise<void>;
}

export function installAuthGuard(options: AuthGuardOptions): AuthGuard {
  const { router, pinia, socket } = options;
  const session = () => useSessionStore(pinia);

  function signedOutLocally(): void {
    socket.suspend();
    useServerStateStore(pinia).reset();
  }

  router.beforeEach(async (to) => {
    const s = session();
    if (!s.me && !s.isSignedOut) await s.loadMe();
    const isLogin = to.name === LOGIN_ROUTE_NAME;
    if (s.isSignedOut) {
      signedOutLocally();
      return isLogin ? true : { name: LOGIN_ROUTE_NAME, query: { redirect: to.fullPath } };
    }
    if (isLogin) return s.me && s.me.mode !== 'token' ? '/' : s.me ? safeRedirect(to.query.redirect) : true;
    socket.resume();
    return true;
  });

  function sessionExpired(): void {
    session().markSignedOut();
    signedOutLocally();
    const current = router.currentRoute.value;
    if (current.name === LOGIN_ROUTE_NAME) return;
    void router.replace({ name: LOGIN_ROUTE_NAME, query: { redirect: current.fullPath } });
  }

  async function checkSession(): Promise<void> {
    const s = session();
    if (s.isSignedOut) return;
    await s.loadMe();
    if (s.isSignedOut) sessionExpired();
  }

  return { sessionExpired, checkSession };
}
