// startTestbed(): etcd + kube-apiserver on free loopback ports, Fleet CRDs, workspaces, RBAC.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FLEET_WORKSPACES,
  createTokens,
  rbacObjects,
  tokenAuthFile,
  writeKubeconfigs,
  type TestbedUser,
  type UserName,
} from './access.service';
import { ensureTestbedBinaries, type TestbedBinaries } from './build.service';
import { ensureFleetCrds, fleetCrdDocuments, type CrdDocument, type FleetCrdSource } from './crds.service';
import { httpCall, httpExpect, waitFor, type HttpTarget } from './kube-http.service';
import { createPki } from './pki.service';
import { createReaper, killOnExit, spawnManaged, type ManagedProcess, type Reaper, type SpawnOptions } from './process.service';
import type { CacheOptions } from './testbed.config';

export interface Testbed {
  /** https://127.0.0.1:<port> */
  server: string;
  /** PEM of the CA that signed the serving certificate. */
  caData: string;
  /** Per-run folder: kubeconfigs, certificates, logs, etcd data. */
  runDir: string;
  users: Record<UserName, TestbedUser>;
  /** http://127.0.0.1:<port> */
  etcdEndpoint: string;
  kubernetesVersion: string;
  pids: { etcd: number; kubeApiserver: number };
  /** How the installed Fleet CRDs were made. */
  fleetCrdSource: FleetCrdSource;
  /**
   * Compacts etcd at its current revision. kube-apiserver runs without a watch cache, so a
   * later WATCH from a resourceVersion below that revision fails with 410 Expired.
   */
  compact(): Promise<{ revision: number }>;
  /**
   * Kills kube-apiserver (SIGKILL by default: no graceful shutdown, open watches just break),
   * optionally waits `downMs`, starts it again with the same flags on the same port and waits
   * for /readyz. etcd and its data are untouched.
   */
  restartApiserver(options?: RestartOptions): Promise<RestartReport>;
  /**
   * Kills etcd the same way and starts it again on the same port with the same data folder, then
   * waits until etcd is healthy and kube-apiserver answers /readyz again.
   */
  restartEtcd(options?: RestartOptions): Promise<RestartReport>;
  /** Stops every process this testbed started and waits until they are gone. */
  stop(): Promise<void>;
}

export interface RestartOptions {
  /** Signal that ends the process (default SIGKILL). SIGTERM waits up to 10 s, then kills. */
  signal?: 'SIGKILL' | 'SIGTERM';
  /** Time the process stays down before it is started again (default 0). */
  downMs?: number;
  /** Limit for the restart to be ready again (default 60 s). */
  timeoutMs?: number;
}

export interface RestartReport {
  /** The new process id. */
  pid: number;
  /** Date.now() when the old process was signalled, when it had exited, when the new one was spawned and when the API answered /readyz again. */
  killedAt: number;
  exitedAt: number;
  startedAt: number;
  readyAt: number;
}

export interface StartTestbedOptions extends CacheOptions {
  /** Folder for this run (default: a new temp folder). It is removed by stop() unless keepRunDir. */
  runDir?: string;
  keepRunDir?: boolean;
  /** Processes outlive this Node process (used by `testbed up`); no exit hooks are installed. */
  detached?: boolean;
  /**
   * kube-apiserver's watch cache (default off). Off makes compact() + WATCH from an old
   * resourceVersion answer 410 deterministically; on, the cache may still serve that watch.
   */
  watchCache?: boolean;
  /** Extra kube-apiserver flags, appended last (they win over the defaults). */
  extraApiserverArgs?: string[];
  /** Limit for the start-up, after the binaries exist (default 180 s). */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

const SERVICE_CIDR = '10.0.0.0/24';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function logTail(file: string, lines = 25): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function etcdArgs(dataDir: string, clientPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  return [
    '--name=testbed',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    // Port 0: the peer listener is never used by a one-member cluster.
    '--listen-peer-urls=http://127.0.0.1:0',
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

function apiserverArgs(o: {
  runDir: string;
  port: number;
  etcd: string;
  pki: Awaited<ReturnType<typeof createPki>>;
  tokenFile: string;
  watchCache: boolean;
}): string[] {
  return [
    `--etcd-servers=${o.etcd}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${o.port}`,
    `--cert-dir=${join(o.runDir, 'apiserver-certs')}`,
    `--tls-cert-file=${o.pki.servingCert}`,
    `--tls-private-key-file=${o.pki.servingKey}`,
    `--client-ca-file=${o.pki.caCert}`,
    `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
    `--service-account-key-file=${o.pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${o.pki.serviceAccountKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--authorization-mode=RBAC',
    // Hardened like a production control plane: a request without credentials is 401.
    '--anonymous-auth=false',
    `--token-auth-file=${o.tokenFile}`,
    `--watch-cache=${o.watchCache}`,
    '--profiling=false',
    '--v=0',
  ];
}

function resourcePath(obj: { apiVersion: string; kind: string; metadata: { namespace?: string } }, plural: string): string {
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  return obj.metadata.namespace === undefined ? `${base}/${plural}` : `${base}/namespaces/${obj.metadata.namespace}/${plural}`;
}

async function create(target: HttpTarget, obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }, plural: string) {
  await httpExpect(target, resourcePath(obj, plural), { method: 'POST', body: obj, accept: [409] });
}

async function installCrds(admin: HttpTarget, crds: CrdDocument[], timeoutMs: number): Promise<void> {
  await Promise.all(
    crds.map((crd) => create(admin, crd, 'customresourcedefinitions')),
  );
  await Promise.all(
    crds.map((crd) =>
      waitFor(
        `CRD ${crd.metadata.name} to be established and served`,
        async () => {
          const got = await httpExpect(admin, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
          const conditions = got.json<{ status?: { conditions?: Array<{ type: string; status: string }> } }>().status?.conditions ?? [];
          if (!conditions.some((c) => c.type === 'Established' && c.status === 'True')) return false;
          const version = crd.spec.versions.find((v) => v.served)?.name ?? 'v1';
          const list = await httpCall(admin, `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`);
          return list.status === 200;
        },
        { timeoutMs, intervalMs: 100 },
      ),
    ),
  );
}

async function installAccess(admin: HttpTarget, timeoutMs: number): Promise<void> {
  const plurals: Record<string, string> = {
    ClusterRole: 'clusterroles',
    ClusterRoleBinding: 'clusterrolebindings',
    RoleBinding: 'rolebindings',
  };
  for (const obj of rbacObjects()) await create(admin, obj, plurals[obj.kind] ?? '');
  // The RBAC authorizer reads from an informer: wait until the bindings are in effect.
  const checks: Array<{ user: UserName; verb: string; group: string; resource: string; namespace?: string }> = [
    { user: 'operator', verb: 'patch', group: 'fleet.cattle.io', resource: 'gitrepos', namespace: 'fleet-local' },
    { user: 'operator', verb: 'create', group: 'fleet.cattle.io', resource: 'gitrepos', namespace: 'fleet-default' },
    { user: 'viewer', verb: 'list', group: 'fleet.cattle.io', resource: 'gitrepos', namespace: 'fleet-default' },
    { user: 'viewer', verb: 'list', group: 'management.cattle.io', resource: 'fleetworkspaces' },
    { user: 'operator', verb: 'list', group: 'management.cattle.io', resource: 'fleetworkspaces' },
  ];
  await Promise.all(
    checks.map((check) =>
      waitFor(
        `RBAC for ${check.user} ${check.verb} ${check.resource}`,
        async () => {
          const review = await httpExpect(admin, '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
            method: 'POST',
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SubjectAccessReview',
              spec: {
                user: check.user,
                resourceAttributes: { verb: check.verb, group: check.group, resource: check.resource, namespace: check.namespace },
              },
            },
          });
          return review.json<{ status?: { allowed?: boolean } }>().status?.allowed === true;
        },
        { timeoutMs },
      ),
    ),
  );
}

async function installWorkspaces(admin: HttpTarget): Promise<void> {
  for (const name of FLEET_WORKSPACES) {
    await create(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'namespaces');
  }
}

async function installFleetWorkspaces(admin: HttpTarget): Promise<void> {
  for (const name of FLEET_WORKSPACES) {
    await create(admin, { apiVersion: 'management.cattle.io/v3', kind: 'FleetWorkspace', metadata: { name } }, 'fleetworkspaces');
  }
}

/** etcd compaction through etcd's JSON gateway (/v3/kv/...), at the current revision. */
export async function compactEtcd(etcdEndpoint: string): Promise<{ revision: number }> {
  const target = { server: etcdEndpoint };
  const range = await httpExpect(target, '/v3/kv/range', {
    method: 'POST',
    body: { key: Buffer.from('/').toString('base64'), limit: 1, keys_only: true },
  });
  const revision = Number(range.json<{ header?: { revision?: string } }>().header?.revision);
  if (!Number.isSafeInteger(revision) || revision <= 0) throw new Error(`etcd: bad revision in ${range.body}`);
  const compacted = await httpCall(target, '/v3/kv/compaction', { method: 'POST', body: { revision: String(revision), physical: true } });
  if (compacted.status !== 200 && !compacted.body.includes('compacted')) {
    throw new Error(`etcd compaction at ${revision}: HTTP ${compacted.status} ${compacted.body}`);
  }
  return { revision };
}

interface Started {
  etcd: ManagedProcess;
  apiserver: ManagedProcess;
  server: string;
  etcdEndpoint: string;
  /** How each was spawned, to start it again on the same port (restartApiserver, restartEtcd). */
  specs: { etcd: SpawnOptions; apiserver: SpawnOptions };
}

async function startProcesses(o: {
  binaries: TestbedBinaries;
  runDir: string;
  pki: Awaited<ReturnType<typeof createPki>>;
  tokenFile: string;
  adminToken: string;
  caData: string;
  options: StartTestbedOptions;
  track: (p: ManagedProcess) => void;
  deadline: number;
}): Promise<Started> {
  const etcdPort = await freePort();
  const etcdEndpoint = `http://127.0.0.1:${etcdPort}`;
  const etcdSpec: SpawnOptions = {
    name: 'etcd',
    command: o.binaries.etcd,
    args: etcdArgs(join(o.runDir, 'etcd-data'), etcdPort),
    logFile: join(o.runDir, 'etcd.log'),
    cwd: o.runDir,
    detached: o.options.detached,
  };
  const etcd = spawnManaged(etcdSpec);
  o.track(etcd);
  const remaining = () => Math.max(1000, o.deadline - Date.now());
  await waitFor(
    'etcd health',
    async () => (await httpCall({ server: etcdEndpoint }, '/health', { timeoutMs: 2000 })).body.includes('"health":"true"'),
    { timeoutMs: remaining(), abortIf: () => (etcd.isRunning() ? undefined : 'etcd exited') },
  );
  let apiPort = await freePort();
  while (apiPort === etcdPort) apiPort = await freePort();
  const server = `https://127.0.0.1:${apiPort}`;
  const apiserverSpec: SpawnOptions = {
    name: 'kube-apiserver',
    command: o.binaries.kubeApiserver,
    args: [
      ...apiserverArgs({ runDir: o.runDir, port: apiPort, etcd: etcdEndpoint, pki: o.pki, tokenFile: o.tokenFile, watchCache: o.options.watchCache === true }),
      ...(o.options.extraApiserverArgs ?? []),
    ],
    logFile: join(o.runDir, 'kube-apiserver.log'),
    cwd: o.runDir,
    detached: o.options.detached,
  };
  const apiserver = spawnManaged(apiserverSpec);
  o.track(apiserver);
  const admin = { server, caData: o.caData, token: o.adminToken };
  await waitFor('kube-apiserver /readyz', async () => (await httpCall(admin, '/readyz', { timeoutMs: 5000 })).status === 200, {
    timeoutMs: remaining(),
    intervalMs: 200,
    abortIf: () => (apiserver.isRunning() ? undefined : 'kube-apiserver exited'),
  });
  return { etcd, apiserver, server, etcdEndpoint, specs: { etcd: etcdSpec, apiserver: apiserverSpec } };
}

export async function startTestbed(options: StartTestbedOptions = {}): Promise<Testbed> {
  const log = options.log;
  const [binaries, fleetCrds] = await Promise.all([ensureTestbedBinaries(options), ensureFleetCrds(options)]);
  const crds = await fleetCrdDocuments(options);
  const runDir = options.runDir ?? (await mkdtemp(join(tmpdir(), 'fleet-testbed-')));
  await mkdir(runDir, { recursive: true });
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const deadline = Date.now() + startTimeoutMs;

  const processes: ManagedProcess[] = [];
  const reaper: Reaper | undefined = options.detached === true ? undefined : createReaper();
  const removeExitHooks = options.detached === true ? () => undefined : killOnExit(() => processes.filter((p) => p.isRunning()).map((p) => p.pid));
  const track = (p: ManagedProcess) => {
    processes.push(p);
    reaper?.watch(p.pid);
  };
  let stopped: Promise<void> | undefined;
  const stopAll = () => {
    stopped ??= (async () => {
      // kube-apiserver first, so it does not spin on a vanished etcd.
      for (const p of [...processes].reverse()) await p.stop(5000);
      reaper?.dismiss();
      removeExitHooks();
    })();
    return stopped;
  };

  try {
    const pki = await createPki(runDir);
    const caData = await readFile(pki.caCert, 'utf8');
    const tokens = createTokens();
    const tokenFile = join(runDir, 'tokens.csv');
    await writeFile(tokenFile, tokenAuthFile(tokens), { mode: 0o600 });

    let started: Started | undefined;
    for (let attempt = 1; started === undefined; attempt++) {
      try {
        started = await startProcesses({ binaries, runDir, pki, tokenFile, adminToken: tokens.admin, caData, options, track, deadline });
      } catch (error) {
        const logs = await Promise.all(processes.map(async (p) => `--- ${p.name} (${p.logFile})\n${await logTail(p.logFile)}`));
        const portClash = logs.some((l) => /address already in use/i.test(l));
        for (const p of processes.splice(0)) await p.stop(2000);
        await rm(join(runDir, 'etcd-data'), { recursive: true, force: true });
        if (!portClash || attempt >= 3) throw new Error(`${(error as Error).message}\n${logs.join('\n')}`);
        log?.(`port clash, retrying (attempt ${attempt + 1})`);
      }
    }
    const { server, etcdEndpoint, specs } = started;
    const current = { etcd: started.etcd, apiserver: started.apiserver };
    log?.(`kube-apiserver ready at ${server}`);
    const admin = { server, caData, token: tokens.admin };
    const remaining = () => Math.max(5000, deadline - Date.now());
    await installCrds(admin, crds, remaining());
    await installWorkspaces(admin);
    await installAccess(admin, remaining());
    await installFleetWorkspaces(admin);
    const users = await writeKubeconfigs(runDir, server, caData, tokens);
    log?.(`Fleet CRDs (${fleetCrds.source.kind}), workspaces and users ready`);

    // One restart at a time; each replaces the process in `processes` so stop() and the reaper see it.
    let restarting: Promise<unknown> = Promise.resolve();
    const restart = (which: 'etcd' | 'apiserver', o: RestartOptions): Promise<RestartReport> => {
      const run = async (): Promise<RestartReport> => {
        if (stopped) throw new Error('testbed is stopped');
        const old = current[which];
        const killedAt = Date.now();
        if (o.signal === 'SIGTERM') await old.stop(10_000);
        else {
          try {
            process.kill(old.pid, 'SIGKILL');
          } catch {
            // already gone
          }
          await old.exited;
        }
        const exitedAt = Date.now();
        if (o.downMs !== undefined && o.downMs > 0) await new Promise((resolve) => setTimeout(resolve, o.downMs));
        const next = spawnManaged(specs[which]);
        const startedAt = Date.now();
        const index = processes.indexOf(old);
        if (index >= 0) processes[index] = next;
        else processes.push(next);
        reaper?.watch(next.pid);
        current[which] = next;
        if (stopped) {
          // stop() ran while this process was down: it did not see the new one.
          await next.stop(2000);
          throw new Error('testbed stopped during the restart');
        }
        const timeoutMs = o.timeoutMs ?? 60_000;
        const abortIf = (): string | undefined => (next.isRunning() ? undefined : `${next.name} exited after the restart (log: ${next.logFile})`);
        if (which === 'etcd') {
          await waitFor('etcd health after restart', async () => (await httpCall({ server: etcdEndpoint }, '/health', { timeoutMs: 2000 })).body.includes('"health":"true"'), {
            timeoutMs,
            intervalMs: 100,
            abortIf,
          });
        }
        await waitFor('kube-apiserver /readyz after restart', async () => (await httpCall(admin, '/readyz', { timeoutMs: 2000 })).status === 200, {
          timeoutMs,
          intervalMs: 100,
          abortIf: () => abortIf() ?? (current.apiserver.isRunning() ? undefined : 'kube-apiserver exited'),
        });
        log?.(`${next.name} restarted (pid ${next.pid}) in ${Date.now() - killedAt} ms`);
        return { pid: next.pid, killedAt, exitedAt, startedAt, readyAt: Date.now() };
      };
      const result = restarting.then(run, run);
      restarting = result.catch(() => undefined);
      return result;
    };

    return {
      server,
      caData,
      runDir,
      users,
      etcdEndpoint,
      kubernetesVersion: binaries.kubernetesVersion,
      get pids() {
        return { etcd: current.etcd.pid, kubeApiserver: current.apiserver.pid };
      },
      fleetCrdSource: fleetCrds.source,
      compact: () => compactEtcd(etcdEndpoint),
      restartApiserver: (restartOptions = {}) => restart('apiserver', restartOptions),
      restartEtcd: (restartOptions = {}) => restart('etcd', restartOptions),
      async stop() {
        await stopAll();
        if (options.keepRunDir !== true) await rm(runDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    throw new Error(`testbed start failed (run folder kept: ${runDir}): ${(error as Error).message}`, { cause: error });
  }
}
