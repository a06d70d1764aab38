// fleet-sim command line:
//   tsx packages/fleet-sim/src/cli.ts --kubeconfig <file> [--seed 1] [--speed 1]
//     [--profile demo|scale --clusters N --gitrepos M --paths P --clusters-per-repo K]
//     [--churn R] [--heartbeat S] [--coalesce MS] [--no-seed] [--exit-when-idle] [--quiet]
// Seeds the estate (unless --no-seed), then runs the simulator until SIGINT/SIGTERM; with
// --exit-when-idle it prints how long the estate took to converge and exits (benchmarks).

import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { createFleetSim } from './sim.service';
import { seedEstate } from './seed.service';
import type { ScaleProfile } from './estate.model';

function loadKubeConfig(path: string): KubeConfig {
  const loaded = new KubeConfig();
  loaded.loadFromFile(path);
  // client-node refuses plain http unless TLS verification is skipped (local sandboxes)
  const clusters = loaded.clusters.map((c) => (c.server.startsWith('http://') ? { ...c, skipTLSVerify: true } : c));
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters, users: loaded.users, contexts: loaded.contexts, currentContext: loaded.currentContext });
  return kc;
}

function num(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      profile: { type: 'string', default: 'demo' },
      clusters: { type: 'string' },
      gitrepos: { type: 'string' },
      paths: { type: 'string' },
      'clusters-per-repo': { type: 'string' },
      churn: { type: 'string' },
      heartbeat: { type: 'string' },
      coalesce: { type: 'string' },
      concurrency: { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      'exit-when-idle': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.kubeconfig) {
    console.log(
      'usage: fleet-sim --kubeconfig <file> [--seed N] [--speed X] [--profile demo|scale --clusters N --gitrepos M --paths P --clusters-per-repo K] [--churn R] [--heartbeat S] [--coalesce MS] [--concurrency C] [--no-seed] [--exit-when-idle] [--quiet]',
    );
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const kubeConfig = loadKubeConfig(values.kubeconfig);
  const seed = num(values.seed, 1, 'seed');
  const speed = num(values.speed, 1, 'speed') || 1;
  const concurrency = num(values.concurrency, 32, 'concurrency');
  const profile: 'demo' | ScaleProfile =
    values.profile === 'scale'
      ? {
          clusters: num(values.clusters, 100, 'clusters'),
          gitRepos: num(values.gitrepos, 20, 'gitrepos'),
          pathsPerRepo: num(values.paths, 1, 'paths'),
          ...(values['clusters-per-repo'] ? { clustersPerRepo: num(values['clusters-per-repo'], 50, 'clusters-per-repo') } : {}),
        }
      : 'demo';
  if (values.profile !== 'demo' && values.profile !== 'scale') throw new Error(`--profile must be demo or scale, got ${values.profile}`);
  const log = values.quiet ? () => undefined : (msg: string) => console.log(`[fleet-sim] ${msg}`);

  if (!values['no-seed']) {
    const report = await seedEstate({ kubeConfig, profile, seed, concurrency });
    console.log(`[fleet-sim] seeded ${JSON.stringify(report)}`);
  }
  const sim = createFleetSim({
    kubeConfig,
    seed,
    speed,
    concurrency,
    churnPerSecond: num(values.churn, 0, 'churn'),
    heartbeatSeconds: num(values.heartbeat, 60, 'heartbeat'),
    coalesceMs: num(values.coalesce, values.profile === 'scale' ? 500 : 50, 'coalesce'),
    log,
    ...(values.profile === 'scale' ? { rates: { errApplied: 0.01, drift: 0, slowCluster: 0.05, silentCluster: 0, gitJobFailure: 0, newCommit: 0 } } : {}),
  });
  const started = Date.now();
  await sim.start();
  console.log(`[fleet-sim] informers synced in ${Date.now() - started} ms`);

  if (values['exit-when-idle']) {
    const progress = setInterval(() => console.log(`[fleet-sim] ${JSON.stringify(sim.stats())}`), 5000);
    await sim.idle();
    clearInterval(progress);
    console.log(`[fleet-sim] converged in ${Date.now() - started} ms ${JSON.stringify(sim.stats())}`);
    await sim.stop();
    return;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.stop();
}

main().catch((error: unknown) => {
  console.error(`[fleet-sim] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
