// Builds the `helm` command from Go modules into the cache, once per version, beside the
// testbed's kube-apiserver and controller-gen (the chart in deploy/helm is linted, rendered and
// dry-run installed with it).
//
// Layout of `<cache>/tools/helm-<version>/`:
//   helm            the binary (complete, or absent)
//   manifest.json   version, Go version, build time
//   build.log       output of the last build
// `<cache>/tools/helm-<version>.lock` is held (flock) while building; concurrent callers wait.
// The build writes into a temporary folder and renames the binary at the end, so a reader never
// sees a half-written file.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileExists } from './build.service';
import { withFileLock } from './file-lock.service';
import { runCommand } from './go-run.service';
import { defaultCacheDir, type CacheOptions } from './testbed.config';

/** helm release built from `helm.sh/helm/v3` on the Go module proxy. */
export const HELM_VERSION = 'v3.22.0';
const HELM_MODULE = 'helm.sh/helm/v3';

export interface HelmBinary {
  binary: string;
  version: string;
  /** Kubernetes version assumed without a cluster, e.g. v1.37. */
  kubernetesVersion: string;
  goVersion: string;
  /** Seconds the build took when it was made (cold or warm Go build cache). */
  buildSeconds: number;
}

interface HelmManifest {
  version: string;
  /** Kubernetes version helm assumes without a cluster (`helm template`, `helm lint`). */
  kubernetesVersion: string;
  goVersion: string;
  builtAt: string;
  buildSeconds: number;
}

export interface HelmBuildOptions extends CacheOptions {
  /** Default HELM_VERSION. */
  version?: string;
  log?: (line: string) => void;
}

/** `<cache>/tools/helm-<version>`. */
export function helmCacheDir(options: HelmBuildOptions = {}): string {
  return join(options.cacheDir ?? defaultCacheDir(), 'tools', `helm-${options.version ?? HELM_VERSION}`);
}

/**
 * `-X` flags as helm's own Makefile stamps them: the release for `helm version`, and the
 * Kubernetes version assumed without a cluster (`helm template`, `helm lint`), which the Makefile
 * derives from helm's client-go requirement (v0.N.x → 1.N). Without them helm assumes 1.20.
 */
export function helmLdflags(version: string, clientGoVersion: string): string {
  const match = /^v0\.(\d+)\.\d+/.exec(clientGoVersion);
  if (match === null) throw new Error(`unexpected k8s.io/client-go version ${clientGoVersion}`);
  const flags = ['-s', '-w', `-X ${HELM_MODULE}/internal/version.version=${version}`, `-X ${HELM_MODULE}/internal/version.gitTreeState=clean`];
  for (const pkg of ['pkg/lint/rules', 'pkg/chartutil']) flags.push(`-X ${HELM_MODULE}/${pkg}.k8sVersionMajor=1`, `-X ${HELM_MODULE}/${pkg}.k8sVersionMinor=${match[1]}`);
  return flags.join(' ');
}

/** The k8s.io/client-go version helm's go.mod requires (downloads the module's go.mod). */
async function clientGoVersionOf(version: string, logFile: string): Promise<string> {
  const { stdout } = await runCommand('go', ['mod', 'download', '-json', `${HELM_MODULE}@${version}`], { logFile });
  const goModPath = (JSON.parse(stdout) as { GoMod?: string }).GoMod;
  if (goModPath === undefined) throw new Error(`go mod download did not report the go.mod of ${HELM_MODULE}@${version}`);
  const match = /^\s*k8s\.io\/client-go\s+(v\S+)/m.exec(await readFile(goModPath, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`${goModPath} does not require k8s.io/client-go`);
  return match[1];
}

async function readManifest(dir: string, version: string): Promise<HelmBinary | undefined> {
  const binary = join(dir, 'helm');
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as HelmManifest;
    if (manifest.version !== version || manifest.kubernetesVersion === undefined || !(await fileExists(binary))) return undefined;
    return { binary, version: manifest.version, kubernetesVersion: manifest.kubernetesVersion, goVersion: manifest.goVersion, buildSeconds: manifest.buildSeconds };
  } catch {
    return undefined;
  }
}

async function build(dir: string, version: string, log?: (line: string) => void): Promise<HelmBinary> {
  const started = Date.now();
  const logFile = join(dir, 'build.log');
  await writeFile(logFile, `build of helm ${version} started ${new Date().toISOString()}\n`);
  log?.(`building helm ${version} from Go modules into ${dir} (log: ${logFile}); 1-3 minutes on 2 cores when Go's caches are warm from the testbed build, longer when they are empty`);
  const tmp = join(dir, `.tmp-${process.pid}`);
  await mkdir(tmp, { recursive: true });
  try {
    const clientGo = await clientGoVersionOf(version, logFile);
    await runCommand('go', ['install', '-trimpath', `-ldflags=${helmLdflags(version, clientGo)}`, `${HELM_MODULE}/cmd/helm@${version}`], {
      env: { GOBIN: tmp, GOFLAGS: '-buildvcs=false' },
      logFile,
      ...(log ? { log } : {}),
    });
    const { stdout: goVersion } = await runCommand('go', ['env', 'GOVERSION']);
    const manifest: HelmManifest = {
      version,
      kubernetesVersion: `v1.${clientGo.split('.')[1] ?? ''}`,
      goVersion: goVersion.trim(),
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
    };
    await rename(join(tmp, 'helm'), join(dir, 'helm'));
    await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    log?.(`built helm ${version} in ${manifest.buildSeconds}s`);
    return { binary: join(dir, 'helm'), version, kubernetesVersion: manifest.kubernetesVersion, goVersion: manifest.goVersion, buildSeconds: manifest.buildSeconds };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Builds helm (once per version, under a lock) and returns where it is. */
export async function ensureHelm(options: HelmBuildOptions = {}): Promise<HelmBinary> {
  const version = options.version ?? HELM_VERSION;
  const dir = helmCacheDir(options);
  const ready = await readManifest(dir, version);
  if (ready !== undefined) return ready;
  await mkdir(dir, { recursive: true });
  return withFileLock(
    join(dir, '..', `helm-${version}.lock`),
    async () => (await readManifest(dir, version)) ?? build(dir, version, options.log),
    { onWait: () => options.log?.(`waiting for another build of helm ${version} to finish`) },
  );
}
