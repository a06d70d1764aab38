import { CoreV1Api } from '@kubernetes/client-node';
import { secretsResponseSchema } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../app-harness.fixture';

let t: AppHarness;
const WS = 'fleet-default';

beforeAll(async () => {
  t = await startAppHarness({ namespaces: [WS] });
  await t.h.kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace: WS,
    body: { metadata: { name: 'existing' }, type: 'Opaque', data: { token: Buffer.from('top-secret').toString('base64') } },
  });
});
afterAll(() => t.stop());

describe('GitRepo credentials', () => {
  it('lists names and types, never data', async () => {
    const res = await request(t.app).get(`/api/workspaces/${WS}/secrets`).expect(200);
    expect(secretsResponseSchema.parse(res.body).items).toContainEqual({ name: 'existing', type: 'Opaque' });
    expect(res.text).not.toContain(Buffer.from('top-secret').toString('base64'));
    expect(res.body.items.every((s: any) => Object.keys(s).sort().join() === 'name,type')).toBe(true);
  });

  it('creates an ssh-auth secret labelled as Fleet-managed and answers without data', async () => {
    const res = await t
      .write('post', `/api/workspaces/${WS}/secrets`)
      .send({ name: 'git-ssh', type: 'ssh', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n', knownHosts: 'github.com ssh-ed25519 AAAA' })
      .expect(201);
    expect(res.body).toEqual({ name: 'git-ssh', type: 'kubernetes.io/ssh-auth' });
    const stored = await t.h.kubeConfig.makeApiClient(CoreV1Api).readNamespacedSecret({ namespace: WS, name: 'git-ssh' });
    expect(stored.type).toBe('kubernetes.io/ssh-auth');
    expect(stored.metadata?.labels).toEqual({ 'fleet.cattle.io/managed': 'true' });
    expect(Buffer.from(stored.data?.['ssh-privatekey'] ?? '', 'base64').toString()).toContain('OPENSSH PRIVATE KEY');
    expect(Buffer.from(stored.data?.known_hosts ?? '', 'base64').toString()).toBe('github.com ssh-ed25519 AAAA');
  });

  it('creates basic-auth secrets for git and helm', async () => {
    await t.write('post', `/api/workspaces/${WS}/secrets`).send({ name: 'git-basic', type: 'basic', username: 'u', password: 'p' }).expect(201, { name: 'git-basic', type: 'kubernetes.io/basic-auth' });
    await t.write('post', `/api/workspaces/${WS}/secrets`).send({ name: 'helm-repo', type: 'helm', username: 'u', password: 'p' }).expect(201, { name: 'helm-repo', type: 'kubernetes.io/basic-auth' });
    const stored = await t.h.kubeConfig.makeApiClient(CoreV1Api).readNamespacedSecret({ namespace: WS, name: 'helm-repo' });
    expect(Buffer.from(stored.data?.password ?? '', 'base64').toString()).toBe('p');
    const list = await request(t.app).get(`/api/workspaces/${WS}/secrets`).expect(200);
    expect(list.body.items.map((s: any) => s.name)).toEqual(['existing', 'git-basic', 'git-ssh', 'helm-repo']);
    expect(list.text).not.toContain(Buffer.from('p').toString('base64') + '"');
  });

  it('validates the input and maps an existing name to 409', async () => {
    const noKey = await t.write('post', `/api/workspaces/${WS}/secrets`).send({ name: 'x', type: 'ssh' }).expect(400);
    expect(noKey.body.error.message).toContain('privateKey');
    const noPassword = await t.write('post', `/api/workspaces/${WS}/secrets`).send({ name: 'x', type: 'basic', username: 'u' }).expect(400);
    expect(noPassword.body.error.message).toContain('password');
    await t.write('post', `/api/workspaces/${WS}/secrets`).send({ name: 'Bad_Name', type: 'basic', username: 'u', password: 'p' }).expect(400);
    await t.write('post', `/api/workspaces/${WS}/secrets`).send({ name: 'x', type: 'tls' }).expect(400);
    const dup = await t.write('post', `/api/workspaces/${WS}/secrets`).send({ name: 'git-basic', type: 'basic', username: 'u', password: 'p' }).expect(409);
    expect(dup.body.error.code).toBe('Conflict');
  });
});
