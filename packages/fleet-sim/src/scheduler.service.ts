// Injectable clock + timers. The simulator never calls setTimeout or Date.now directly, so tests
// can drive it with a manual scheduler and a run can be stopped by cancelling every timer.

export type Cancel = () => void;

export interface ScheduleOptions {
  /**
   * Background timers (heartbeats, polling, churn) repeat forever and do not count as pending
   * work for `pendingCount()`; foreground timers (a job finishing, an apply) do.
   */
  background?: boolean;
}

export interface Scheduler {
  /** Current time in epoch milliseconds. */
  now(): number;
  schedule(fn: () => void, delayMs: number, options?: ScheduleOptions): Cancel;
  /** Number of foreground timers not yet fired. */
  pendingCount(): number;
  /** Cancels every timer, foreground and background. */
  cancelAll(): void;
}

export interface ManualScheduler extends Scheduler {
  /** Moves the clock forward, firing due timers in time order (ties in scheduling order). */
  advance(ms: number): void;
  /** Fires timers until none are left or `maxSteps` timers fired; returns how many fired. */
  runAll(maxSteps?: number): number;
}

export function createTimerScheduler(options: { now?: () => number } = {}): Scheduler {
  const now = options.now ?? (() => Date.now());
  const timers = new Map<number, { handle: ReturnType<typeof setTimeout>; background: boolean }>();
  let nextId = 1;
  let foreground = 0;
  return {
    now,
    schedule(fn, delayMs, opts = {}) {
      const id = nextId++;
      const background = opts.background === true;
      if (!background) foreground++;
      const handle = setTimeout(() => {
        if (!timers.delete(id)) return;
        if (!background) foreground--;
        fn();
      }, Math.max(0, delayMs));
      timers.set(id, { handle, background });
      return () => {
        const timer = timers.get(id);
        if (!timer) return;
        clearTimeout(timer.handle);
        timers.delete(id);
        if (!timer.background) foreground--;
      };
    },
    pendingCount: () => foreground,
    cancelAll() {
      for (const timer of timers.values()) clearTimeout(timer.handle);
      timers.clear();
      foreground = 0;
    },
  };
}

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
  background: boolean;
}

export function createManualScheduler(options: { start?: number } = {}): ManualScheduler {
  let clock = options.start ?? Date.UTC(2026, 0, 1);
  let nextId = 1;
  let timers: ManualTimer[] = [];

  const popDue = (limit: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const timer of timers) {
      if (timer.at > limit) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) best = timer;
    }
    if (best) timers = timers.filter((t) => t !== best);
    return best;
  };

  return {
    now: () => clock,
    schedule(fn, delayMs, opts = {}) {
      const timer: ManualTimer = { id: nextId++, at: clock + Math.max(0, delayMs), fn, background: opts.background === true };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    pendingCount: () => timers.filter((t) => !t.background).length,
    cancelAll() {
      timers = [];
    },
    advance(ms) {
      const target = clock + ms;
      for (;;) {
        const due = popDue(target);
        if (!due) break;
        clock = Math.max(clock, due.at);
        due.fn();
      }
      clock = target;
    },
    runAll(maxSteps = 10_000) {
      let fired = 0;
      while (fired < maxSteps) {
        const due = popDue(Number.POSITIVE_INFINITY);
        if (!due) break;
        clock = Math.max(clock, due.at);
        due.fn();
        fired++;
      }
      return fired;
    },
  };
}
