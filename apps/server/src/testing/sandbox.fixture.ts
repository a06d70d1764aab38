// Test setup: an in-process kube-sandbox with the CRDs the testbed installs (Fleet's and Rancher's
// management.cattle.io ones), plus a KubeConfig and a small API client.
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { startSandbox, type Sandbox } from '@fleet-dashboard/kube-sandbox';
import { fleetCrdDocuments } from '@fleet-dashboard/testbed';

let crds: Promise<unknown[]> | undefined;
export function loadTestCrds(): Promise<unknown[]> {
  crds ??= fleetCrdDocuments();
  return crds;
}

export interface SandboxHarness {
  sandbox: Sandbox;
  kubeConfig: KubeConfig;
  api: CustomObjectsApi;
  stop(): Promise<void>;
}

export async function startSandboxHarness(): Promise<SandboxHarness> {
  const sandbox = await startSandbox({ crds: await loadTestCrds(), host: '127.0.0.1', port: 0, bookmarkIntervalMs: 500 });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(sandbox.kubeConfigYaml());
  return { sandbox, kubeConfig, api: kubeConfig.makeApiClient(CustomObjectsApi), stop: () => sandbox.stop() };
}

export const FLEET = { group: 'fleet.cattle.io', version: 'v1alpha1' } as const;

export function gitRepoBody(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'fleet.cattle.io/v1alpha1',
    kind: 'GitRepo',
    metadata: { name, labels: { team: 'a' } },
    spec: { repo: 'https://github.com/rancher/fleet-examples', branch: 'main', ...extra },
  };
}

export async function createGitRepo(api: CustomObjectsApi, namespace: string, name: string, extra: Record<string, unknown> = {}): Promise<void> {
  await api.createNamespacedCustomObject({ ...FLEET, namespace, plural: 'gitrepos', body: gitRepoBody(name, extra) });
}

/** Polls until `check` returns a value other than undefined. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
