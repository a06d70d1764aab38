// Server state pushed over the websocket, one entry per distinct subscription (resource,
// workspace, name?, selector?, involved?). Components that ask for the same thing share the entry; the
// subscription ends when the last one lets go. Items live in a plain Map (no deep reactivity over
// thousands of rows); `version` bumps once per applied message, which is what views depend on.
import type { ErrorInfo, SubscriptionState } from '@fleet-dashboard/contracts';
import { defineStore } from 'pinia';
import { inject, shallowRef, type ShallowRef } from 'vue';
import { WATCH_SOCKET } from '../api/injection-keys';
import type { ConnectionState, SubscriptionMessage, SubscriptionRequest } from '../api/socket';
import { applyChanges, applySnapshot, createSubscriptionData, type SubscriptionData } from './subscription-reducer';

export interface SubscriptionEntry {
  readonly request: SubscriptionRequest;
  readonly data: SubscriptionData;
  /** Bumped once per message that changed the data. */
  readonly version: ShallowRef<number>;
  /** 'pending' until the first snapshot. */
  readonly status: ShallowRef<SubscriptionState | 'pending'>;
  readonly error: ShallowRef<ErrorInfo | null>;
}

interface Held extends SubscriptionEntry {
  refs: number;
  stop: () => void;
}

export function subscriptionKey(request: SubscriptionRequest): string {
  const involved = request.involved ? `${request.involved.kind}/${request.involved.name}` : '';
  return JSON.stringify([request.resource, request.workspace ?? '', request.name ?? '', request.selector ?? '', involved]);
}

/** Applies one server message to an entry (exported for tests). */
export function receive(entry: SubscriptionEntry, message: SubscriptionMessage): void {
  switch (message.type) {
    case 'snapshot':
      entry.error.value = null;
      if (entry.status.value === 'pending' || entry.status.value === 'resyncing') entry.status.value = 'live';
      if (applySnapshot(entry.data, message.items, message.revision)) entry.version.value += 1;
      break;
    case 'changes':
      if (applyChanges(entry.data, message.events, message.revision)) entry.version.value += 1;
      break;
    case 'status':
      entry.status.value = message.state;
      if (message.state === 'error') entry.error.value = { code: 'Upstream', message: message.message ?? 'watch failed' };
      else entry.error.value = null;
      break;
    case 'error':
      entry.status.value = 'error';
      entry.error.value = message.error;
      break;
  }
}

export const useServerStateStore = defineStore('server-state', () => {
  const injected = inject(WATCH_SOCKET);
  if (!injected) throw new Error('the watch socket is not provided (WATCH_SOCKET)');
  const socket = injected;
  const held = new Map<string, Held>();
  const connection = shallowRef<ConnectionState>(socket.state());
  socket.onStateChange((state) => {
    connection.value = state;
  });

  function acquire(request: SubscriptionRequest): SubscriptionEntry {
    const key = subscriptionKey(request);
    const existing = held.get(key);
    if (existing) {
      existing.refs += 1;
      return existing;
    }
    const entry: Held = {
      request,
      data: createSubscriptionData(),
      version: shallowRef(0),
      status: shallowRef('pending'),
      error: shallowRef(null),
      refs: 1,
      stop: () => undefined,
    };
    held.set(key, entry);
    entry.stop = socket.subscribe(request, (message) => receive(entry, message));
    return entry;
  }

  function release(entry: SubscriptionEntry): void {
    const key = subscriptionKey(entry.request);
    const h = held.get(key);
    if (!h || h !== entry) return;
    h.refs -= 1;
    if (h.refs > 0) return;
    held.delete(key);
    h.stop();
  }

  /** Ends every subscription and forgets its data (sign-out). */
  function reset(): void {
    for (const h of held.values()) h.stop();
    held.clear();
  }

  return { connection, acquire, release, reset, activeCount: () => held.size };
});
