// Start-up: one HTTP client, one websocket for the tab, Pinia, the router, then mount.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createApiClient } from '../shared/api/api-client';
import { createHttpClient } from '../shared/api/http';
import { API_CLIENT, WATCH_SOCKET } from '../shared/api/injection-keys';
import { createWatchSocket, watchUrlFor } from '../shared/api/socket';
import App from './App.vue';
import { createAppRouter } from './router';
import './theme.css';

const app = createApp(App);
const socket = createWatchSocket({ url: watchUrlFor(window.location) });
app.provide(WATCH_SOCKET, socket);
app.provide(API_CLIENT, createApiClient({ http: createHttpClient() }));
const pinia = createPinia();
app.use(pinia);
app.use(createAppRouter({ pinia }));
app.mount('#app');
