// Builds the web app once per run, unless apps/web/dist is newer than every source it is
// built from (the app, its config and the workspace packages it imports).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['apps/web/src', 'apps/web/public', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json', 'packages/contracts/src', 'packages/fleet-model/src'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function isWebBuildFresh(repoRoot: string): boolean {
  const built = join(repoRoot, 'apps/web/dist/index.html');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(repoRoot, source)) <= builtAt);
}

/**
 * Builds the web app into apps/web/dist unless it is fresh; with `outDir`, always builds into
 * that folder instead (a private build for one run, see E2E_RUN_DIR).
 */
export async function ensureWebBuild(options: { repoRoot: string; log: (line: string) => void; outDir?: string | undefined }): Promise<'fresh' | 'built'> {
  if (!options.outDir && isWebBuildFresh(options.repoRoot)) return 'fresh';
  const extra = options.outDir ? ['--', '--outDir', options.outDir, '--emptyOutDir'] : [];
  options.log(`building the web app (npm run build -w @fleet-dashboard/web ${extra.join(' ')})`);
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', '@fleet-dashboard/web', ...extra], { cwd: options.repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`web build failed (exit ${code}):\n${output.join('').slice(-4000)}`);
  return 'built';
}

/**
 * Copies apps/web/dist to `target`, so the servers keep serving one build even when someone
 * rebuilds the web app in the checkout while the suite runs (a build empties dist first).
 */
export function snapshotWebBuild(options: { repoRoot: string; source?: string | undefined; target: string }): string {
  rmSync(options.target, { recursive: true, force: true });
  cpSync(options.source ?? join(options.repoRoot, 'apps/web/dist'), options.target, { recursive: true });
  if (!existsSync(join(options.target, 'index.html'))) throw new Error(`web build snapshot in ${options.target} has no index.html`);
  return options.target;
}
