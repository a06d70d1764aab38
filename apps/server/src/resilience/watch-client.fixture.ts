// A websocket client of /api/watch that keeps its data the way the browser does: every snapshot
// and change goes through the web app's subscription reducer. It records each subscription's
// status messages with their time, and compares its store with a fresh list from the API server
// (rows computed by the server's own row mapper from the listed objects).
import { serverMessageSchema, type SubscriptionState, type WorkspacedResourceName } from '@fleet-dashboard/contracts';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { WebSocket } from 'ws';
import { applyChanges, applySnapshot, createSubscriptionData, type SubscriptionData } from '../../../web/src/shared/stores/subscription-reducer';
import type { KubeClient } from '../k8s/kube-client';
import { WORKSPACED } from '../k8s/resource-types';
import { listRowOf } from '../rows/list-row.mapper';

export interface SubscriptionSpec {
  id: string;
  resource: WorkspacedResourceName;
  workspace: string;
}

export interface StatusRecord {
  at: number;
  state: SubscriptionState;
  message?: string;
}

export interface Difference {
  subscription: string;
  key: string;
  problem: 'missing in the client' | 'not in the API server' | 'stale';
  client?: unknown;
  api?: unknown;
}

export interface WatchClient {
  readonly specs: readonly SubscriptionSpec[];
  data(id: string): SubscriptionData;
  /** Status messages of a subscription since the last clearStatuses(). */
  statuses(id: string): StatusRecord[];
  clearStatuses(): void;
  /** The latest state of each subscription (live once its snapshot came, unless a status said otherwise). */
  state(id: string): SubscriptionState | 'pending';
  /** Error messages the server sent. */
  errors(): unknown[];
  isOpen(): boolean;
  close(): Promise<void>;
}

export async function connectWatchClient(options: { url: string; subscriptions: SubscriptionSpec[] }): Promise<WatchClient> {
  const ws = new WebSocket(`${options.url.replace(/^http/, 'ws')}/api/watch`);
  const data = new Map<string, SubscriptionData>();
  const statusLog = new Map<string, StatusRecord[]>();
  const latest = new Map<string, SubscriptionState | 'pending'>();
  const errors: unknown[] = [];
  for (const s of options.subscriptions) {
    data.set(s.id, createSubscriptionData());
    statusLog.set(s.id, []);
    latest.set(s.id, 'pending');
  }
  ws.on('message', (raw) => {
    const message = serverMessageSchema.parse(JSON.parse(String(raw)));
    if (message.type === 'pong') return;
    if (message.type === 'error') {
      errors.push(message);
      return;
    }
    const d = data.get(message.id);
    if (!d) return;
    if (message.type === 'snapshot') {
      applySnapshot(d, message.items, message.revision);
      if (latest.get(message.id) === 'pending') latest.set(message.id, 'live');
    } else if (message.type === 'changes') applyChanges(d, message.events, message.revision);
    else {
      statusLog.get(message.id)?.push({ at: Date.now(), state: message.state, ...(message.message ? { message: message.message } : {}) });
      latest.set(message.id, message.state);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  for (const s of options.subscriptions) ws.send(JSON.stringify({ type: 'subscribe', id: s.id, resource: s.resource, workspace: s.workspace }));
  return {
    specs: options.subscriptions,
    data: (id) => {
      const d = data.get(id);
      if (!d) throw new Error(`no subscription ${id}`);
      return d;
    },
    statuses: (id) => [...(statusLog.get(id) ?? [])],
    clearStatuses: () => {
      for (const log of statusLog.values()) log.length = 0;
    },
    state: (id) => latest.get(id) ?? 'pending',
    errors: () => [...errors],
    isOpen: () => ws.readyState === WebSocket.OPEN,
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) resolve();
        else {
          ws.once('close', () => resolve());
          ws.close();
        }
      }),
  };
}

/** The rows the API server's current objects give, by key, for one subscription. */
export async function apiRows(kube: KubeClient, spec: SubscriptionSpec): Promise<Map<string, unknown>> {
  const { type, scope } = WORKSPACED[spec.resource];
  const list = await kube.list(type, scope.kind === 'namespace' ? spec.workspace : '');
  const objects = scope.kind === 'namespace' ? list.items : list.items.filter((o: KubeObject) => o.metadata?.labels?.[scope.label] === spec.workspace);
  const rows = new Map<string, unknown>();
  for (const o of objects) {
    const row = listRowOf(type.kind, o) as { key: string } | null;
    if (row) rows.set(row.key, row);
  }
  return rows;
}

/** Every difference between the client's store and the API server, over all subscriptions. */
export async function compareWithApi(client: WatchClient, kube: KubeClient): Promise<Difference[]> {
  const out: Difference[] = [];
  for (const spec of client.specs) {
    const expected = await apiRows(kube, spec);
    const actual = client.data(spec.id).items;
    for (const [key, row] of expected) {
      const mine = actual.get(key);
      if (mine === undefined) out.push({ subscription: spec.id, key, problem: 'missing in the client', api: row });
      else if (JSON.stringify(sortKeys(mine)) !== JSON.stringify(sortKeys(row))) out.push({ subscription: spec.id, key, problem: 'stale', client: mine, api: row });
    }
    for (const key of actual.keys()) if (!expected.has(key)) out.push({ subscription: spec.id, key, problem: 'not in the API server', client: actual.get(key) });
  }
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  return value;
}

/** The sum of a counter (all label sets) in Prometheus text. */
export function counterTotal(metricsText: string, name: string): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total += value;
  }
  return total;
}

/** Polls `check` until it returns a value (not undefined); fails after `timeoutMs` naming `what`. */
export async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
