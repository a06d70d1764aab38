import { describe, expect, it } from 'vitest';
import { createManualScheduler, createTimerScheduler } from './scheduler.service';

describe('manual scheduler', () => {
  it('fires timers in time order when the clock advances', () => {
    const s = createManualScheduler({ start: 1000 });
    const fired: string[] = [];
    s.schedule(() => fired.push('b'), 20);
    s.schedule(() => fired.push('a'), 10);
    s.schedule(() => fired.push('c'), 20);
    s.advance(15);
    expect(fired).toEqual(['a']);
    expect(s.now()).toBe(1015);
    s.advance(5);
    expect(fired).toEqual(['a', 'b', 'c']);
  });

  it('counts only foreground timers as pending and cancels', () => {
    const s = createManualScheduler();
    const cancel = s.schedule(() => undefined, 5);
    s.schedule(() => undefined, 5, { background: true });
    expect(s.pendingCount()).toBe(1);
    cancel();
    expect(s.pendingCount()).toBe(0);
    s.cancelAll();
    expect(s.runAll()).toBe(0);
  });

  it('runs timers scheduled by timers', () => {
    const s = createManualScheduler({ start: 0 });
    const times: number[] = [];
    const tick = (): void => {
      times.push(s.now());
      if (times.length < 3) s.schedule(tick, 100);
    };
    s.schedule(tick, 100);
    expect(s.runAll()).toBe(3);
    expect(times).toEqual([100, 200, 300]);
  });
});

describe('timer scheduler', () => {
  it('fires real timers and tracks pending ones', async () => {
    const s = createTimerScheduler();
    let fired = 0;
    s.schedule(() => fired++, 5);
    const cancel = s.schedule(() => fired++, 5);
    cancel();
    expect(s.pendingCount()).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toBe(1);
    expect(s.pendingCount()).toBe(0);
  });

  it('cancelAll stops everything', async () => {
    const s = createTimerScheduler();
    let fired = 0;
    s.schedule(() => fired++, 5);
    s.schedule(() => fired++, 5, { background: true });
    s.cancelAll();
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toBe(0);
  });
});
