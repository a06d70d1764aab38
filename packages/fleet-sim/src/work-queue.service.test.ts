import { describe, expect, it } from 'vitest';
import { createManualScheduler } from './scheduler.service';
import { createWorkQueue } from './work-queue.service';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('work queue', () => {
  it('coalesces keys added while queued and re-runs a key added while running', async () => {
    const scheduler = createManualScheduler();
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const queue = createWorkQueue({
      scheduler,
      concurrency: 1,
      handler: async (key) => {
        seen.push(key);
        if (key === 'a' && seen.length === 1) await new Promise<void>((r) => (release = r));
      },
      onError: () => undefined,
    });
    queue.add('a');
    queue.add('b');
    queue.add('b');
    queue.add('a'); // running → re-run once
    expect(queue.pending()).toBeGreaterThan(0);
    release();
    await flush();
    await flush();
    expect(seen).toEqual(['a', 'b', 'a']);
    expect(queue.pending()).toBe(0);
  });

  it('delays with the scheduler and batches repeated adds', async () => {
    const scheduler = createManualScheduler();
    const seen: string[] = [];
    const queue = createWorkQueue({ scheduler, concurrency: 4, handler: async (k) => void seen.push(k), onError: () => undefined });
    queue.add('x', 50);
    queue.add('x', 50);
    expect(seen).toEqual([]);
    scheduler.advance(50);
    await flush();
    expect(seen).toEqual(['x']);
  });

  it('reports handler errors and stops', async () => {
    const scheduler = createManualScheduler();
    const errors: string[] = [];
    const queue = createWorkQueue({
      scheduler,
      concurrency: 2,
      handler: async () => {
        throw new Error('boom');
      },
      onError: (key, error) => errors.push(`${key}:${(error as Error).message}`),
    });
    queue.add('k');
    await flush();
    expect(errors).toEqual(['k:boom']);
    queue.stop();
    queue.add('k');
    queue.add('j', 10);
    expect(queue.pending()).toBe(0);
  });
});
