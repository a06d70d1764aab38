import { describe, expect, it } from 'vitest';
import { createLoginRateLimiter } from './login-rate-limit.service';

describe('login rate limiter', () => {
  it('allows max attempts per window and address, then tells when to retry', () => {
    let t = 0;
    const limiter = createLoginRateLimiter({ max: 3, windowMs: 60_000, now: () => t });
    expect([1, 2, 3].map(() => limiter.attempt('10.0.0.1').allowed)).toEqual([true, true, true]);
    t = 15_000;
    expect(limiter.attempt('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.attempt('10.0.0.2').allowed).toBe(true);
    t = 60_000;
    expect(limiter.attempt('10.0.0.1').allowed).toBe(true);
  });

  it('tracks a bounded number of addresses', () => {
    const limiter = createLoginRateLimiter({ max: 1, maxClients: 10, now: () => 0 });
    for (let i = 0; i < 100; i++) limiter.attempt(`10.0.0.${i}`);
    // Older addresses were forgotten, so they start a new window.
    expect(limiter.attempt('10.0.0.0').allowed).toBe(true);
    expect(limiter.attempt('10.0.0.99').allowed).toBe(false);
  });
});
