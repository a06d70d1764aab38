import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ApiextensionsV1Api,
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  VersionApi,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPidAlive } from './process.service';
import { REPO_ROOT } from './testbed.config';
import { startTestbed, type Testbed } from './testbed.service';
import type { UserName } from './access.service';

// A cold cache builds kube-apiserver first (minutes); warm, the start takes seconds.
const START_TIMEOUT = 40 * 60_000;
const FLEET = { group: 'fleet.cattle.io', version: 'v1alpha1' };

function kubeConfig(testbed: Testbed, user: UserName): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(testbed.users[user].kubeconfigPath);
  return kc;
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}

function gitRepo(name: string, repo = 'https://example.invalid/repo.git') {
  return { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name }, spec: { repo } };
}

describe('startTestbed', () => {
  let testbed: Testbed;

  beforeAll(async () => {
    testbed = await startTestbed();
  }, START_TIMEOUT);

  afterAll(async () => {
    await testbed?.stop();
  }, 60_000);

  it('serves Kubernetes v1.36.3 on loopback', async () => {
    expect(testbed.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(testbed.etcdEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(testbed.caData).toContain('BEGIN CERTIFICATE');
    const version = await kubeConfig(testbed, 'outsider').makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.36.3');
    expect(version.minor).toBe('36');
  });

  it('lets admin list the CRDs: Fleet and management.cattle.io are installed', async () => {
    const list = await kubeConfig(testbed, 'admin').makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();
    const names = list.items.map((crd) => crd.metadata?.name);
    for (const plural of ['gitrepos', 'bundles', 'bundledeployments', 'clusters', 'clustergroups']) {
      expect(names).toContain(`${plural}.fleet.cattle.io`);
    }
    expect(names).toEqual(expect.arrayContaining(['fleetworkspaces.management.cattle.io', 'clusters.management.cattle.io']));
    for (const crd of list.items) {
      expect(crd.status?.conditions?.find((c) => c.type === 'Established')?.status, crd.metadata?.name).toBe('True');
    }
  });

  it('creates the workspaces: namespaces and FleetWorkspace objects', async () => {
    const admin = kubeConfig(testbed, 'admin');
    const namespaces = await admin.makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toEqual(expect.arrayContaining(['fleet-default', 'fleet-local']));
    const workspaces = (await kubeConfig(testbed, 'viewer')
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObject({ group: 'management.cattle.io', version: 'v3', plural: 'fleetworkspaces' })) as { items: Array<{ metadata: { name: string } }> };
    expect(workspaces.items.map((w) => w.metadata.name).sort()).toEqual(['fleet-default', 'fleet-local']);
  });

  it('lets viewer list GitRepos in fleet-default but denies it a patch and other workspaces', async () => {
    const admin = kubeConfig(testbed, 'admin').makeApiClient(CustomObjectsApi);
    await admin.createNamespacedCustomObject({ ...FLEET, namespace: 'fleet-default', plural: 'gitrepos', body: gitRepo('viewer-sees-me') });
    const viewer = kubeConfig(testbed, 'viewer').makeApiClient(CustomObjectsApi);
    const list = (await viewer.listNamespacedCustomObject({ ...FLEET, namespace: 'fleet-default', plural: 'gitrepos' })) as {
      items: Array<{ metadata: { name: string } }>;
    };
    expect(list.items.map((item) => item.metadata.name)).toContain('viewer-sees-me');
    const patch = viewer.patchNamespacedCustomObject(
      { ...FLEET, namespace: 'fleet-default', plural: 'gitrepos', name: 'viewer-sees-me', body: { spec: { paused: true } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(await statusOf(patch)).toBe(403);
    expect(await statusOf(viewer.listNamespacedCustomObject({ ...FLEET, namespace: 'fleet-local', plural: 'gitrepos' }))).toBe(403);
  });

  it('lets operator write Fleet objects in both workspaces but not read secrets', async () => {
    const operator = kubeConfig(testbed, 'operator');
    const custom = operator.makeApiClient(CustomObjectsApi);
    for (const namespace of ['fleet-default', 'fleet-local']) {
      await custom.createNamespacedCustomObject({ ...FLEET, namespace, plural: 'gitrepos', body: gitRepo('op-repo') });
      const patched = (await custom.patchNamespacedCustomObject(
        { ...FLEET, namespace, plural: 'gitrepos', name: 'op-repo', body: { spec: { paused: true } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )) as { spec: { paused?: boolean } };
      expect(patched.spec.paused).toBe(true);
      await custom.deleteNamespacedCustomObject({ ...FLEET, namespace, plural: 'gitrepos', name: 'op-repo' });
    }
    expect(await statusOf(operator.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'fleet-default' }))).toBe(403);
  });

  it('denies outsider a list', async () => {
    const outsider = kubeConfig(testbed, 'outsider').makeApiClient(CustomObjectsApi);
    expect(await statusOf(outsider.listNamespacedCustomObject({ ...FLEET, namespace: 'fleet-default', plural: 'gitrepos' }))).toBe(403);
    expect(
      await statusOf(outsider.listClusterCustomObject({ group: 'management.cattle.io', version: 'v3', plural: 'fleetworkspaces' })),
    ).toBe(403);
  });

  it('answers 410 Expired to a WATCH from a resourceVersion older than the last compact()', async () => {
    const kc = kubeConfig(testbed, 'admin');
    const custom = kc.makeApiClient(CustomObjectsApi);
    const first = (await custom.createNamespacedCustomObject({ ...FLEET, namespace: 'fleet-local', plural: 'gitrepos', body: gitRepo('compact-a') })) as {
      metadata: { resourceVersion: string };
    };
    await custom.createNamespacedCustomObject({ ...FLEET, namespace: 'fleet-local', plural: 'gitrepos', body: gitRepo('compact-b') });
    await custom.patchNamespacedCustomObject(
      { ...FLEET, namespace: 'fleet-local', plural: 'gitrepos', name: 'compact-b', body: { spec: { paused: true } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const { revision } = await testbed.compact();
    expect(revision).toBeGreaterThan(Number(first.metadata.resourceVersion) + 1);

    const watchPath = `/apis/fleet.cattle.io/v1alpha1/namespaces/fleet-local/gitrepos`;
    const outcome = await new Promise<{ code?: number; reason?: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('watch gave neither an event nor an error in 15 s')), 15_000);
      let controller: AbortController | undefined;
      let settled = false;
      // Aborting makes the client call `done` synchronously: settle first.
      const finish = (value: { code?: number; reason?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
        controller?.abort();
      };
      new Watch(kc)
        .watch(
          watchPath,
          { resourceVersion: first.metadata.resourceVersion },
          (type, obj: { code?: number; reason?: string }) => {
            if (type === 'ERROR') finish({ code: obj.code, reason: obj.reason });
            else finish({ reason: `unexpected ${type} event` });
          },
          (err: unknown) => {
            const code = (err as { statusCode?: number; code?: number } | null)?.statusCode ?? (err as { code?: number } | null)?.code;
            finish({ code: typeof code === 'number' ? code : undefined, reason: String(err) });
          },
        )
        .then((c) => {
          controller = c;
        }, reject);
    });
    expect(outcome).toMatchObject({ code: 410, reason: 'Expired' });
  });
});

describe('several testbeds at once', () => {
  it(
    'run side by side on their own ports, and stop() leaves no process behind',
    async () => {
      const testbeds = await Promise.all([startTestbed(), startTestbed()]);
      try {
        const [a, b] = testbeds;
        expect(a?.server).not.toBe(b?.server);
        expect(a?.etcdEndpoint).not.toBe(b?.etcdEndpoint);
        for (const testbed of testbeds) {
          const version = await kubeConfig(testbed, 'viewer').makeApiClient(VersionApi).getCode();
          expect(version.gitVersion).toBe('v1.36.3');
        }
      } finally {
        await Promise.all(testbeds.map((t) => t.stop()));
      }
      for (const testbed of testbeds) {
        expect(isPidAlive(testbed.pids.etcd)).toBe(false);
        expect(isPidAlive(testbed.pids.kubeApiserver)).toBe(false);
        expect(existsSync(testbed.runDir)).toBe(false);
      }
    },
    START_TIMEOUT,
  );
});

/** Pids of live processes whose command line mentions `text`. */
function pidsMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text) && isPidAlive(Number(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('process lifetime', () => {
  it(
    'kills what it started when start-up fails half-way, and keeps the run folder with the logs',
    async () => {
      const runDir = mkdtempSync(join(tmpdir(), 'fleet-testbed-fail-'));
      await expect(startTestbed({ runDir, extraApiserverArgs: ['--no-such-flag=1'] })).rejects.toThrow(/kube-apiserver exited/);
      expect(pidsMentioning(runDir)).toEqual([]);
      expect(readFileSync(join(runDir, 'kube-apiserver.log'), 'utf8')).toContain('no-such-flag');
      rmSync(runDir, { recursive: true, force: true });
    },
    START_TIMEOUT,
  );

  it(
    'takes etcd and kube-apiserver down when the Node process that started them is SIGKILLed',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'fleet-testbed-parent-'));
      const script = join(dir, 'parent.mts');
      const service = resolve(REPO_ROOT, 'tools/testbed/src/testbed.service.ts');
      writeFileSync(
        script,
        `import { startTestbed } from ${JSON.stringify(service)};\n` +
          `const t = await startTestbed({ runDir: ${JSON.stringify(join(dir, 'run'))} });\n` +
          `console.log(JSON.stringify(t.pids));\nsetInterval(() => undefined, 1000);\n`,
      );
      // node itself with tsx's loader: the tsx CLI would add a wrapper process in between.
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      const pids = await new Promise<{ etcd: number; kubeApiserver: number }>((resolvePids, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split('\n').find((l) => l.startsWith('{'));
          if (line !== undefined) resolvePids(JSON.parse(line) as { etcd: number; kubeApiserver: number });
        });
        child.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
      });
      expect(isPidAlive(pids.etcd) && isPidAlive(pids.kubeApiserver)).toBe(true);
      child.kill('SIGKILL');
      const gone = await waitUntil(() => !isPidAlive(pids.etcd) && !isPidAlive(pids.kubeApiserver), 15_000);
      expect(gone).toBe(true);
      rmSync(dir, { recursive: true, force: true });
    },
    START_TIMEOUT,
  );
});
