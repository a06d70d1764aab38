// Shared test setup: the Fleet CRDs the testbed installs (same source for every backend) and a
// small fetch client for the sandbox.
import { fleetCrdDocuments } from '@fleet-dashboard/testbed';
import type { Sandbox } from './sandbox.server';

let cached: Promise<unknown[]> | undefined;
export function fleetCrds(): Promise<unknown[]> {
  cached ??= fleetCrdDocuments();
  return cached;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
  text: string;
}

export function client(sb: Sandbox) {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    opts: { contentType?: string; token?: string | null } = {},
  ): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? sb.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await fetch(sb.url + path, { method, headers, body: payload });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = {};
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

export function gitRepo(name: string, spec: Record<string, unknown> = { repo: 'https://github.com/rancher/fleet-examples' }, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name, ...extra }, spec };
}

export const GR = '/apis/fleet.cattle.io/v1alpha1/namespaces/fleet-default/gitrepos';
