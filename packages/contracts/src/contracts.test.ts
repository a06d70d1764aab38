import { describe, expect, it } from 'vitest';
import {
  clientMessageSchema,
  ERROR_STATUS,
  errorBodySchema,
  errorCodeForStatus,
  listRowSchema,
  serverMessageSchema,
} from './index';

describe('error body', () => {
  it('maps every code to its status and back', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) expect(errorCodeForStatus(status)).toBe(code);
    expect(errorCodeForStatus(418)).toBe('BadRequest');
    expect(errorCodeForStatus(504)).toBe('Timeout');
    expect(errorCodeForStatus(507)).toBe('Internal');
  });

  it('accepts details with causes and rejects unknown codes', () => {
    const body = { error: { code: 'Invalid', message: 'bad', details: { causes: [{ field: 'spec.repo', message: 'Required' }] } } };
    expect(errorBodySchema.parse(body)).toEqual(body);
    expect(errorBodySchema.safeParse({ error: { code: 'Teapot', message: 'x' } }).success).toBe(false);
  });
});

describe('websocket messages', () => {
  it('parses subscribe with defaults and rejects bad input', () => {
    expect(clientMessageSchema.parse({ type: 'subscribe', id: 'a', resource: 'gitrepos' })).toEqual({
      type: 'subscribe',
      id: 'a',
      resource: 'gitrepos',
      workspace: '',
    });
    expect(clientMessageSchema.safeParse({ type: 'subscribe', id: 'a', resource: 'pods', workspace: 'w' }).success).toBe(false);
    expect(clientMessageSchema.safeParse({ type: 'subscribe', id: '', resource: 'gitrepos' }).success).toBe(false);
    expect(clientMessageSchema.safeParse({ type: 'subscribe', id: 'a', resource: 'gitrepos', name: 'Bad_Name' }).success).toBe(false);
    expect(clientMessageSchema.parse({ type: 'unsubscribe', id: 'a' })).toEqual({ type: 'unsubscribe', id: 'a' });
    expect(clientMessageSchema.parse({ type: 'ping' })).toEqual({ type: 'ping' });
    expect(clientMessageSchema.safeParse({ type: 'nope' }).success).toBe(false);
  });

  it('parses every server message kind', () => {
    const messages = [
      { type: 'snapshot', id: 'a', items: [{ key: 'ns/x' }], revision: '5' },
      { type: 'changes', id: 'a', events: [{ type: 'upsert', key: 'ns/x', row: { key: 'ns/x' } }, { type: 'delete', key: 'ns/y' }], revision: '6' },
      { type: 'status', id: 'a', state: 'resyncing' },
      { type: 'error', error: { code: 'BadRequest', message: 'no' } },
      { type: 'pong' },
    ];
    for (const m of messages) expect(serverMessageSchema.parse(m)).toEqual(m);
  });
});

describe('rows', () => {
  it('discriminates rows by kind', () => {
    const row = {
      kind: 'ClusterGroup',
      key: 'fleet-default/g',
      name: 'g',
      namespace: 'fleet-default',
      uid: 'u',
      resourceVersion: '1',
      createdAt: '2024-01-01T00:00:00Z',
      labels: {},
      state: 'Ready',
      readyClusters: 1,
      clusterCount: 2,
      nonReadyClusters: ['b'],
      readyBundles: 3,
      desiredReadyBundles: 4,
      selector: 'env=prod',
    };
    expect(listRowSchema.parse(row)).toEqual(row);
    expect(listRowSchema.safeParse({ ...row, state: 'Shiny' }).success).toBe(false);
  });
});
