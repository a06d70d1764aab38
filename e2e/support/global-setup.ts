// Global setup: the real environment the suite runs against.
//  1. a testbed (kube-apiserver + etcd with the Fleet CRDs and RBAC users),
//  2. fleet-sim's demo estate seeded into it and the simulator acting as Fleet (admin identity),
//  3. the web app built (skipped when apps/web/dist is newer than its sources, or taken as it is
//     from E2E_WEB_DIST) and copied to run/dist, which the servers serve (`--web-root`), safe from
//     rebuilds during the run,
//  4. one dashboard server per identity (admin, viewer) in kubeconfig mode on free loopback ports,
//  5. a small control endpoint so a spec can stop and start the admin server and restart kube-apiserver.
// The returned function is the teardown: it stops all of it, newest first.
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createFleetSim, seedEstate } from '@fleet-dashboard/fleet-sim';
import { freePort, startTestbed, type Testbed } from '@fleet-dashboard/testbed';
import { PREBUILT_WEB_DIST, REPO_ROOT, RUN_DIR, writeEnvironment } from './environment.service';
import { createServerProcess, type ServerProcess } from './server-process.service';
import { ensureWebBuild, snapshotWebBuild } from './web-build.service';

/** Fixed seed: the same estate, the same outcomes every run. */
export const SIM_SEED = 7;
/** Simulated durations divided by this: a lifecycle takes a second or two. */
export const SIM_SPEED = 8;

const log = (line: string): void => console.log(`[e2e setup] ${line}`);

function startControl(admin: ServerProcess, testbed: Testbed): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const action = req.method === 'POST' ? url.pathname : undefined;
    // POST /testbed/restart-apiserver?downMs=N: kube-apiserver killed and started again; answers the RestartReport.
    const restart = action === '/testbed/restart-apiserver' ? testbed.restartApiserver({ downMs: Number(url.searchParams.get('downMs') ?? 0) || 0 }) : undefined;
    const run =
      restart ?? (action === '/admin-server/stop' ? admin.stop() : action === '/admin-server/start' ? (admin.isRunning() ? Promise.resolve() : admin.start()) : undefined);
    if (!run) {
      res.writeHead(404).end();
      return;
    }
    run.then(
      (report: unknown) => (report === undefined ? res.writeHead(204).end() : res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report))),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const runDir = RUN_DIR;
  mkdirSync(runDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('[e2e teardown]', error);
      }
    }
  };
  try {
    const privateBuild = process.env.E2E_RUN_DIR ? join(runDir, 'build') : undefined;
    const [testbed, build] = await Promise.all([
      startTestbed(),
      PREBUILT_WEB_DIST ? Promise.resolve(`prebuilt (${PREBUILT_WEB_DIST})`) : ensureWebBuild({ repoRoot: REPO_ROOT, log, outDir: privateBuild }),
    ]);
    cleanups.push(() => testbed.stop());
    const webRoot = snapshotWebBuild({ repoRoot: REPO_ROOT, source: PREBUILT_WEB_DIST ?? privateBuild, target: join(runDir, 'dist') });
    log(`testbed at ${testbed.server}; web app ${build}`);

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(testbed.users.admin.kubeconfigPath);
    await seedEstate({ kubeConfig, profile: 'demo', seed: SIM_SEED });
    const sim = createFleetSim({ kubeConfig, seed: SIM_SEED, speed: SIM_SPEED, rates: { drift: 0, newCommit: 0, gitJobFailure: 0 } });
    await sim.start();
    cleanups.push(() => sim.stop());

    const admin = createServerProcess({
      repoRoot: REPO_ROOT,
      kubeconfig: testbed.users.admin.kubeconfigPath,
      port: await freePort(),
      logFile: join(runDir, 'server-admin.log'),
      webRoot,
    });
    const viewer = createServerProcess({
      repoRoot: REPO_ROOT,
      kubeconfig: testbed.users.viewer.kubeconfigPath,
      port: await freePort(),
      logFile: join(runDir, 'server-viewer.log'),
      webRoot,
    });
    cleanups.push(() => admin.stop(), () => viewer.stop());
    await Promise.all([admin.start(), viewer.start()]);

    const control = await startControl(admin, testbed);
    cleanups.push(() => new Promise<void>((resolve) => control.server.close(() => resolve())));

    writeEnvironment({
      adminUrl: admin.url,
      viewerUrl: viewer.url,
      controlUrl: control.url,
      kubeconfigs: { admin: testbed.users.admin.kubeconfigPath, viewer: testbed.users.viewer.kubeconfigPath },
    });
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: admin ${admin.url}, viewer ${viewer.url}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
