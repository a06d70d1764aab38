// The fault capabilities of a testbed: kube-apiserver and etcd killed and started again on the
// same ports with the same data, and the loopback fault proxy in front of kube-apiserver.
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultProxy, type FaultProxy } from './fault-proxy.service';
import { httpCall } from './kube-http.service';
import { isPidAlive } from './process.service';
import { adminKubeConfig } from './kube-config';
import { startTestbed, type Testbed } from './testbed.service';

const START_TIMEOUT = 40 * 60_000;
const FLEET = { group: 'fleet.cattle.io', version: 'v1alpha1' };
const NS = 'fleet-default';

const gitRepo = (name: string) => ({ apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name }, spec: { repo: 'https://example.invalid/r.git' } });

/** Starts a watch on GitRepos; resolves `ended` when the stream ends for any reason. */
async function watchGitRepos(kc: KubeConfig, resourceVersion: string): Promise<{ ended: Promise<unknown>; events: string[]; abort: () => void }> {
  const events: string[] = [];
  let end!: (error: unknown) => void;
  const ended = new Promise<unknown>((resolve) => (end = resolve));
  const controller = await new Watch(kc).watch(
    `/apis/fleet.cattle.io/v1alpha1/namespaces/${NS}/gitrepos`,
    { resourceVersion, allowWatchBookmarks: false },
    (type, obj: { metadata?: { name?: string } }) => events.push(`${type} ${obj.metadata?.name ?? ''}`),
    (error) => end(error ?? 'closed'),
  );
  return { ended, events, abort: () => controller.abort() };
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms))]);

describe('testbed faults', () => {
  let testbed: Testbed;
  let api: CustomObjectsApi;

  beforeAll(async () => {
    testbed = await startTestbed();
    api = adminKubeConfig(testbed).makeApiClient(CustomObjectsApi);
  }, START_TIMEOUT);

  afterAll(async () => {
    await testbed?.stop();
  }, 60_000);

  it('restartApiserver() kills kube-apiserver mid-watch and starts it on the same port; data survives', async () => {
    await api.createNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos', body: gitRepo('before-api-restart') });
    const list = (await api.listNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos' })) as { metadata: { resourceVersion: string } };
    const watch = await watchGitRepos(adminKubeConfig(testbed), list.metadata.resourceVersion);
    const oldPid = testbed.pids.kubeApiserver;

    const report = await testbed.restartApiserver({ downMs: 300 });
    await within(watch.ended, 5000, 'the open watch to end');
    expect(isPidAlive(oldPid)).toBe(false);
    expect(testbed.pids.kubeApiserver).toBe(report.pid);
    expect(report.pid).not.toBe(oldPid);
    expect(report.startedAt - report.exitedAt).toBeGreaterThanOrEqual(300);
    expect(report.readyAt).toBeGreaterThan(report.startedAt);

    const again = (await api.getNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos', name: 'before-api-restart' })) as { metadata: { name: string } };
    expect(again.metadata.name).toBe('before-api-restart');
    // A watch from the old resourceVersion resumes on the new process.
    const resumed = await watchGitRepos(adminKubeConfig(testbed), list.metadata.resourceVersion);
    await api.createNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos', body: gitRepo('after-api-restart') });
    await within(
      (async () => {
        while (!resumed.events.includes('ADDED after-api-restart')) await new Promise((r) => setTimeout(r, 20));
      })(),
      5000,
      'the resumed watch to see the new object',
    );
    resumed.abort();
  }, 90_000);

  it('restartEtcd() restarts etcd with its data; kube-apiserver serves again', async () => {
    await api.createNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos', body: gitRepo('before-etcd-restart') });
    const oldPid = testbed.pids.etcd;
    const report = await testbed.restartEtcd();
    expect(isPidAlive(oldPid)).toBe(false);
    expect(testbed.pids.etcd).toBe(report.pid);
    const names = ((await api.listNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos' })) as { items: Array<{ metadata: { name: string } }> }).items.map(
      (i) => i.metadata.name,
    );
    expect(names).toEqual(expect.arrayContaining(['before-api-restart', 'after-api-restart', 'before-etcd-restart']));
    await api.createNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos', body: gitRepo('after-etcd-restart') });
  }, 90_000);

  describe('a fault proxy in front of kube-apiserver', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await createFaultProxy({ target: testbed.server });
    });
    afterAll(async () => {
      await proxy?.close();
    });

    it('passes TLS through: the serving certificate verifies against the proxy address', async () => {
      expect(proxy.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const viaProxy = adminKubeConfig(testbed, proxy.url).makeApiClient(CustomObjectsApi);
      const list = (await viaProxy.listNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos' })) as { items: unknown[] };
      expect(list.items.length).toBeGreaterThanOrEqual(4);
    });

    it('delay and stall: a request is slow, then hangs, then completes after resume', async () => {
      const target = { server: proxy.url, caData: testbed.caData, token: testbed.users.admin.token };
      proxy.delay(400);
      const started = Date.now();
      expect((await httpCall(target, '/version')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(800); // TLS handshake + request, each way delayed
      proxy.delay(0);
      proxy.stall();
      await expect(httpCall(target, '/version', { timeoutMs: 500 })).rejects.toThrow(/timed out/);
      const pending = httpCall(target, '/version', { timeoutMs: 5000 });
      await new Promise((r) => setTimeout(r, 300));
      proxy.resume();
      expect((await pending).status).toBe(200);
    });

    it('dropConnections() ends an open watch through the proxy', async () => {
      const list = (await api.listNamespacedCustomObject({ ...FLEET, namespace: NS, plural: 'gitrepos' })) as { metadata: { resourceVersion: string } };
      const watch = await watchGitRepos(adminKubeConfig(testbed, proxy.url), list.metadata.resourceVersion);
      await new Promise((r) => setTimeout(r, 200));
      expect(proxy.dropConnections()).toBeGreaterThanOrEqual(1);
      await within(watch.ended, 5000, 'the watch to end');
      expect(proxy.stats().dropped).toBeGreaterThanOrEqual(1);
    });
  });
});
