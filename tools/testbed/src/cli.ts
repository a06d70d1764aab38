// npm run testbed -- up [--build-only] [--watch-cache] | down | status | gomod | crds [--regenerate]
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { USER_NAMES, type UserName } from './access.service';
import { ensureTestbedBinaries, fileExists, writeGoModule } from './build.service';
import { ensureFleetCrds } from './crds.service';
import { isPidAlive, pidCommandLine, stopPid } from './process.service';
import { PACKAGE_DIR, versionCacheDir } from './testbed.config';
import { startTestbed } from './testbed.service';

const STATE_DIR = join(PACKAGE_DIR, '.testbed');
const STATE_FILE = join(STATE_DIR, 'state.json');
const RUN_DIR = join(STATE_DIR, 'run');

interface State {
  server: string;
  etcdEndpoint: string;
  runDir: string;
  kubernetesVersion: string;
  startedAt: string;
  startSeconds: number;
  processes: Array<{ name: string; pid: number; binary: string }>;
  kubeconfigs: Record<UserName, string>;
}

const log = (line: string) => console.log(line);

async function readState(): Promise<State | undefined> {
  if (!(await fileExists(STATE_FILE))) return undefined;
  return JSON.parse(await readFile(STATE_FILE, 'utf8')) as State;
}

/** A pid from the state file counts only if it still runs the binary we started. */
function isOurs(process: State['processes'][number]): boolean {
  const cmdline = pidCommandLine(process.pid);
  return isPidAlive(process.pid) && cmdline !== undefined && cmdline[0] === process.binary;
}

function printState(state: State): void {
  log(`server:     ${state.server}`);
  log(`etcd:       ${state.etcdEndpoint}`);
  log(`run folder: ${state.runDir}`);
  for (const p of state.processes) log(`pid ${p.pid}: ${p.name} (${isOurs(p) ? 'running' : 'gone'})`);
  for (const user of USER_NAMES) log(`kubeconfig ${user.padEnd(8)} ${state.kubeconfigs[user]}`);
}

async function up(buildOnly: boolean, watchCache: boolean): Promise<number> {
  if (buildOnly) {
    const started = Date.now();
    const binaries = await ensureTestbedBinaries({ log });
    const crds = await ensureFleetCrds({ log });
    log(`kube-apiserver: ${binaries.kubeApiserver}`);
    log(`etcd:           ${binaries.etcd} (${binaries.etcdVersion})`);
    log(`Fleet CRDs:     ${crds.file} (${crds.source.kind})`);
    log(`cache ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  }
  const existing = await readState();
  if (existing !== undefined && existing.processes.some(isOurs)) {
    log('testbed is already up:');
    printState(existing);
    return 0;
  }
  await rm(RUN_DIR, { recursive: true, force: true });
  await mkdir(RUN_DIR, { recursive: true });
  const started = Date.now();
  const testbed = await startTestbed({ detached: true, keepRunDir: true, runDir: RUN_DIR, watchCache, log });
  const binaries = await ensureTestbedBinaries();
  const state: State = {
    server: testbed.server,
    etcdEndpoint: testbed.etcdEndpoint,
    runDir: testbed.runDir,
    kubernetesVersion: testbed.kubernetesVersion,
    startedAt: new Date().toISOString(),
    startSeconds: (Date.now() - started) / 1000,
    processes: [
      { name: 'etcd', pid: testbed.pids.etcd, binary: binaries.etcd },
      { name: 'kube-apiserver', pid: testbed.pids.kubeApiserver, binary: binaries.kubeApiserver },
    ],
    kubeconfigs: Object.fromEntries(USER_NAMES.map((u) => [u, testbed.users[u].kubeconfigPath])) as Record<UserName, string>,
  };
  await writeFile(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
  log(`testbed up in ${state.startSeconds.toFixed(1)} s (Kubernetes ${state.kubernetesVersion}, Fleet CRDs: ${testbed.fleetCrdSource.kind})`);
  printState(state);
  return 0;
}

async function down(): Promise<number> {
  const state = await readState();
  if (state === undefined) {
    log('testbed is not up (no state file)');
    return 0;
  }
  // kube-apiserver before etcd.
  for (const p of [...state.processes].reverse()) {
    if (isOurs(p)) {
      await stopPid(p.pid);
      log(`stopped ${p.name} (pid ${p.pid})`);
    }
  }
  // Give the reaper of orphans a moment, so that not even a zombie entry is left.
  for (let i = 0; i < 50 && state.processes.some((p) => pidCommandLine(p.pid) !== undefined); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const left = state.processes.filter((p) => isPidAlive(p.pid) && isOurs(p));
  if (left.length > 0) {
    log(`still running: ${left.map((p) => `${p.name} ${p.pid}`).join(', ')}`);
    return 1;
  }
  await rm(STATE_FILE, { force: true });
  await rm(join(state.runDir, 'etcd-data'), { recursive: true, force: true });
  log('testbed is down');
  return 0;
}

async function status(): Promise<number> {
  const state = await readState();
  if (state === undefined || !state.processes.some(isOurs)) {
    log('testbed is not running');
    return 3;
  }
  const healthy = state.processes.every(isOurs);
  log(healthy ? 'testbed is running' : 'testbed is partly running (use down, then up)');
  printState(state);
  return healthy ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'build-only': { type: 'boolean' }, 'watch-cache': { type: 'boolean' }, regenerate: { type: 'boolean' } },
  });
  const command = positionals[0];
  switch (command) {
    case 'up':
      return up(values['build-only'] === true, values['watch-cache'] === true);
    case 'down':
      return down();
    case 'status':
      return status();
    case 'gomod': {
      const dir = join(PACKAGE_DIR, 'go');
      const { stagingReplaces } = await writeGoModule(dir, { log });
      log(`wrote ${join(dir, 'go.mod')} (${stagingReplaces.size} staging replaces) and go.sum`);
      return 0;
    }
    case 'crds': {
      const crds = await ensureFleetCrds({ log, regenerate: values.regenerate === true });
      log(`${crds.file}\n${JSON.stringify(crds.source, null, 2)}`);
      return 0;
    }
    default:
      console.error('usage: npm run testbed -- up [--build-only] [--watch-cache] | down | status | gomod | crds [--regenerate]');
      log(`cache: ${versionCacheDir()}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
