// The server as the container image runs it: one ESM file made by esbuild from
// apps/server/src/main.ts (no node_modules at run time), beside the built web app and what demo
// mode reads from disk.
//
// Layout of `outDir` (the image copies it to /app):
//   server/main.mjs                       the bundled server
//   web/                                  apps/web/dist (when built)
//   go/apis/fleet/, crds/                 the testbed's Fleet types and Rancher CRDs: demo mode
//                                         finds its cached CRDs by a hash of the types and loads
//                                         the Rancher CRDs; both paths are relative to the bundle
//   cache/testbed/<k8s>/fleet-<v>/        (with `crds`) the generated Fleet CRDs, so demo mode
//                                         starts without Go: run with FLEET_DASHBOARD_CACHE=<outDir>/cache
import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFleetCrds, type CacheOptions } from '@fleet-dashboard/testbed';
import { build } from 'esbuild';

/** Root of the checkout (tools/deploy-check/src/../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface BundleOptions {
  outDir: string;
  /** Default REPO_ROOT. */
  repoRoot?: string;
  /** Copy apps/web/dist into `web/` (it must have been built). Default true. */
  web?: boolean;
  /** Generate (or take from the cache) the Fleet CRDs and copy them into `cache/`. Default false. */
  crds?: boolean | CacheOptions;
  log?: (line: string) => void;
}

export interface ServerBundle {
  outDir: string;
  /** `<outDir>/server/main.mjs` */
  entry: string;
  /** Size of main.mjs in bytes. */
  entryBytes: number;
  /** `<outDir>/web` when the web app was copied. */
  webRoot?: string;
  /** `<outDir>/cache` (the value for FLEET_DASHBOARD_CACHE) when the CRDs were copied. */
  cacheDir?: string;
}

/** Bytes of every file under `dir`. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

export async function bundleServer(options: BundleOptions): Promise<ServerBundle> {
  const root = options.repoRoot ?? REPO_ROOT;
  const outDir = resolve(options.outDir);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'server'), { recursive: true });
  const entry = join(outDir, 'server', 'main.mjs');
  options.log?.(`bundling apps/server/src/main.ts into ${entry}`);
  await build({
    entryPoints: [join(root, 'apps', 'server', 'src', 'main.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Identifiers stay readable in stack traces; whitespace and dead code go.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const testbedDir = join(root, 'tools', 'testbed');
  await cp(join(testbedDir, 'go', 'apis', 'fleet'), join(outDir, 'go', 'apis', 'fleet'), { recursive: true });
  await cp(join(testbedDir, 'crds'), join(outDir, 'crds'), { recursive: true });

  const result: ServerBundle = { outDir, entry, entryBytes: (await stat(entry)).size };
  if (options.web !== false) {
    const dist = join(root, 'apps', 'web', 'dist');
    try {
      await stat(join(dist, 'index.html'));
    } catch {
      throw new Error(`${dist}/index.html is missing: build the web app first (npm run build -w @fleet-dashboard/web)`);
    }
    await cp(dist, join(outDir, 'web'), { recursive: true });
    result.webRoot = join(outDir, 'web');
  }
  if (options.crds) {
    const cacheOptions: CacheOptions = options.crds === true ? {} : options.crds;
    const crds = await ensureFleetCrds({ ...cacheOptions, ...(options.log ? { log: options.log } : {}) });
    // The cache keeps its layout (…/testbed/<k8s>/fleet-<v>/), so the bundle's demo mode finds it.
    const sourceDir = dirname(crds.file);
    const cacheRoot = resolve(sourceDir, '..', '..', '..');
    const target = join(outDir, 'cache', relative(cacheRoot, sourceDir));
    await mkdir(target, { recursive: true });
    for (const file of ['crds.yaml', 'source.json']) await cp(join(sourceDir, file), join(target, file));
    result.cacheDir = join(outDir, 'cache');
  }
  return result;
}
