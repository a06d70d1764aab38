// One list+watch session as an async generator: lists (unless a resourceVersion is given), then
// watches from the list's resourceVersion with bookmarks on, resuming transparently when the
// server closes the stream. Failures are yielded as data and end the session; 410 Gone/Expired
// is flagged `expired` so the caller relists. Aborting the signal ends the generator quietly.
import type { KubeObject, WatchEvent } from '@fleet-dashboard/fleet-model';
import type { KubeClient, RawWatchEvent } from './kube-client';
import { isKubeApiError, parseKubeStatus } from './kube-errors';
import type { ResourceType } from './resource-types';

export interface WatchFailure {
  /** HTTP status (or Status.code of an ERROR event); undefined for network failures. */
  code: number | undefined;
  reason: string;
  message: string;
  /** 410: the resourceVersion is too old; relist. */
  expired: boolean;
}

export type WatchItem =
  | { type: 'list'; items: KubeObject[]; resourceVersion: string }
  /** The API server accepted a watch (the first, or one resumed after a close or failure). */
  | { type: 'open' }
  | { type: 'event'; event: WatchEvent }
  | { type: 'error'; error: WatchFailure };

export interface WatchResourceOptions {
  client: KubeClient;
  type: ResourceType;
  /** '' = all namespaces. */
  namespace: string;
  /** Resume from here instead of listing first. */
  resourceVersion?: string;
  signal: AbortSignal;
  /** Server-side timeout of each watch request; the session resumes after it. Default 300. */
  timeoutSeconds?: number;
}

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

export function failureOf(error: unknown): WatchFailure {
  if (isKubeApiError(error)) {
    return {
      code: error.statusCode,
      reason: error.status?.reason ?? '',
      message: error.status?.message || error.message,
      expired: error.statusCode === 410,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: undefined, reason: 'ConnectionError', message, expired: false };
}

type Pushed = { kind: 'event'; event: RawWatchEvent } | { kind: 'done'; error: unknown } | { kind: 'open' };

export async function* watchResource(options: WatchResourceOptions): AsyncGenerator<WatchItem, void, undefined> {
  const { client, type, namespace, signal } = options;
  let resourceVersion = options.resourceVersion;
  if (signal.aborted) return;
  if (!resourceVersion) {
    let list;
    try {
      list = await client.list(type, namespace);
    } catch (error) {
      if (signal.aborted) return;
      yield { type: 'error', error: failureOf(error) };
      return;
    }
    if (signal.aborted) return;
    resourceVersion = list.resourceVersion;
    yield { type: 'list', items: list.items, resourceVersion };
  }

  let quickCloses = 0;
  while (!signal.aborted) {
    const queue: Pushed[] = [];
    let wake: (() => void) | undefined;
    const push = (p: Pushed): void => {
      queue.push(p);
      wake?.();
    };
    const onAbort = (): void => wake?.();
    signal.addEventListener('abort', onAbort);
    const startedAt = Date.now();
    let received = 0;
    let stop: (() => void) | undefined;
    try {
      try {
        stop = await client.watch(
          { type, namespace, resourceVersion, timeoutSeconds: options.timeoutSeconds ?? 300 },
          (event) => push({ kind: 'event', event }),
          (error) => push({ kind: 'done', error }),
          () => push({ kind: 'open' }),
        );
      } catch (error) {
        push({ kind: 'done', error });
      }
      for (;;) {
        if (signal.aborted) return;
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        if (next.kind === 'open') {
          yield { type: 'open' };
          continue;
        }
        if (next.kind === 'done') {
          if (next.error != null) {
            if (signal.aborted) return;
            yield { type: 'error', error: failureOf(next.error) };
            return;
          }
          break;
        }
        received++;
        const { type: eventType, object } = next.event;
        if (eventType === 'ERROR') {
          const status = parseKubeStatus(object);
          const code = status?.code;
          yield {
            type: 'error',
            error: { code, reason: status?.reason ?? '', message: status?.message ?? 'watch error', expired: code === 410 || status?.reason === 'Expired' || status?.reason === 'Gone' },
          };
          return;
        }
        if (!EVENT_TYPES.has(eventType)) continue;
        const obj = object as KubeObject;
        const rv = obj.metadata?.resourceVersion;
        if (rv) resourceVersion = rv;
        yield { type: 'event', event: { type: eventType as WatchEvent['type'], object: obj } };
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop?.();
    }
    // Closed by the server: resume from the last resourceVersion. A stream that closes at once
    // and empty, again and again, is reported instead of spinning.
    if (received === 0 && Date.now() - startedAt < 500) {
      quickCloses++;
      if (quickCloses >= 3) {
        yield { type: 'error', error: { code: undefined, reason: 'WatchClosed', message: 'the watch keeps closing immediately', expired: false } };
        return;
      }
    } else quickCloses = 0;
  }
}
