// Test harness: an in-process kube-sandbox with the real Fleet CRDs (and Rancher's
// management.cattle.io pair), a KubeConfig for it, and small helpers to wait for outcomes.

import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { startSandbox, type Sandbox } from '@fleet-dashboard/kube-sandbox';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
export const FLEET_CRDS = resolve(repoRoot, '../shared/fleet/crds.yaml');
export const MANAGEMENT_CRDS = resolve(repoRoot, 'tools/testbed/crds/management.cattle.io.yaml');

export function loadCrds(options: { management: boolean }): unknown[] {
  const files = [FLEET_CRDS, ...(options.management && existsSync(MANAGEMENT_CRDS) ? [MANAGEMENT_CRDS] : [])];
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((d) => d.toJSON() as unknown)
      .filter((d) => d !== null),
  );
}

export interface Harness {
  sandbox: Sandbox;
  kubeConfig: KubeConfig;
  api: CustomObjectsApi;
  stop(): Promise<void>;
}

export async function startHarness(options: { management?: boolean } = {}): Promise<Harness> {
  const sandbox = await startSandbox({ crds: loadCrds({ management: options.management ?? true }), host: '127.0.0.1', port: 0 });
  const loaded = new KubeConfig();
  loaded.loadFromString(sandbox.kubeConfigYaml());
  // client-node refuses plain http unless TLS verification is explicitly skipped
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: loaded.clusters.map((c) => ({ ...c, skipTLSVerify: true })),
    users: loaded.users,
    contexts: loaded.contexts,
    currentContext: loaded.currentContext,
  });
  return { sandbox, kubeConfig, api: kubeConfig.makeApiClient(CustomObjectsApi), stop: () => sandbox.stop() };
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
