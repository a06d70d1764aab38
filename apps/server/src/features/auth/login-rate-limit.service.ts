// Login attempts per client address: a fixed window (default 10 per minute). Kept in memory per
// replica; a bounded map so a flood of addresses cannot grow it without limit.
export interface LoginRateLimiter {
  /** Counts one attempt; `retryAfterSeconds` is set when the attempt is over the limit. */
  attempt(clientKey: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export interface LoginRateLimitOptions {
  /** Attempts per window. Default 10. */
  max?: number;
  /** Default 60 000 ms. */
  windowMs?: number;
  /** Addresses tracked at most. Default 10 000. */
  maxClients?: number;
  now?: () => number;
}

export function createLoginRateLimiter(options: LoginRateLimitOptions = {}): LoginRateLimiter {
  const max = options.max ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    attempt(clientKey) {
      const t = now();
      let w = windows.get(clientKey);
      if (!w || t - w.start >= windowMs) {
        if (w) windows.delete(clientKey);
        w = { start: t, count: 0 };
        windows.set(clientKey, w);
        for (const [key, old] of windows) {
          if (windows.size <= maxClients) break;
          if (t - old.start >= windowMs || key !== clientKey) windows.delete(key);
        }
      }
      w.count++;
      if (w.count > max) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
      return { allowed: true };
    },
  };
}
