import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { diagnosticsResponseSchema } from '@fleet-dashboard/contracts';
import { createWatchCache } from '../../k8s/watch-cache';
import { startAppHarness, type AppHarness } from '../app-harness.fixture';
import { createDiagnosticsService } from './diagnostics.service';

let t: AppHarness;
const WS = 'fleet-default';
const NOW = Date.parse('2026-01-01T12:00:00Z');

beforeAll(async () => {
  t = await startAppHarness({ namespaces: [WS] });
  await t.h.kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace: WS, body: { metadata: { name: 'present' }, type: 'Opaque', data: {} } });
  await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name: 'ok' }, spec: { repo: 'https://e/x', clientSecretName: 'present' } });
  await t.seed('gitrepos', WS, { kind: 'GitRepo', metadata: { name: 'broken' }, spec: { repo: 'https://e/x', clientSecretName: 'gone', helmSecretName: 'present', helmSecretNameForPaths: 'also-gone' } });
  await t.seed('bundles', WS, { kind: 'Bundle', metadata: { name: 'drifted' }, spec: { resources: [] } });
  await t.seed('bundles', WS, { kind: 'Bundle', metadata: { name: 'fine' }, spec: { resources: [] } });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'fresh' }, spec: {} });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'silent' }, spec: {} });
  await t.seed('clusters', WS, { kind: 'Cluster', metadata: { name: 'never' }, spec: {} });
});
afterAll(() => t.stop());

describe('diagnostics', () => {
  it('reports missing secrets, Modified bundles and silent agents', async () => {
    const { PatchStrategy, setHeaderOptions } = await import('@kubernetes/client-node');
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const patchStatus = (plural: string, name: string, status: Record<string, unknown>) =>
      t.h.api.patchNamespacedCustomObjectStatus({ group: 'fleet.cattle.io', version: 'v1alpha1', namespace: WS, plural, name, body: { status } }, merge);
    await patchStatus('bundles', 'drifted', { summary: { modified: 2, desiredReady: 3, ready: 1 }, display: { state: 'Modified' }, conditions: [{ type: 'Ready', status: 'False', message: 'Modified(2) [Cluster fleet-default/a]' }] });
    await patchStatus('bundles', 'fine', { summary: { desiredReady: 1, ready: 1 } });
    await patchStatus('clusters', 'fresh', { agent: { lastSeen: new Date(NOW - 60_000).toISOString() } });
    await patchStatus('clusters', 'silent', { agent: { lastSeen: new Date(NOW - 16 * 60_000).toISOString() } });

    const cache = createWatchCache({ client: t.kube, lingerMs: 100 });
    const service = createDiagnosticsService({ cache, now: () => NOW, secretNames: async () => ['present'] });
    const report = diagnosticsResponseSchema.parse(await service.diagnose(WS));
    await cache.close();
    expect(report.missingSecrets).toEqual([
      { gitRepo: 'broken', field: 'spec.clientSecretName', secret: 'gone' },
      { gitRepo: 'broken', field: 'spec.helmSecretNameForPaths', secret: 'also-gone' },
    ]);
    expect(report.modifiedBundles).toEqual([{ bundle: 'drifted', modified: 2, message: 'Modified(2) [Cluster fleet-default/a]' }]);
    expect(report.staleClusters).toEqual([
      { cluster: 'never', lastSeen: null },
      { cluster: 'silent', lastSeen: new Date(NOW - 16 * 60_000).toISOString() },
    ]);
    expect(report).toMatchObject({ agentStaleMinutes: 15, checkedAt: '2026-01-01T12:00:00.000Z' });
  });

  it('is served at /api/workspaces/:ws/diagnostics with the secrets of the workspace', async () => {
    const res = await request(t.app).get(`/api/workspaces/${WS}/diagnostics`).expect(200);
    const report = diagnosticsResponseSchema.parse(res.body);
    expect(report.missingSecrets.map((m) => m.secret)).toEqual(['gone', 'also-gone']);
  });
});
