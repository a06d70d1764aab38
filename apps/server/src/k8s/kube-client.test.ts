import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, LAST_APPLIED_ANNOTATION, slimIngested, type RawWatchEvent } from './kube-client';
import { RESOURCE_TYPES } from './resource-types';

const fat = (name: string, annotations: Record<string, string>) => ({
  metadata: {
    name,
    namespace: 'fleet-default',
    resourceVersion: '7',
    labels: { a: 'b' },
    annotations,
    managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': {} } }],
  },
  spec: { repo: 'https://example.com/r' },
});

describe('slimIngested', () => {
  it('drops managedFields and the last-applied annotation in place, keeping everything else', () => {
    const o = fat('a', { [LAST_APPLIED_ANNOTATION]: '{"big":true}', keep: 'me' });
    expect(slimIngested(o)).toBe(o);
    expect(o).toEqual({
      metadata: { name: 'a', namespace: 'fleet-default', resourceVersion: '7', labels: { a: 'b' }, annotations: { keep: 'me' } },
      spec: { repo: 'https://example.com/r' },
    });
  });

  it('removes an annotations map that only held last-applied; leaves odd values alone', () => {
    const o = fat('a', { [LAST_APPLIED_ANNOTATION]: '{}' });
    slimIngested(o);
    expect(o.metadata).not.toHaveProperty('annotations');
    expect(slimIngested(null)).toBeNull();
    expect(slimIngested('x')).toBe('x');
    expect(slimIngested({ kind: 'Status' })).toEqual({ kind: 'Status' });
  });

  it('keeps the order of the metadata keys around a managedFields in the middle (as the API server sends it)', () => {
    const o = { metadata: { creationTimestamp: 't', labels: { a: 'b' }, managedFields: [{}], name: 'a', namespace: 'ns', uid: 'u' } };
    slimIngested(o);
    expect(Object.keys(o.metadata)).toEqual(['creationTimestamp', 'labels', 'name', 'namespace', 'uid']);
  });
});

describe('list and watch bodies are slimmed at ingest; get is not', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.searchParams.get('watch') === 'true') {
        res.write(`${JSON.stringify({ type: 'MODIFIED', object: fat('w', { [LAST_APPLIED_ANNOTATION]: '{}', keep: 'w' }) })}\n`);
        res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', metadata: {} } })}\n`);
      } else if (u.pathname.endsWith('/gitrepos')) {
        res.end(JSON.stringify({ metadata: { resourceVersion: '9' }, items: [fat('l', { [LAST_APPLIED_ANNOTATION]: '{}', keep: 'l' })] }));
      } else res.end(JSON.stringify(fat('g', { [LAST_APPLIED_ANNOTATION]: '{}' })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return createKubeClient({ kubeConfig: kc });
  };

  it('list items lose managedFields and last-applied, and get apiVersion/kind', async () => {
    const list = await client().list(RESOURCE_TYPES.gitRepo, 'fleet-default');
    expect(list.resourceVersion).toBe('9');
    expect(list.items).toHaveLength(1);
    const item = list.items[0];
    expect(item?.apiVersion).toBe('fleet.cattle.io/v1alpha1');
    expect(item?.kind).toBe('GitRepo');
    expect(item?.metadata).toEqual({ name: 'l', namespace: 'fleet-default', resourceVersion: '7', labels: { a: 'b' }, annotations: { keep: 'l' } });
  });

  it('watch objects are slimmed; ERROR statuses pass through untouched', async () => {
    const events: RawWatchEvent[] = [];
    await new Promise<unknown>((resolve) => {
      void client().watch({ type: RESOURCE_TYPES.gitRepo, namespace: 'fleet-default', resourceVersion: '1' }, (e) => events.push(e), resolve);
    });
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'ERROR']);
    expect((events[0]?.object as { metadata: unknown }).metadata).toEqual({
      name: 'w',
      namespace: 'fleet-default',
      resourceVersion: '7',
      labels: { a: 'b' },
      annotations: { keep: 'w' },
    });
    expect(events[1]?.object).toEqual({ kind: 'Status', code: 410, reason: 'Expired', metadata: {} });
  });

  it('get returns the whole stored object (writes need the stored last-applied)', async () => {
    const got = await client().get(RESOURCE_TYPES.gitRepo, 'fleet-default', 'g');
    expect(got.metadata).toHaveProperty('managedFields');
    expect(got.metadata?.annotations).toEqual({ [LAST_APPLIED_ANNOTATION]: '{}' });
  });
});
