import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, createServer, type RunningServer } from '../app';
import { createTokenAuth } from '../features/auth/token-auth.service';
import { createKubeClient } from '../k8s/kube-client';
import { createWatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics } from '../observability/metrics';
import { CONTENT_SECURITY_POLICY } from './security-headers.middleware';

// Nothing here reaches the API server: the routes under test answer without it.
const kubeConfig = new KubeConfig();
kubeConfig.loadFromOptions({
  clusters: [{ name: 'c', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
  users: [{ name: 'u', token: 't' }],
  contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
  currentContext: 'x',
});
const kube = createKubeClient({ kubeConfig });
const logger = createLogger({ level: 'silent' });
const base = () => ({ kube, cache: createWatchCache({ client: kube }), logger, metrics: createServerMetrics() });
const tokenAuth = () => createTokenAuth({ kubeConfig, cookieKey: Buffer.alloc(32, 1), cookieSecure: false });

const EXPECTED_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

describe('security headers', () => {
  let webRoot: string | undefined;
  afterEach(async () => {
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
    webRoot = undefined;
  });

  it('are on API answers, errors, 404s and the web app, with no inline script allowed', async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'web-root-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    await writeFile(join(webRoot, 'assets', 'app.js'), 'export {};');
    const app = createApp({ mode: 'kubeconfig', ...base(), webRoot });
    for (const [method, path, status] of [
      ['get', '/api/healthz', 200],
      ['get', '/api/nope', 404],
      ['post', '/api/workspaces/fleet-default/gitrepos', 403], // no CSRF header
      ['get', '/', 200],
      ['get', '/w/fleet-default/gitrepos', 200],
      ['get', '/assets/app.js', 200],
      ['get', '/assets/missing.js', 404],
    ] as const) {
      const res = await request(app)[method](path).expect(status);
      expect(res.headers, `${method} ${path}`).toMatchObject(EXPECTED_HEADERS);
      expect(res.headers['strict-transport-security'], `${method} ${path}`).toBeUndefined();
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('HSTS only when the request came over TLS (per a trusted proxy)', async () => {
    const trusting = createApp({ mode: 'kubeconfig', ...base(), trustProxyHops: 1 });
    const tls = await request(trusting).get('/api/healthz').set('X-Forwarded-Proto', 'https').expect(200);
    expect(tls.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    const plain = await request(trusting).get('/api/healthz').set('X-Forwarded-Proto', 'http').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without trusted proxies the header is not believed.
    const untrusting = createApp({ mode: 'kubeconfig', ...base() });
    const spoofed = await request(untrusting).get('/api/healthz').set('X-Forwarded-Proto', 'https').expect(200);
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('/metrics', () => {
  const running: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.close()));
  });
  const start = async (options: { mode: 'kubeconfig' | 'token'; metricsPort?: number }): Promise<RunningServer> => {
    const r = await createServer({
      ...base(),
      mode: options.mode,
      host: '127.0.0.1',
      port: 0,
      allowedOrigins: [],
      ...(options.mode === 'token' ? { auth: tokenAuth() } : {}),
      ...(options.metricsPort !== undefined ? { metricsPort: options.metricsPort } : {}),
    });
    running.push(r);
    return r;
  };

  it('kubeconfig mode: on the main port by default', async () => {
    const r = await start({ mode: 'kubeconfig' });
    const res = await request(r.url).get('/metrics').expect(200);
    expect(res.text).toContain('fleet_dashboard_upstream_watches');
    expect(r.metricsUrl).toBeUndefined();
  });

  it('token mode: 404 on the dashboard port; with --metrics-port only on that port', async () => {
    const closed = await start({ mode: 'token' });
    const res = await request(closed.url).get('/metrics').expect(404);
    expect(res.body.error.code).toBe('NotFound');
    expect(res.text).not.toContain('fleet_dashboard');

    const open = await start({ mode: 'token', metricsPort: 0 });
    expect(open.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(open.metricsUrl).not.toBe(open.url);
    await request(open.url).get('/metrics').expect(404);
    const metrics = await request(open.metricsUrl ?? '').get('/metrics').expect(200);
    expect(metrics.text).toContain('fleet_dashboard_ws_connections');
    expect(metrics.headers['content-type']).toContain('text/plain');
    // The metrics port serves nothing else.
    await request(open.metricsUrl ?? '').get('/api/healthz').expect(404);
    await request(open.metricsUrl ?? '').get('/').expect(404);
  });

  it('kubeconfig mode with --metrics-port moves it off the main port', async () => {
    const r = await start({ mode: 'kubeconfig', metricsPort: 0 });
    await request(r.url).get('/metrics').expect(404);
    await request(r.metricsUrl ?? '').get('/metrics').expect(200);
  });
});
