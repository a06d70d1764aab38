// What the app provides once at start-up (main.ts) and stores/composables inject.
import type { InjectionKey } from 'vue';
import type { ApiClient } from './api-client';
import type { WatchSocket } from './socket';

export const WATCH_SOCKET: InjectionKey<WatchSocket> = Symbol('watch-socket');
export const API_CLIENT: InjectionKey<ApiClient> = Symbol('api-client');
