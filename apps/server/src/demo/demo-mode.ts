// Demo mode: an in-memory API server with the real Fleet CRDs, seeded with the simulator's demo
// estate, and the simulator acting as fleet-controller and agents.
import { KubeConfig } from '@kubernetes/client-node';
import { createFleetSim, seedEstate } from '@fleet-dashboard/fleet-sim';
import { startSandbox } from '@fleet-dashboard/kube-sandbox';
import { fleetCrdDocuments } from '@fleet-dashboard/testbed';
import type { Logger } from 'pino';

export interface Demo {
  kubeConfig: KubeConfig;
  /** URL of the in-memory API server. */
  apiUrl: string;
  stop(): Promise<void>;
}

export interface DemoOptions {
  logger: Logger;
  seed: number;
  speed: number;
  /** CRD documents; default: fleetCrdDocuments() from the testbed. */
  crds?: unknown[];
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const log = options.logger;
  const crds = options.crds ?? (await fleetCrdDocuments({ log: (line) => log.info(line) }));
  const sandbox = await startSandbox({ crds, host: '127.0.0.1', port: 0 });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(sandbox.kubeConfigYaml());
  try {
    const report = await seedEstate({ kubeConfig, profile: 'demo', seed: options.seed });
    log.info({ report }, 'demo estate seeded');
    const sim = createFleetSim({ kubeConfig, seed: options.seed, speed: options.speed, log: (msg) => log.debug(msg) });
    await sim.start();
    return {
      kubeConfig,
      apiUrl: sandbox.url,
      async stop() {
        await sim.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}
