// The server bundle the container image runs (server-bundle.service.ts), run with plain `node`
// from a folder outside the checkout: no node_modules, demo mode from the bundled CRDs, and the
// option parsing of the real server.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledServer, type RunningBundle } from './bundle-process.fixture';
import { bundleServer, folderBytes, type ServerBundle } from './server-bundle.service';

let dir: string;
let bundle: ServerBundle;
let demo: RunningBundle | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deploy-check-demo-'));
  // The testbed's global setup has generated the Fleet CRDs into the cache already.
  bundle = await bundleServer({ outDir: join(dir, 'app'), web: false, crds: true });
});
afterAll(async () => {
  await demo?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('server bundle', () => {
  it('is one file of a few MB plus the demo assets', async () => {
    expect(bundle.entryBytes).toBeGreaterThan(500_000);
    expect(bundle.entryBytes).toBeLessThan(20_000_000);
    expect(bundle.cacheDir).toBe(join(dir, 'app', 'cache'));
    await stat(join(dir, 'app', 'crds', 'management.cattle.io.yaml'));
    const total = await folderBytes(join(dir, 'app'));
    console.log(`server bundle: main.mjs ${(bundle.entryBytes / 1e6).toFixed(1)} MB, folder without the web app ${(total / 1e6).toFixed(1)} MB`);
  });

  it('runs demo mode with plain node from the bundled CRDs (no Go, no node_modules)', async () => {
    demo = await startBundledServer({ entry: bundle.entry, args: ['--port', '0', '--web-root', 'none'], env: { FLEET_DASHBOARD_CACHE: bundle.cacheDir ?? '' } });
    expect((await fetch(`${demo.url}/api/healthz`)).status).toBe(200);
    const workspaces = (await (await fetch(`${demo.url}/api/workspaces`)).json()) as { items: Array<{ name: string; counts: { gitRepos: number } }> };
    const fleetDefault = workspaces.items.find((w) => w.name === 'fleet-default');
    expect(fleetDefault?.counts.gitRepos).toBeGreaterThan(0);
    expect(demo.output()).toContain('(mode demo)');
    expect(demo.output()).not.toMatch(/building|controller-gen/);
  });

  it('refuses token mode without a cookie key, as the image would', async () => {
    await expect(startBundledServer({ entry: bundle.entry, args: ['--mode', 'token', '--port', '0'], timeoutMs: 20_000 })).rejects.toThrow(/cookie key/);
  });
});
