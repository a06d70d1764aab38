// Test-side fixtures: both backends, described the same way, so that every contract test
// runs unchanged against the real kube-apiserver and the sandbox.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startSandbox, type Sandbox } from '@fleet-dashboard/kube-sandbox';
import { compactEtcd, fleetCrdDocuments } from '@fleet-dashboard/testbed';
import { kubeRequest, type BackendInfo } from './backend.js';

export interface Backend extends BackendInfo {
  /** Makes every resourceVersion older than now unusable for a watch (410 Expired). */
  expireHistory(): Promise<void>;
  /** The sandbox has one admin and no RBAC: tests that need RBAC run on the testbed only. */
  hasRbac: boolean;
}

const testbed: Backend = {
  name: 'testbed',
  server: '',
  tokens: {},
  hasRbac: true,
  async expireHistory() {
    if (!this.etcdEndpoint) throw new Error('testbed has no etcd endpoint');
    await compactEtcd(this.etcdEndpoint);
  },
};

let sandbox: Sandbox | undefined;
const sandboxBackend: Backend = {
  name: 'sandbox',
  server: '',
  tokens: {},
  hasRbac: false,
  async expireHistory() {
    sandbox?.compact();
  },
};

/** Registers the hooks that bring both backends up for the current test file. */
export function useBackends(): Backend[] {
  beforeAll(async () => {
    Object.assign(testbed, inject('testbed'));
    sandbox = await startSandbox({ crds: await fleetCrdDocuments() });
    Object.assign(sandboxBackend, { server: sandbox.url, tokens: { admin: sandbox.token } });
  });
  afterAll(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });
  return [testbed, sandboxBackend];
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export const FLEET = '/apis/fleet.cattle.io/v1alpha1';

export function gitRepoPath(ns: string, name?: string, sub?: string): string {
  return `${FLEET}/namespaces/${ns}/gitrepos${name ? `/${name}` : ''}${sub ? `/${sub}` : ''}`;
}

export function gitRepo(name: string, spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'fleet.cattle.io/v1alpha1',
    kind: 'GitRepo',
    metadata: { name, ...((extra.metadata as object) ?? {}) },
    spec: { repo: 'https://github.com/rancher/fleet-examples', paths: ['simple'], ...spec },
  };
}

/** Creates a namespace for one test file and checks the backend accepted it. */
export async function createNamespace(b: BackendInfo, name: string): Promise<void> {
  const res = await kubeRequest(b, '/api/v1/namespaces', {
    method: 'POST',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
  expect(res.status, res.text).toBe(201);
}

export async function deleteNamespace(b: BackendInfo, name: string): Promise<void> {
  await kubeRequest(b, `/api/v1/namespaces/${name}`, { method: 'DELETE' });
}

/** The parts of a Kubernetes `Status` error body that clients rely on. */
export function expectStatus(body: any, code: number, reason: string): void {
  expect(body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  expect(typeof body.message).toBe('string');
}
