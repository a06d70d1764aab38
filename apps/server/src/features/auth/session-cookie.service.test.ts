import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSessionCodec, parseCookieKey, readCookie, SESSION_COOKIE, sessionCookieHeader } from './session-cookie.service';

const identity = { token: 'eyJhbGciOi.secret-token', username: 'system:serviceaccount:team:ci', groups: ['system:authenticated', 'team'] };

describe('session cookie codec', () => {
  it('round-trips token, username, groups and expiry', () => {
    let t = 1_000_000;
    const codec = createSessionCodec({ key: randomBytes(32), ttlMs: 60_000, now: () => t });
    const { value, session } = codec.seal(identity);
    expect(session.expiresAt).toBe(1_060_000);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(value).not.toContain('secret-token');
    t += 59_999;
    expect(codec.open(value)).toEqual({ ok: true, session: { ...identity, expiresAt: 1_060_000 } });
  });

  it('round-trips any identity (property)', () => {
    const codec = createSessionCodec({ key: randomBytes(32) });
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.array(fc.string()), (token, username, groups) => {
        const opened = codec.open(codec.seal({ token, username, groups }).value);
        expect(opened.ok && opened.session).toMatchObject({ token, username, groups });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an expired session', () => {
    let t = 0;
    const codec = createSessionCodec({ key: randomBytes(32), ttlMs: 1000, now: () => t });
    const { value } = codec.seal(identity);
    t = 1000;
    expect(codec.open(value)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses any changed byte as tampered', () => {
    const codec = createSessionCodec({ key: randomBytes(32) });
    const raw = Buffer.from(codec.seal(identity).value, 'base64url');
    for (const index of [0, 11, 12, 20, raw.length - 17, raw.length - 1]) {
      const copy = Buffer.from(raw);
      copy[index] = (copy[index] ?? 0) ^ 0x01;
      expect(codec.open(copy.toString('base64url'))).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it('refuses a cookie sealed with another key, and garbage', () => {
    const a = createSessionCodec({ key: randomBytes(32) });
    const b = createSessionCodec({ key: randomBytes(32) });
    expect(b.open(a.seal(identity).value)).toEqual({ ok: false, reason: 'tampered' });
    expect(a.open('')).toEqual({ ok: false, reason: 'malformed' });
    expect(a.open('short')).toEqual({ ok: false, reason: 'malformed' });
    expect(a.open('not base64!')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('needs a 32-byte key', () => {
    expect(() => createSessionCodec({ key: randomBytes(16) })).toThrow('32 bytes');
    expect(parseCookieKey(randomBytes(32).toString('base64'))).toHaveLength(32);
    expect(() => parseCookieKey('c2hvcnQ=')).toThrow('got 5 bytes');
  });
});

describe('cookie header helpers', () => {
  it('reads one cookie among several', () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=abc_-; b=2`, SESSION_COOKIE)).toBe('abc_-');
    expect(readCookie('a=1', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
  });

  it('sets HttpOnly, SameSite=Strict, Path=/ and Secure when asked; clearing expires it', () => {
    expect(sessionCookieHeader('v', { secure: false, maxAgeSeconds: 28800 })).toBe(`${SESSION_COOKIE}=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800`);
    expect(sessionCookieHeader('v', { secure: true, maxAgeSeconds: 10 })).toMatch(/; Secure$/);
    expect(sessionCookieHeader('', { secure: false, maxAgeSeconds: 0 })).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
  });
});
