// A keyed work queue that coalesces: adding a key already queued is a no-op, adding a key being
// processed re-runs it once afterwards. Optional per-add delay batches bursts of changes.

import type { Cancel, Scheduler } from './scheduler.service';

export interface WorkQueue {
  /** Queues `key`; with `delayMs`, waits that long first (a key already waiting keeps its timer). */
  add(key: string, delayMs?: number): void;
  /** Keys waiting, delayed or running. */
  pending(): number;
  /** How many times work was added (for idle detection). */
  added(): number;
  stop(): void;
}

export interface WorkQueueOptions {
  scheduler: Scheduler;
  concurrency: number;
  handler: (key: string) => Promise<void>;
  onError: (key: string, error: unknown) => void;
}

export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const { scheduler, handler, onError } = options;
  const concurrency = Math.max(1, options.concurrency);
  const queued = new Set<string>();
  const order: string[] = [];
  const delayed = new Map<string, Cancel>();
  const running = new Set<string>();
  const rerun = new Set<string>();
  let stopped = false;
  let head = 0;
  let addCount = 0;

  const pump = (): void => {
    while (!stopped && running.size < concurrency && head < order.length) {
      const key = order[head++] as string;
      if (head > 1024 && head * 2 > order.length) {
        order.splice(0, head);
        head = 0;
      }
      if (!queued.has(key)) continue;
      if (running.has(key)) {
        queued.delete(key);
        rerun.add(key);
        continue;
      }
      queued.delete(key);
      running.add(key);
      void handler(key)
        .catch((error: unknown) => onError(key, error))
        .finally(() => {
          running.delete(key);
          if (rerun.delete(key)) enqueue(key);
          pump();
        });
    }
  };

  const enqueue = (key: string): void => {
    if (stopped) return;
    if (running.has(key)) {
      rerun.add(key);
      return;
    }
    if (queued.has(key)) return;
    queued.add(key);
    order.push(key);
    pump();
  };

  return {
    add(key, delayMs = 0) {
      if (stopped) return;
      addCount++;
      if (delayMs <= 0) {
        const cancel = delayed.get(key);
        if (cancel) {
          cancel();
          delayed.delete(key);
        }
        enqueue(key);
        return;
      }
      if (delayed.has(key) || queued.has(key)) return;
      delayed.set(
        key,
        scheduler.schedule(() => {
          delayed.delete(key);
          enqueue(key);
        }, delayMs),
      );
    },
    pending: () => queued.size + delayed.size + running.size + rerun.size,
    added: () => addCount,
    stop() {
      stopped = true;
      for (const cancel of delayed.values()) cancel();
      delayed.clear();
      queued.clear();
      order.length = 0;
      head = 0;
    },
  };
}
