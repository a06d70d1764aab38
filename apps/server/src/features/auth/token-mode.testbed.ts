// Token mode against the real kube-apiserver: the server watches with the admin identity, four
// users log in with their own tokens over HTTP and the websocket, and every read is filtered by
// the user's access while every write is made with the user's token.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import { CSRF_HEADER, CSRF_HEADER_VALUE, errorBodySchema, serverMessageSchema, type ServerMessage } from '@fleet-dashboard/contracts';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createApp, createServer, type RunningServer } from '../../app';
import { createKubeClient, type KubeClient } from '../../k8s/kube-client';
import { RESOURCE_TYPES, type ResourceType } from '../../k8s/resource-types';
import { createWatchCache, type WatchCache } from '../../k8s/watch-cache';
import { createLogger } from '../../observability/logger';
import { createServerMetrics } from '../../observability/metrics';
import { cacheRowOf } from '../../rows/list-row.mapper';
import { SECRET } from '../secrets/secrets.service';
import { SESSION_COOKIE } from './session-cookie.service';
import { createTokenAuth, type TokenAuth } from './token-auth.service';

type User = 'admin' | 'operator' | 'viewer' | 'outsider';
const USERS: readonly User[] = ['admin', 'operator', 'viewer', 'outsider'];
const WS = 'fleet-default';
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const ROLE_BINDING: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true };

const tb = inject('testbed');
const tokenOf = (user: User): string => {
  const token = tb.tokens[user];
  if (!token) throw new Error(`the testbed has no token for ${user}`);
  return token;
};

function kubeConfigOf(user: User): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'testbed', server: tb.server, caData: Buffer.from(tb.caData).toString('base64'), skipTLSVerify: false }],
    users: [{ name: user, token: tokenOf(user) }],
    contexts: [{ name: user, cluster: 'testbed', user }],
    currentContext: user,
  });
  return kc;
}

const logLines: string[] = [];
let clockOffset = 0;
const now = () => Date.now() + clockOffset;
let admin: KubeClient;
let cache: WatchCache;
let auth: TokenAuth;
let server: RunningServer;
let target: string;
const cookies: Partial<Record<User, string>> = {};

async function login(user: User): Promise<string> {
  const res = await request(server.url).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ token: tokenOf(user) }).expect(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const first = setCookie[0] ?? '';
  return first.split(';')[0] ?? '';
}
const as = (user: User) => {
  const cookie = cookies[user] ?? '';
  return {
    get: (path: string) => request(server.url).get(path).set('Cookie', cookie),
    post: (path: string) => request(server.url).post(path).set('Cookie', cookie).set(CSRF_HEADER, CSRF_HEADER_VALUE),
  };
};
const specOf = (o: KubeObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;

beforeAll(async () => {
  const kubeConfig = kubeConfigOf('admin');
  admin = createKubeClient({ kubeConfig });
  cache = createWatchCache({ client: admin, rowOf: cacheRowOf, lingerMs: 500 });
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      callback();
    },
  });
  auth = createTokenAuth({ kubeConfig, cookieKey: randomBytes(32), cookieSecure: false, now, loginAttemptsPerMinute: 1000, accessTtlMs: 200 });
  server = await createServer({
    mode: 'token',
    kube: admin,
    cache,
    auth,
    logger: createLogger({ level: 'trace', destination }),
    metrics: createServerMetrics(),
    host: '127.0.0.1',
    port: 0,
    allowedOrigins: [],
    flushIntervalMs: 20,
    recheckMs: 200,
  });
  target = unique('token');
  await admin.create(RESOURCE_TYPES.gitRepo, WS, { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: target }, spec: { repo: 'https://github.com/rancher/fleet-examples', forceSyncGeneration: 2 } });
  await admin.create(RESOURCE_TYPES.gitRepo, 'fleet-local', { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: target }, spec: { repo: 'https://github.com/rancher/fleet-examples' } });
  await admin.create(SECRET, WS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: target }, type: 'kubernetes.io/basic-auth', stringData: { username: 'git', password: 'pa55-word-value' } });
  for (const user of USERS) cookies[user] = await login(user);
});
afterAll(async () => {
  await server?.close();
  await cache?.close();
});

describe('login', () => {
  it('answers with the identity and sets an HttpOnly SameSite=Strict cookie', async () => {
    const res = await request(server.url).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ token: tokenOf('viewer') }).expect(200);
    expect(res.body).toEqual({ mode: 'token', username: 'viewer', groups: expect.arrayContaining(['fleet-dashboard:viewers', 'system:authenticated']) });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800$`));
    expect(cookie).not.toContain(tokenOf('viewer'));
    for (const user of USERS) expect((await as(user).get('/api/me').expect(200)).body.username).toBe(user);
  });

  it('refuses a token the API server does not accept, and requests without a session', async () => {
    const res = await request(server.url).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ token: 'not-a-token' }).expect(401);
    expect(errorBodySchema.parse(res.body).error.code).toBe('Unauthorized');
    await request(server.url).get('/api/me').expect(401);
    await request(server.url).get('/api/workspaces').expect(401);
    await request(server.url).get('/api/healthz').expect(200);
    await request(server.url).post('/api/login').send({ token: tokenOf('viewer') }).expect(403); // no CSRF header
  });

  it('a tampered cookie, an expired one and one after logout are 401', async () => {
    const viewer = await login('viewer');
    const value = viewer.slice(SESSION_COOKIE.length + 1);
    const flipped = `${value.slice(0, 20)}${value[20] === 'A' ? 'B' : 'A'}${value.slice(21)}`;
    const tampered = await request(server.url).get('/api/me').set('Cookie', `${SESSION_COOKIE}=${flipped}`).expect(401);
    expect(tampered.body.error.details.reason).toBe('tampered');
    clockOffset = 8 * 3600_000 + 1000;
    try {
      const expired = await request(server.url).get('/api/me').set('Cookie', viewer).expect(401);
      expect(expired.body.error.details.reason).toBe('expired');
    } finally {
      clockOffset = 0;
    }
    await request(server.url).get('/api/me').set('Cookie', viewer).expect(200);
    const agent = request.agent(server.url);
    await agent.post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ token: tokenOf('viewer') }).expect(200);
    await agent.get('/api/me').expect(200);
    const out = await agent.post('/api/logout').set(CSRF_HEADER, CSRF_HEADER_VALUE).expect(200);
    expect(([] as string[]).concat(out.headers['set-cookie'] ?? [])[0]).toMatch(/Max-Age=0/);
    await agent.get('/api/me').expect(401);
  });
});

describe('reads filtered by the user access, writes with the user token', () => {
  it('viewer: lists fleet-default, 403 in fleet-local, Force Update 403 with the object unchanged', async () => {
    const list = await as('viewer').get(`/api/workspaces/${WS}/gitrepos`).expect(200);
    expect(list.body.items.map((r: { name: string }) => r.name)).toContain(target);
    const local = await as('viewer').get('/api/workspaces/fleet-local/gitrepos').expect(403);
    expect(local.body.error.message).toBe('Not allowed to list gitrepos.fleet.cattle.io in namespace "fleet-local"');
    await as('viewer').get(`/api/workspaces/fleet-local/gitrepos/${target}`).expect(403);
    await as('viewer').post('/api/workspaces/fleet-local/clustergroups/preview').send({ selectorText: 'env=dev' }).expect(403);
    const before = await admin.get(RESOURCE_TYPES.gitRepo, WS, target);
    const forced = await as('viewer').post(`/api/workspaces/${WS}/gitrepos/${target}/force-update`).expect(403);
    expect(forced.body.error.message).toBe('Not allowed to patch gitrepos.fleet.cattle.io in namespace "fleet-default"');
    const after = await admin.get(RESOURCE_TYPES.gitRepo, WS, target);
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    await as('viewer').get(`/api/workspaces/${WS}/secrets`).expect(403);
    const workspaces = await as('viewer').get('/api/workspaces').expect(200);
    const defaultRow = workspaces.body.items.find((w: { name: string }) => w.name === WS);
    expect(defaultRow?.counts.gitRepos).toBeGreaterThan(0);
    const localRow = workspaces.body.items.find((w: { name: string }) => w.name === 'fleet-local');
    if (localRow) expect(localRow.counts).toEqual({ gitRepos: 0, clusters: 0, clusterGroups: 0, bundles: 0 });
  });

  it('operator: Force Update works, secret names (never data) through the server identity', async () => {
    const before = specOf(await admin.get(RESOURCE_TYPES.gitRepo, WS, target)).forceSyncGeneration as number;
    const res = await as('operator').post(`/api/workspaces/${WS}/gitrepos/${target}/force-update`).expect(200);
    expect(res.body.generation).toBe(before + 1);
    expect(specOf(await admin.get(RESOURCE_TYPES.gitRepo, WS, target)).forceSyncGeneration).toBe(before + 1);
    const secrets = await as('operator').get(`/api/workspaces/${WS}/secrets`).expect(200);
    expect(secrets.body.items).toContainEqual({ name: target, type: 'kubernetes.io/basic-auth' });
    expect(secrets.text).not.toContain('pa55-word-value');
    expect(secrets.text).not.toContain(Buffer.from('pa55-word-value').toString('base64'));
    // The user's own token cannot create a Secret: RBAC of the API server decides.
    const created = await as('operator').post(`/api/workspaces/${WS}/secrets`).send({ name: unique('op'), type: 'basic', username: 'u', password: 'p' }).expect(403);
    expect(created.body.error.details.verb).toBe('create');
    await as('operator').post(`/api/workspaces/${WS}/gitrepos/${target}/force-update`).set(CSRF_HEADER, '').expect(403);
  });

  it('outsider: 403 everywhere and no workspace', async () => {
    expect((await as('outsider').get('/api/workspaces').expect(200)).body.items).toEqual([]);
    for (const ws of [WS, 'fleet-local']) {
      await as('outsider').get(`/api/workspaces/${ws}/gitrepos`).expect(403);
      await as('outsider').get(`/api/workspaces/${ws}/gitrepos/${target}`).expect(403);
      await as('outsider').get(`/api/workspaces/${ws}/secrets`).expect(403);
      await as('outsider').get(`/api/workspaces/${ws}/diagnostics`).expect(403);
      await as('outsider').post(`/api/workspaces/${ws}/gitrepos/${target}/force-update`).expect(403);
    }
  });

  it('admin sees both workspaces', async () => {
    const names = (await as('admin').get('/api/workspaces').expect(200)).body.items.map((w: { name: string }) => w.name);
    expect(names).toEqual(expect.arrayContaining([WS, 'fleet-local']));
  });

  it('creating a workspace acts as the user: 403 naming verb and resource, 201 for the admin with a FleetWorkspace', async () => {
    const name = unique('ws');
    for (const user of ['viewer', 'operator', 'outsider'] as const) {
      const refused = await as(user).post('/api/workspaces').send({ name }).expect(403);
      expect(refused.body.error).toMatchObject({ code: 'Forbidden', message: 'Not allowed to create namespaces', details: { verb: 'create', resource: 'namespaces' } });
    }
    await expect(admin.get(RESOURCE_TYPES.namespace, undefined, name)).rejects.toMatchObject({ statusCode: 404 });
    const created = await as('admin').post('/api/workspaces').send({ name }).expect(201);
    expect(created.body).toEqual({ name, fleetWorkspace: true });
    expect((await admin.get(RESOURCE_TYPES.fleetWorkspace, undefined, name)).metadata?.name).toBe(name);
    const again = await as('admin').post('/api/workspaces').send({ name }).expect(409);
    expect(again.body.error.code).toBe('Conflict');
  });

  it('/metrics is not served on the dashboard port', async () => {
    const res = await request(server.url).get('/metrics').expect(404);
    expect(res.text).not.toContain('fleet_dashboard_');
  });
});

interface Socket {
  ws: WebSocket;
  messages: ServerMessage[];
  next(predicate: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
}

async function openSocket(cookie: string | undefined): Promise<Socket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/watch`, cookie ? { headers: { Cookie: cookie } } : {});
  const messages: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    messages.push(serverMessageSchema.parse(JSON.parse(String(data))));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    messages,
    next(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no matching message; got ${JSON.stringify(messages)}`)), timeoutMs);
        const check = (): void => {
          const found = messages.find(predicate);
          if (found) {
            clearTimeout(deadline);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

describe('websocket', () => {
  it('workspaces stream only what the user may see', async () => {
    type Row = { name: string; counts: Record<string, number> };
    const rowsFor = async (user: User): Promise<Row[]> => {
      const s = await openSocket(cookies[user]);
      try {
        s.ws.send(JSON.stringify({ type: 'subscribe', id: 'w', resource: 'workspaces' }));
        const snapshot = await s.next((m) => m.type === 'snapshot' && m.id === 'w');
        return snapshot.type === 'snapshot' ? (snapshot.items as unknown as Row[]) : [];
      } finally {
        s.ws.close();
      }
    };
    expect((await rowsFor('admin')).map((r) => r.name)).toEqual(expect.arrayContaining([WS, 'fleet-local']));
    // As over REST: rows of namespaces the viewer may list, FleetWorkspaces (it may list those) with zero counts.
    const viewer = await rowsFor('viewer');
    expect(viewer.find((r) => r.name === WS)?.counts.gitRepos).toBeGreaterThan(0);
    const local = viewer.find((r) => r.name === 'fleet-local');
    if (local) expect(local.counts).toEqual({ gitRepos: 0, clusters: 0, clusterGroups: 0, bundles: 0 });
    expect(await rowsFor('outsider')).toEqual([]);
  });

  it('refuses the upgrade without a valid session', async () => {
    await expect(openSocket(undefined)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${SESSION_COOKIE}=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)).rejects.toThrow('HTTP 401');
  });

  it('viewer: fleet-default streams, fleet-local is refused as forbidden', async () => {
    const s = await openSocket(cookies.viewer);
    try {
      s.ws.send(JSON.stringify({ type: 'subscribe', id: 'a', resource: 'gitrepos', workspace: WS }));
      s.ws.send(JSON.stringify({ type: 'subscribe', id: 'b', resource: 'gitrepos', workspace: 'fleet-local' }));
      const snapshot = await s.next((m) => m.type === 'snapshot' && m.id === 'a');
      expect(snapshot.type === 'snapshot' && snapshot.items.map((r) => r.name)).toContain(target);
      const refused = await s.next((m) => m.type === 'error' && m.id === 'b');
      expect(refused.type === 'error' && refused.error.code).toBe('Forbidden');
      expect(s.messages.some((m) => m.type === 'snapshot' && m.id === 'b')).toBe(false);
    } finally {
      s.ws.close();
    }
  });

  it('a running subscription stops with status forbidden once access is revoked', async () => {
    const binding = unique('outsider-view');
    await admin.create(ROLE_BINDING, WS, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: binding },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fleet-dashboard:fleet-viewer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'outsider' }],
    });
    const s = await openSocket(cookies.outsider);
    try {
      // The API server's authorizer sees the new binding within moments; retry until it does.
      let granted = false;
      for (let attempt = 0; attempt < 50 && !granted; attempt++) {
        const id = `try-${attempt}`;
        s.ws.send(JSON.stringify({ type: 'subscribe', id, resource: 'gitrepos', workspace: WS }));
        const m = await s.next((x) => (x.type === 'snapshot' || x.type === 'error') && x.id === id);
        granted = m.type === 'snapshot';
        if (!granted) await new Promise((r) => setTimeout(r, 200));
        else {
          await admin.delete(ROLE_BINDING, WS, binding);
          const stopped = await s.next((x) => x.type === 'status' && x.id === id && x.state === 'error', 15_000);
          expect(stopped).toEqual({ type: 'status', id, state: 'error', message: 'forbidden' });
        }
      }
      expect(granted).toBe(true);
    } finally {
      s.ws.close();
    }
  });
});

describe('login rate limit and logging', () => {
  it('answers 429 with Retry-After after the allowed attempts', async () => {
    const limited = createApp({
      mode: 'token',
      kube: admin,
      cache,
      auth: createTokenAuth({ kubeConfig: kubeConfigOf('admin'), cookieKey: randomBytes(32), cookieSecure: false, loginAttemptsPerMinute: 3 }),
      logger: createLogger({ level: 'silent' }),
      metrics: createServerMetrics(),
    });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await request(limited).post('/api/login').set(CSRF_HEADER, CSRF_HEADER_VALUE).send({ token: i === 0 ? tokenOf('viewer') : 'wrong' });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses).toEqual([200, 401, 401, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });

  it('never writes a token to the log', () => {
    expect(logLines.some((l) => l.includes('/api/login'))).toBe(true);
    expect(logLines.length).toBeGreaterThan(10);
    for (const user of USERS) {
      const token = tokenOf(user);
      expect(logLines.filter((l) => l.includes(token))).toEqual([]);
    }
    const session = cookies.viewer?.slice(SESSION_COOKIE.length + 1) ?? '';
    expect(session.length).toBeGreaterThan(20);
    expect(logLines.filter((l) => l.includes(session))).toEqual([]);
  });
});
