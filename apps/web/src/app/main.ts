// Start-up: one HTTP client, one websocket for the tab, Pinia, the router, then mount.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { API_PATHS } from '@fleet-dashboard/contracts';
import { installAuthGuard } from '../features/auth/auth.guard';
import { createApiClient } from '../shared/api/api-client';
import { createHttpClient } from '../shared/api/http';
import { API_CLIENT, WATCH_SOCKET } from '../shared/api/injection-keys';
import { createWatchSocket, watchUrlFor } from '../shared/api/socket';
import { createFormApi, FORM_API } from '../shared/forms/form-api';
import { createYamlEditorApi, YAML_EDITOR_API } from '../features/yaml-editor/yaml-editor.api';
import App from './App.vue';
import { createAppRouter } from './router';
import './theme.css';


/** 401s of these mean "no session yet" or "bad token", handled where they are asked. */
const SESSION_PATHS: readonly string[] = [API_PATHS.me, API_PATHS.login, API_PATHS.logout];

const app = createApp(App);
// Suspended until the guard has seen a session: no upgrade attempts while signed out.
const socket = createWatchSocket({
  url: watchUrlFor(window.location),
  isSuspended: true,
  onRefused: () => void guard.checkSession(),
  onAccessLost: () => void guard.checkSession(),
});
app.provide(WATCH_SOCKET, socket);
// Background tabs get their timers throttled: when the tab is shown again or the network is back,
// a pending reconnect happens at once instead of at the end of its backoff.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') socket.retryNow();
});
window.addEventListener('online', () => socket.retryNow());
const http = createHttpClient({
  onUnauthorized: (path) => {
    if (!SESSION_PATHS.includes(path)) guard.sessionExpired();
  },
});
app.provide(API_CLIENT, createApiClient({ http }));
app.provide(FORM_API, createFormApi({ http }));
app.provide(YAML_EDITOR_API, createYamlEditorApi({ http }));
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter({ pinia });
// The callbacks above run only after start-up (the socket starts suspended), when `guard` exists.
const guard = app.runWithContext(() => installAuthGuard({ router, pinia, socket }));
app.use(router);
app.mount('#app');
