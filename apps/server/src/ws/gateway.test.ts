import { CoreV1Api } from '@kubernetes/client-node';
import type { ServerMessage } from '@fleet-dashboard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServer, type RunningServer } from '../app';
import { createKubeClient } from '../k8s/kube-client';
import { createWatchCache, type WatchCache } from '../k8s/watch-cache';
import { createLogger } from '../observability/logger';
import { createServerMetrics } from '../observability/metrics';
import { cacheRowOf } from '../rows/list-row.mapper';
import { createGitRepo, startSandboxHarness, waitFor, type SandboxHarness } from '../testing/sandbox.fixture';
import { isOriginAllowed } from './gateway';

const FLUSH_MS = 50;
let h: SandboxHarness;
let cache: WatchCache;
let server: RunningServer;

beforeAll(async () => {
  h = await startSandboxHarness();
  await h.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'fleet-default' } } });
  await createGitRepo(h.api, 'fleet-default', 'first');
  const kube = createKubeClient({ kubeConfig: h.kubeConfig });
  cache = createWatchCache({ client: kube, rowOf: cacheRowOf });
  server = await createServer({
    mode: 'kubeconfig',
    kube,
    cache,
    logger: createLogger({ level: 'silent' }),
    metrics: createServerMetrics(),
    host: '127.0.0.1',
    port: 0,
    allowedOrigins: [],
    heartbeatMs: 200,
    flushIntervalMs: FLUSH_MS,
  });
});
afterAll(async () => {
  await server.close();
  await cache.close();
  await h.stop();
});

function connect(options: { origin?: string; autoPong?: boolean } = {}) {
  const host = new URL(server.url).host;
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/watch`, {
    headers: { origin: options.origin ?? `http://${host}` },
    autoPong: options.autoPong ?? true,
  });
  const messages: Array<ServerMessage & { at: number }> = [];
  ws.on('message', (data) => messages.push({ ...(JSON.parse(data.toString()) as ServerMessage), at: Date.now() }));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, messages, opened, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

describe('gateway', () => {
  it('sends a snapshot, then a change made through the API within one flush', async () => {
    const c = connect();
    await c.opened;
    c.send({ type: 'subscribe', id: 'g', resource: 'gitrepos', workspace: 'fleet-default' });
    const snap = await waitFor(() => c.messages.find((m) => m.type === 'snapshot'), 5000, 'snapshot');
    if (snap.type !== 'snapshot') throw new Error('no snapshot');
    expect(snap.items.map((r) => r.name)).toEqual(['first']);
    const before = Date.now();
    await createGitRepo(h.api, 'fleet-default', 'second');
    const change = await waitFor(() => c.messages.find((m) => m.type === 'changes'), 5000, 'changes');
    if (change.type !== 'changes') throw new Error('no changes');
    expect(change.events).toEqual([expect.objectContaining({ type: 'upsert', key: 'fleet-default/second' })]);
    // API write → watch event → one flush (50 ms), with slack for a loaded machine
    expect(change.at - before).toBeLessThan(FLUSH_MS + 250);
    c.send({ type: 'ping' });
    await waitFor(() => c.messages.find((m) => m.type === 'pong'), 2000, 'pong');
    c.send({ type: 'subscribe', id: 'bad', resource: 'nope' });
    const err = await waitFor(() => c.messages.find((m) => m.type === 'error'), 2000, 'error');
    expect(err).toMatchObject({ type: 'error', id: 'bad', error: { code: 'BadRequest' } });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('refuses a foreign Origin', async () => {
    const c = connect({ origin: 'https://evil.example' });
    await expect(c.opened).rejects.toThrow('HTTP 403');
  });

  it('terminates sockets that stop answering pings', async () => {
    const c = connect({ autoPong: false });
    await c.opened;
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    expect(await closed).toBe(1006);
    await waitFor(() => (server.gateway.connections() === 0 ? true : undefined), 2000, 'server-side close');
  });

  it('keeps live sockets across heartbeats', async () => {
    const c = connect();
    await c.opened;
    await new Promise((r) => setTimeout(r, 700));
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });
});

describe('isOriginAllowed', () => {
  it('allows same origin by default, configured origins, or anything with *', () => {
    expect(isOriginAllowed('http://localhost:8080', 'localhost:8080', [])).toBe(true);
    expect(isOriginAllowed('http://localhost:5173', 'localhost:8080', [])).toBe(false);
    expect(isOriginAllowed('http://localhost:5173', 'localhost:8080', ['http://localhost:5173'])).toBe(true);
    expect(isOriginAllowed('https://x.example', 'localhost:8080', ['*'])).toBe(true);
    expect(isOriginAllowed(undefined, 'localhost:8080', [])).toBe(true);
    expect(isOriginAllowed('null', 'localhost:8080', [])).toBe(false);
  });
});
