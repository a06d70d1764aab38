import { CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox.server';
import { fleetCrds, gitRepo } from './sandbox-test.fixture';

let sb: Sandbox;
let kc: KubeConfig;
const G = { group: 'fleet.cattle.io', version: 'v1alpha1', namespace: 'fleet-local', plural: 'gitrepos' };

beforeAll(async () => {
  sb = await startSandbox({ crds: await fleetCrds() });
  kc = new KubeConfig();
  kc.loadFromString(sb.kubeConfigYaml());
});
afterAll(() => sb.stop());

describe('@kubernetes/client-node against the sandbox', () => {
  it('uses CoreV1Api for namespaces and secrets', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'fleet-local' } } });
    const ns = await core.readNamespace({ name: 'fleet-local' });
    expect(ns.status?.phase).toBe('Active');
    await core.createNamespacedSecret({ namespace: 'fleet-local', body: { metadata: { name: 'creds' }, stringData: { token: 't' } } });
    const s = await core.readNamespacedSecret({ namespace: 'fleet-local', name: 'creds' });
    expect(Buffer.from(s.data?.token ?? '', 'base64').toString()).toBe('t');
    const list = await core.listNamespacedSecret({ namespace: 'fleet-local' });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['creds']);
  });

  it('uses CustomObjectsApi for CRUD and surfaces Status errors', async () => {
    const api = kc.makeApiClient(CustomObjectsApi);
    const created = (await api.createNamespacedCustomObject({ ...G, body: gitRepo('co-1') })) as { metadata: { resourceVersion: string } };
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    const listed = (await api.listNamespacedCustomObject({ ...G })) as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
    // the generated client sends JSON patches by default
    const patched = (await api.patchNamespacedCustomObject({ ...G, name: 'co-1', body: [{ op: 'add', path: '/spec/branch', value: 'main' }] })) as { spec: { branch: string } };
    expect(patched.spec.branch).toBe('main');
    await expect(api.createNamespacedCustomObject({ ...G, body: gitRepo('co-1') })).rejects.toMatchObject({ code: 409 });
    await api.deleteNamespacedCustomObject({ ...G, name: 'co-1' });
    await expect(api.getNamespacedCustomObject({ ...G, name: 'co-1' })).rejects.toMatchObject({ code: 404 });
  });

  it('streams events to Watch', async () => {
    const api = kc.makeApiClient(CustomObjectsApi);
    const seen: string[] = [];
    const watch = new Watch(kc);
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolveDone = r));
    const req = await watch.watch(
      '/apis/fleet.cattle.io/v1alpha1/namespaces/fleet-local/gitrepos',
      { allowWatchBookmarks: true },
      (type, obj: { metadata?: { name?: string } }) => {
        seen.push(`${type}:${obj.metadata?.name ?? ''}`);
        if (seen.length === 2) resolveDone();
      },
      () => resolveDone(),
    );
    await api.createNamespacedCustomObject({ ...G, body: gitRepo('w-1') });
    await api.deleteNamespacedCustomObject({ ...G, name: 'w-1' });
    await Promise.race([done, new Promise((r) => setTimeout(r, 3000))]);
    req.abort();
    expect(seen).toEqual(['ADDED:w-1', 'DELETED:w-1']);
  });
});
