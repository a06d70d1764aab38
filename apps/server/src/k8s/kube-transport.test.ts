import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createLogger } from '../observability/logger';
import { createServerMetrics } from '../observability/metrics';
import { startConnectProxy, type ConnectProxy } from '../testing/connect-proxy.fixture';
import { createGitRepo, startSandboxHarness, waitFor, type SandboxHarness } from '../testing/sandbox.fixture';
import { createKubeClient, type KubeClientOptions } from './kube-client';
import { KubeTimeoutError } from './kube-errors';
import { createKubeTransport, noProxyMatches, proxyFor } from './kube-transport';
import { RESOURCE_TYPES } from './resource-types';
import { createWatchCache, type WatchCache } from './watch-cache';

describe('NO_PROXY and the choice of proxy', () => {
  it('matches hosts, domains, ports, IPs, CIDRs and *', () => {
    expect(noProxyMatches('api.example.com', '6443', 'example.com')).toBe(true);
    expect(noProxyMatches('example.com', '6443', 'example.com')).toBe(true);
    expect(noProxyMatches('example.com', '6443', '.example.com')).toBe(false);
    expect(noProxyMatches('api.example.com', '6443', ' .example.com ')).toBe(true);
    expect(noProxyMatches('badexample.com', '6443', 'example.com')).toBe(false);
    expect(noProxyMatches('api.example.com', '6443', 'api.example.com:443')).toBe(false);
    expect(noProxyMatches('api.example.com', '443', 'API.example.com:443')).toBe(true);
    expect(noProxyMatches('10.1.2.3', '443', '10.0.0.0/8')).toBe(true);
    expect(noProxyMatches('11.1.2.3', '443', '10.0.0.0/8')).toBe(false);
    expect(noProxyMatches('127.0.0.1', '80', 'localhost,127.0.0.1')).toBe(true);
    expect(noProxyMatches('[::1]', '6443', '::1')).toBe(true);
    expect(noProxyMatches('[::1]', '6443', '[::1]:6443')).toBe(true);
    expect(noProxyMatches('anything', '1', '*')).toBe(true);
    expect(noProxyMatches('anything', '1', '')).toBe(false);
    expect(noProxyMatches('anything', '1', undefined)).toBe(false);
  });

  it("takes the kubeconfig's proxy-url first, then HTTPS_PROXY or HTTP_PROXY by the server's scheme, unless NO_PROXY", () => {
    const https = new URL('https://k8s.example.com:6443');
    const http = new URL('http://127.0.0.1:8001');
    const env = { httpsProxy: 'http://secure-proxy:3128', httpProxy: 'plain-proxy:8080', noProxy: '.internal' };
    expect(proxyFor(https, undefined, env)?.href).toBe('http://secure-proxy:3128/');
    expect(proxyFor(http, undefined, env)?.href).toBe('http://plain-proxy:8080/');
    expect(proxyFor(new URL('https://api.internal'), undefined, env)).toBeUndefined();
    expect(proxyFor(new URL('https://api.internal'), 'http://kubeconfig-proxy:1', env)?.href).toBe('http://kubeconfig-proxy:1/');
    expect(proxyFor(https, undefined, undefined)).toBeUndefined();
    expect(proxyFor(https, undefined, { httpProxy: 'x:1' })).toBeUndefined();
  });
});

describe('the API connection on the sandbox', () => {
  let h: SandboxHarness;
  let proxy: ConnectProxy;
  let cache: WatchCache | undefined;
  const NS = 'proxied';
  const sandboxAddress = (): string => new URL(h.kubeConfig.getCurrentCluster()?.server ?? '').host;
  const client = (options: Omit<KubeClientOptions, 'kubeConfig'>, kubeConfig: KubeConfig = h.kubeConfig) => createKubeClient({ kubeConfig, ...options });

  beforeAll(async () => {
    h = await startSandboxHarness();
    await createKubeClient({ kubeConfig: h.kubeConfig }).create(RESOURCE_TYPES.namespace, undefined, { metadata: { name: NS } });
    await createGitRepo(h.api, NS, 'one');
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeAll(async () => {
    proxy = await startConnectProxy();
  });
  afterAll(() => proxy.stop());
  afterEach(async () => {
    proxy.resume();
    proxy.tunnels.length = 0;
    await cache?.close();
    cache = undefined;
  });

  it('goes through the proxy (CONNECT), lists and watches through it', async () => {
    const kube = client({ proxy: { httpProxy: proxy.url } });
    const listed = await kube.list(RESOURCE_TYPES.gitRepo, NS);
    expect(listed.items.map((o) => o.metadata?.name)).toEqual(['one']);
    expect(proxy.tunnels).toContain(sandboxAddress());
    cache = createWatchCache({ client: kube });
    const seen: string[] = [];
    const sub = cache.subscribe({ type: RESOURCE_TYPES.gitRepo, namespace: NS }, { onChanges: (cs) => seen.push(...cs.map((c) => c.entry.key)) });
    await sub.ready;
    await createGitRepo(h.api, NS, 'two');
    await waitFor(() => (seen.includes(`${NS}/two`) ? true : undefined), 5000, 'event through the proxy');
    sub.unsubscribe();
    expect(proxy.tunnels.every((t) => t === sandboxAddress())).toBe(true);
  });

  it('a NO_PROXY match bypasses it; a kubeconfig proxy-url is used even then', async () => {
    const direct = client({ proxy: { httpProxy: proxy.url, noProxy: 'localhost,127.0.0.1' } });
    expect((await direct.list(RESOURCE_TYPES.gitRepo, NS)).items.length).toBeGreaterThan(0);
    expect(proxy.tunnels).toEqual([]);

    const viaKubeconfig = new KubeConfig();
    const cluster = h.kubeConfig.getCurrentCluster();
    const user = h.kubeConfig.getCurrentUser();
    viaKubeconfig.loadFromOptions({
      clusters: [{ ...cluster, name: 'c', proxyUrl: proxy.url }],
      users: [{ ...user, name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await client({ proxy: { noProxy: '*' } }, viaKubeconfig).version();
    expect(proxy.tunnels).toEqual([sandboxAddress()]);
  });

  it('a request the API server does not answer in time is 504 Timeout naming the API server', async () => {
    const kube = client({ proxy: { httpProxy: proxy.url }, requestTimeoutMs: 300 });
    await kube.version(); // a pooled tunnel exists; stalling holds it too
    proxy.stall();
    const started = Date.now();
    const error = await kube.get(RESOURCE_TYPES.gitRepo, NS, 'one').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    const server = h.kubeConfig.getCurrentCluster()?.server ?? '';
    const app = createApp({ mode: 'kubeconfig', kube, cache: createWatchCache({ client: kube }), logger: createLogger({ level: 'silent' }), metrics: createServerMetrics() });
    const res = await request(app).get(`/api/workspaces/${NS}/gitrepos/one`).expect(504);
    expect(res.body.error.code).toBe('Timeout');
    expect(res.body.error.message).toBe(`The Kubernetes API server at ${server} did not answer GET /apis/fleet.cattle.io/v1alpha1/namespaces/${NS}/gitrepos/one within 300 ms`);
    proxy.resume();
    expect((await kube.get(RESOURCE_TYPES.gitRepo, NS, 'one')).metadata?.name).toBe('one');
  });

  it('a stalled watch is noticed, reported, and resumed once traffic flows again', async () => {
    const kube = client({ proxy: { httpProxy: proxy.url }, requestTimeoutMs: 400, watchIdleTimeoutMs: 400 });
    const metrics = createServerMetrics();
    cache = createWatchCache({ client: kube, backoffInitialMs: 50, backoffMaxMs: 100, metrics: metrics.cache });
    const states: string[] = [];
    const keys = new Set<string>();
    const sub = cache.subscribe(
      { type: RESOURCE_TYPES.gitRepo, namespace: NS },
      { onChanges: (cs) => cs.forEach((c) => keys.add(c.entry.key)), onStatus: (s) => states.push(`${s.state}${s.message ? `: ${s.message}` : ''}`) },
    );
    await sub.ready;
    // The watch is established once an event came through it.
    await createGitRepo(h.api, NS, 'before-stall');
    await waitFor(() => (keys.has(`${NS}/before-stall`) ? true : undefined), 5000, 'the watch running');
    proxy.stall();
    const stalledAt = Date.now();
    await waitFor(() => (states.some((s) => s.startsWith('error')) ? true : undefined), 5000, 'the stall reported');
    // Silent for the idle limit → reopened → the new watch gets no headers within the request timeout.
    expect(Date.now() - stalledAt).toBeGreaterThanOrEqual(750);
    expect(states.find((s) => s.startsWith('error'))).toContain('within 400 ms (watch not started)');
    await createGitRepo(h.api, NS, 'after-stall');
    proxy.resume();
    await waitFor(() => (keys.has(`${NS}/after-stall`) && sub.status().state === 'live' ? true : undefined), 5000, 'live again with the new object');
    // Resumed from its resourceVersion: no relist.
    const relists = await metrics.registry.getSingleMetric('fleet_dashboard_relists_total')?.get();
    expect(relists?.values ?? []).toEqual([]);
    sub.unsubscribe();
  });
});

describe('watch streams', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Answers a watch with headers and one event, then stays silent.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'x', resourceVersion: '5' } } })}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a stream silent past the idle limit ends as a close (the caller resumes)', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const transport = createKubeTransport({ kubeConfig: kc, watchIdleTimeoutMs: 200 });
    const lines: string[] = [];
    const started = Date.now();
    const ended = await new Promise<unknown>((resolve) => {
      void transport.stream({ method: 'GET', path: '/api/v1/namespaces/x/events', query: { watch: 'true' } }, { onLine: (l) => lines.push(l), onEnd: resolve, onFailure: () => resolve('failure') });
    });
    expect(ended).toBeNull();
    expect(lines).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
