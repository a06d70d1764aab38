// deploy/helm/fleet-dashboard with a real helm (built from Go modules, cached beside the testbed):
// lint, render (defaults, ingress, existing secret), the RBAC it grants compared with what the
// server reads with its own identity (derived from the server's tables), a server-side dry-run
// install and a real install on the testbed, SubjectAccessReviews for its service account, and
// the bundled server running in token mode as that service account.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@fleet-dashboard/contracts';
import { createKubeClient, parseConfig, type KubeClient } from '@fleet-dashboard/server';
import { ensureHelm, FLEET_WORKSPACES, kubeconfigYaml } from '@fleet-dashboard/testbed';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHART_DIR, createHelm, type Helm } from './helm.service';
import { startBundledServer, type RunningBundle } from './bundle-process.fixture';
import { grantedPermissions, permissionSet, serverIdentityPermissions, type Permission } from './server-rbac.service';
import { bundleServer } from './server-bundle.service';

const tb = inject('testbed');
const adminToken = tb.tokens.admin ?? '';
const suffix = randomBytes(3).toString('hex');
const INGRESS = ['--set', 'ingress.enabled=true', '--set', 'ingress.tls[0].secretName=dashboard-tls', '--set', 'ingress.tls[0].hosts[0]=fleet-dashboard.example.com', '--set', 'metrics.enabled=true'];
const NAMESPACE = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false } as const;
const SECRET = { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true } as const;

let workDir: string;
let helm: Helm;
let admin: KubeClient;

const byKind = (docs: Record<string, any>[], kind: string) => docs.filter((d) => d.kind === kind);
const one = (docs: Record<string, any>[], kind: string): Record<string, any> => {
  const found = byKind(docs, kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Record<string, any>;
};
const containerOf = (docs: Record<string, any>[]) => one(docs, 'Deployment').spec.template.spec.containers[0];

async function createNamespace(name: string): Promise<void> {
  await admin.create(NAMESPACE, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

async function secretData(namespace: string, name: string): Promise<{ data?: Record<string, string> }> {
  return admin.request({ method: 'GET', path: `/api/v1/namespaces/${namespace}/secrets/${name}`, context: { verb: 'get', resource: 'secrets', namespace, name } });
}

/** SubjectAccessReview (asked by admin) for the chart's service account. */
async function canServiceAccount(namespace: string, sa: string, attrs: { verb: string; group: string; resource: string; name?: string; namespace?: string; subresource?: string }): Promise<boolean> {
  const review = await admin.request<{ status?: { allowed?: boolean } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: `system:serviceaccount:${namespace}:${sa}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
        resourceAttributes: attrs,
      },
    },
    context: { verb: 'create', resource: 'subjectaccessreviews.authorization.k8s.io' },
  });
  return review?.status?.allowed === true;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'deploy-check-'));
  const kubeconfig = join(workDir, 'admin.kubeconfig');
  await writeFile(kubeconfig, kubeconfigYaml({ server: tb.server, caData: tb.caData, user: 'admin', token: adminToken }), { mode: 0o600 });
  const binary = await ensureHelm({ log: (line) => console.log(line) });
  helm = createHelm({ binary: binary.binary, kubeconfig, homeDir: join(workDir, 'helm-home') });
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  admin = createKubeClient({ kubeConfig: kc });
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('helm lint and template', () => {
  it('lints cleanly (strict) with the defaults and with ingress, TLS and metrics', async () => {
    for (const args of [[], INGRESS]) {
      const result = await helm.run(['lint', '--strict', CHART_DIR, ...args]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('0 chart(s) failed');
    }
  });

  it('renders a token mode Deployment whose arguments the server accepts, with the cookie key from a generated Secret', async () => {
    const docs = await helm.template({ release: 'fd', namespace: 'fleet-dashboard' });
    expect(docs.map((d) => d.kind).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'PodDisruptionBudget', 'Role', 'Role', 'RoleBinding', 'RoleBinding', 'Secret', 'Service', 'ServiceAccount'].sort(),
    );
    const deployment = one(docs, 'Deployment');
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe(one(docs, 'ServiceAccount').metadata.name);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    const container = pod.containers[0];
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/readyz', port: 'http' });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);

    const secret = one(docs, 'Secret');
    const keyRef = container.env.find((e: any) => e.name === 'FLEET_DASHBOARD_COOKIE_KEY').valueFrom.secretKeyRef;
    expect(keyRef.name).toBe(secret.metadata.name);
    expect(secret.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
    const cookieKey = Buffer.from(secret.data[keyRef.key], 'base64').toString('utf8');
    expect(Buffer.from(cookieKey, 'base64')).toHaveLength(32);

    const parsed = parseConfig(container.args, { FLEET_DASHBOARD_COOKIE_KEY: cookieKey });
    expect(parsed.kind === 'config' && parsed.config).toMatchObject({ mode: 'token', host: '0.0.0.0', port: 8080, trustProxy: 0, cookieSecure: false, sessionHours: 8 });

    const service = one(docs, 'Service');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    // Two renders generate two different keys (each install gets its own).
    const again = await helm.template({ release: 'fd', namespace: 'fleet-dashboard' });
    expect(one(again, 'Secret').data).not.toEqual(secret.data);
  });

  it('with ingress and TLS: an Ingress to the Service, a Secure cookie, one trusted proxy, metrics on their own port', async () => {
    const docs = await helm.template({ release: 'fd', namespace: 'fleet-dashboard', args: INGRESS });
    const ingress = one(docs, 'Ingress');
    const service = one(docs, 'Service');
    expect(ingress.spec.tls).toEqual([{ secretName: 'dashboard-tls', hosts: ['fleet-dashboard.example.com'] }]);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: service.metadata.name, port: { number: 80 } });
    const container = containerOf(docs);
    const parsed = parseConfig(container.args, { FLEET_DASHBOARD_COOKIE_KEY: randomBytes(32).toString('base64') });
    expect(parsed.kind === 'config' && parsed.config).toMatchObject({ mode: 'token', cookieSecure: true, trustProxy: 1, metricsPort: 9090 });
    expect(container.ports).toContainEqual({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
    expect(service.spec.ports).toContainEqual({ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' });
  });

  it('takes the cookie key from an existing Secret without rendering one', async () => {
    const docs = await helm.template({ release: 'fd', namespace: 'fleet-dashboard', args: ['--set', 'cookieKey.existingSecret=my-key', '--set', 'cookieKey.secretKey=key'] });
    expect(byKind(docs, 'Secret')).toEqual([]);
    const ref = containerOf(docs).env.find((e: any) => e.name === 'FLEET_DASHBOARD_COOKIE_KEY').valueFrom.secretKeyRef;
    expect(ref).toEqual({ name: 'my-key', key: 'key' });
  });
});

describe('RBAC of the service account', () => {
  it('is exactly what the server reads with its own identity in token mode: no more, no less', async () => {
    for (const namespaces of [[...FLEET_WORKSPACES], ['fleet-default', 'team-a', 'team-b']]) {
      const args = namespaces.flatMap((ns, i) => ['--set', `rbac.secretNamespaces[${i}]=${ns}`]);
      const docs = await helm.template({ release: 'fd', namespace: 'fleet-dashboard', args });
      const sa = one(docs, 'ServiceAccount').metadata.name as string;
      const granted = permissionSet(grantedPermissions(docs, { namespace: 'fleet-dashboard', name: sa }));
      expect(granted).toEqual(permissionSet(serverIdentityPermissions(namespaces)));
      expect(granted.filter((p) => !/^(get|list|watch) /.test(p))).toEqual([]);
      expect(granted.filter((p) => p.includes('*/') || p.startsWith('* '))).toEqual([]);
    }
  });

  it('renders no RBAC (and no bindings) when rbac.create is false', async () => {
    const docs = await helm.template({ release: 'fd', namespace: 'fleet-dashboard', args: ['--set', 'rbac.create=false'] });
    expect(docs.filter((d) => /Role/.test(String(d.kind)))).toEqual([]);
  });
});

describe('on the testbed', () => {
  it('passes a server-side dry-run install, and keeps the cookie key of an earlier install (lookup)', async () => {
    const ns = `fd-dry-${suffix}`;
    await createNamespace(ns);
    const dry = await helm.run(['install', 'fd', CHART_DIR, '--namespace', ns, '--dry-run=server', ...INGRESS]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('STATUS: pending-install');
    expect(dry.stdout).toContain('kind: Deployment');
    // NOTES.txt: the ingress address with TLS, the read-only RBAC, the metrics port.
    expect(dry.stdout).toContain('https://fleet-dashboard.example.com/');
    expect(dry.stdout).toContain('secret names in:\nfleet-default, fleet-local');
    expect(dry.stdout).toContain('port 9090');

    const key = randomBytes(32).toString('base64');
    await admin.create(SECRET, ns, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'fd-fleet-dashboard-cookie-key' },
      data: { 'cookie-key': Buffer.from(key).toString('base64') },
    });
    const docs = await helm.template({ release: 'fd', namespace: ns, args: ['--dry-run=server'] });
    expect(Buffer.from(one(docs, 'Secret').data['cookie-key'], 'base64').toString('utf8')).toBe(key);
  });

  describe('installed for real', () => {
    const ns = `fd-${suffix}`;
    const release = 'fd';
    const sa = 'fd-fleet-dashboard';
    let bundleDir: string;
    let server: RunningBundle | undefined;

    beforeAll(async () => {
      await createNamespace(ns);
      const result = await helm.run(['install', release, CHART_DIR, '--namespace', ns]);
      expect(result.code, result.stderr).toBe(0);
    });
    afterAll(async () => {
      await server?.stop();
      if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    });

    it('lets the service account list and watch everything the server reads', async () => {
      const expected = serverIdentityPermissions([...FLEET_WORKSPACES]);
      const denied: Permission[] = [];
      for (const p of expected) {
        const scopes = p.scope === '*' ? [undefined, 'fleet-default'] : [p.scope];
        for (const namespace of scopes) {
          const ok = await canServiceAccount(ns, sa, { verb: p.verb, group: p.group, resource: p.resource, ...(p.name ? { name: p.name } : {}), ...(namespace ? { namespace } : {}) });
          if (!ok) denied.push(p);
        }
      }
      expect(denied).toEqual([]);
    });

    it('does not let it write anything, read secret data, list secrets elsewhere or ask about others', async () => {
      const kinds = [
        ['fleet.cattle.io', 'gitrepos'],
        ['fleet.cattle.io', 'bundles'],
        ['fleet.cattle.io', 'clusters'],
        ['fleet.cattle.io', 'clustergroups'],
        ['fleet.cattle.io', 'bundledeployments'],
        ['management.cattle.io', 'fleetworkspaces'],
        ['', 'secrets'],
        ['', 'configmaps'],
        ['', 'pods'],
        ['', 'namespaces'],
        ['', 'events'],
        ['apps', 'deployments'],
        ['rbac.authorization.k8s.io', 'clusterrolebindings'],
        ['apiextensions.k8s.io', 'customresourcedefinitions'],
      ] as const;
      const allowed: string[] = [];
      const check = async (attrs: { verb: string; group: string; resource: string; name?: string; namespace?: string; subresource?: string }) => {
        if (await canServiceAccount(ns, sa, attrs)) allowed.push(JSON.stringify(attrs));
      };
      for (const [group, resource] of kinds) {
        for (const verb of ['create', 'update', 'patch', 'delete', 'deletecollection']) {
          await check({ verb, group, resource });
          await check({ verb, group, resource, namespace: 'fleet-default' });
        }
      }
      for (const namespace of ['fleet-default', 'kube-system', ns]) {
        await check({ verb: 'get', group: '', resource: 'secrets', namespace, name: 'any' });
        await check({ verb: 'watch', group: '', resource: 'secrets', namespace });
      }
      await check({ verb: 'list', group: '', resource: 'secrets' });
      await check({ verb: 'list', group: '', resource: 'secrets', namespace: 'kube-system' });
      await check({ verb: 'list', group: '', resource: 'secrets', namespace: ns });
      await check({ verb: 'list', group: '', resource: 'namespaces' });
      await check({ verb: 'get', group: 'fleet.cattle.io', resource: 'gitrepos', namespace: 'fleet-default', name: 'x' });
      await check({ verb: 'list', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' });
      await check({ verb: 'get', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: 'fleetworkspaces.management.cattle.io' });
      await check({ verb: 'create', group: 'authorization.k8s.io', resource: 'subjectaccessreviews' });
      await check({ verb: 'impersonate', group: '', resource: 'users' });
      await check({ verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token', namespace: ns, name: sa });
      expect(allowed).toEqual([]);
    });

    it('is enough: the bundled server runs in token mode as that service account and serves every read', async () => {
      const token = await admin.request<{ status?: { token?: string } }>({
        method: 'POST',
        path: `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
        context: { verb: 'create', resource: 'serviceaccounts/token' },
      });
      const saToken = token.status?.token ?? '';
      expect(saToken).not.toBe('');
      bundleDir = await mkdtemp(join(tmpdir(), 'deploy-check-bundle-'));
      const bundle = await bundleServer({ outDir: join(bundleDir, 'app'), web: false });
      const kubeconfig = join(bundleDir, 'sa.kubeconfig');
      await writeFile(kubeconfig, kubeconfigYaml({ server: tb.server, caData: tb.caData, user: sa, token: saToken }), { mode: 0o600 });
      server = await startBundledServer({
        entry: bundle.entry,
        args: ['--mode', 'token', '--kubeconfig', kubeconfig, '--port', '0', '--web-root', 'none'],
        env: { FLEET_DASHBOARD_COOKIE_KEY: randomBytes(32).toString('base64') },
      });
      const login = await fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE },
        body: JSON.stringify({ token: adminToken }),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const get = async (path: string) => {
        const res = await fetch(`${server?.url}${path}`, { headers: { cookie } });
        return { path, status: res.status, body: (await res.json()) as any };
      };
      const paths = [
        '/api/readyz',
        '/api/workspaces',
        ...['gitrepos', 'clusters', 'clustergroups', 'bundles', 'bundledeployments', 'events'].map((r) => `/api/workspaces/fleet-default/${r}`),
        ...['gitrepos', 'clusters', 'clustergroups', 'bundles', 'bundledeployments'].map((r) => `/api/schemas/${r}`),
        '/api/workspaces/fleet-default/secrets',
        '/api/workspaces/fleet-local/secrets',
        '/api/workspaces/fleet-default/diagnostics',
      ];
      const answers = await Promise.all(paths.map(get));
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      const workspaces = answers.find((a) => a.path === '/api/workspaces')?.body.items.map((w: any) => w.name);
      expect(workspaces).toEqual(expect.arrayContaining([...FLEET_WORKSPACES]));
      expect(server.output()).not.toContain(saToken);
    });

    it('keeps the cookie key on upgrade, and the Secret after uninstall', async () => {
      const secretName = `${release}-fleet-dashboard-cookie-key`;
      const before = await secretData(ns, secretName);
      expect(before.data?.['cookie-key']).toBeTruthy();
      const upgrade = await helm.run(['upgrade', release, CHART_DIR, '--namespace', ns, '--set', 'replicaCount=3']);
      expect(upgrade.code, upgrade.stderr).toBe(0);
      const after = await secretData(ns, secretName);
      expect(after.data).toEqual(before.data);
      const uninstall = await helm.run(['uninstall', release, '--namespace', ns]);
      expect(uninstall.code, uninstall.stderr).toBe(0);
      const kept = await secretData(ns, secretName);
      expect(kept.data).toEqual(before.data);
    });
  });
});
