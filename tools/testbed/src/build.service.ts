// Builds kube-apiserver and etcd from Go modules into the cache, once per version.
//
// Layout of `<cache>/testbed/<kubernetes version>/`:
//   bin/kube-apiserver, bin/testbed-etcd, bin/manifest.json   (complete, or absent)
//   go-src/        the generated Go module the binaries are built from
//   build.lock     held (flock) while building; concurrent callers wait
//   build.log      output of the last build
// A build writes to `bin.tmp-<pid>-<n>` and renames it to `bin` at the end, so a reader
// never sees a half-written folder.
import { randomBytes } from 'node:crypto';
import { access, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock.service';
import { etcdVersionOf, generateGoMod, readUpstreamGoMod, upstreamGoModPath } from './go-mod.service';
import { runCommand } from './go-run.service';
import {
  GO_MODULE_PATH,
  KUBERNETES_VERSION,
  PACKAGE_DIR,
  versionCacheDir,
  type CacheOptions,
} from './testbed.config';

export interface BuildOptions extends CacheOptions {
  /** Progress lines (go output, steps). */
  log?: (line: string) => void;
}

export interface TestbedBinaries {
  kubeApiserver: string;
  etcd: string;
  binDir: string;
  kubernetesVersion: string;
  etcdVersion: string;
  /** Seconds the build took when it was made (cold or warm Go build cache). */
  buildSeconds: number;
}

interface BinManifest {
  kubernetesVersion: string;
  etcdVersion: string;
  goVersion: string;
  builtAt: string;
  buildSeconds: number;
}

const KUBE_APISERVER_PACKAGE = 'k8s.io/kubernetes/cmd/kube-apiserver';
const ETCD_PACKAGE = './cmd/testbed-etcd';
/** Folders of tools/testbed/go that make up the Go module (go.mod and go.sum are generated). */
const GO_SOURCE_DIRS = ['cmd', 'apis'];

export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readManifest(binDir: string): Promise<BinManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(binDir, 'manifest.json'), 'utf8')) as BinManifest;
    if (manifest.kubernetesVersion !== KUBERNETES_VERSION) return undefined;
    if (!(await fileExists(join(binDir, 'kube-apiserver'))) || !(await fileExists(join(binDir, 'testbed-etcd')))) {
      return undefined;
    }
    return manifest;
  } catch {
    return undefined;
  }
}

function toBinaries(binDir: string, manifest: BinManifest): TestbedBinaries {
  return {
    kubeApiserver: join(binDir, 'kube-apiserver'),
    etcd: join(binDir, 'testbed-etcd'),
    binDir,
    kubernetesVersion: manifest.kubernetesVersion,
    etcdVersion: manifest.etcdVersion,
    buildSeconds: manifest.buildSeconds,
  };
}

/** `-X` flags so that `/version` reports the real release (as upstream's hack/lib/version.sh does). */
export function versionLdflags(kubernetesVersion: string, buildDate: string): string {
  const match = /^v(\d+)\.(\d+)\.\d+$/.exec(kubernetesVersion);
  if (match === null) throw new Error(`bad Kubernetes version ${kubernetesVersion}`);
  const values: Record<string, string> = {
    gitVersion: kubernetesVersion,
    gitMajor: match[1] ?? '',
    gitMinor: match[2] ?? '',
    gitTreeState: 'clean',
    buildDate,
  };
  const flags: string[] = ['-s', '-w'];
  for (const pkg of ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version']) {
    for (const [key, value] of Object.entries(values)) flags.push(`-X ${pkg}.${key}=${value}`);
  }
  return flags.join(' ');
}

/**
 * Writes the generated go.mod (and the etcd command) into `dir` and runs `go mod tidy`.
 * Used by the build (dir = cache) and by `npm run testbed -- gomod` (dir = tools/testbed/go).
 */
export async function writeGoModule(dir: string, options: { logFile?: string; log?: (line: string) => void } = {}) {
  const upstream = await readUpstreamGoMod(KUBERNETES_VERSION);
  const etcdVersion = etcdVersionOf(upstream);
  const generated = generateGoMod({
    upstreamGoMod: upstream,
    kubernetesVersion: KUBERNETES_VERSION,
    modulePath: GO_MODULE_PATH,
    extraRequires: { 'go.etcd.io/etcd/server/v3': etcdVersion },
    tools: [KUBE_APISERVER_PACKAGE],
  });
  await mkdir(dir, { recursive: true });
  const sourceGo = join(PACKAGE_DIR, 'go');
  if (dir !== sourceGo) {
    for (const sub of GO_SOURCE_DIRS) {
      await rm(join(dir, sub), { recursive: true, force: true });
      await cp(join(sourceGo, sub), join(dir, sub), { recursive: true });
    }
  }
  await writeFile(join(dir, 'go.mod'), generated.text);
  await rm(join(dir, 'go.sum'), { force: true });
  await runCommand('go', ['mod', 'tidy'], { cwd: dir, ...options });
  return { etcdVersion, stagingReplaces: generated.stagingReplaces };
}

async function releaseDate(): Promise<string> {
  const infoPath = (await upstreamGoModPath(KUBERNETES_VERSION)).replace(/\.mod$/, '.info');
  try {
    const info = JSON.parse(await readFile(infoPath, 'utf8')) as { Time?: string };
    if (info.Time !== undefined) return info.Time.replace(/\.\d+Z$/, 'Z');
  } catch {
    // fall through
  }
  return '1970-01-01T00:00:00Z';
}

async function build(dir: string, binDir: string, options: BuildOptions): Promise<BinManifest> {
  const started = Date.now();
  const logFile = join(dir, 'build.log');
  await writeFile(logFile, `build of kube-apiserver ${KUBERNETES_VERSION} started ${new Date().toISOString()}\n`);
  const log = options.log;
  log?.(`building kube-apiserver ${KUBERNETES_VERSION} and etcd into ${binDir} (log: ${logFile}); a cold build takes about 4-8 minutes on 2 cores`);
  const srcDir = join(dir, 'go-src');
  const { etcdVersion } = await writeGoModule(srcDir, { logFile, log });
  const tmpBin = join(dir, `bin.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmpBin, { recursive: true });
  try {
    const ldflags = versionLdflags(KUBERNETES_VERSION, await releaseDate());
    await runCommand(
      'go',
      ['build', '-trimpath', '-buildvcs=false', `-ldflags=${ldflags}`, '-o', `${tmpBin}/`, KUBE_APISERVER_PACKAGE, ETCD_PACKAGE],
      { cwd: srcDir, logFile, log },
    );
    const { stdout: goVersion } = await runCommand('go', ['env', 'GOVERSION'], { cwd: srcDir });
    const manifest: BinManifest = {
      kubernetesVersion: KUBERNETES_VERSION,
      etcdVersion,
      goVersion: goVersion.trim(),
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
    };
    await writeFile(join(tmpBin, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(binDir, { recursive: true, force: true });
    await rename(tmpBin, binDir);
    log?.(`built in ${manifest.buildSeconds}s`);
    return manifest;
  } finally {
    await rm(tmpBin, { recursive: true, force: true });
  }
}

/** Builds (once, under a lock) and returns the paths of kube-apiserver and etcd. */
export async function ensureTestbedBinaries(options: BuildOptions = {}): Promise<TestbedBinaries> {
  const dir = versionCacheDir(options);
  const binDir = join(dir, 'bin');
  const ready = await readManifest(binDir);
  if (ready !== undefined) return toBinaries(binDir, ready);
  return withFileLock(
    join(dir, 'build.lock'),
    async () => {
      const builtMeanwhile = await readManifest(binDir);
      if (builtMeanwhile !== undefined) return toBinaries(binDir, builtMeanwhile);
      return toBinaries(binDir, await build(dir, binDir, options));
    },
    { onWait: () => options.log?.(`waiting for another build of ${dir} to finish`) },
  );
}
