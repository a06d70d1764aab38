// Token mode's HTTP layer without a cluster: user clients are fakes that know two tokens.
import { randomBytes } from 'node:crypto';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { createApp } from '../../app';
import type { KubeClient } from '../../k8s/kube-client';
import { KubeApiError } from '../../k8s/kube-errors';
import type { WatchCache } from '../../k8s/watch-cache';
import { createLogger } from '../../observability/logger';
import { createServerMetrics } from '../../observability/metrics';
import { SESSION_COOKIE } from './session-cookie.service';
import { createTokenAuth } from './token-auth.service';

const USERS: Record<string, { username: string; groups: string[] }> = {
  'token-alice': { username: 'alice', groups: ['team-a', 'system:authenticated'] },
};

function fakeClient(token: string): KubeClient {
  return {
    whoAmI: async () => {
      const user = USERS[token];
      if (!user) throw new KubeApiError(401, { message: 'Unauthorized' });
      return user;
    },
  } as Partial<KubeClient> as KubeClient;
}

function app(options: { trustProxyHops?: number; attempts?: number; cookieSecure?: boolean } = {}) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: false }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return createApp({
    mode: 'token',
    kube: { version: async () => 'v1' } as Partial<KubeClient> as KubeClient,
    cache: {} as WatchCache,
    logger: createLogger({ level: 'silent' }),
    metrics: createServerMetrics(),
    ...(options.trustProxyHops !== undefined ? { trustProxyHops: options.trustProxyHops } : {}),
    auth: createTokenAuth({ kubeConfig, cookieKey: randomBytes(32), cookieSecure: options.cookieSecure ?? false, loginAttemptsPerMinute: options.attempts ?? 10, clientForToken: fakeClient }),
  });
}

const login = (a: ReturnType<typeof app>, token: string) => request(a).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ token });

describe('token mode routes', () => {
  it('logs in, answers /me from the cookie, and refuses without one', async () => {
    const a = app();
    const res = await login(a, 'token-alice').expect(200, { mode: 'token', username: 'alice', groups: ['team-a', 'system:authenticated'] });
    const cookie = String(res.headers['set-cookie']?.[0] ?? '');
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    await request(a).get('/api/me').set('Cookie', cookie.split(';')[0] ?? '').expect(200, { mode: 'token', username: 'alice', groups: ['team-a', 'system:authenticated'] });
    const missing = await request(a).get('/api/me').expect(401);
    expect(missing.body.error).toMatchObject({ code: 'Unauthorized', details: { reason: 'missing' } });
    await request(a).get('/api/healthz').expect(200);
  });

  it('401 for a token the API server refuses, 400 for an empty one, 403 without the CSRF header', async () => {
    const a = app();
    await login(a, 'token-mallory').expect(401);
    await login(a, '  ').expect(400);
    await request(a).post('/api/login').send({ token: 'token-alice' }).expect(403);
  });

  it('marks the cookie Secure when configured or when a trusted proxy says the request came over TLS', async () => {
    expect(String((await login(app({ cookieSecure: true }), 'token-alice')).headers['set-cookie']?.[0])).toMatch(/; Secure$/);
    const proxied = await request(app({ trustProxyHops: 1 })).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).set('X-Forwarded-Proto', 'https').send({ token: 'token-alice' });
    expect(String(proxied.headers['set-cookie']?.[0])).toMatch(/; Secure$/);
    const untrusted = await request(app()).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).set('X-Forwarded-Proto', 'https').send({ token: 'token-alice' });
    expect(String(untrusted.headers['set-cookie']?.[0])).not.toMatch(/Secure/);
  });

  it('limits login attempts per client address (the forwarded one behind a trusted proxy)', async () => {
    const a = app({ trustProxyHops: 1, attempts: 2 });
    const from = (ip: string) => request(a).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).set('X-Forwarded-For', ip).send({ token: 'token-mallory' });
    expect([(await from('10.0.0.1')).status, (await from('10.0.0.1')).status]).toEqual([401, 401]);
    const limited = await from('10.0.0.1');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('TooManyRequests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('10.0.0.2')).status).toBe(401);
  });

  it('logout clears the cookie', async () => {
    const out = await request(app()).post('/api/logout').set(CSRF_HEADER, CSRF_HEADER_VALUE).expect(200, { loggedOut: true });
    expect(String(out.headers['set-cookie']?.[0])).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
  });
});
