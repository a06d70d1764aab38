// deploy/Dockerfile read as text (no Docker engine runs here): its stages, the user and health
// check of the image, and that everything it copies from the build context exists, is not
// ignored by .dockerignore, and includes every workspace's manifest for `npm ci`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOf, isIgnored, parseDockerfile, parseDockerignore, stagesOf, wordsOf } from './dockerfile.service';
import { REPO_ROOT } from './server-bundle.service';

const dockerfile = parseDockerfile(readFileSync(join(REPO_ROOT, 'deploy', 'Dockerfile'), 'utf8'));
const stages = stagesOf(dockerfile);
const ignore = parseDockerignore(readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8'));
const runtime = stages.at(-1);
const inStage = (stage: typeof runtime, keyword: string) => (stage?.instructions ?? []).filter((i) => i.keyword === keyword);

/** Folders of the npm workspaces named in the root package.json (`dir/*` globs expanded). */
function workspaceDirs(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return pkg.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(REPO_ROOT, parent, e.name, 'package.json')))
      .map((e) => `${parent}/${e.name}`);
  });
}

describe('deploy/Dockerfile', () => {
  it('has a build stage and a separate runtime stage on pinned Node 20 images', () => {
    expect(stages.map((s) => s.name)).toEqual(['go', 'build', 'runtime']);
    for (const stage of stages) expect(stage.image).toMatch(/^[a-z0-9./-]+:[0-9][\w.-]*$/);
    expect(stages.find((s) => s.name === 'build')?.image).toMatch(/^node:20[-.]/);
    expect(runtime?.image).toMatch(/^node:20[-.]/);
    const build = stages.find((s) => s.name === 'build');
    const runs = inStage(build, 'RUN').map((i) => i.args);
    expect(runs.some((r) => r.includes('npm ci'))).toBe(true);
    expect(runs.some((r) => r.includes('npm run build -w @fleet-dashboard/web'))).toBe(true);
    expect(runs.some((r) => r.includes('tools/deploy-check/src/cli.ts bundle --out /out'))).toBe(true);
  });

  it('runs the bundle as a numeric non-root user, with a health check, the port and no build tools', () => {
    const users = inStage(runtime, 'USER');
    expect(users).toHaveLength(1);
    const user = users[0]?.args ?? '';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(user.split(':')[0]).not.toBe('0');
    const health = inStage(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]?.args).toContain('/api/healthz');
    expect(health[0]?.args).toMatch(/--interval=\d+s/);
    expect(inStage(runtime, 'EXPOSE').map((i) => i.args)).toEqual(['8080']);
    expect(wordsOf(inStage(runtime, 'ENTRYPOINT')[0]?.args ?? '')).toEqual(['node', '/app/server/main.mjs']);
    // The runtime stage takes only the bundle folder from the build stage: no context, no RUN.
    const copies = inStage(runtime, 'COPY').map(copyOf);
    expect(copies).toEqual([expect.objectContaining({ from: 'build', sources: ['/out/'], destination: '/app/' })]);
    expect(inStage(runtime, 'RUN')).toEqual([]);
    // In a container the server must bind every interface; the web app and CRDs are where the bundle put them.
    const env = inStage(runtime, 'ENV').map((i) => i.args).join(' ');
    expect(env).toContain('HOST=0.0.0.0');
    expect(env).toContain('FLEET_DASHBOARD_WEB_ROOT=/app/web');
    expect(env).toContain('FLEET_DASHBOARD_CACHE=/app/cache');
  });

  it('bakes in no secret', () => {
    for (const i of dockerfile.filter((x) => x.keyword === 'ENV' || x.keyword === 'ARG')) {
      expect(i.args).not.toMatch(/COOKIE_KEY|TOKEN|PASSWORD|SECRET/i);
    }
    const copied = dockerfile.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').flatMap((i) => copyOf(i).sources);
    for (const source of copied) expect(source).not.toMatch(/kubeconfig|\.kube|\.pem|\.key$/i);
  });

  it('copies only paths that exist in the repository and that .dockerignore keeps', () => {
    const fromContext = dockerfile.filter((i) => i.keyword === 'COPY').map(copyOf).filter((c) => c.from === undefined);
    expect(fromContext.length).toBeGreaterThan(0);
    for (const copy of fromContext) {
      for (const source of copy.sources) {
        expect(existsSync(join(REPO_ROOT, source)), `${source} (line ${copy.line})`).toBe(true);
        expect(isIgnored(source, ignore), `${source} is excluded by .dockerignore`).toBe(false);
      }
    }
    expect(dockerfile.some((i) => i.keyword === 'ADD')).toBe(false);
  });

  it('gives npm ci the manifest of every workspace, and keeps node_modules and build output out of the context', () => {
    const sources = dockerfile
      .filter((i) => i.keyword === 'COPY')
      .map(copyOf)
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources.map((s) => s.replace(/\/$/, '')));
    const copied = (path: string) => sources.some((s) => path === s || path.startsWith(`${s}/`)) && !isIgnored(path, ignore);
    const dirs = workspaceDirs();
    expect(dirs).toEqual(expect.arrayContaining(['apps/server', 'apps/web', 'tools/deploy-check', 'tools/testbed', 'e2e']));
    for (const dir of dirs) expect(copied(`${dir}/package.json`), `${dir}/package.json`).toBe(true);
    expect(copied('package-lock.json')).toBe(true);
    for (const path of ['node_modules', 'apps/web/node_modules/x', 'apps/web/dist/index.html', '.git/HEAD', 'e2e/specs/a.spec.ts']) {
      expect(isIgnored(path, ignore), path).toBe(true);
    }
    for (const path of ['apps/server/src/main.ts', 'tools/testbed/go/apis/fleet/doc.go', 'e2e/package.json']) expect(isIgnored(path, ignore), path).toBe(false);
  });
});

describe('dockerfile reader', () => {
  it('joins continuation lines, drops comments and reads stages and COPY flags', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM a:1 AS one\nRUN echo \\\n  two \\\n  # inside\n  three\nFROM b:2\nCOPY --from=one --chown=1:1 /x /y/ /z\n';
    const parsed = parseDockerfile(text);
    expect(parsed.map((i) => [i.keyword, i.args, i.line])).toEqual([
      ['FROM', 'a:1 AS one', 2],
      ['RUN', 'echo two three', 3],
      ['FROM', 'b:2', 7],
      ['COPY', '--from=one --chown=1:1 /x /y/ /z', 8],
    ]);
    expect(stagesOf(parsed).map((s) => [s.name, s.image])).toEqual([['one', 'a:1'], ['1', 'b:2']]);
    expect(copyOf(parsed[3]!)).toEqual({ from: 'one', flags: { from: 'one', chown: '1:1' }, sources: ['/x', '/y/'], destination: '/z', line: 8 });
  });

  it('matches ignore patterns as Docker does: last match wins, folders exclude their contents', () => {
    const rules = parseDockerignore('**/node_modules\ndocs\n*.md\n!README.md\n');
    expect(isIgnored('a/b/node_modules/c', rules)).toBe(true);
    expect(isIgnored('node_modules', rules)).toBe(true);
    expect(isIgnored('docs/x.png', rules)).toBe(true);
    expect(isIgnored('CHANGES.md', rules)).toBe(true);
    expect(isIgnored('README.md', rules)).toBe(false);
    expect(isIgnored('apps/x.md', rules)).toBe(false);
  });
});
