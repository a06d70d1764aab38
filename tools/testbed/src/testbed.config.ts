// Pinned versions and the cache location of the testbed.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** kube-apiserver is built from this k8s.io/kubernetes module version. */
export const KUBERNETES_VERSION = 'v1.36.3';
/** Fleet release whose CRDs are installed (github.com/rancher/fleet/pkg/apis). */
export const FLEET_VERSION = 'v0.16.1';
/** controller-gen version stamped in the released Fleet CRDs. */
export const CONTROLLER_GEN_VERSION = 'v0.21.0';
/** Module path of the generated Go module. */
export const GO_MODULE_PATH = 'fleet-dashboard/testbed';

/** tools/testbed (the package folder). */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Root of the checkout (tools/testbed/../..). */
export const REPO_ROOT = resolve(PACKAGE_DIR, '..', '..');
/** The released Fleet CRDs, kept beside the checkout on development machines (may be absent). */
export const RELEASED_FLEET_CRDS = resolve(REPO_ROOT, '..', 'shared', 'fleet', 'crds.yaml');
/** Our own CRDs for Rancher's management.cattle.io objects. */
export const MANAGEMENT_CRDS_FILE = join(PACKAGE_DIR, 'crds', 'management.cattle.io.yaml');

export interface CacheOptions {
  /** Root cache folder; default `${FLEET_DASHBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fleet-dashboard}`. */
  cacheDir?: string;
}

/**
 * `${FLEET_DASHBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fleet-dashboard}`: the one place
 * of this package that reads the environment, as the cache location is configured there.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLEET_DASHBOARD_CACHE) return resolve(env.FLEET_DASHBOARD_CACHE);
  const xdg = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  return resolve(xdg, 'fleet-dashboard');
}

/** `<cache>/testbed/<kubernetes version>`: binaries, CRDs and the build module live here. */
export function versionCacheDir(options: CacheOptions = {}): string {
  return join(options.cacheDir ?? defaultCacheDir(), 'testbed', KUBERNETES_VERSION);
}
