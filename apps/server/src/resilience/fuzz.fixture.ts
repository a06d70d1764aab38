// Shared set-up of the fuzz tests: the sandbox-backed app served on a loopback port (with the
// websocket gateway), a seeded estate including a Secret whose value must never come back, a
// snapshot of every object (to prove no input changed anything) and the checks every refused
// request must pass.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api } from '@kubernetes/client-node';
import { errorBodySchema } from '@fleet-dashboard/contracts';
import { expect } from 'vitest';
import { startAppHarness, type AppHarness } from '../features/app-harness.fixture';
import { RESOURCE_TYPES } from '../k8s/resource-types';
import { createLogger } from '../observability/logger';
import { createGateway, type Gateway } from '../ws/gateway';

export const WORKSPACES = ['fleet-default', 'fleet-local'] as const;
export const WS = 'fleet-default';
/** The seeded Secret's value: no response may contain it, plain or base64. */
export const SECRET_VALUE = 'fuzz-s3cr3t-value-7f3a';
export const SEEDED = { gitrepo: 'app', cluster: 'c1', clustergroup: 'g1', bundle: 'b1', secret: 'creds' } as const;

export interface FuzzTarget {
  t: AppHarness;
  url: string;
  server: Server;
  gateway: Gateway;
  stop(): Promise<void>;
}

export async function startFuzzTarget(options: { bodyLimit?: string } = {}): Promise<FuzzTarget> {
  const t = await startAppHarness({ namespaces: [...WORKSPACES], ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}) });
  await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name: SEEDED.gitrepo, labels: { team: 'a' } }, spec: { repo: 'https://example.com/app.git', branch: 'main' } });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: SEEDED.cluster, labels: { env: 'dev' } }, spec: {} });
  await t.seed('clustergroups', WS, { kind: 'ClusterGroup', metadata: { name: SEEDED.clustergroup }, spec: { selector: { matchLabels: { env: 'dev' } } } });
  await t.seed('bundles', WS, { kind: 'Bundle', metadata: { name: SEEDED.bundle }, spec: { resources: [] } });
  await t.h.kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace: WS,
    body: { metadata: { name: SEEDED.secret }, type: 'kubernetes.io/basic-auth', data: { username: b64('git'), password: b64(SECRET_VALUE) } },
  });
  const server = createServer(t.app);
  const gateway = createGateway({ server, cache: t.cache, logger: createLogger({ level: 'silent' }), allowedOrigins: [], flushIntervalMs: 10 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    t,
    url: `http://127.0.0.1:${port}`,
    server,
    gateway,
    async stop() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.stop();
    },
  };
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Every object of the estate (Fleet kinds, Secrets, Namespaces, FleetWorkspaces) → resourceVersion. */
export async function snapshotObjects(t: AppHarness): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const types = [RESOURCE_TYPES.gitRepo, RESOURCE_TYPES.bundle, RESOURCE_TYPES.bundleDeployment, RESOURCE_TYPES.cluster, RESOURCE_TYPES.clusterGroup];
  for (const type of types) {
    const list = await t.kube.list(type);
    for (const o of list.items) out.set(`${type.plural}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, o.metadata?.resourceVersion ?? '');
  }
  const core = t.h.kubeConfig.makeApiClient(CoreV1Api);
  for (const s of (await core.listSecretForAllNamespaces()).items) out.set(`secrets/${s.metadata?.namespace}/${s.metadata?.name}`, s.metadata?.resourceVersion ?? '');
  for (const n of (await core.listNamespace()).items) out.set(`namespaces/${n.metadata?.name}`, n.metadata?.resourceVersion ?? '');
  return out;
}

const STACK = /\n\s+at\s|\bat\s+\S+\s+\(|\.ts:\d+|\.js:\d+|node_modules|file:\/\//;

/** The checks every refused request must pass: a 4xx with `{error: {code, message}}`, no stack, no secret. */
export function expectRefused(res: { status: number; body: unknown; text?: string }, what: string): void {
  const text = res.text ?? JSON.stringify(res.body);
  if (res.status < 400 || res.status >= 500) throw new Error(`${what}: expected a 4xx, got ${res.status} ${text.slice(0, 300)}`);
  const parsed = errorBodySchema.safeParse(res.body);
  if (!parsed.success) throw new Error(`${what}: ${res.status} without an error body: ${text.slice(0, 300)}`);
  expect(parsed.data.error.code.length, what).toBeGreaterThan(0);
  expect(parsed.data.error.message.length, what).toBeGreaterThan(0);
  if (STACK.test(text)) throw new Error(`${what}: the answer carries a stack trace or a file path: ${text.slice(0, 500)}`);
  if (text.includes(SECRET_VALUE) || text.includes(b64(SECRET_VALUE))) throw new Error(`${what}: the answer carries the Secret's value`);
}

/** Counts the cases each property ran, for the report at the end of a file. */
export function createCaseCounter(): { count(name: string): void; report(): string; total(): number } {
  const counts = new Map<string, number>();
  return {
    count: (name) => counts.set(name, (counts.get(name) ?? 0) + 1),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    report: () => [...counts.entries()].map(([name, n]) => `${name}: ${n}`).join('\n'),
  };
}
