// Test harness: a Kubernetes API for the simulator to act against — the in-process kube-sandbox
// or a real kube-apiserver from the testbed — with the same CRDs either way (Fleet's and, unless
// turned off, Rancher's management.cattle.io pair), a KubeConfig, and a helper to wait for outcomes.

import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { startSandbox } from '@fleet-dashboard/kube-sandbox';
import { fleetCrdDocuments, startTestbed } from '@fleet-dashboard/testbed';

export type Backend = 'sandbox' | 'testbed';

export interface Harness {
  backend: Backend;
  kubeConfig: KubeConfig;
  api: CustomObjectsApi;
  stop(): Promise<void>;
}

async function crdsFor(options: { management: boolean }): Promise<unknown[]> {
  const all = await fleetCrdDocuments();
  return options.management ? all : all.filter((crd) => crd.spec.group !== 'management.cattle.io');
}

export async function startHarness(options: { backend?: Backend; management?: boolean } = {}): Promise<Harness> {
  const backend = options.backend ?? 'sandbox';
  const kubeConfig = new KubeConfig();
  let stop: () => Promise<void>;
  if (backend === 'testbed') {
    if (options.management === false) throw new Error('the testbed always serves the management.cattle.io CRDs');
    const testbed = await startTestbed();
    kubeConfig.loadFromFile(testbed.users.admin.kubeconfigPath);
    stop = () => testbed.stop();
  } else {
    const sandbox = await startSandbox({ crds: await crdsFor({ management: options.management ?? true }), host: '127.0.0.1', port: 0 });
    kubeConfig.loadFromString(sandbox.kubeConfigYaml());
    stop = () => sandbox.stop();
  }
  return { backend, kubeConfig, api: kubeConfig.makeApiClient(CustomObjectsApi), stop };
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
